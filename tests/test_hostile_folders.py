"""Address book and calendar folders that someone else can write: uids that
are paths, planted links, files of many cards, shared UIDs, cards plncrm
cannot parse, huge photos. Nothing outside the folder ever changes, no card
is ever lost, and one bad card never stops the others."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln, tmpfs
from plncrm.util.files import file_stem, safe_uid

PLN = Path(sys.executable).with_name("pln")
STAMP = {"created_at": "2026-11-01T10:00:00+00:00"}
BAD_UIDS = [
    "../outside/victim",
    "/tmp/pln-absolute-victim",
    "a/b",
    "a" * 500,
    "tab\there",
    "..",
    ".pln-contacts",
    "x\\y",
    "é-not-ascii",
]


def card(name: str, *lines: str, uid: str | None = None, version: str = "3.0") -> str:
    body = [f"VERSION:{version}", f"FN:{name}", *([f"UID:{uid}"] if uid else []), *lines]
    return "BEGIN:VCARD\r\n" + "\r\n".join(body) + "\r\nEND:VCARD\r\n"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (links as where they point), by path."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in files + dirs:
            path = Path(root) / name
            if path.is_symlink():
                found[str(path)] = "-> " + os.readlink(path)
            elif path.is_file():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def fns(folder: Path) -> list[str]:
    """The FN of every card in the folder's files (several a file counted each)."""
    found = []
    for path in sorted(folder.glob("*.vcf")):
        if path.is_symlink() or not path.is_file():
            continue
        found += [
            line[3:]
            for line in path.read_text("utf-8", "replace").splitlines()
            if line.startswith("FN:")
        ]
    return sorted(found)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files a hostile folder points at: they must never change."""
    where = tmp_path / "outside"
    where.mkdir()
    (where / "victim.vcf").write_text("the victim's own file\n")
    (where / "state").write_text("not pln's\n")
    (where / "secret.vcf").write_text(card("Outside Person", "EMAIL:out@example.org"))
    return where


# One rule for uids that name files


def test_one_rule_for_every_uid_that_names_a_file() -> None:
    for good in ("0f3a9c", "phone-zoe", "urn:uuid:1234-ab", "ana@example.org", "a" * 64):
        assert safe_uid(good) == good
        assert file_stem(good) == good
    for bad in [*BAD_UIDS, "", "a" * 65, "line\n", "nul\x00", "ctl\x01"]:
        assert safe_uid(bad) is None
        stem = file_stem(bad)
        assert safe_uid(stem) == stem  # a digest: one plain file name, always
        assert stem != file_stem(bad + "x")


def test_csv_uids_that_are_paths_never_name_files(pln: Pln, tmp_path: Path, outside: Path) -> None:
    sheet = tmp_path / "people.csv"
    rows = "".join(f"Person {i},{uid!r}\n".replace("'", '"') for i, uid in enumerate(BAD_UIDS))
    sheet.write_text("name,uid\n" + rows + "Kept Uid,phone-kept\n")
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == len(BAD_UIDS) + 1
    assert len(report["kept_in_notes"]) == len(BAD_UIDS)
    assert "cannot be a uid" in report["kept_in_notes"][0]["reason"]
    # --map reads a uid through the same rule
    mapped = tmp_path / "mapped.csv"
    mapped.write_text("Who,Ref\nMapped Person,../outside/victim\n")
    pln("import", "csv", str(mapped), "--map", "name=Who", "--map", "uid=Ref")
    people = pln.json("list", "--limit", "100")
    uids = {pln.json("show", str(p["id"]))["uid"] for p in people}
    assert "phone-kept" in uids
    assert all(safe_uid(u) == u for u in uids)
    assert "uid: ../outside/victim" in pln.json("show", "Mapped Person")["notes"]
    before = snapshot(outside)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    assert snapshot(outside) == before
    assert not Path("/tmp/pln-absolute-victim.vcf").exists()
    assert len(list(book.glob("*.vcf"))) == len(BAD_UIDS) + 2
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_json_and_vcard_imports_take_the_same_rule(pln: Pln, tmp_path: Path) -> None:
    doc = {
        "format": "plncrm",
        "version": 1,
        "contacts": [
            {"id": 1, "uid": "../outside/victim", "name": "Json Person", **STAMP},
            {"id": 2, "uid": "a" * 500, "name": "Long Uid", **STAMP},
            {"id": 3, "uid": "json-kept", "name": "Kept Json", **STAMP},
        ],
    }
    (tmp_path / "doc.json").write_text(json.dumps(doc))
    pln("import", "json", str(tmp_path / "doc.json"))
    (tmp_path / "cards.vcf").write_text(
        card("Vcard Person", uid="../../victim") + card("Vcard Kept", uid="vcard-kept")
    )
    pln("import", "vcard", str(tmp_path / "cards.vcf"))
    uids = {p["name"]: pln.json("show", str(p["id"]))["uid"] for p in pln.json("list")}
    assert uids["Kept Json"] == "json-kept"
    assert uids["Vcard Kept"] == "vcard-kept"
    assert all(safe_uid(u) == u for u in uids.values())
    assert len(set(uids.values())) == 5


def test_a_phone_card_whose_uid_is_a_path_keeps_its_own_file(
    pln: Pln, tmp_path: Path, outside: Path
) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "phone.vcf").write_text(card("Phone Person", uid="../outside/victim"))
    before = snapshot(outside)
    out = pln("sync", "contacts", str(book)).stdout
    assert "import: Phone Person" in out
    assert snapshot(outside) == before
    assert names(book) == {"phone.vcf"}
    assert "UID:../outside/victim" in (book / "phone.vcf").read_text()  # the phone's own UID
    assert safe_uid(pln.json("show", "phone person")["uid"])
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_a_store_holding_unsafe_uids_syncs_and_round_trips(
    pln: Pln, pln_db: Path, tmp_path: Path, outside: Path
) -> None:
    """A store written before uids were checked: its cards take derived names,
    and its JSON export imports into an empty store."""
    for i in range(3):
        pln("add-contact", f"Old Person {i}", "--email", f"old{i}@example.org")
    with sqlite3.connect(pln_db) as db:
        for i, uid in enumerate(["../outside/victim", "a" * 500, "a/b"], start=1):
            db.execute("UPDATE contact SET uid = ? WHERE id = ?", (uid, i))
    before = snapshot(outside)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    assert snapshot(outside) == before
    assert all(name.startswith("uid-") for name in names(book))
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout
    pln("edit", "old person 1", "--role", "Coach")
    assert "1 written to the folder" in pln("sync", "contacts", str(book)).stdout
    assert snapshot(outside) == before
    dump = tmp_path / "dump.json"
    pln("export", "json", "-o", str(dump))
    fresh = tmp_path / "fresh.db"
    assert Pln()("--db", str(fresh), "import", "json", str(dump)).exit_code == 0
    restored = json.loads(Pln()("--db", str(fresh), "list", "--json").stdout)
    assert sorted(p["name"] for p in restored) == [f"Old Person {i}" for i in range(3)]


# Links planted in the folders


def test_planted_links_in_an_address_book_are_never_followed(
    pln: Pln, tmp_path: Path, outside: Path
) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    pln("add-contact", "Ben Ode")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    ana = pln.json("show", "ana")["uid"]
    ben = pln.json("show", "ben")["uid"]
    (book / ".pln-contacts.json").unlink()
    (book / ".pln-contacts.json").symlink_to(outside / "state")
    (book / f".{ana}.vcf.tmp").symlink_to(outside / "victim.vcf")  # the old fixed temp name
    (book / ".pln-contacts.json.tmp").symlink_to(outside / "victim.vcf")
    (book / "outside.vcf").symlink_to(outside / "secret.vcf")
    (book / f"{ben}.vcf").unlink()
    (book / f"{ben}.vcf").symlink_to(outside / "victim.vcf")
    before = snapshot(outside)
    pln("edit", "ana", "--role", "Coach")
    result = pln("sync", "contacts", str(book))
    assert snapshot(outside) == before
    assert "outside.vcf" in result.stderr
    assert "symbolic link" in result.stderr
    assert f"{ben}.vcf" in result.stderr
    assert ".pln-contacts.json" in result.stderr  # a link is no state: compared afresh
    assert "conflict: Ana Lima" in result.stdout
    pln("sync", "contacts", str(book), "--resolve", "ana", "mine")
    assert "TITLE:Coach" in (book / f"{ana}.vcf").read_text()
    assert not (book / ".pln-contacts.json").is_symlink()  # replaced, not written through
    assert [p["name"] for p in pln.json("list")] == ["Ana Lima", "Ben Ode"]  # nothing imported
    pln("sync", "contacts", str(book))
    assert snapshot(outside) == before


def test_planted_links_in_a_calendar_folder_are_never_followed(
    pln: Pln, tmp_path: Path, outside: Path
) -> None:
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "send the slides", "--due", "2026-12-02")
    pln("follow-up", "ana", "call back", "--due", "2026-12-03")
    cal = tmp_path / "cal"
    pln("calendar", "sync", str(cal))
    (cal / ".pln-calendar.state").unlink()
    (cal / ".pln-calendar.state").symlink_to(outside / "state")
    (cal / ".pln-follow-up-1.ics.tmp").symlink_to(outside / "victim.vcf")
    (cal / "pln-follow-up-2.ics").unlink()
    (cal / "pln-follow-up-2.ics").symlink_to(outside / "victim.vcf")
    (cal / "pln-follow-up-9.ics").symlink_to(outside / "secret.vcf")  # no such entry
    before = snapshot(outside)
    pln("config", "calendar.dir", str(cal))
    pln("follow-up", "ana", "third thing", "--due", "2026-12-04")
    pln("calendar", "sync", str(cal))
    assert snapshot(outside) == before
    assert not (cal / ".pln-calendar.state").is_symlink()
    assert not (cal / "pln-follow-up-2.ics").is_symlink()
    assert "call back" in (cal / "pln-follow-up-2.ics").read_text()
    assert (cal / "pln-follow-up-3.ics").is_file()


def test_a_deleted_calendar_folder_is_written_whole_again(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    for day in range(2, 7):
        pln("follow-up", "ana", f"task {day}", "--due", f"2026-12-0{day}")
    cal = tmp_path / "cal"
    pln("config", "calendar.dir", str(cal))
    assert len(list(cal.glob("pln-*.ics"))) == 5
    shutil.rmtree(cal)
    pln("follow-up", "ana", "one more", "--due", "2026-12-09")
    assert len(list(cal.glob("pln-*.ics"))) == 6  # all of them, not only the one touched
    (cal / ".pln-calendar.state").unlink()  # a lost state: the same
    for path in cal.glob("pln-*.ics"):
        path.unlink()
    pln("edit", "ana", "--role", "Coach")
    assert len(list(cal.glob("pln-*.ics"))) == 6


# No card is ever lost


def test_a_file_of_many_cards_is_split_and_every_card_kept(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    many = [
        card(f"Person {i}", f"EMAIL:p{i}@example.org", f"ADR:;;{i} Main St;;;;", uid=f"p-{i}")
        for i in range(50)
    ]
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n"  # no name at all
    (book / "all.vcf").write_text("".join(many[:25]) + broken + "".join(many[25:]))
    out = pln("sync", "contacts", str(book)).stdout
    assert "split: all.vcf (51 cards: each now in a file of its own)" in out
    assert len(pln.json("list", "--limit", "100")) == 51
    assert fns(book) == sorted(["Ana Lima", *(f"Person {i}" for i in range(50))])
    texts = "".join(p.read_text() for p in book.glob("*.vcf"))
    assert all(f"{i} Main St" in texts for i in range(50))
    assert any(p.read_bytes() == broken.encode() for p in book.glob("*.vcf"))  # kept as it was
    assert len(list(book.glob("*.vcf"))) == 52
    again = pln("sync", "contacts", str(book))
    assert "written" not in again.stdout
    assert "new from" not in again.stdout
    assert len(pln.json("list", "--limit", "100")) == 51


def test_a_file_of_cards_with_text_between_is_left_as_it_is(pln: Pln, tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    text = card("One") + "a line that is no card\r\n" + card("Two")
    (book / "mixed.vcf").write_bytes(text.encode())
    result = pln("sync", "contacts", str(book))
    assert "mixed.vcf" in result.stderr
    assert "left as it is" in result.stderr
    assert (book / "mixed.vcf").read_bytes() == text.encode()


def test_two_cards_sharing_a_uid_are_two_people(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    ana = pln.json("show", "ana")["uid"]
    (book / "one.vcf").write_text(card("Sam Park", "ADR:;;1 First St;;;;", uid="same"))
    (book / "two.vcf").write_text(card("Kim Lee", "ADR:;;2 Second Rd;;;;", uid="same"))
    (book / "three.vcf").write_text(card("Noor Haddad", "ADR:;;3 Third Av;;;;", uid=ana))
    pln("sync", "contacts", str(book))
    people = sorted(p["name"] for p in pln.json("list"))
    assert people == ["Ana Lima", "Kim Lee", "Noor Haddad", "Sam Park"]
    assert names(book) >= {"one.vcf", "two.vcf", "three.vcf"}
    assert "1 First St" in (book / "one.vcf").read_text()
    assert "2 Second Rd" in (book / "two.vcf").read_text()
    assert "FN:Noor Haddad" in (book / "three.vcf").read_text()
    assert "FN:Ana Lima" in (book / f"{ana}.vcf").read_text()
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_sync_undo_sync_never_deletes_a_card_made_on_the_phone(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    phone = card("Zoe Brooks", "EMAIL:zoe@example.org", "X-PHONE-ONLY:kept", uid="phone-zoe")
    (book / "phone-zoe.vcf").write_text(phone)
    assert "import: Zoe Brooks" in pln("sync", "contacts", str(book)).stdout
    pln("undo", "--yes")
    assert [p["name"] for p in pln.json("list")] == ["Ana Lima"]
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict: Zoe Brooks (made in the folder" in out
    assert "--resolve phone-zoe theirs|mine" in out
    assert "X-PHONE-ONLY:kept" in (book / "phone-zoe.vcf").read_text()
    pln("sync", "contacts", str(book))  # again: still there
    assert "X-PHONE-ONLY:kept" in (book / "phone-zoe.vcf").read_text()
    pln("sync", "contacts", str(book), "--resolve", "phone-zoe", "theirs")
    assert sorted(p["name"] for p in pln.json("list")) == ["Ana Lima", "Zoe Brooks"]
    assert "X-PHONE-ONLY:kept" in (book / "phone-zoe.vcf").read_text()


PHOTO = "PHOTO;ENCODING=b;TYPE=JPEG:" + "!!not base64!!" * 3
QP = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Quoted;Printable\r\nFN:Printable Quoted\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0A=\r\nsecond line\r\nEND:VCARD\r\n"
)
READABLE = {
    "bad-photo": (card("Photo Person", PHOTO).encode(), "Photo Person"),
    "quoted-printable": (QP.encode(), "Printable Quoted"),
    "utf-16": (card("Ünïcode Person", "EMAIL:u16@example.org").encode("utf-16"), "Ünïcode Person"),
    "cp1252": (card("Café Person").encode("cp1252"), "Café Person"),
}
UNREADABLE = {
    "garbage": b"\x00\x01 nothing like a card",
    "unparsable": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nN;=:;;\r\n:::\r\nEND:VCARD\r\n",
    "no-end": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a card\r\n",
}


@pytest.mark.parametrize("kind", sorted(READABLE))
def test_an_odd_card_syncs_and_keeps_what_it_holds(pln: Pln, tmp_path: Path, kind: str) -> None:
    data, name = READABLE[kind]
    book = tmp_path / "book"
    book.mkdir()
    (book / "odd.vcf").write_bytes(data)
    (book / "fine.vcf").write_text(card("Fine Person", uid="fine"))
    pln("sync", "contacts", str(book))
    assert sorted(p["name"] for p in pln.json("list")) == sorted(["Fine Person", name])
    after = (book / "odd.vcf").read_text()
    assert f"FN:{name}" in after
    if kind == "bad-photo":
        assert PHOTO in after  # passed through as it was, never decoded
    if kind == "quoted-printable":
        assert "second line" in after
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


@pytest.mark.parametrize("kind", [*sorted(UNREADABLE), "fifo", "folder", "too-big"])
def test_a_card_plncrm_cannot_read_is_left_and_the_others_sync(
    pln: Pln, tmp_path: Path, kind: str
) -> None:
    pln("add-contact", "Ana Lima")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    odd = book / "odd.vcf"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "folder":
        odd.mkdir()
    elif kind == "too-big":
        with open(odd, "wb") as handle:  # sparse: 40 MB that take no room
            handle.write(card("Huge", "PHOTO;ENCODING=b:AAAA").encode())
            handle.truncate(40_000_000)
    else:
        odd.write_bytes(UNREADABLE[kind])
    before = snapshot(book)[str(odd)] if odd.is_file() else None
    (book / "fine.vcf").write_text(card("Fine Person", uid="fine"))
    pln("edit", "ana", "--role", "Coach")
    result = pln("sync", "contacts", str(book))
    assert "odd.vcf" in result.stderr
    assert "warning" in result.stderr
    assert sorted(p["name"] for p in pln.json("list")) == ["Ana Lima", "Fine Person"]
    assert "TITLE:Coach" in "".join(
        p.read_text() for p in book.glob("*.vcf") if p.is_file() and p.name != "odd.vcf"
    )
    if before is not None:
        assert snapshot(book)[str(odd)] == before
    assert os.path.lexists(odd)


def test_a_corrupt_state_loses_nothing(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    (book / "phone.vcf").write_text(card("Zoe Brooks", "X-PHONE:kept", uid="phone-zoe"))
    pln("sync", "contacts", str(book))
    for garbage in (b"{not json", b'{"format": 1, "cards": {"x.vcf": 5}}', b"\xff" * 100):
        (book / ".pln-contacts.json").write_bytes(garbage)
        result = pln("sync", "contacts", str(book))
        assert ".pln-contacts.json" in result.stderr
        assert sorted(p["name"] for p in pln.json("list")) == ["Ana Lima", "Zoe Brooks"]
        assert fns(book) == ["Ana Lima", "Zoe Brooks"]
        assert "X-PHONE:kept" in (book / "phone.vcf").read_text()
        assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


@pytest.fixture
def small_folder(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "small", "size=4m") as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here (it needs root)")
        yield tmp_path / "small"


def test_a_read_only_folder_is_a_clear_error_that_changes_nothing(
    pln: Pln, small_folder: Path
) -> None:
    pln("add-contact", "Ana Lima")
    pln("sync", "contacts", str(small_folder))
    (small_folder / "phone.vcf").write_text(card("Zoe Brooks", uid="phone-zoe"))
    subprocess.run(["mount", "-o", "remount,ro", str(small_folder)], check=True)
    before = snapshot(small_folder)
    result = pln("sync", "contacts", str(small_folder), ok=False)
    assert result.exit_code == 9
    assert "read-only file system" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p["name"] for p in pln.json("list")] == ["Ana Lima"]  # rolled back
    assert snapshot(small_folder) == before
    subprocess.run(["mount", "-o", "remount,rw", str(small_folder)], check=True)
    pln("sync", "contacts", str(small_folder))
    assert sorted(p["name"] for p in pln.json("list")) == ["Ana Lima", "Zoe Brooks"]


@pytest.mark.slow
def test_a_ten_megabyte_photo_is_passed_through_in_bounded_memory(
    store_url: str, tmp_path: Path
) -> None:
    """Measured in a process of its own: the photo is never decoded."""
    book = tmp_path / "book"
    book.mkdir()
    photo = base64.b64encode(os.urandom(10_000_000)).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    (book / "photo.vcf").write_text(card("Photo Person", f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}"))
    from servers import run_measured  # each sync's own peak, not this worker's

    env = {**os.environ, "PLN_USER": "tester"}
    peaks = []
    for _ in range(2):
        run = run_measured([str(PLN), "sync", "contacts", str(book)], env)
        assert run.returncode == 0, run.stderr
        peaks.append(run.peak_mb)
        Pln()("edit", "photo person", "--role", "Photographer")
    run = run_measured([str(PLN), "sync", "contacts", str(book)], env)
    assert run.returncode == 0, run.stderr
    peak_mb = max(*peaks, run.peak_mb)
    assert peak_mb < 250, peak_mb
    text = (book / "photo.vcf").read_bytes().decode()
    assert "TITLE:Photographer" in text
    assert text.replace("\r\n ", "").count(photo) == 1


def test_draft_to_under_a_file_is_a_clear_error(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    pln("intro", "ana", "ben", "--why", "both teach robotics")
    plain = tmp_path / "plain.txt"
    plain.write_text("mine")
    for args in (("intros", "ask", "1", "a"), ("intros", "ask", "1", "b")):
        result = pln(*args, "--draft-to", str(plain / "sub"), ok=False)
        assert result.exit_code == 9, (result.stdout, result.stderr, result.exception)
        assert "not a folder" in result.stderr
        assert "Traceback" not in result.stderr
    assert plain.read_text() == "mine"


# Property: hostile folders, synced twice


def _decoded(path: Path) -> str:
    from plncrm.importers.text_files import decode

    return decode(path.read_bytes())


NAMES = ["Ana Lima", "Ben Ode", "Chloé Martin", "Dan Wu", "Eve Stone"]
UIDS = [None, "shared", "shared", "own-1", "../outside/victim", "a" * 200, ".hidden"]


def _hostile_card(token: int, name: str, uid: str | None, email: str | None, photo: int) -> str:
    lines = [f"X-TOKEN:tok{token}"]
    if email:
        lines.append(f"EMAIL:{email}")
    if photo == 1:
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:!!broken base64!!")
    elif photo == 2:
        blob = base64.b64encode(os.urandom(100_000)).decode()
        lines.append(
            "PHOTO;ENCODING=b;TYPE=JPEG:"
            + "\r\n ".join(blob[i : i + 74] for i in range(0, len(blob), 74))
        )
    return card(name, *lines, uid=uid)


@pytest.mark.slow
def test_hostile_folders_never_escape_lose_or_double(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    one_card = st.tuples(
        st.sampled_from(NAMES),
        st.sampled_from(UIDS),
        st.sampled_from([None, "same@example.org", "other@example.org"]),
        st.sampled_from([0, 0, 1, 2]),
    )
    one_file = st.tuples(
        st.lists(one_card, min_size=1, max_size=3),
        st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252", "garbage"]),
    )
    folder = st.tuples(
        st.lists(one_file, min_size=1, max_size=4),
        st.sets(st.sampled_from(["state", "card", "tmp"])),
    )

    @settings(
        max_examples=5,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(folder)
    def check(
        spec: tuple[list[tuple[list[tuple[str, str | None, str | None, int]], str]], set[str]],
    ) -> None:
        files, links = spec
        where = tmp_path_factory.mktemp("hostile")
        db = where / "pln.db"
        shutil.copyfile(sqlite_template, db)
        out = where / "outside"
        out.mkdir()
        (out / "victim.vcf").write_text("victim\n")
        (out / "secret.vcf").write_text(card("Outside Person", "X-TOKEN:outside"))
        book = where / "book"
        book.mkdir()
        tokens: set[str] = set()
        untouched: dict[str, bytes] = {}
        number = 0
        for i, (cards_in_file, encoding) in enumerate(files):
            path = book / f"f{i}.vcf"
            if encoding == "garbage":
                path.write_bytes(b"\x00garbage, no card " + bytes([i]))
                untouched[path.name] = path.read_bytes()
                continue
            text = ""
            for name, uid, email, photo in cards_in_file:
                number += 1
                tokens.add(f"tok{number}")
                text += _hostile_card(number, name, uid, email, photo)
            path.write_bytes(text.encode(encoding, "replace"))
        if "state" in links:
            (book / ".pln-contacts.json").symlink_to(out / "victim.vcf")
        if "card" in links:
            (book / "link.vcf").symlink_to(out / "secret.vcf")
        if "tmp" in links:
            (book / ".f0.vcf.tmp").symlink_to(out / "victim.vcf")
        before = snapshot(out)
        pln = Pln()
        seen: list[set[int]] = []
        for _ in range(2):
            pln("--db", str(db), "sync", "contacts", str(book))
            assert snapshot(out) == before  # nothing outside changed
            held = "".join(_decoded(p) for p in book.glob("*.vcf") if not p.is_symlink())
            assert all(f"X-TOKEN:{t}" in held for t in tokens)  # no card's data vanished
            assert "X-TOKEN:outside" not in held  # nothing read in through a link
            for name, data in untouched.items():
                assert (book / name).read_bytes() == data
            people = json.loads(pln("--db", str(db), "list", "--json", "--limit", "1000").stdout)
            seen.append({p["id"] for p in people})
            assert len(people) <= number
            assert "Outside Person" not in {p["name"] for p in people}
        assert seen[0] == seen[1]  # no contact vanished or doubled on the second pass
        if number:
            assert seen[0]
        from plncrm.store.engine import dispose_all

        dispose_all()

    check()


@pytest.mark.parametrize(
    "planted",
    [
        lambda victim: {str(victim): (0, 0, 0)},  # an absolute path
        lambda victim: {"../outside/victim.txt": (0, 0, 0)},
        lambda victim: {"pln-a.ics": 5},  # not the shape a sync writes
        lambda victim: {"pln-\0.ics": (0, 0, 0)},
        lambda victim: ["not", "a", "dict"],
    ],
)
def test_a_planted_calendar_state_never_removes_a_file_outside(
    pln: Pln, tmp_path: Path, planted: Any
) -> None:
    """Anyone who can write the calendar folder can write its state file: it
    may save work, never name what to delete."""
    import marshal

    folder, outside = tmp_path / "cal", tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("PRECIOUS")
    pln("follow-up", "--no-contact", "book the room", "--due", "2026-12-01")
    pln("calendar", "sync", str(folder))
    state = folder / ".pln-calendar.state"
    when = folder.stat().st_mtime_ns
    with state.open("r+b") as f:  # in place: the folder's time does not move
        f.truncate(0)
        f.write(marshal.dumps((2, when, planted(victim), None)))
    assert folder.stat().st_mtime_ns == when
    pln("calendar", "sync", str(folder))
    assert victim.read_text() == "PRECIOUS"
    assert [p.name for p in folder.glob("pln-*.ics")] == ["pln-follow-up-1.ics"]


def test_a_card_made_on_the_phone_and_merged_survives_undo_and_sync(
    pln: Pln, tmp_path: Path
) -> None:
    """Two cards of one person made on the phone: the second is merged into
    the first; undo, then sync, must keep the first card (and the second's
    note in it), never remove it as deleted in plncrm."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "twin1.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:twin\r\nFN:Twin Name\r\nN:Name;Twin;;;\r\nEND:VCARD\r\n"
    )
    (book / "twin2.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Twin Name\r\nN:Name;Twin;;;\r\n"
        "NOTE:second twin card note\r\nX-OTHER:keepme\r\nEND:VCARD\r\n"
    )
    pln("sync", "contacts", str(book), "--yes")
    pln("undo", "--yes")
    pln("sync", "contacts", str(book), "--yes", ok=False)
    texts = "".join(p.read_text() for p in book.glob("*.vcf"))
    assert "Twin Name" in texts
    assert "keepme" in texts


@pytest.mark.parametrize("where", ["afile/sub", "dd/link"])
def test_drafts_into_a_place_that_is_no_folder_fail_in_one_line(
    pln: Pln, tmp_path: Path, where: str
) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "dd").mkdir()
    (tmp_path / "dd" / "link").symlink_to(tmp_path / "nowhere")
    pln("event", "add", "Fall CUE", "--on", "2026-11-26")
    pln("add-contact", "Ana Lima", "-e", "ana@x.org", "--met-at", "fall cue")
    result = pln("event", "follow-up", "fall cue", "--draft-to", str(tmp_path / where), ok=False)
    assert result.exit_code == 9, (result.stderr, result.exception)
    assert result.stderr.startswith("pln: cannot write the drafts in ")
    assert "\n" not in result.stderr.strip()


@pytest.mark.parametrize(
    "cards",
    [
        {"": ["u", "b", "c", "d"]},
        {"a\0.vcf": ["u", "b", "c", "d"]},
        {"notes.txt": ["u", "b", "c", "d"]},
        {"../x.vcf": ["u", "b", "c", "d"]},
    ],
)
def test_a_planted_contacts_state_is_a_first_sync(
    pln: Pln, tmp_path: Path, cards: dict[str, Any]
) -> None:
    book = tmp_path / "book"
    pln("add-contact", "Ana Lima", "-e", "ana@x.org")
    pln("sync", "contacts", str(book), "--yes")
    (book / "notes.txt").write_text("mine")
    (book / ".pln-contacts.json").write_text(json.dumps({"format": 1, "cards": cards}))
    pln("sync", "contacts", str(book), "--yes")
    assert (book / "notes.txt").read_text() == "mine"


def test_a_contacts_state_nested_deep_is_a_first_sync(pln: Pln, tmp_path: Path) -> None:
    book = tmp_path / "book"
    pln("add-contact", "Ana Lima", "-e", "ana@x.org")
    pln("sync", "contacts", str(book), "--yes")
    (book / ".pln-contacts.json").write_text("[" * 200_000 + "]" * 200_000)
    pln("sync", "contacts", str(book), "--yes")
