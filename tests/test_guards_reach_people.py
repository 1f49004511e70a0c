"""A strike-out follow-up closes only when something reached the person: an
email to an address they have, a call, a meeting. Whoever a command could not
reach is named, and their follow-up stays open in the agenda and the report."""

from __future__ import annotations

from pathlib import Path

from helpers import Pln


def _waiting(pln: Pln) -> set[str]:
    in_due = {
        line["contact"]
        for item in pln.json("due", "--limit", "0")
        for line in item.get("group", [item])
        if line["kind"] == "met-no-follow-up"
    }
    in_report = {w["name"] for w in pln.json("report")["strikeouts"]["waiting"]}
    assert in_due == in_report
    return in_due


def _booth(pln: Pln) -> None:
    pln("event", "add", "Fall CUE", "--on", "2026-11-28", "--kind", "conference")
    pln("add-contact", "Ana Lima", "-e", "ana@riverside.org", "--met-at", "fall cue")
    pln("add-contact", "Ben Okafor", "-p", "+1 312 555 0101", "--met-at", "fall cue")
    assert _waiting(pln) == {"Ana Lima", "Ben Okafor"}


def test_an_invitation_reaches_only_those_with_an_address(pln: Pln) -> None:
    _booth(pln)
    pln("event", "add", "Number Talks Live", "--on", "2026-12-10", "--kind", "webinar", "--hosted")
    said = pln("event", "invite", "number talks", "--met-at", "fall cue", "--draft")
    assert "Invited 2 to Number Talks Live" in said.stdout
    assert "no email address for Ben Okafor" in said.stderr
    assert _waiting(pln) == {"Ben Okafor"}
    report = pln.json("report")["strikeouts"]
    assert (report["met"], report["followed_up_in_window"]) == (2, 1)


def test_sent_follow_ups_log_an_email_only_where_there_is_an_address(pln: Pln) -> None:
    _booth(pln)
    said = pln("event", "follow-up", "fall cue", "--sent")
    assert "Followed up 1 met at Fall CUE" in said.stdout
    assert "no email address for Ben Okafor: their follow-ups stay open" in said.stderr
    assert "email" not in [t["kind"] for t in pln.json("show", "ben")["timeline"]]
    assert _waiting(pln) == {"Ben Okafor"}


def test_an_invitation_without_an_address_waits_for_a_call(pln: Pln) -> None:
    _booth(pln)
    pln("event", "add", "Number Talks Live", "--on", "2026-12-10", "--kind", "webinar", "--hosted")
    pln("event", "invite", "number talks", "ben")
    assert _waiting(pln) == {"Ana Lima", "Ben Okafor"}
    pln("log", "ben", "--kind", "call", "-m", "K-2 pricing")
    assert _waiting(pln) == {"Ana Lima"}


def test_sent_names_whom_it_logged_an_email_with(pln: Pln) -> None:
    pln("event", "add", "Fall CUE", "--on", "2026-11-20")
    for name, email in (("Ana Lima", "ana@x.org"), ("Ben Ode", "ben@x.org")):
        pln("add-contact", name, "--email", email, "--met-at", "Fall CUE")
    said = pln("event", "follow-up", "Fall CUE", "--sent").stdout
    assert "Followed up 2 met at Fall CUE: Ana Lima, Ben Ode (an email logged" in said


def test_the_sent_hint_after_drafting_for_some_names_only_them(pln: Pln, tmp_path: Path) -> None:
    """Found by a new user: drafting for one visitor printed a `--sent` hint
    that, pasted, logged an email with every visitor and closed their guards."""
    import shlex

    pln("event", "add", "Fall Conf", "--on", "2026-11-20")
    for name, email in (("Ann Lee", "ann@x.org"), ("Bo Diaz", "bo@x.org")):
        pln("add-contact", name, "--email", email, "--met-at", "Fall Conf")
    said = pln("event", "follow-up", "Fall Conf", "ann", "--draft-to", str(tmp_path / "d")).stdout
    hint = said.split("Once they are sent: ", 1)[1].strip()
    assert hint == "pln event follow-up 'Fall Conf' 1 --sent"
    done = pln(*shlex.split(hint)[1:]).stdout
    assert "Followed up 1 met at Fall Conf: Ann Lee" in done
    assert [w["name"] for w in pln.json("report")["strikeouts"]["waiting"]] == ["Bo Diaz"]
