"""The command line's messages, put for an assistant: it cannot run `pln
merge` or add `--new`, so a message that names a command is rewritten to
name the tool that does it (`add_contact` with new=true, `snooze i4`), or to
say that the user can do it in pln. The core keeps one wording, the
command line's; this is the translation at the server's edge."""

from __future__ import annotations

import re
from typing import Any

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
        # What dismiss says it did (agenda.actions): the way back, as a tool or the user's.
        (r"; pln edit \d+ --cadence … sets one\)", "; the user can set one in pln)"),
        (r"; --never exempts them\)", "; never=true exempts them)"),
        (
            r"\(pln event attended (\d+) REF… brings its steps back\)",
            r"(record_attendance (event \1) brings its steps back)",
        ),
        (r" \(pln history lists it\)", ""),
        (r"change it with pln event edit", "the user can change it in pln"),
        (r"\(pln undo\)", "(in pln)"),
        (r"pln (snooze|dismiss) ", r"\1 "),
        (r"\(--why\)", "(why)"),
        (
            r"record their answer again \(pln intros answer (\d+) (\w+) yes\)",
            r"record their answer again (record_intro_answer: intro_id \1, side \2, answer yes)",
        ),
        # report_summary's arguments, named as the command's flags in report.periods.
        (r"--since must be a day in the past", "since must be a day in the past"),
        (r"--since DAY for everything from a day", "since (a day) for everything from a day"),
    )
)
COMMAND = re.compile(r"(?<![\w`])pln [a-z]")
FOR_THE_USER = " (a pln command named here is for the user to run; the assistant cannot)"


def for_assistant(message: str) -> str:
    """`message` with the commands it names put as tools or as the user's to do."""
    for pattern, replacement in RULES:
        message = pattern.sub(replacement, message)
    return message + FOR_THE_USER if COMMAND.search(message) else message


def said(parts: tuple[str, ...]) -> str:
    """What an act on the agenda did (agenda.actions' parts: the user's text
    second), its commands put as tools; the user's text is left as it is."""
    words = [part if i == 1 else _rewritten(part) for i, part in enumerate(parts)]
    ours = (w for i, w in enumerate(words) if i != 1)
    return "".join(words) + (FOR_THE_USER if any(COMMAND.search(w) for w in ours) else "")


def _rewritten(text: str) -> str:
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


# An agenda line's `action` (agenda.prompts, agenda.rank): the whole command, as the tool.
ACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"pln done (\d+)", r'complete (handles ["\1"])'),
        (
            r"pln intros ask (\d+) ([ab]) --draft",
            r"draft_message intro-ask-\2 (intro_id \1), then record_intro_step asked-\2 "
            "once the user sent it",
        ),
        (
            r"pln intros answer (\d+) ([ab]) yes\|no\|later",
            r"record_intro_answer (intro_id \1, side \2)",
        ),
        (
            r"pln intros introduce (\d+) --draft",
            r"draft_message introduction (intro_id \1), then record_intro_step introduced "
            "once the user sent it",
        ),
        (r"pln intros outcome (\d+) \S+", r"record_intro_step outcome (intro_id \1)"),
        (r"pln event rsvp \d+ REF yes\|no\|maybe", "the user can record their answers in pln"),
        (r"pln event remind (\d+) --bcc", r"draft_message reminder (event \1)"),
        (r"pln event thank (\d+) --draft", r"draft_message thank-you (event \1)"),
        (
            r"pln event thank (\d+) --no-shows --recording URL",
            r"draft_message no-show-recording (event \1, recording)",
        ),
        (
            r"pln event import (\d+) FILE",
            r"record_attendance (event \1); the user can import the attendance file in pln",
        ),
        (r"pln event follow-up (\d+)", r"draft_message booth-follow-up (event \1)"),
    )
)
BY_HAND = re.compile(r"by hand: pln event attended (\d+) REF…$")


def agenda_line(line: dict[str, Any]) -> dict[str, Any]:
    """An agenda line with its `action` as the tool that does it (else said to
    be the user's), and the reason's "by hand" command as record_attendance;
    the rest, the user's text among it, as `pln due --json` prints it."""
    action = line.get("action")
    if isinstance(action, str):
        line["action"] = _action(action)
    reason = line.get("reason")
    if isinstance(reason, str):
        line["reason"] = BY_HAND.sub(r"by hand: record_attendance (event \1)", reason)
    if isinstance(line.get("group"), list):
        line["group"] = [agenda_line(dict(member)) for member in line["group"]]
    return line


def _action(command: str) -> str:
    for pattern, replacement in ACTIONS:
        if pattern.fullmatch(command):
            return pattern.sub(replacement, command)
    return for_assistant(command)
