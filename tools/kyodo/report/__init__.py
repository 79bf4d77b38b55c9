"""The segmentation compliance report for auditors (``kyodo report``), in Japanese or English.

Flow: ``inputs`` (verifier JSON ``kyodo.verify/1`` + optional probe JSON ``kyodo.probe/1``)
→ ``build`` (+ ``names`` from the SoT / national list, ``redact`` on every free text) → the
frozen ``model.Report`` → ``view`` (labelled tables, ``i18n`` catalogue) → one writer per
format: ``html`` (+ ``svg`` matrix, Jinja2 template), ``chromium`` (PDF), ``markdown``,
``jsonout``, ``junit``, ``tabular`` (CSV, XLSX). ``write.write_report`` is the one entry point.
``kyodo report SNAPSHOT`` runs ``kyodo.verify`` itself and ``derive`` fills the sections the
verifier's result does not carry yet.

Keys read from ``kyodo.verify/1`` (unknown keys are ignored; optional ones may be absent):
required ``schema``, ``compliant``, ``municipalities``, ``matrix`` {``order``, ``reachable``};
``findings`` [{``id``, ``rule``, ``severity``, ``municipalities``, ``devices``, ``summary``,
``evidence`` [{``device``, ``line``, ``text``}], ``flow``, optional ``fix``}]; optional
``prefecture``, ``generated_at``, ``tool`` {``name``, ``version``}, ``devices`` [names],
``vms`` (count), ``snapshot`` {``path``, ``kind``, ``files`` [{``name``, ``sha256``}]},
``paths`` [{``src_zone``, ``dst_zone``, ``src``, ``dst``, ``protocol``, ``port``, ``expected``,
``actual`` (blocked|allowed), ``method``, ``time``, ``kind``, ``finding``}], ``three_layer``
[{``municipality``, ``internet_reachable``, ``internet_evidence``, ``lgwan`` [{``destination``,
``ports``, ``reachable``, ``exception``}], ``exceptions``}], ``placement`` {``db_cluster``,
``licensed_hosts``, ``vms`` [{``name``, ``municipality``, ``cluster``, ``host``, ``rule``,
``mandatory``}], ``rules`` [{``name``, ``cluster``, ``vm_group``, ``host_group``,
``mandatory``, ``enabled``}], ``app_vms_on_db_cluster``}, ``vpn`` [{``municipality``,
``tunnel``, ``hub``, ``cpe``, ``ike_proposals``, ``esp_proposals``, ``key_hash`` (a hash
prefix, never the key), ``key_unique``, ``consistent``, ``issues``}]. The exact shapes are the
models in ``inputs.py``.
"""
