"""The message catalogue: every label of every report format, in Japanese and English.

A report is written in one language (``--lang``); where auditors expect the other
language's term (section titles), ``Labels.both`` gives "日本語 (English)" or the reverse.
A test checks that every key has both languages and that templates use only known keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    # document
    "title": ("セグメンテーション適合性報告書", "Segmentation compliance report"),
    "subtitle": (
        "国民健康保険 市町村事務処理標準システム 共同クラウド",
        "Shared cloud for the municipal National Health Insurance standard system",
    ),
    "toc": ("目次", "Contents"),
    # sections
    "sec_summary": ("概要", "Summary"),
    "sec_matrix": ("分離マトリクス", "Isolation matrix"),
    "sec_paths": ("経路ごとの証跡", "Per-path evidence"),
    "sec_findings": ("検出事項", "Findings"),
    "sec_three_layer": ("三層分離", "Three-layer separation"),
    "sec_placement": ("DBライセンス配置", "DB licence placement"),
    "sec_vpn": ("VPN一覧", "VPN inventory"),
    "sec_snapshot": ("検査対象スナップショット", "Snapshot analysed"),
    # summary
    "prefecture": ("都道府県", "Prefecture"),
    "cloud": ("共同クラウド", "Shared cloud"),
    "scope": ("対象範囲", "Scope"),
    "municipalities": ("市町村", "Municipalities"),
    "devices": ("機器", "Devices"),
    "vms": ("仮想マシン", "Virtual machines"),
    "verdict": ("判定", "Verdict"),
    "compliant": ("適合", "Compliant"),
    "not_compliant": ("不適合", "Not compliant"),
    "findings_by_severity": ("重大度別の検出事項", "Findings by severity"),
    "no_findings": ("検出事項はありません", "No findings"),
    "tested_when": ("検査日時", "Tested at"),
    "tested_how": ("検査方法", "Method"),
    "method_static": (
        "静的解析(設定ファイルの到達性解析)",
        "Static analysis (reachability of the configurations)",
    ),
    "method_probe": ("実パケットによるプローブ", "Packet probes"),
    "method_both": ("静的解析とプローブの両方", "Static analysis and packet probes"),
    "tool_version": ("ツールのバージョン", "Tool version"),
    "report_generated": ("報告書作成日時", "Report generated at"),
    "snapshot_path": ("スナップショット", "Snapshot"),
    "snapshot_kind": ("種別", "Kind"),
    "file": ("ファイル", "File"),
    "sha256": ("SHA-256", "SHA-256"),
    "not_provided": ("入力に含まれていません", "Not provided in the input"),
    "probe_agreement": ("静的解析とプローブの一致", "Static and probe agreement"),
    "pairs_agree": ("組が一致", "pairs agree"),
    "pairs_disagree": ("組が不一致", "pairs disagree"),
    "reachable_pairs": ("到達可能な市町村間の組", "Reachable municipality pairs"),
    "pairs_tested": ("検査した市町村間の組", "Municipality pairs tested"),
    # matrix
    "matrix_intro": (
        "行が送信元、列が宛先の市町村です。異なる市町村の間はすべて遮断されていなければなりません。",
        "Rows are source municipalities, columns destinations. Every pair of different municipalities must be blocked.",
    ),
    "legend": ("凡例", "Legend"),
    "cell_blocked": ("遮断(期待どおり)", "Blocked (as expected)"),
    "cell_reachable": ("到達可能(違反)", "Reachable (violation)"),
    "cell_self": ("同一市町村", "Same municipality"),
    "cell_agree": ("プローブと一致", "Probe agrees"),
    "cell_disagree": ("静的解析とプローブが不一致", "Static analysis and probe disagree"),
    "cell_no_probe": ("プローブなし", "Not probed"),
    "source": ("送信元", "Source"),
    "destination": ("宛先", "Destination"),
    "matrix_too_large": (
        "市町村数が多いため、マトリクスの図は省略し、要約と CSV を添付します。",
        "Too many municipalities for a picture: a summary and a CSV are given instead.",
    ),
    "matrix_csv": ("マトリクス CSV(到達可能な組)", "Matrix CSV (reachable pairs)"),
    "violating_pairs": ("違反している組", "Violating pairs"),
    "none": ("なし", "None"),
    # paths
    "src_zone": ("送信元ゾーン", "Source zone"),
    "dst_zone": ("宛先ゾーン", "Destination zone"),
    "protocol_port": ("プロトコル/ポート", "Protocol/port"),
    "expected": ("期待", "Expected"),
    "actual": ("結果", "Actual"),
    "method": ("方法", "Method"),
    "time": ("日時", "Time"),
    "result": ("判定", "Result"),
    "path_kind": ("種別", "Kind"),
    "blocked": ("遮断", "blocked"),
    "allowed": ("許可", "allowed"),
    "pass": ("合格", "pass"),
    "fail": ("不合格", "fail"),
    "static": ("静的解析", "static"),
    "probe": ("プローブ", "probe"),
    "static_probe": ("静的解析+プローブ", "static+probe"),
    "paths_blocked": ("遮断すべき経路", "Paths that must be blocked"),
    "paths_required": ("通信が必要な経路", "Paths that must work"),
    "paths_grouped": (
        "市町村数が多いため、合格した経路は送信元の市町村と種別ごとにまとめています(不合格の経路は1行ずつ)。"
        "全経路は CSV/XLSX にあります。",
        "Many municipalities: passing paths are folded per source municipality and kind (failing paths "
        "stay one row each). Every path is in the CSV/XLSX.",
    ),
    "files": ("ファイル", "files"),
    "other_municipalities": ("他の市町村すべて", "all other municipalities"),
    "paths_count": ("経路数", "Paths"),
    "all_zones": ("全ゾーン", "all zones"),
    "any": ("全て", "any"),
    # findings
    "finding_id": ("ID", "ID"),
    "rule": ("ルール", "Rule"),
    "severity": ("重大度", "Severity"),
    "summary": ("内容", "Summary"),
    "evidence": ("証跡", "Evidence"),
    "fix": ("是正内容", "What to fix"),
    "flow": ("フロー", "Flow"),
    "sev_critical": ("致命的", "critical"),
    "sev_high": ("高", "high"),
    "sev_medium": ("中", "medium"),
    "sev_low": ("低", "low"),
    "sev_info": ("情報", "info"),
    # three-layer
    "three_layer_intro": (
        "マイナンバー利用事務系からインターネット接続系への経路は完全に遮断し、LGWAN接続系への経路は"
        "SoTに記載された例外に限ります。",
        "The My Number layer must have no path to the internet edge, and paths to LGWAN only "
        "where the SoT lists an exception.",
    ),
    "municipality": ("市町村", "Municipality"),
    "code": ("団体コード", "Code"),
    "name": ("名称", "Name"),
    "kana": ("よみ", "Reading"),
    "to_internet": ("インターネット接続系への経路", "Path to the internet edge"),
    "to_lgwan": ("LGWAN接続系への経路", "Paths to LGWAN"),
    "listed_exceptions": ("例外(SoT記載)", "Listed exceptions (SoT)"),
    "unlisted": ("例外に記載なし", "not a listed exception"),
    "held": ("保持", "held"),
    "broken": ("違反", "broken"),
    # placement
    "placement_intro": (
        "DB VM は DB 仮想化基盤のライセンス済みホストでのみ稼働し、必須(must run on)の VM→ホスト"
        "ルールで固定されていなければなりません。",
        "DB VMs must run only on licensed hosts of the DB cluster, pinned by a mandatory (must run on) VM→host rule.",
    ),
    "db_cluster": ("DBクラスタ", "DB cluster"),
    "licensed_hosts": ("ライセンス済みホスト", "Licensed hosts"),
    "vm": ("VM", "VM"),
    "cluster": ("クラスタ", "Cluster"),
    "host": ("ホスト", "Host"),
    "vm_host_rule": ("VM→ホストルール", "VM→host rule"),
    "mandatory": ("必須", "Mandatory"),
    "in_compliance": ("適合", "In compliance"),
    "rules": ("DRSルール", "DRS rules"),
    "vm_group": ("VMグループ", "VM group"),
    "host_group": ("ホストグループ", "Host group"),
    "enabled": ("有効", "Enabled"),
    "app_vms_on_db": ("DBクラスタ上のアプリケーションVM", "Application VMs on the DB cluster"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    # vpn
    "tunnel": ("トンネル", "Tunnel"),
    "hub": ("ハブ", "Hub"),
    "cpe": ("CPE", "CPE"),
    "ike_proposals": ("IKEプロポーザル", "IKE proposals"),
    "esp_proposals": ("ESPプロポーザル", "ESP proposals"),
    "key_hash": ("事前共有鍵ハッシュ(先頭)", "Pre-shared key hash (prefix)"),
    "key_unique": ("鍵の一意性", "Key unique"),
    "consistent": ("両端の整合", "Both ends consistent"),
    "issues": ("問題", "Issues"),
    "leased_line_note": (
        "専用線接続の市町村は VPN を使いません。",
        "Municipalities on leased lines use no VPN.",
    ),
    # misc
    "section_missing": (
        "この項目のデータは検証結果に含まれていません。",
        "The verification result has no data for this section.",
    ),
    "secret_note": (
        "本報告書には鍵やパスワードは含まれません(ハッシュの先頭のみ)。",
        "This report contains no keys or passwords (hash prefixes only).",
    ),
    "page_of": ("ページ", "page"),
}

# what to fix, per verifier rule (used when a finding carries no "fix" text of its own)
FIXES: dict[str, tuple[str, str]] = {
    "isolation.pair": (
        "他市町村への経路を生むルートターゲットのインポート、経路またはACLの許可を削除してください。",
        "Remove the route-target import, route or ACL permit that gives a path to another municipality.",
    ),
    "isolation.route_leak": (
        "他市町村のVRFへ経路を再配布・漏洩させている設定を削除してください。",
        "Remove the redistribution or leak that puts another municipality's routes in this VRF.",
    ),
    "isolation.acl_broad": (
        "ACLの許可を意図カタログにあるフロー(送信元・宛先・ポート)に限定してください。",
        "Narrow the ACL permit to the flows of the intent catalogue (source, destination, port).",
    ),
    "isolation.l2": (
        "VLAN/ポートグループを市町村ごとに分け、他市町村のセグメントと共有しないでください。",
        "Give each municipality its own VLAN/portgroup; never share a segment between municipalities.",
    ),
    "three_layer.internet": (
        "マイナンバー利用事務系のVRFからインターネット方向の経路(デフォルトルート等)を削除してください。",
        "Remove every route (e.g. a default route) from the My Number VRF towards the internet.",
    ),
    "three_layer.lgwan": (
        "LGWANへの経路を削除するか、正当な例外としてSoTのlgwan_exceptionsに記載してください。",
        "Remove the LGWAN path, or list it as a justified exception in the SoT (lgwan_exceptions).",
    ),
    "vpn.crypto_weak": (
        "両端のIKE/ESPプロポーザルをAES-256、SHA-256以上、DHグループ14以上に変更してください。",
        "Use AES-256, SHA-256 or better and DH group 14 or better on both ends (IKE and ESP).",
    ),
    "vpn.psk_reuse": (
        "市町村ごとに異なる事前共有鍵を発行し、両端に設定してください。",
        "Issue a distinct pre-shared key per municipality and set it on both ends.",
    ),
    "vpn.peer_mismatch": (
        "ハブとCPEのピアアドレス、鍵、プロポーザル、トラフィックセレクタを一致させてください。",
        "Make the hub and CPE agree: peer addresses, key, proposals and traffic selectors.",
    ),
    "vpn.vrf_mismatch": (
        "トンネルを当該市町村のVRFに収容してください。",
        "Terminate the tunnel in the municipality's own VRF.",
    ),
    "placement.db_cluster": (
        "DB VMはDBクラスタへ、アプリケーションVMはアプリケーションクラスタへ移動してください。",
        "Move DB VMs to the DB cluster and application VMs to the application cluster.",
    ),
    "placement.db_rule": (
        "ライセンス済みホストのみを含むホストグループへの必須(must run on)VM→ホストルールを有効にしてください。",
        "Enable a mandatory (must run on) VM→host rule onto a host group of licensed hosts only.",
    ),
    "intent.required_flow": (
        "必要な通信を許可するACL・経路を追加してください(意図カタログ参照)。",
        "Add the ACL permit or route the required flow needs (see the intent catalogue).",
    ),
    "parse.unparsed": (
        "解析できない行を確認し、パーサを拡張するか設定を修正してください。",
        "Review the lines kyodo could not parse; extend the parser or correct the configuration.",
    ),
}

SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True, slots=True)
class Labels:
    lang: Lang

    def __getitem__(self, key: str) -> str:
        ja, en = CATALOGUE[key]
        return ja if self.lang == "ja" else en

    def other(self, key: str) -> str:
        ja, en = CATALOGUE[key]
        return en if self.lang == "ja" else ja

    def both(self, key: str) -> str:
        """The chosen language's term with the other one in parentheses (section titles)."""
        return f"{self[key]} ({self.other(key)})"

    def severity(self, sev: str) -> str:
        key = f"sev_{sev}"
        return self[key] if key in CATALOGUE else sev

    def fix(self, rule: str) -> str:
        """The catalogue's remediation for ``rule``, else ""."""
        pair = FIXES.get(rule)
        if pair is None:
            return ""
        return pair[0] if self.lang == "ja" else pair[1]

    def yes_no(self, value: bool | None) -> str:
        if value is None:
            return "—"
        return self["yes"] if value else self["no"]
