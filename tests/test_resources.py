"""Free resources (issue 30, seed practice 2): `pln resource add|edit|remove|show`,
`pln resources`, `pln give` (logged as "gave" with the resource, its message
drafted, sent or written as .eml), and what the store keeps of them through
undo, export and import, merging and deleting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import TODAY, Pln
from servers import mail_server

LINK = "https://example.org/decodables.pdf"


def _booth(pln: Pln) -> None:
    """Three people who asked for decodable texts in their own words, one who did not."""
    pln("add-contact", "Maya Okafor", "-e", "maya@riverside.example", "--needs", "decodable texts")
    pln("add-contact", "Sean Li", "--needs", "Decodable readers for K-2")
    pln("add-contact", "Rosa Diaz", "-e", "rosa@x.example", "--needs", "decodables")
    pln("add-contact", "Ben Ode", "-e", "ben@x.example", "--needs", "grant writing")
    pln("resource", "add", "Decodable Pack", "--link", LINK, "--for", "decodables", "-t", "K-2")


def _gifts(pln: Pln) -> list[dict[str, object]]:
    document = json.loads(pln("export", "json").stdout)
    return [i for i in document["interactions"] if i["kind"] == "gave"]


def test_add_list_show_and_json(pln: Pln) -> None:
    _booth(pln)
    added = pln("resource", "add", "Grant Guide", "--link", "http://example.org/g", "-t", "")
    assert "Resource #2: Grant Guide · http://example.org/g" in added.stdout
    pln("resource", "edit", "grant guide", "--for", "grants")
    listed = pln.json("resources")
    assert [(r["name"], r["tags"], r["for"], r["given_to"]) for r in listed] == [
        ("Decodable Pack", ["k-2"], ["decodables"], 0),
        ("Grant Guide", [], ["grants"], 0),
    ]
    table = pln("resources").stdout
    assert "Decodable Pack" in table
    assert "Grant Guide" in table
    shown = pln.json("resource", "show", "decodable pack")
    assert shown["received"] == []
    assert sorted(p["name"] for p in shown["asked"]) == ["Maya Okafor", "Rosa Diaz", "Sean Li"]
    said = pln("resource", "show", "DECODABLE PACK").stdout
    assert "Not given yet: pln give 'Decodable Pack' REF gives it" in said
    assert "3 asked for what it answers, not given it yet: " in said


def test_a_name_is_unique_case_aside_and_a_link_must_be_http(pln: Pln) -> None:
    _booth(pln)
    taken = pln("resource", "add", "decodable PACK", "--link", LINK, ok=False)
    assert taken.exit_code == 6
    assert "there is already a resource called 'Decodable Pack'" in taken.stderr
    for link in ("javascript:alert(1)", "file:///etc/passwd", "https://", "ftp://x.org/a"):
        refused = pln("resource", "add", "Other", "--link", link, ok=False)
        assert refused.exit_code == 5, link
        assert "http:// or https://" in refused.stderr
    assert pln("resource", "add", "Other", ok=False).exit_code == 5  # no --link
    long = pln("resource", "add", "x" * 201, "--link", LINK, ok=False)
    assert long.exit_code == 5
    assert "at most 200 characters" in long.stderr
    assert [r["name"] for r in pln.json("resources")] == ["Decodable Pack"]


def test_an_unknown_resource_is_named_with_the_closest_names(pln: Pln) -> None:
    _booth(pln)
    missing = pln("give", "Decodabel Pak", "maya", ok=False)
    assert missing.exit_code == 3
    assert "no resource called 'Decodabel Pak'; did you mean 'Decodable Pack'?" in missing.stderr
    nothing = pln("resource", "show", "Poetry", ok=False)
    assert nothing.exit_code == 3
    assert "pln resources lists them" in nothing.stderr
    assert _gifts(pln) == []


def test_give_logs_gave_with_each_person_and_drafts_the_link(pln: Pln) -> None:
    _booth(pln)
    pln("config", "my-name", "Sam")
    given = pln("give", "decodable pack", "maya", "sean", "-m", "As promised at the booth.")
    assert "Gave 'Decodable Pack' to Maya Okafor (#1), Sean Li (#2) on 2026-11-29" in given.stdout
    assert given.stdout.count(LINK) == 2
    assert "To: Maya Okafor <maya@riverside.example>\nSubject: Decodable Pack\n\nHi Maya," in (
        given.stdout
    )
    assert "As promised at the booth." in given.stdout
    assert "no email address for Sean Li" in given.stderr
    gifts = _gifts(pln)
    assert [(g["resource_id"], g["note"], [c["id"] for c in g["contacts"]]) for g in gifts] == [
        (1, "Decodable Pack: As promised at the booth.", [1]),
        (1, "Decodable Pack: As promised at the booth.", [2]),
    ]
    maya = pln.json("show", "maya")
    assert maya["last_contacted"] == TODAY.isoformat()
    assert next((e["kind"], e["note"]) for e in maya["timeline"]) == (
        "gave",
        "Decodable Pack: As promised at the booth.",
    )
    listed = pln.json("resources")
    assert (listed[0]["given_to"], listed[0]["last_given"]) == (2, TODAY.isoformat())


def test_give_json_and_when(pln: Pln) -> None:
    _booth(pln)
    data = pln.json("give", "Decodable Pack", "rosa", "--on", "2026-11-20")
    assert data["gave"] == [{"id": 3, "name": "Rosa Diaz"}]
    assert data["resource"]["name"] == "Decodable Pack"
    assert len(data["interactions"]) == 1
    assert _gifts(pln)[0]["happened_on"] == "2026-11-20"
    future = pln("give", "Decodable Pack", "rosa", "--on", "2026-12-20", ok=False)
    assert future.exit_code == 5
    assert pln("give", "Decodable Pack", ok=False).exit_code == 5  # nobody named
    assert pln("give", "Decodable Pack", "nobody-at-all", ok=False).exit_code == 3
    assert pln("give", "Decodable Pack", "rosa", "-m", "x" * 1001, ok=False).exit_code == 5
    assert len(_gifts(pln)) == 1


def test_a_gift_of_the_wrong_resource_is_corrected_and_undone(pln: Pln) -> None:
    """`pln interaction edit ID --resource NAME` moves a gift to the resource
    really given, its note with it; '' gives none; undo puts it back."""
    _booth(pln)
    pln("resource", "add", "Phonics Pack", "--link", "https://example.org/phonics")
    [gift] = pln.json("give", "Decodable Pack", "rosa", "-m", "at the booth")["interactions"]
    said = pln("interaction", "edit", str(gift), "--resource", "phonics pack").stdout
    assert f"Corrected #{gift} gave" in said
    assert pln.json("resource", "show", "decodable pack")["received"] == []
    [rosa] = pln.json("resource", "show", "phonics pack")["received"]
    assert rosa["name"] == "Rosa Diaz"
    assert [(g["resource_id"], g["note"]) for g in _gifts(pln)] == [
        (2, "Phonics Pack: at the booth")
    ]
    pln("interaction", "edit", str(gift), "--resource", "")
    assert [(g["resource_id"], g["note"]) for g in _gifts(pln)] == [(None, "at the booth")]
    assert pln.json("resource", "show", "phonics pack")["received"] == []
    pln("undo", "--yes")
    pln("undo", "--yes")
    assert [(g["resource_id"], g["note"]) for g in _gifts(pln)] == [
        (1, "Decodable Pack: at the booth")
    ]
    assert pln("interaction", "edit", str(gift), "--resource", "slides", ok=False).exit_code == 3
    pln("interaction", "edit", str(gift), "--kind", "call")  # not a gift after all
    assert pln.json("resource", "show", "decodable pack")["received"] == []
    pln("undo", "--yes")
    pln("log", "rosa", "--kind", "call")
    [call] = [e["id"] for e in pln.json("show", "rosa")["timeline"] if e["kind"] == "call"]
    refused = pln("interaction", "edit", str(call), "--resource", "phonics pack", ok=False)
    assert refused.exit_code == 5
    assert "only a gift" in refused.stderr


def test_show_says_who_received_it_and_what_followed(pln: Pln) -> None:
    _booth(pln)
    pln("give", "Decodable Pack", "maya", "sean", "--on", "2026-11-20")
    pln("log", "maya", "--kind", "email", "-m", "Re: the pack, thank you", "--on", "2026-11-24")
    pln("log", "maya", "--kind", "call", "--on", "2026-11-26")
    pln("log", "maya", "--kind", "chat", "--on", "2026-11-10")  # before: not what followed
    shown = pln.json("resource", "show", "Decodable Pack")
    received = {p["name"]: p for p in shown["received"]}
    assert received["Maya Okafor"]["given_on"] == "2026-11-20"
    assert received["Maya Okafor"]["followed"] == [
        {"on": "2026-11-26", "kind": "call", "note": None},
        {"on": "2026-11-24", "kind": "email", "note": "Re: the pack, thank you"},
    ]
    assert received["Sean Li"]["followed"] == []
    assert [p["name"] for p in shown["asked"]] == ["Rosa Diaz"]  # given ones are not asked again
    said = pln("resource", "show", "Decodable Pack").stdout
    assert "Maya Okafor (#1)  → Nov 26 call; Nov 24 email Re: the pack, thank you" in said
    assert "Sean Li (#2)  → nothing since" in said


def test_edit_renames_relinks_and_replaces_tags_and_needs(pln: Pln) -> None:
    _booth(pln)
    pln("give", "Decodable Pack", "maya")
    said = pln(
        "resource",
        "edit",
        "decodable pack",
        "--name",
        "Decodables K-2",
        "--link",
        "https://example.org/v2",
        "-t",
        "phonics, reading",
        "--for",
        "phonics",
    ).stdout
    assert "Changed name, link, tags, needs of Decodables K-2 (#1)" in said
    [shown] = pln.json("resources")
    assert (shown["name"], shown["link"], shown["tags"], shown["for"]) == (
        "Decodables K-2",
        "https://example.org/v2",
        ["phonics", "reading"],
        ["phonics"],
    )
    assert pln.json("resource", "show", "decodables k-2")["received"][0]["name"] == "Maya Okafor"
    cleared = pln.json("resource", "edit", "1", "-t", "")
    assert cleared["tags"] == []
    assert cleared["changed"] == ["tags"]
    assert "Nothing to change" in pln("resource", "edit", "1", "--for", "phonics").stdout
    assert pln("resource", "edit", "1", ok=False).exit_code == 5
    assert pln("resource", "edit", "1", "--link", "mailto:a@b.c", ok=False).exit_code == 5
    pln("resource", "add", "Grant Guide", "--link", LINK)
    clash = pln("resource", "edit", "grant guide", "--name", "DECODABLES k-2", ok=False)
    assert clash.exit_code == 6


def test_remove_asks_and_keeps_the_gifts_on_timelines(pln: Pln, pln_terminal: Pln) -> None:
    _booth(pln)
    pln("give", "Decodable Pack", "maya")
    refused = pln("resource", "remove", "decodable pack", ok=False)
    assert refused.exit_code == 7
    assert "without --yes" in refused.stderr
    kept = pln_terminal("resource", "remove", "decodable pack", input="n\n", ok=False)
    assert kept.exit_code == 7
    assert "given to 1" in kept.stdout
    said = pln("resource", "remove", "decodable pack", "--yes").stdout
    assert "Removed Decodable Pack (#1), given to 1 (their timelines keep it, by name)" in said
    assert pln.json("resources") == []
    [gift] = _gifts(pln)
    assert (gift["note"], gift["resource_id"]) == ("Decodable Pack", None)
    pln("undo", "--yes")  # the resource and its link to the gift come back
    assert [g["resource_id"] for g in _gifts(pln)] == [1]
    assert pln.json("resources")[0]["given_to"] == 1


def test_undo_takes_a_give_back_whole(pln: Pln) -> None:
    _booth(pln)
    pln("edit", "maya", "--cadence", "1 month")
    before = pln.json("show", "maya")
    pln("give", "Decodable Pack", "maya", "sean", "rosa")
    assert len(_gifts(pln)) == 3
    assert "give" in pln("history").stdout
    pln("undo", "--yes")
    assert _gifts(pln) == []
    after = pln.json("show", "maya")
    assert (after["last_contacted"], after["timeline"]) == (
        before["last_contacted"],
        before["timeline"],
    )
    assert pln.json("resources")[0]["given_to"] == 0


def test_export_import_keeps_resources_and_what_each_gift_gave(pln: Pln, tmp_path: Path) -> None:
    _booth(pln)
    pln("resource", "add", "Grant Guide", "--link", "https://example.org/g", "--for", "grants")
    pln("give", "Decodable Pack", "maya", "sean")
    pln("give", "Grant Guide", "ben")
    exported = tmp_path / "all.json"
    pln("export", "json", "-o", str(exported))
    document = json.loads(exported.read_text())
    assert [(r["id"], r["name"], r["tags"], r["needs"]) for r in document["resources"]] == [
        (1, "Decodable Pack", ["k-2"], ["decodables"]),
        (2, "Grant Guide", [], ["grants"]),
    ]
    copy = Pln()
    fresh = tmp_path / "copy.db"
    copy("--db", str(fresh), "import", "json", str(exported))
    again = tmp_path / "again.json"
    copy("--db", str(fresh), "export", "json", "-o", str(again))
    assert again.read_text() == exported.read_text()
    # Into a store with data: matched by uid, nothing doubled; a new one by name.
    pln("import", "json", str(exported))
    assert len(pln.json("resources")) == 2
    assert len(_gifts(pln)) == 3
    other = tmp_path / "other.db"
    copy("--db", str(other), "add-contact", "Zed Quinn")
    copy("--db", str(other), "resource", "add", "DECODABLE PACK", "--link", "https://x.org/")
    copy("--db", str(other), "import", "json", str(exported))
    merged = copy.json("--db", str(other), "resources")
    assert [(r["name"], r["link"], r["given_to"]) for r in merged] == [
        ("DECODABLE PACK", "https://x.org/", 2),
        ("Grant Guide", "https://example.org/g", 1),
    ]


def test_a_document_with_a_bad_resource_is_refused_whole(pln: Pln, tmp_path: Path) -> None:
    _booth(pln)
    pln("give", "Decodable Pack", "maya")
    document = json.loads(pln("export", "json").stdout)
    for damage, said in (
        (lambda d: d["resources"][0].update(link="javascript:alert(1)"), "resources[0].link"),
        (lambda d: d["interactions"][-1].update(resource_id=9), "interactions[0].resource_id"),
        (lambda d: d["resources"].append({**d["resources"][0], "id": 2, "uid": None}), "twice"),
    ):
        broken = json.loads(json.dumps(document))
        damage(broken)
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(broken))
        refused = Pln()("--db", str(tmp_path / "x.db"), "import", "json", str(path), ok=False)
        assert refused.exit_code == 5, said
        assert said in refused.stderr


def test_merging_two_contacts_keeps_both_gifts(pln: Pln) -> None:
    _booth(pln)
    pln("add-contact", "Maya O.", "-e", "maya.o@home.example")
    pln("give", "Decodable Pack", "maya okafor")
    pln("resource", "add", "Grant Guide", "--link", LINK)
    pln("give", "Grant Guide", "maya o.")
    pln("merge", "1", "5", "--yes")
    shown = pln.json("resources")
    assert [r["given_to"] for r in shown] == [1, 1]
    for name in ("Decodable Pack", "Grant Guide"):
        assert [p["id"] for p in pln.json("resource", "show", name)["received"]] == [1]


def test_deleting_a_contact_takes_their_gifts_not_the_resource(pln: Pln) -> None:
    _booth(pln)
    pln("give", "Decodable Pack", "maya", "sean")
    pln("rm", "maya", "--yes")
    assert [p["name"] for p in pln.json("resource", "show", "Decodable Pack")["received"]] == [
        "Sean Li"
    ]


HOSTILE = "[b]x[/b]<script>alert(1)</script>\u202e\x1b[31m"


def test_hostile_names_are_shown_literally(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "-e", "ana@x.example", "--needs", "script alerts")
    pln("resource", "add", HOSTILE, "--link", LINK, "--for", "script alerts")
    for said in (
        pln("resources").stdout,
        pln("show", "ana").stdout,
        pln("suggest").stdout,
        pln("resource", "show", "1").stdout,
        pln("give", "1", "ana").stdout,
    ):
        assert "<script>alert(1)</script>" in said
        assert "[b]x[/b]" in said
        assert "\x1b" not in said
        assert "\u202e" not in said
    [listed] = pln.json("resources")
    assert listed["name"] == "[b]x[/b]<script>alert(1)</script>"


def test_the_migration_goes_down_and_up_with_the_gifts(pln: Pln, pln_db: Path) -> None:
    """0017 rebuilds `interaction` on SQLite: ids never given twice, triggers
    remade, and going back to 0016 keeps every interaction."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from plncrm.store.engine import dispose_all
    from plncrm.store.location import resolve_url
    from plncrm.store.migrate import MIGRATIONS_DIR

    _booth(pln)
    pln("log", "maya", "-m", "one")
    pln("log", "sean", "-m", "two")
    pln("interaction", "rm", "2", "--yes")  # id 2 is spent
    pln("give", "Decodable Pack", "rosa")
    dispose_all()
    old = create_engine(resolve_url(str(pln_db)))
    with old.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.downgrade(config, "0016")
    old.dispose()
    assert list(pln_db.parent.glob("pln.db.backup-*")) == []
    assert [i["note"] for i in pln.json("show", "rosa")["timeline"]] == ["Decodable Pack"]
    assert list(pln_db.parent.glob("pln.db.backup-0016-*"))  # upgraded again, backed up first
    pln("log", "ben", "-m", "three")
    ids = [i["id"] for i in json.loads(pln("export", "json").stdout)["interactions"]]
    assert ids == [1, 3, 4]
    pln("undo", "--yes")
    assert [i["id"] for i in json.loads(pln("export", "json").stdout)["interactions"]] == [1, 3]


@pytest.mark.slow
def test_give_send_mails_each_the_link_and_logs_each_once(pln: Pln, tmp_path: Path) -> None:
    import sys

    _booth(pln)
    with mail_server() as box:
        kept = tmp_path / "password"
        kept.write_text("app-password-1\n")
        printer = "import sys; print(open(sys.argv[1]).read().strip())"
        pln("config", "mail.smtp", f"smtp://me@127.0.0.1:{box.port}")
        pln("config", "mail.from", "Pat Partner <pat@district.example>")
        pln("config", "mail.password-command", f"{sys.executable} -c '{printer}' {kept}")
        pln("config", "mail.rate", "0")
        sent = pln("give", "Decodable Pack", "maya", "sean", "rosa", "--send", "--yes")
        again = pln("give", "Decodable Pack", "maya", "rosa", "--send", "--yes")
        received = box.parsed()
    assert sorted(str(m["To"].addresses[0].addr_spec) for m in received) == [
        "maya@riverside.example",
        "rosa@x.example",
    ]
    assert all(LINK in m.get_content() for m in received)
    assert "Sent 2: Maya Okafor, Rosa Diaz" in sent.stdout
    assert "no email address for Sean Li" in sent.stderr
    assert "2 already sent Decodable Pack: not sent again" in again.stdout
    gifts = _gifts(pln)
    assert sorted(g["contacts"][0]["id"] for g in gifts) == [1, 3]
    assert {g["message_id"] for g in gifts} == {str(m["Message-ID"]) for m in received}
    assert all(g["resource_id"] == 1 for g in gifts)
    drafts = tmp_path / "drafts"
    written = pln("give", "Decodable Pack", "ben", "--eml", str(drafts))
    assert "Once they are sent: pln give 'Decodable Pack' 4" in written.stdout
    assert len(list(drafts.glob("*.eml"))) == 1
    assert len(_gifts(pln)) == 2  # a draft is not a gift until sent
    both = pln("give", "Decodable Pack", "ben", "--send", "--eml", str(drafts), ok=False)
    assert both.exit_code == 7


def test_show_points_at_resources_for_their_needs_not_given_yet(pln: Pln) -> None:
    _booth(pln)
    said = pln("show", "maya").stdout
    assert "Resources for their needs:" in said
    assert "Decodable Pack (for decodable texts)  → pln give 'Decodable Pack' 1" in said
    assert pln.json("show", "maya")["resources_for_needs"] == [
        {"id": 1, "name": "Decodable Pack", "link": LINK, "need": "decodable texts"}
    ]
    assert "Resources for their needs" not in pln("show", "ben").stdout  # grant writing
    pln("give", "Decodable Pack", "maya")
    assert "Resources for their needs" not in pln("show", "maya").stdout
    assert pln.json("show", "maya")["resources_for_needs"] == []


def test_suggest_names_who_asked_about_what_a_resource_answers(pln: Pln) -> None:
    _booth(pln)
    pln("add-contact", "Old Friend", "--needs", "decodable texts")
    pln("archive", "old friend")  # archived: not pointed at
    said = pln("suggest").stdout
    assert (
        "3 people asked about decodables: give 'Decodable Pack'  → "
        "pln give 'Decodable Pack' 1 3 2  (Maya Okafor, Rosa Diaz, Sean Li)"
    ) in said
    pln("give", "Decodable Pack", "rosa")
    assert "2 people asked about decodables" in pln("suggest").stdout
    assert "1 person asked about decodables" in pln("suggest", "--for", "maya").stdout
    assert "asked about" not in pln("suggest", "--for", "ben").stdout
    assert isinstance(pln.json("suggest"), list)  # --json: the introductions, as before


def test_suggest_points_a_resource_at_those_tagged_with_its_tags_as_interested(pln: Pln) -> None:
    """A kiosk's interests become tags: someone tagged "k-2" who did not ask
    for decodables is "interested in k-2", never said to have asked; one given
    it, one archived, and one who asked (on the "asked about" line) are not."""
    _booth(pln)  # the pack is tagged k-2; Maya, Sean and Rosa asked about decodables
    pln("add-contact", "Ida Park", "-t", "K-2")
    pln("add-contact", "Joe Ray", "-t", "k-2")
    pln("add-contact", "Old Friend", "-t", "k-2")
    pln("archive", "old friend")
    pln("tag", "maya", "k-2")
    pln("give", "Decodable Pack", "joe")
    said = pln("suggest").stdout
    assert "3 people asked about decodables: give 'Decodable Pack'" in said
    assert (
        "1 person interested in k-2: give 'Decodable Pack'  → pln give 'Decodable Pack' 5"
        "  (Ida Park)"
    ) in said
    assert "interested in" not in pln("suggest", "--for", "maya").stdout  # asked: said so
    assert "1 person interested in k-2" in pln("suggest", "--for", "ida").stdout
    pln("give", "Decodable Pack", "ida")
    assert "interested in" not in pln("suggest").stdout


def test_the_report_counts_resources_given_and_what_came_back(pln: Pln) -> None:
    _booth(pln)
    pln("give", "Decodable Pack", "maya", "sean", "--on", "2026-11-20")
    pln("give", "Decodable Pack", "rosa", "--on", "2026-06-01")  # before the period
    pln("log", "maya", "--kind", "email", "-m", "thank you!", "--on", "2026-11-22")
    pln("log", "sean", "--kind", "call", "--on", "2026-11-02")  # before his gift
    data = pln.json("report", "--since", "2026-11-01")
    assert data["resources"] == {"given": 2, "people": 2, "came_back": 1, "came_back_share": 0.5}
    said = pln("report", "--since", "2026-11-01").stdout
    assert "2 given to 2 people; 1 of them was in touch again after it (50%)" in said
    none = pln.json("report", "--since", "2026-11-25")["resources"]
    assert none == {"given": 0, "people": 0, "came_back": 0, "came_back_share": None}


def test_a_past_periods_resources_leave_out_what_was_given_after_it(pln: Pln) -> None:
    """The panel counts the period's gifts, as its chart does; what came back
    after them is counted up to today, as follow-ups are."""
    _booth(pln)
    pln("give", "Decodable Pack", "maya", "--on", "2026-10-10")
    pln("give", "Decodable Pack", "sean", "rosa", "--on", "2026-11-20")  # after October
    pln("log", "maya", "--kind", "call", "--on", "2026-11-25")
    october = pln.json("report", "--period", "2026-10")
    assert october["resources"] == {"given": 1, "people": 1, "came_back": 1, "came_back_share": 1.0}
    assert sum(october["series"]["give_take"]["resources_given"]) == 1
    november = pln.json("report", "--period", "2026-11", "--compare", "previous")
    assert november["resources"]["given"] == 2
    assert november["compare"]["figures"]["resources_given"] == 1


def test_a_gift_to_someone_just_met_is_their_follow_up(pln: Pln) -> None:
    pln("event", "add", "Fall CUE", "--on", "2026-11-28")
    pln("add-contact", "Vi Tran", "--met-at", "Fall CUE", "--met-on", "2026-11-28")
    assert [f["status"] for f in pln.json("follow-ups")] == ["open"]
    pln("resource", "add", "Pack", "--link", LINK)
    pln("give", "pack", "vi")
    assert pln.json("follow-ups") == []


def _consent(store_url: str, contact_id: int, wording: str) -> None:
    """A consent as the kiosk records it (through the core's connection)."""
    from datetime import datetime, timezone

    from plncrm.store.db import connection
    from plncrm.store.engine import transaction

    at = datetime(2026, 11, 28, 15, 30, tzinfo=timezone.utc)
    with transaction(store_url, write=True) as session:
        connection(session).execute(
            "INSERT INTO consent (contact_id, wording, given_at, source) "
            "VALUES (:c, :w, :at, 'kiosk')",
            {
                "c": contact_id,
                "w": wording,
                "at": at,
            },
        )


def test_consents_travel_with_export_import_merge_and_delete(
    pln: Pln, store_url: str, tmp_path: Path
) -> None:
    _booth(pln)
    pln("add-contact", "Maya O.", "-e", "maya.o@home.example")
    _consent(store_url, 1, "You may email me about <b>reading</b>.")
    _consent(store_url, 5, "Keep me posted.")
    exported = tmp_path / "all.json"
    pln("export", "json", "-o", str(exported))
    consents = json.loads(exported.read_text())["consents"]
    assert [(c["contact_id"], c["wording"], c["given_at"], c["source"]) for c in consents] == [
        (1, "You may email me about <b>reading</b>.", "2026-11-28T15:30:00", "kiosk"),
        (5, "Keep me posted.", "2026-11-28T15:30:00", "kiosk"),
    ]
    copy, fresh = Pln(), tmp_path / "copy.db"
    copy("--db", str(fresh), "import", "json", str(exported))
    again = tmp_path / "again.json"
    copy("--db", str(fresh), "export", "json", "-o", str(again))
    assert again.read_text() == exported.read_text()
    pln("import", "json", str(exported))  # into itself: nothing doubled
    assert len(json.loads(pln("export", "json").stdout)["consents"]) == 2
    pln("merge", "1", "5", "--yes")
    merged = json.loads(pln("export", "json").stdout)["consents"]
    assert sorted((c["contact_id"], c["wording"]) for c in merged) == [
        (1, "Keep me posted."),
        (1, "You may email me about <b>reading</b>."),
    ]
    pln("undo", "--yes")
    assert sorted(
        c["contact_id"] for c in json.loads(pln("export", "json").stdout)["consents"]
    ) == [
        1,
        5,
    ]
    pln("rm", "1", "--yes")
    left = json.loads(pln("export", "json").stdout)["consents"]
    assert [c["contact_id"] for c in left] == [5]
    pln("undo", "--yes")
    assert len(json.loads(pln("export", "json").stdout)["consents"]) == 2
