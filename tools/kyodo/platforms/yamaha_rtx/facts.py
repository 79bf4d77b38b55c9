"""Driver facts of Yamaha RTX, as data (from the RTX command reference and netmiko's ``yamaha``).

RTX has no configuration mode: ``administrator`` (password) gives the ``#`` prompt and every
command takes effect at once; ``save`` writes the startup configuration. Errors print as
``エラー: …`` or ``Error: …`` depending on ``console character``.

Confirm-or-revert: RTX has no native commit-confirm (``confirm_arm`` is empty). kyodo emulates it:
1. it never ``save``s before confirmation, so the startup configuration stays the pre-change one;
2. before applying it arms a device-side safety net ``schedule at 99 {time} * restart``
   (``{time}`` = device clock + N minutes, computed by kyodo), which reboots the router into the
   saved configuration if kyodo loses the session;
3. a kyodo-side timer sends the diff's rollback commands if verification fails or times out;
4. confirm = ``no schedule at 99`` then ``save``.
"""

from __future__ import annotations

from kyodo.platforms.base import DriverFacts

SAFETY_SCHEDULE_ID = "99"

FACTS = DriverFacts(
    netmiko_device_type="yamaha",
    # "RTX830>" (user), "RTX830#" (administrator; the name is 'console prompt', may be empty),
    # "RTX830 tunnel1#" / "tunnel1#" / "pp1#" inside 'tunnel select 1' / 'pp select 1'
    prompt_pattern=r"[\w.\-]*( ?(tunnel|pp)\d+)?[>#]\s*$",
    error_patterns=(
        r"(?m)^\s*エラー\s*[:：]",
        r"(?m)^\s*Error\s*:",
    ),
    enter_config=("administrator",),
    exit_config=("exit",),
    save_command="save",
    show_running="show config",
    comment_prefix="#",
    confirm_arm=(),
    confirm_commit=(),
    rollback=(),
    negate_prefix="no ",
    notes=(
        "No native commit-confirm. kyodo emulates it: no 'save' until confirmed (startup config stays "
        f"the pre-change one); device-side safety net 'schedule at {SAFETY_SCHEDULE_ID} <device time + N min> "
        "* restart' armed before applying (reboots into the saved config if the session is lost); a "
        "kyodo-side timer sends the diff's rollback commands when verification fails or times out; "
        f"confirm = 'no schedule at {SAFETY_SCHEDULE_ID}' then 'save'. 'exit' from administrator asks "
        "'Save new configuration ? (Y/N)': answer N (netmiko does). Paging: 'console lines infinity'."
    ),
    extra={
        "safety_arm": f"schedule at {SAFETY_SCHEDULE_ID} {{time}} * restart",
        "safety_disarm": f"no schedule at {SAFETY_SCHEDULE_ID}",
        "terminal_length": "console lines infinity",
        "backup_command": "show config",
        "exit_save_prompt": r"\(Y/N\)",
    },
)
