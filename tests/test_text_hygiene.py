"""What comes in as text stays what it is: an email address is one address,
a member's name holds no escape, a name keeps the letters that make it, a
file is decoded as it was written, and every printed command can be pasted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Pln
from plncrm.util.text import is_email

BAD_EMAILS = ["ana@x.org>,<eve@evil.org", "@x.org", "a@@x.org", "a@b", "ana@", "a b@x.org",
              'a"b@x.org', "a@x..org", "ana@x.org;eve@evil.org", "a\u200b@x.org"]  # fmt: skip


@pytest.mark.parametrize("value", BAD_EMAILS)
def test_an_email_is_one_address(value: str) -> None:
    assert not is_email(value)


@pytest.mark.parametrize(
    "value", ["ana@x.org", "o'brien+pln@mail.district87.k12.il.us", "zoë@例え.jp"]
)
def test_real_addresses_are_emails(value: str) -> None:
    assert is_email(value)


def test_an_address_with_a_second_recipient_is_refused(pln: Pln) -> None:
    result = pln("add-contact", "Ana Lima", "--email", "ana@x.org>,<eve@evil.org", ok=False)
    assert result.exit_code == 5
    assert "not an email address" in result.stderr
    pln("add-contact", "Ana Lima", "--email", "ana@x.org")
    assert pln("edit", "#1", "--email", "a@b", ok=False).exit_code == 5


def test_a_json_import_refuses_a_bad_address(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@x.org")
    out = tmp_path / "all.json"
    pln("export", "json", "-o", str(out))
    doc = json.loads(out.read_text())
    doc["contacts"][0]["emails"] = ["ana@x.org>,<eve@evil.org"]
    out.write_text(json.dumps(doc))
    result = pln("import", "json", str(out), ok=False)
    assert result.exit_code == 5
    assert "not an email address" in result.stderr
