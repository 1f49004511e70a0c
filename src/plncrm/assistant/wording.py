"""The command line's messages, put for an assistant: it cannot run `pln
merge` or add `--new`, so a message that names a command is rewritten to
name the tool that does it (`add_contact` with new=true, `snooze i4`), or to
say that the user can do it in pln. The core keeps one wording, the
command line's; this is the translation at the server's edge."""

from __future__ import annotations

import re

# (pattern, replacement), in order: the specific phrases of core and agenda
# messages that reach a tool, then the general forms.
RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (
            r"add --new if this is someone else",
            "call add_contact with new=true if this is someone else",
        ),
        (r"by their organisation \(--org\)", "by their organisation (org)"),
        (r"pln edit \d+ … changes them", "the user can change them in pln"),
        (r"pln edit \d+(?: --email \S+)+ keeps both", "the user can keep both addresses in pln"),
        (r"\(pln due shows them\)", "(the agenda tool shows them)"),
        (
            r"its line in pln due names the command \(pln intros ask/answer/introduce (\d+) …\)",
            r"record its steps with record_intro_step or record_intro_answer (intro_id \1)",
        ),
        (
            r"pln event rsvp, attended, remind or thank \(--no-shows: the recording\)",
            "record_attendance records who came; draft_message drafts reminders, thank-yous "
            "and the recording for no-shows",
        ),
        (
            r"pln event follow-up (\d+) drafts for them and records it",
            r"draft_message booth-follow-up drafts for them (event \1)",
        ),
        (
            r"log what you did with pln log (\d+) -m …, or pln dismiss (\w+) \(--never: for good\)",
            r'log what you did with log_interaction (people ["#\1"]), or dismiss \2 '
            "(never=true: for good)",
        ),
        (r"pln intros cancel \d+ drops the introduction", "the user can cancel it in pln"),
        (r"pln event show (\d+) lists its steps", r"event_brief (event \1) lists its steps"),
        (
            r"record their answer: pln intros answer (\d+) (\w+) yes\|no",
            r"record their answer with record_intro_answer (intro_id \1, side \2)",
        ),
        (
            r"record their answer: pln event rsvp \d+ \d+ yes\|no\|maybe",
            "the user can record their answer in pln",
        ),
        (r" \(pln history lists it\)", ""),
        (r"change it with pln event edit", "the user can change it in pln"),
        (r"\(pln undo\)", "(in pln)"),
        (r"pln (snooze|dismiss) ", r"\1 "),
        (r"\(--why\)", "(why)"),
    )
)
COMMAND = re.compile(r"(?<![\w`])pln [a-z]")
FOR_THE_USER = " (a pln command named here is for the user to run; the assistant cannot)"


def for_assistant(message: str) -> str:
    """`message` with the commands it names put as tools or as the user's to do."""
    for pattern, replacement in RULES:
        message = pattern.sub(replacement, message)
    return message + FOR_THE_USER if COMMAND.search(message) else message
