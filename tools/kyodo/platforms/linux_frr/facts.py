"""Driver facts of ``linux_frr``: netmiko ``cisco_ios`` against vtysh (FRR's IOS-like CLI).

nftables and strongSwan sections are applied from a shell login on the router (netmiko
``linux``): ``extra`` holds the command templates (``{vrf}``: the section's VRF namespace,
empty for the default one; ``{file}``: the section body written to a file on the device).
FRR has no confirm/rollback timer: kyodo emulates confirm-or-revert with the diff's rollback.
"""

from __future__ import annotations

from kyodo.platforms.base import DriverFacts

FACTS = DriverFacts(
    netmiko_device_type="cisco_ios",
    prompt_pattern=r"[\w.-]+(\([\w.-]+\))?[#>]\s*$",
    error_patterns=(r"% (Unknown|Ambiguous|Command incomplete|Invalid)", r"% Can't open configuration file",
                    r"% Configuration failed"),
    enter_config=("configure terminal",),
    exit_config=("end",),
    save_command="write memory",
    show_running="show running-config",
    comment_prefix="!",
    confirm_arm=(),
    confirm_commit=(),
    rollback=(),
    negate_prefix="no ",
    notes=("VRFs are network namespaces (zebra -n); route leaking between VRFs is impossible on this backend. "
           "IPsec is policy-based (strongSwan kernel-libipsec, TUN ipsec0). Filters are nftables chains per "
           "namespace, table inet kyodo."),
    extra={
        "shell_device_type": "linux",
        "section_marker": "#### kyodo:section",
        "apply_frr": "vtysh -f {file}",
        "apply_nftables": "nft -f {file}",
        "apply_nftables_vrf": "ip netns exec {vrf} nft -f {file}",
        "apply_swanctl": "swanctl --load-all --file {file}",
        "collect_frr": "show running-config",
        "collect_nftables": "nft list ruleset",
        "collect_nftables_vrf": "ip netns exec {vrf} nft list ruleset",
        "policy_vpn_interface": "ipsec0",
        # the device-side agent the shell login runs (kyodo.lab.router_agent in the lab): collect, apply, save
        "agent_command": "kyodo-router",
    },
)
