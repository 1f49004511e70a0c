"""`pln sync contacts`: the store and a vdir address book in step, both ways,
with the folder edited as vdirsyncer would after a phone's changes."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path
from typing import Any

from helpers import Pln


def cards(folder: Path) -> dict[str, str]:
    """Each card's FN → its text."""
    found = {}
    for path in sorted(folder.glob("*.vcf")):
        text = path.read_text()
        name = next(line[3:] for line in text.splitlines() if line.startswith("FN:"))
        assert name not in found, f"two cards of {name}"
        found[name] = text
    return found


def card_path(folder: Path, name: str) -> Path:
    [path] = [p for p in folder.glob("*.vcf") if f"FN:{name}" in p.read_text().splitlines()]
    return path


def network(pln: Pln) -> None:
    pln(
        "add-contact",
        "Ana Lima",
        "--email",
        "ana@example.org",
        "--link",
        "@ana@mastodon.social",
        "--tag",
        "math",
        "--org",
        "Riverside USD",
        "--role",
        "Coach",
    )
    pln("add-contact", "Conor O'Brien", "--org", "St. Patrick's Academy")
    pln("log", "conor", "-m", "met at the maths PD day")


def test_first_sync_writes_a_card_per_contact_then_nothing(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    assert "2 written new to the folder" in pln("sync", "contacts", str(book)).stdout
    got = cards(book)
    assert set(got) == {"Ana Lima", "Conor O'Brien"}
    assert "VERSION:4.0" in got["Ana Lima"]
    assert "X-SOCIALPROFILE;TYPE=mastodon:https://mastodon.social/@ana" in got["Ana Lima"]
    uid = pln.json("show", "ana")["uid"]
    assert (book / f"{uid}.vcf").exists()
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in book.iterdir())
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout
    three = tmp_path / "three"
    pln("sync", "contacts", str(three), "--vcard", "3.0")
    assert all("VERSION:3.0" in text for text in cards(three).values())


def test_a_phone_edit_updates_its_contact_and_unknown_fields_survive(
    pln: Pln, tmp_path: Path
) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    text = path.read_text().replace("TITLE:Coach", "TITLE:Head of Maths")
    text = text.replace(
        "END:VCARD",
        "TEL;TYPE=CELL:+1 555 0100\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n"
        "X-ABLABEL:Booth 412\r\nEND:VCARD",
    )
    path.write_text(text)
    out = pln("sync", "contacts", str(book)).stdout
    assert "read: Ana Lima (phones, role)" in out
    ana = pln.json("show", "ana")
    assert (ana["role"], ana["phones"], ana["tags"]) == ("Head of Maths", ["+1 555 0100"], ["math"])
    assert len(pln.json("list")) == 2
    pln("edit", "ana", "--org", "Riverside Unified")  # and back out to the card
    assert "1 written to the folder" in pln("sync", "contacts", str(book)).stdout
    after = path.read_text()
    assert "ORG:Riverside Unified" in after
    assert "PHOTO;ENCODING=b;TYPE=JPEG:AAAA" in after
    assert "X-ABLABEL:Booth 412" in after
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_a_card_added_on_the_phone_is_added_or_merged_never_doubled(
    pln: Pln, tmp_path: Path
) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    (book / "phone-zoe.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-zoe\r\nFN:Zoë Brooks\r\nN:Brooks;Zoë;;;\r\n"
        "EMAIL:zoe@school.org\r\nX-CUSTOM:kept\r\nEND:VCARD\r\n"
    )
    (book / "phone-ana.vcf").write_text(  # the phone already knew Ana
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-ana\r\nFN:Ana Lima\r\nEMAIL:ana@example.org\r\n"
        "TEL:+44 20 7946 0000\r\nPHOTO;VALUE=uri:https://example.org/ana.jpg\r\nEND:VCARD\r\n"
    )
    out = pln("sync", "contacts", str(book)).stdout
    assert "import: Zoë Brooks" in out
    assert "import: Ana Lima (a second card of theirs: merged into their card)" in out
    assert sorted(c["name"] for c in pln.json("list")) == [
        "Ana Lima",
        "Conor O'Brien",
        "Zoë Brooks",
    ]
    assert pln.json("show", "zoe")["uid"] == "phone-zoe"
    assert pln.json("show", "ana")["phones"] == ["+44 20 7946 0000"]
    got = cards(book)  # one card each
    assert "PHOTO;VALUE=uri:https://example.org/ana.jpg" in got["Ana Lima"]
    assert "X-CUSTOM:kept" in got["Zoë Brooks"]
    assert not (book / "phone-ana.vcf").exists()
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_a_card_deleted_on_the_phone_archives_after_confirming(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    card_path(book, "Conor O'Brien").unlink()
    out = pln("sync", "contacts", str(book)).stdout
    assert "wait: Conor O'Brien (its card was deleted in the folder)" in out
    assert "--yes" in out
    assert len(pln.json("list")) == 2  # not yet
    assert "archive: Conor O'Brien" in pln("sync", "contacts", str(book), "--yes").stdout
    assert [c["name"] for c in pln.json("list", "--archived")] == ["Conor O'Brien"]
    conor = pln.json("show", "conor")
    assert [e["note"] for e in conor["timeline"]] == ["met at the maths PD day"]  # history kept
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout
    pln("unarchive", "conor")
    assert "1 written new to the folder" in pln("sync", "contacts", str(book)).stdout


def test_changed_on_both_sides_is_a_conflict_until_resolved(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    path.write_text(path.read_text().replace("TITLE:Coach", "TITLE:Phone's title"))
    pln("edit", "ana", "--role", "Principal")
    before = path.read_text()
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict: Ana Lima (role: changed in plncrm and in the folder" in out
    assert "--resolve CONTACT [FIELD] theirs|mine" in out
    assert path.read_text() == before
    assert pln.json("show", "ana")["role"] == "Principal"
    assert "conflict" in pln("sync", "contacts", str(book)).stdout  # until settled
    out = pln("sync", "contacts", str(book), "--resolve", "ana", "theirs").stdout
    assert "read: Ana Lima (role)" in out
    assert pln.json("show", "ana")["role"] == "Phone's title"
    pln("edit", "ana", "--role", "Principal")
    path.write_text(path.read_text().replace("TITLE:Phone's title", "TITLE:Again"))
    pln("sync", "contacts", str(book), "--resolve", "ana", "mine")
    assert "TITLE:Principal" in path.read_text()
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_dry_run_and_removed_contacts(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    out = pln("sync", "contacts", str(book), "--dry-run").stdout
    assert "Would sync contacts" in out
    assert "2 written new" in out
    assert not book.exists()
    pln("sync", "contacts", str(book))
    (book / "notes.vcf").write_text("this is not a card")
    pln("rm", "conor", "--yes")
    out = pln("sync", "contacts", str(book)).stdout
    assert "remove: " in out
    assert set(cards_or_broken(book)) == {"Ana Lima", "notes.vcf"}
    assert "skip: notes.vcf (not a card plncrm can read; left as it is)" in out
    assert len(pln.json("list")) == 1


def cards_or_broken(folder: Path) -> list[str]:
    names = []
    for path in folder.glob("*.vcf"):
        lines = [line for line in path.read_text().splitlines() if line.startswith("FN:")]
        names.append(lines[0][3:] if lines else path.name)
    return names


def test_a_card_of_a_merged_contact_goes_and_names_them(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    pln("add-contact", "Ana Lima", "--new", "--email", "ana.l@gmail.com")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    pln("merge", "1", "3", "--yes")
    out = pln("sync", "contacts", str(book)).stdout
    assert "remove: Ana Lima (deleted in plncrm)" in out
    assert "ana.l@gmail.com" in cards(book)["Ana Lima"]  # one card, with both emails


def test_a_card_edited_there_after_its_contact_was_deleted_here(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Conor O'Brien")
    path.write_text(path.read_text().replace("END:VCARD", "TEL:+353 1 555 0100\r\nEND:VCARD"))
    pln("rm", "conor", "--yes")
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict: Conor O'Brien (deleted in plncrm and changed in the folder" in out
    assert path.exists()  # the phone's edit is not thrown away unasked
    uid = path.stem
    result = pln("sync", "contacts", str(book), "--resolve", "conor", "theirs", ok=False)
    assert result.exit_code == 3  # no such contact to name: the card's UID is not a contact
    assert uid


def phone_edit(path: Path, *swaps: tuple[str, str]) -> None:
    """The card edited as a phone would: each (old line, new lines) swapped."""
    text = path.read_text()
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


def test_org_here_and_note_on_the_phone_merge_both_ways(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    phone_edit(path, ("END:VCARD", "NOTE:Prefers calls after 3pm\r\nBDAY:1985-03-14\r\nEND:VCARD"))
    pln("edit", "ana", "--org", "Riverside Unified")
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict" not in out
    assert "read: Ana Lima (birthday, notes)" in out
    ana = pln.json("show", "ana")
    assert (ana["org"], ana["notes"]) == ("Riverside Unified", "Prefers calls after 3pm")
    assert ana["birthday"] == "1985-03-14"
    card = path.read_text()
    assert "ORG:Riverside Unified" in card
    assert "NOTE:Prefers calls after 3pm" in card
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_the_same_field_on_both_sides_is_the_only_conflict(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    phone_edit(
        path, ("TITLE:Coach", "TITLE:Math Coach"), ("END:VCARD", "NOTE:Met at NCTM\r\nEND:VCARD")
    )
    pln("edit", "ana", "--role", "Instructional Coach", "--org", "Riverside Unified")
    dry = pln("sync", "contacts", str(book), "--dry-run").stdout
    assert "conflict: Ana Lima (role: changed in plncrm and in the folder" in dry
    assert pln.json("show", "ana")["notes"] is None  # a dry run changes nothing
    steps = pln.json("sync", "contacts", str(book), "--dry-run")["steps"]
    assert [s["fields"] for s in steps if s["action"] == "conflict"] == [["role"]]
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict: Ana Lima (role:" in out
    assert "read: Ana Lima (notes)" in out  # the other fields went both ways meanwhile
    ana = pln.json("show", "ana")
    assert (ana["role"], ana["org"], ana["notes"]) == (
        "Instructional Coach",
        "Riverside Unified",
        "Met at NCTM",
    )
    card = path.read_text()
    assert "TITLE:Math Coach" in card  # the phone's title waits, untouched
    assert "ORG:Riverside Unified" in card
    assert "conflict: Ana Lima (role:" in pln("sync", "contacts", str(book)).stdout  # until settled
    out = pln("sync", "contacts", str(book), "--resolve", "ana", "role", "theirs").stdout
    assert "read: Ana Lima (role)" in out
    ana = pln.json("show", "ana")
    assert (ana["role"], ana["org"]) == ("Math Coach", "Riverside Unified")  # the org stays
    assert "ORG:Riverside Unified" in path.read_text()
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_the_whole_card_form_settles_every_conflicting_field(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    phone_edit(
        path,
        ("TITLE:Coach", "TITLE:Math Coach"),
        ("ORG:Riverside USD", "ORG:Phone Org"),
        ("END:VCARD", "TEL:+1 555 0100\r\nEND:VCARD"),
    )
    pln("edit", "ana", "--role", "Principal", "--org", "Riverside Unified", "--tag", "lead")
    out = pln("sync", "contacts", str(book), "--dry-run").stdout
    assert "conflict: Ana Lima (org, role: changed" in out
    out = pln("sync", "contacts", str(book), "--resolve", "ana", "mine").stdout
    assert "conflict" not in out
    assert "read: Ana Lima (phones)" in out  # one-sided: taken whatever the resolve says
    card = path.read_text()
    assert "TITLE:Principal" in card
    assert "ORG:Riverside Unified" in card
    assert "TEL:+1 555 0100" in card
    assert "lead" in card
    ana = pln.json("show", "ana")
    assert (ana["role"], ana["phones"]) == ("Principal", ["+1 555 0100"])
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_resolve_takes_a_field_before_or_after_the_folder(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    phone_edit(path, ("TITLE:Coach", "TITLE:Math Coach"), ("ORG:Riverside USD", "ORG:Phone Org"))
    pln("edit", "ana", "--role", "Principal", "--org", "Riverside Unified")
    bad = pln("sync", "contacts", str(book), "--resolve", "ana", "colour", "mine", ok=False)
    assert bad.exit_code != 0
    assert "no field 'colour'" in bad.stderr
    pln("sync", "contacts", "--resolve", "ana", "title", "theirs", str(book))
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict: Ana Lima (org:" in out  # the title is settled, the org is not
    pln("sync", "contacts", str(book), "--resolve", "ana", "org", "mine")
    ana = pln.json("show", "ana")
    assert (ana["role"], ana["org"]) == ("Math Coach", "Riverside Unified")
    card = path.read_text()
    assert "TITLE:Math Coach" in card
    assert "ORG:Riverside Unified" in card
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_undo_then_sync_never_loses_the_phones_change(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    phone_edit(path, ("END:VCARD", "NOTE:Prefers calls after 3pm\r\nEND:VCARD"))
    pln("edit", "ana", "--org", "Riverside Unified")
    pln("sync", "contacts", str(book))
    assert "sync contacts" in pln("undo", "--yes").stdout  # takes the phone's note back here
    assert pln.json("show", "ana")["notes"] is None
    out = pln("sync", "contacts", str(book)).stdout
    assert "read: Ana Lima (notes)" in out  # the phone's note comes in again, never overwritten
    assert "NOTE:Prefers calls after 3pm" in path.read_text()
    ana = pln.json("show", "ana")
    assert (ana["org"], ana["notes"]) == ("Riverside Unified", "Prefers calls after 3pm")
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout
    # Undoing a change made in plncrm is a change in plncrm: it goes to the phone.
    pln("undo", "--yes")  # the sync again
    pln("undo", "--yes")  # the org
    assert pln.json("show", "ana")["org"] == "Riverside USD"
    out = pln("sync", "contacts", str(book)).stdout
    card = path.read_text()
    assert "ORG:Riverside USD" in card
    assert "NOTE:Prefers calls after 3pm" in card
    assert pln.json("show", "ana")["notes"] == "Prefers calls after 3pm"


def test_the_issue_story_resolve_then_undo_then_sync(pln: Pln, tmp_path: Path) -> None:
    """Org changed in pln, note on the phone, --resolve theirs, undo, sync:
    the org was wiped and the phone's note overwritten without a conflict."""
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    phone_edit(path, ("END:VCARD", "NOTE:Prefers calls after 3pm\r\nEND:VCARD"))
    pln("edit", "ana", "--org", "Riverside Unified")
    assert "conflict" not in pln("sync", "contacts", str(book), "--resolve", "ana", "theirs").stdout
    assert pln.json("show", "ana")["org"] == "Riverside Unified"  # not wiped
    pln("undo", "--yes")
    pln("sync", "contacts", str(book))
    assert "NOTE:Prefers calls after 3pm" in path.read_text()
    assert pln.json("show", "ana")["notes"] == "Prefers calls after 3pm"


def test_an_edit_back_in_plncrm_is_a_change_not_an_undo(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    pln("edit", "ana", "--note", "Old note")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    phone_edit(path, ("NOTE:Old note", "NOTE:Phone note"))
    assert "read: Ana Lima (notes)" in pln("sync", "contacts", str(book)).stdout
    pln("edit", "ana", "--note", "Old note")  # on purpose, not an undo
    out = pln("sync", "contacts", str(book)).stdout
    assert "1 written to the folder" in out
    assert "NOTE:Old note" in path.read_text()
    assert pln.json("show", "ana")["notes"] == "Old note"


def test_new_cards_of_one_person_with_a_job_change_make_one_contact(
    pln: Pln, tmp_path: Path
) -> None:
    """Three cards of Eve, new in one sync: the second is her by name at
    Acme, the third (by email) moves her to Globex. Each card is matched as
    it went in: after the third, "Eve Stone at Acme" would find no one, and
    the next sync would add her twice."""
    book = tmp_path / "book"
    book.mkdir()
    eve = ("FN:Eve Stone", "N:Stone;Eve;;;")
    for name, lines in [
        ("a", ("EMAIL:eve@example.org", "ORG:Acme")),
        ("b", ("ORG:Acme", "TEL:+1 555 0100")),
        ("c", ("EMAIL:eve@example.org", "ORG:Globex")),
    ]:
        body = "".join(f"{line}\r\n" for line in (f"UID:phone-{name}", *eve, *lines))
        (book / f"{name}.vcf").write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n")
    out = pln("sync", "contacts", str(book)).stdout
    assert out.count("import: Eve Stone (a second card of theirs: merged into their card)") == 2
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout
    [eve_stone] = pln.json("list")
    shown = pln.json("show", str(eve_stone["id"]))
    assert (shown["org"], shown["phones"]) == ("Globex", ["+1 555 0100"])
    assert sorted(p.name for p in book.glob("*.vcf")) == ["a.vcf"]


def test_a_card_without_a_uid_stays_the_card_of_the_contact_made_from_it(
    pln: Pln, tmp_path: Path
) -> None:
    """Two Ben Odes are known, so the import engine adds a phone's Ben Ode
    (no UID, no email) as a third: the card is his. Found by name, it was
    written over as the first Ben's card, losing its phone number."""
    pln("add-contact", "Ben Ode", "--email", "ben@acme.org")
    pln("add-contact", "Ben Ode", "--email", "ben@beta.org", "--new")
    book = tmp_path / "book"
    book.mkdir()
    (book / "phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Ode\r\nN:Ode;Ben;;;\r\n"
        "TEL:+1 555 0100\r\nX-PHONE:kept\r\nEND:VCARD\r\n"
    )
    pln("sync", "contacts", str(book))
    third = next(c for c in pln.json("list") if not c.get("email"))
    text = (book / "phone.vcf").read_text()
    assert f"UID:{pln.json('show', str(third['id']))['uid']}" in text
    assert "TEL:+1 555 0100" in text
    assert "X-PHONE:kept" in text
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_an_address_two_new_cards_share_names_its_owner_by_number(pln: Pln, tmp_path: Path) -> None:
    """Two people a phone gives one office address: the second keeps it in
    their notes, naming the first by the number the first has once stored."""
    book = tmp_path / "book"
    book.mkdir()
    for name, who in [("a", "Ana Lima"), ("b", "Ben Ode")]:
        (book / f"{name}.vcf").write_text(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-{name}\r\nFN:{who}\r\n"
            "EMAIL:office@school.org\r\nEND:VCARD\r\n"
        )
    pln("sync", "contacts", str(book))
    ana, ben = (pln.json("show", who) for who in ("ana", "ben"))
    assert ana["emails"] == ["office@school.org"]
    assert f"office@school.org (also #{ana['id']}'s)" in ben["notes"]


def _database_work(pln: Pln, db: Path, book: Path) -> int:
    """What one `pln sync contacts` asks of SQLite, in hundreds of its virtual
    machine's steps (its progress handler): the same on any machine, and it
    counts the rows every statement reads, which counting statements does not."""
    from sqlalchemy import Engine, event

    steps = 0
    watched: list[Any] = []

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    def watch(conn: Any, *_: Any) -> None:
        raw = conn.connection.dbapi_connection
        if raw not in watched:
            watched.append(raw)
            raw.set_progress_handler(count, 100)

    event.listen(Engine, "before_cursor_execute", watch)
    try:
        out = pln("--db", str(db), "sync", "contacts", str(book)).stdout
    finally:
        event.remove(Engine, "before_cursor_execute", watch)
        for raw in watched:
            raw.set_progress_handler(None, 0)
    assert out.count("  import: ") == len(list(book.glob("*.vcf")))
    return steps


def test_each_new_card_costs_the_same_however_many_came(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """Cards a phone made go in as one import: a sync of 80 new cards does
    twice the database work of 40 over 40 more cards, as 40 did over 20.
    One import per card loaded the whole store for each card: 1,000 new cards
    took 229 s (2.5 times the work at each doubling here)."""
    from plncrm.store.engine import dispose_all

    pln = Pln()
    work = {}
    for size in (20, 40, 80):
        db = tmp_path / f"{size}.db"
        shutil.copyfile(sqlite_template, db)
        book = tmp_path / f"book-{size}"
        book.mkdir()
        for i in range(size):
            (book / f"phone-{i}.vcf").write_text(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-{i}\r\nFN:Person {i}\r\n"
                f"N:{i};Person;;;\r\nEMAIL:p{i}@example.org\r\nTEL:+1 555 01{i:02d}\r\n"
                "END:VCARD\r\n"
            )
        work[size] = _database_work(pln, db, book)
        dispose_all()
    first, second = work[40] - work[20], work[80] - work[40]
    assert second <= 2.25 * first, work  # linear: 2; one import a card: 2.5
