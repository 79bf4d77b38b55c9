"""Driver facts of NEC UNIVERGE IX, as data (from the IX configuration guides and netmiko ``nec_ix``).

IX: ``enable-config``/``svintr-config`` then ``configure`` enters global configuration
(prompt ``NAME(config)#``); commands take effect at once; ``write memory`` saves the startup
configuration. Errors print as ``% Invalid …``, ``% Incomplete command``, ``% Unknown …``.

Confirm-or-revert: IX has no native commit-confirm (``confirm_arm`` is empty). kyodo emulates it:
no ``write memory`` before confirmation (the startup configuration stays the pre-change one);
a kyodo-side timer sends the diff's rollback commands when verification fails or times out;
as a device-side safety net for a lost session kyodo may schedule ``reload in {minutes}``
(reboots into the saved configuration) and cancel it with ``reload cancel`` before saving.
"""

from __future__ import annotations

from kyodo.platforms.base import DriverFacts

FACTS = DriverFacts(
    netmiko_device_type="nec_ix",
    # "Router#", "Router(config)#", "Router(config-GigaEthernet0.0)#"
    prompt_pattern=r"[\w.\-]+(\([\w.:\-]+\))?#\s*$",
    error_patterns=(
        r"% Invalid",
        r"% Incomplete",
        r"% Unknown",
        r"% Ambiguous",
    ),
    enter_config=("enable-config", "configure"),
    exit_config=("exit",),
    save_command="write memory",
    show_running="show running-config",
    comment_prefix="!",
    confirm_arm=(),
    confirm_commit=(),
    rollback=(),
    negate_prefix="no ",
    notes=(
        "No native commit-confirm. kyodo emulates it: no 'write memory' until confirmed (startup config "
        "stays the pre-change one); a kyodo-side timer sends the diff's rollback commands when verification "
        "fails or times out; device-side safety net for a lost session: 'reload in {minutes}' armed before "
        "applying, 'reload cancel' then 'write memory' to confirm. Paging: 'terminal length 0'. Interface "
        "context: 'interface NAME' … 'exit'."
    ),
    extra={
        "safety_arm": "reload in {minutes}",
        "safety_disarm": "reload cancel",
        "terminal_length": "terminal length 0",
        "backup_command": "show running-config",
    },
)
