"""The folder's side of a sync: which files are cards and their bytes (read
without following a link, none over `MAX_CARD_BYTES`; why each other one
cannot be read), a file of several cards split one card a file, and the names
plncrm gives the files it writes: derived (`href_of`), never taken from a
card."""

from __future__ import annotations

import os
from pathlib import Path

from plncrm.addressbook import cards
from plncrm.addressbook.outcome import Outcome, Step
from plncrm.util.bounds import MAX_CARD_BYTES
from plncrm.util.errors import FileError
from plncrm.util.files import file_stem, read_regular, reason

SUFFIX = ".vcf"


def href_of(uid: str) -> str:
    """The file a contact's card is first written to: derived from its uid,
    never a path (`file_stem`)."""
    return f"{file_stem(uid)}{SUFFIX}"


def read(folder: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The card files' bytes, and why each of the others cannot be read."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(SUFFIX))
    except FileNotFoundError:
        return {}, {}
    except OSError as exc:
        raise FileError(f"cannot read {folder}: {reason(exc)}") from None
    files: dict[str, bytes] = {}
    problems: dict[str, str] = {}
    for name in names:
        try:
            files[name] = read_regular(folder / name, MAX_CARD_BYTES)
        except OSError as exc:
            problems[name] = f"cannot read it: {reason(exc)}; left as it is"
    return files, problems


def read_one(folder: Path, href: str) -> bytes | None:
    """One card file's bytes, or None when there is none plncrm can read."""
    try:
        return read_regular(folder / href, MAX_CARD_BYTES)
    except OSError:
        return None


def split(folder: Path, files: dict[str, bytes], problems: dict[str, str], out: Outcome) -> None:
    """Each file of several cards: the others each written to a file of its
    own (first, so that no card is ever only in memory), the first left alone
    in the original. A file with text between its cards is left as it is."""
    for href in sorted(files):
        if cards.count(files[href]) < 2:
            continue
        parts = cards.split(files[href])
        if parts is not None and len(parts) < 2:
            continue  # "BEGIN:VCARD" in a note
        if not parts:
            problems[href] = "several cards with other text between them; left as it is"
            del files[href]
            continue
        stem = href[: -len(SUFFIX)]
        base = (
            stem if len(stem) <= 80 and not stem.startswith(".") else "card-" + cards.digest(stem)
        )
        for number, part in enumerate(parts[1:], start=2):
            name, again = f"{base}-{number}{SUFFIX}", 1
            while (
                name in files
                or name in problems
                or name in out.writes
                or (os.path.lexists(folder / name))
            ):
                again += 1
                name = f"{base}-{number}-{again}{SUFFIX}"
            out.writes[name] = part
            files[name] = part
        files[href] = parts[0]
        out.writes[href] = parts[0]
        out.steps.append(
            Step("split", href, href, f"{len(parts)} cards: each now in a file of its own")
        )
