"""Bluesky and Mastodon handles as first-class links, and Mastodon's exports
of follows and lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Pln

FOLLOWING = (
    "Account address,Show boosts,Notify on new posts,Languages\n"
    "ana@mastodon.social,true,false,\n"
    "@Ben_K@Scholar.Social,true,false,en\n"
    "not an address,true,false,\n"
)
LISTS = (
    "Math teachers,ana@mastodon.social\n"
    "Math teachers,cara@mathstodon.xyz\n"
    "EdTech,ana@mastodon.social\n"
)


def test_mastodon_follows_and_lists(pln: Pln, tmp_path: Path) -> None:
    following, lists = tmp_path / "following_accounts.csv", tmp_path / "lists.csv"
    following.write_text(FOLLOWING)
    lists.write_text(LISTS)
    report = pln.json("import", "mastodon", str(following))
    assert (report["added"], [r["line"] for r in report["rejected"]]) == (2, [4])
    out = pln("import", "mastodon", str(lists)).stdout
    assert "Added 1, merged 1 into existing contacts" in out
    assert "Updated @ana@mastodon.social: joined Math teachers, EdTech" in out
    assert "past role" not in out
    ana = pln.json("show", "ana")
    assert ana["links"] == ["https://mastodon.social/@ana"]
    assert ana["handles"] == {"bluesky": [], "mastodon": ["@ana@mastodon.social"]}
    assert sorted(ana["communities"]) == ["EdTech", "Math teachers"]
    assert pln.json("show", "ben")["handles"]["mastodon"] == ["@Ben_K@scholar.social"]
    again = pln.json("import", "mastodon", str(lists))  # nothing new the second time
    assert (again["added"], again["merged"], again["updated"]) == (0, 0, [])
    with_header = tmp_path / "lists-resaved.csv"
    with_header.write_text("List name,Account address\n" + LISTS)
    assert (
        pln.json("import", "mastodon", str(with_header), "--community", "Fediverse")["merged"] == 2
    )


@pytest.mark.parametrize(
    ("typed", "stored", "network", "handle"),
    [
        (
            "@ana@mastodon.social",
            "https://mastodon.social/@ana",
            "mastodon",
            "@ana@mastodon.social",
        ),
        (
            "Dandre.bsky.social",
            "https://bsky.app/profile/dandre.bsky.social",
            "bluesky",
            "dandre.bsky.social",
        ),
        (
            "https://bsky.app/profile/ms-lee.school.org",
            "https://bsky.app/profile/ms-lee.school.org",
            "bluesky",
            "ms-lee.school.org",
        ),
        (
            "@ana@xn--bcher-kva.example",
            "https://xn--bcher-kva.example/@ana",
            "mastodon",
            "@ana@xn--bcher-kva.example",
        ),
        (
            "@ana@Bücher.Example",
            "https://xn--bcher-kva.example/@ana",
            "mastodon",
            "@ana@xn--bcher-kva.example",
        ),
        (
            "ana@xn--e1afmkfd.xn--p1ai",
            "https://xn--e1afmkfd.xn--p1ai/@ana",
            "mastodon",
            "@ana@xn--e1afmkfd.xn--p1ai",
        ),
    ],
)
def test_handles_are_normalised_shown_and_found(
    pln: Pln, typed: str, stored: str, network: str, handle: str
) -> None:
    pln("add-contact", "Ana Lima", "--link", typed)
    ana = pln.json("show", "ana")
    assert ana["links"] == [stored]
    assert ana["handles"][network] == [handle]
    shown = pln("show", "ana").stdout
    assert f"{network}" in shown
    assert handle in shown
    assert stored not in shown
    assert [c["name"] for c in pln.json("search", handle.lstrip("@"))] == ["Ana Lima"]
    # The same handle written another way is the same person.
    result = pln(
        "add-contact", "Ana L.", "--link", handle if network == "mastodon" else stored, ok=False
    )
    assert result.exit_code == 6
    assert "Ana Lima (#1) is already in your network" in result.stderr


def test_a_spreadsheet_handle_matches_the_contact(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--link", "@ana@mastodon.social")
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "Name,Mastodon,Bluesky\nAna Lima-Souza,https://mastodon.social/@ana,ana.bsky.social\n"
    )
    report = pln.json("import", "csv", str(sheet))
    assert (report["added"], report["merged"]) == (0, 1)
    assert pln.json("show", "ana")["handles"] == {
        "bluesky": ["ana.bsky.social"],
        "mastodon": ["@ana@mastodon.social"],
    }


def test_handles_round_trip_through_vcard_and_csv(pln: Pln, tmp_path: Path) -> None:
    pln(
        "add-contact",
        "Ana Lima",
        "--link",
        "@ana@mastodon.social",
        "--link",
        "ana.bsky.social",
        "--link",
        "https://ana.example.org",
    )
    card = pln("export", "vcard").stdout
    assert "X-SOCIALPROFILE;TYPE=mastodon:https://mastodon.social/@ana" in card
    assert "X-SOCIALPROFILE;TYPE=bluesky:https://bsky.app/profile/ana.bsky.social" in card
    assert "URL:https://ana.example.org" in card
    assert "URL:https://mastodon.social/@ana" in card
    table = pln("export", "csv").stdout
    header, row = table.lstrip("\ufeff").splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=False))
    assert cells["mastodon"] == "ana@mastodon.social"
    assert cells["bluesky"] == "ana.bsky.social"
    assert cells["links"] == "https://ana.example.org"
    for fmt, text in (("vcard", card), ("csv", table)):
        other = tmp_path / f"{fmt}.db"
        source = tmp_path / f"export.{fmt}"
        source.write_text(text)
        pln("--db", str(other), "import", fmt, str(source))
        assert pln.json("--db", str(other), "show", "ana")["handles"] == {
            "bluesky": ["ana.bsky.social"],
            "mastodon": ["@ana@mastodon.social"],
        }, fmt


def test_mastodon_servers_with_international_names(pln: Pln, tmp_path: Path) -> None:
    """Punycode (IDN) servers are accepted, in either form, as one server."""
    following = tmp_path / "following_accounts.csv"
    following.write_text(
        "Account address,Show boosts,Notify on new posts,Languages\n"
        "ana@xn--bcher-kva.example,true,false,\n"
        "ben@пример.рф,true,false,\n"
        "cara@xn--e1afmkfd.xn--p1ai,true,false,\n"
        "dan@bad_tld.x1,true,false,\n"
    )
    report = pln.json("import", "mastodon", str(following))
    assert (report["added"], [r["line"] for r in report["rejected"]]) == (3, [5])
    lists = tmp_path / "lists.csv"
    lists.write_text("Readers,ana@bücher.example\nReaders,ben@xn--e1afmkfd.xn--p1ai\n")
    again = pln.json("import", "mastodon", str(lists))
    assert (again["added"], again["merged"]) == (0, 2)  # the Unicode and ASCII forms meet
    assert pln.json("show", "ana")["links"] == ["https://xn--bcher-kva.example/@ana"]
    assert pln.json("show", "ben")["handles"]["mastodon"] == ["@ben@xn--e1afmkfd.xn--p1ai"]
    assert [c["name"] for c in pln.json("search", "ana@xn--bcher-kva.example")] == [
        "@ana@xn--bcher-kva.example"
    ]
