"""The address book on a real CardDAV server: Radicale on 127.0.0.1, vdirsyncer
run with the configuration `pln sync vdirsyncer` prints, and plain HTTP
playing the phone — adding a card, editing one, deleting one, editing one
plncrm also changed. After each round the store and the server agree, and
nothing is duplicated or lost; replaying a round changes nothing."""

from __future__ import annotations

import base64
import re
import urllib.request
from pathlib import Path

import pytest

from helpers import Pln
from servers import CalDav, radicale, vdirsyncer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # Radicale, vdirsyncer
MKCOL = """<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>pln</D:displayname>
</D:prop></D:set></D:mkcol>"""


class Phone:
    """A second CardDAV client, as a phone's address book would be."""

    def __init__(self, dav: CalDav) -> None:
        self.dav = dav
        self.book = f"/{dav.user}/contacts/"

    def call(
        self, method: str, path: str, body: str | None = None, **headers: str
    ) -> tuple[int, str]:
        auth = base64.b64encode(f"{self.dav.user}:{self.dav.password}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.dav.port}{path}",
            method=method,
            data=body.encode() if body is not None else None,
            headers={"Authorization": f"Basic {auth}", **headers},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()

    def cards(self) -> dict[str, str]:
        """Each card on the server by its FN, and where it is."""
        _, listing = self.call("PROPFIND", self.book, "", Depth="1")
        found = {}
        for href in re.findall(r"<[^>]*href>([^<]+\.vcf)</", listing):
            _, text = self.call("GET", href)
            name = next(line[3:] for line in text.splitlines() if line.startswith("FN:"))
            assert name not in found, f"two cards of {name} on the server"
            found[name] = href
        return found

    def text(self, href: str) -> str:
        return self.call("GET", href)[1]

    def put(self, href: str, text: str) -> None:
        self.call("PUT", href, text, **{"Content-Type": "text/vcard"})

    def delete(self, href: str) -> None:
        self.call("DELETE", href)


def test_the_phone_and_plncrm_stay_in_step(pln: Pln, tmp_path: Path) -> None:
    with radicale(tmp_path / "radicale") as dav:
        phone = Phone(dav)
        phone.call("MKCOL", phone.book, MKCOL, **{"Content-Type": "application/xml"})
        book = tmp_path / "contacts"
        pln("add-contact", "Ana Lima", "--email", "ana@example.org", "--org", "Riverside USD")
        pln("add-contact", "Conor O'Brien", "--email", "conor@stpats.ie")
        pln("add-contact", "田中 浩", "--email", "h.tanaka@ois.ed.jp")
        printed = pln(
            "sync",
            "vdirsyncer",
            str(book),
            "--url",
            f"{dav.base}{dav.user}/contacts/",
            "-u",
            dav.user,
        ).stdout
        secret = tmp_path / "dav-password"
        secret.write_text(dav.password)
        config = tmp_path / "vdirsyncer.conf"
        config.write_text(
            printed.replace('"pass", "show", "carddav"', f'"cat", "{secret}"').replace(
                "~/.local/share/vdirsyncer/status/", f"{tmp_path / 'status'}/"
            )
        )

        def round_trip() -> str:
            vdirsyncer(config, "sync")
            out = pln("sync", "contacts", str(book), "--yes").stdout
            vdirsyncer(config, "sync")
            return out

        pln("sync", "contacts", str(book))
        vdirsyncer(config, "discover", "pln_contacts")
        round_trip()
        assert set(phone.cards()) == {"Ana Lima", "Conor O'Brien", "田中 浩"}

        # The phone adds one, edits one, deletes one; plncrm and the phone both edit Ana: the
        # org on both sides (a conflict), her note on the phone and her title here (merged).
        phone.put(
            f"{phone.book}phone-new.vcf",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-new\r\n"
            "FN:Zoë Brooks\r\nN:Brooks;Zoë;;;\r\nEMAIL:zoe@school.org\r\nEND:VCARD\r\n",
        )
        on_server = phone.cards()
        conor = phone.text(on_server["Conor O'Brien"])
        phone.put(
            on_server["Conor O'Brien"],
            conor.replace("END:VCARD", "TITLE:Head of Maths\r\nX-PHONE-LABEL:kept\r\nEND:VCARD"),
        )
        phone.delete(on_server["田中 浩"])
        ana = phone.text(on_server["Ana Lima"])
        phone.put(
            on_server["Ana Lima"],
            ana.replace("ORG:Riverside USD", "ORG:Phone's school").replace(
                "END:VCARD", "NOTE:Call after 3pm\r\nEND:VCARD"
            ),
        )
        pln("edit", "ana", "--role", "Coach", "--org", "Riverside Unified")
        out = round_trip()
        assert "conflict: Ana Lima (org:" in out
        assert "read: Ana Lima (notes)" in out
        assert "import: Zoë Brooks" in out
        assert "read: Conor O'Brien (role)" in out
        assert "archive: 田中 浩" in out
        people = {c["name"]: c for c in pln.json("list")}
        assert set(people) == {"Ana Lima", "Conor O'Brien", "Zoë Brooks"}
        assert people["Conor O'Brien"]["role"] == "Head of Maths"
        assert set(phone.cards()) == {"Ana Lima", "Conor O'Brien", "Zoë Brooks"}
        assert "X-PHONE-LABEL:kept" in phone.text(phone.cards()["Conor O'Brien"])
        ana_now = phone.text(phone.cards()["Ana Lima"])
        assert "TITLE:Coach" in ana_now  # one side's change reached the other
        assert "ORG:Phone's school" in ana_now  # the conflict waits, as each side has it
        assert pln.json("show", "ana")["notes"] == "Call after 3pm"

        # Settle Ana's org: plncrm's goes to the phone; then nothing is left to do.
        pln("sync", "contacts", str(book), "--resolve", "ana", "org", "mine")
        vdirsyncer(config, "sync")
        ana_now = phone.text(phone.cards()["Ana Lima"])
        assert "TITLE:Coach" in ana_now
        assert "ORG:Riverside Unified" in ana_now
        assert "NOTE:Call after 3pm" in ana_now

        # The phone's note, taken back here by an undo of the sync, comes in again.
        phone.put(
            phone.cards()["Ana Lima"], ana_now.replace("NOTE:Call after 3pm", "NOTE:Call after 4pm")
        )
        assert "read: Ana Lima (notes)" in round_trip()
        pln("undo", "--yes")
        assert pln.json("show", "ana")["notes"] == "Call after 3pm"
        assert "read: Ana Lima (notes)" in round_trip()
        assert "NOTE:Call after 4pm" in phone.text(phone.cards()["Ana Lima"])
        assert pln.json("show", "ana")["notes"] == "Call after 4pm"
        assert "nothing to do" in round_trip()
        assert "nothing to do" in round_trip()  # replayed: no change either side
        assert len(phone.cards()) == 3
        assert len(pln.json("list")) == 3
