"""Commands as a person types them: every hint pln prints can be pasted back
into a shell, whatever the names in it (spaces, apostrophes, `$`)."""

from __future__ import annotations

import shlex


def quote(word: str) -> str:
    """A word as a shell needs it typed; "O'Connell" in double quotes rather
    than shlex's 'O'"'"'Connell'."""
    quoted = shlex.quote(word)
    if quoted != word and "'" in word and not any(c in word for c in '"$`\\!'):
        return f'"{word}"'
    return quoted


def command(*words: object) -> str:
    """`pln event follow-up 'Prairie State 2026' --sent`: each word quoted as
    needed (numbers and placeholders in capitals pass as they are)."""
    return " ".join(quote(str(w)) for w in words)
