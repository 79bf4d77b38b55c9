"""Driver facts of Cisco IOS-XE, as data (what netmiko and the change workflow need)."""

from __future__ import annotations

from kyodo.platforms.base import DriverFacts

# the file 'kyodo backup' writes on the device before a change; rollback replaces to it
BACKUP_FILE = "flash:kyodo-backup.cfg"

FACTS = DriverFacts(
    netmiko_device_type="cisco_xe",
    # "hostname#", "hostname(config)#", "hostname(config-if)#", "hostname>"
    prompt_pattern=r"[\w.\-]+(\([\w.\-]+\))?[>#]\s*$",
    error_patterns=(
        r"% Invalid input",
        r"% Incomplete command",
        r"% Ambiguous command",
        r"% Unknown",
    ),
    enter_config=("configure terminal",),
    exit_config=("end",),
    save_command="copy running-config startup-config",
    show_running="show running-config",
    comment_prefix="!",
    # IOS-XE configuration archive: 'configure terminal revert timer N' rolls the whole
    # running config back after N minutes unless 'configure confirm' is entered (needs
    # 'archive' / 'path flash:archive' configured on the device)
    confirm_arm=("configure terminal revert timer {minutes}",),
    confirm_commit=("configure confirm",),
    rollback=(f"configure replace {BACKUP_FILE} force",),
    negate_prefix="no ",
    notes=(
        "save alternative: 'write memory'. confirm-or-revert needs the configuration archive "
        "('archive' / 'path flash:archive-'). Backup before a change: "
        f"'copy running-config {BACKUP_FILE}'."
    ),
    extra={
        "save_alternative": "write memory",
        "backup_command": f"copy running-config {BACKUP_FILE}",
        "backup_file": BACKUP_FILE,
        "terminal_length": "terminal length 0",
    },
)
