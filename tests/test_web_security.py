"""`pln serve` over real HTTP, as an attacker on the same machine or network
meets it: nothing of the store without the session, a sign-in link that
works once, no change without the form's CSRF token, every response's
security headers, hostile names shown as text, and a web change that `pln
undo` takes back."""

from __future__ import annotations

import re
import signal
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from helpers import TODAY, Pln
from web_client import Answer, Client
from web_servers import PLN, pln_serve

pytestmark = pytest.mark.slow

SECRETS = ("Okafor", "maya@example.org", "send the slides", "Quarry")
PAGES = ("/", "/add", "/log", "/search?q=maya", "/contact/1", "/contact/999")
POSTS: dict[str, dict[str, str]] = {
    "/done": {"handle": "1"},
    "/snooze": {"handle": "1", "until": "friday"},
    "/dismiss": {"handle": "1"},
    "/add": {"name": "Eve Intruder", "email": "eve@example.org"},
    "/log": {"ref": "maya", "kind": "chat", "note": "forged"},
}
HOSTILE = "<script>alert(1)</script> \u202eMaya <b>Okafor</b>"


def _store(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--email", "maya@example.org", "--org", "Quarry")
    pln("follow-up", "maya", "send the slides", "--due", "today")


def _state(pln: Pln) -> Any:
    """What a change would touch: the follow-ups, the contacts, the timeline."""
    return (
        pln.json("follow-ups", "--all"),
        pln.json("list"),
        pln.json("show", "1")["timeline"],
    )


def _no_data(answer: Answer) -> None:
    for secret in SECRETS:
        assert secret not in answer.body, (secret, answer.body)


def test_nothing_is_shown_or_changed_without_the_session(pln: Pln) -> None:
    _store(pln)
    before = _state(pln)
    with pln_serve() as served:
        name = f"pln_session_{urlsplit(served.base).port}"  # the server's own cookie
        for cookie in (None, f"{name}=forged", f"{name}=", "pln_session=forged"):
            client = Client(served.base, cookie)
            for path in PAGES:
                answer = client.get(path)
                assert answer.status == 401, (path, answer.status)
                _no_data(answer)
            for path, fields in POSTS.items():
                answer = client.post(path, {**fields, "csrf": "x"})
                assert answer.status == 401, (path, answer.status)
                _no_data(answer)
        # The same requests signed in do show and change: the refusals above are the gate's.
        owner = Client(served.base)
        agenda = owner.sign_in(served.path)
        assert "send the slides" in agenda.body
        assert owner.get("/contact/1").status == 200
    assert _state(pln) == before


def test_the_printed_link_signs_in_once(pln: Pln) -> None:
    _store(pln)
    with pln_serve() as served:
        wrong = Client(served.base).get("/?token=" + "A" * len(served.token))
        assert wrong.status == 403
        assert not wrong.all("set-cookie")
        _no_data(wrong)
        first = Client(served.base)
        signed = first.get(served.path)
        assert signed.status == 303
        assert signed.header("location") == "/"  # the token leaves the address bar
        cookie = signed.header("set-cookie") or ""
        flags = {f.strip().lower() for f in cookie.split(";")[1:]}
        assert {"httponly", "samesite=strict", "path=/"} <= flags, cookie
        assert first.get("/").status == 200
        again = Client(served.base).get(served.path)
        assert again.status == 403
        assert not again.all("set-cookie")
        _no_data(again)
        # Signed in, the used link leads home without a new session.
        assert first.get(served.path).status == 303
        assert not first.answers[-1].all("set-cookie")
    printed = "\n".join(served.out + served.err)
    assert printed.count(served.token) == 1  # printed once; never in an access log


def test_a_post_without_the_forms_csrf_token_changes_nothing(pln: Pln) -> None:
    _store(pln)
    before = _state(pln)
    with pln_serve() as served:
        owner = Client(served.base)
        token = owner.sign_in(served.path).csrf
        for path, fields in POSTS.items():
            for csrf in ({}, {"csrf": ""}, {"csrf": token[:-1] + "x"}):
                answer = owner.post(path, {**fields, **csrf})
                assert answer.status == 403, (path, csrf, answer.status)
                _no_data(answer)
        assert _state(pln) == before
        done = owner.follow(owner.post("/done", {"handle": "1", "csrf": token}))
        assert done.said == "Done #1: send the slides (Maya Okafor)"
    assert pln.json("follow-ups", "--all")[0]["status"] == "done"


def test_every_response_carries_the_security_headers(pln: Pln) -> None:
    _store(pln)
    with pln_serve() as served:
        owner = Client(served.base)
        owner.sign_in(served.path)
        owner.get("/static/pln.css")
        owner.get("/nowhere")
        owner.post("/done", {"handle": "1"})
        owner.post("/snooze", {"handle": "1", "until": "someday never", "csrf": ""})
        Client(served.base).get("/")
        statuses = {a.status for a in owner.answers}
        assert {200, 303, 403, 404} <= statuses
        for answer in owner.answers:
            csp = answer.header("content-security-policy") or ""
            assert "default-src 'self'" in csp
            assert "img-src 'self' data:" in csp
            assert answer.header("x-frame-options") == "DENY"
            assert answer.header("referrer-policy") == "no-referrer"
            assert answer.header("cache-control") == "no-store"
            assert re.fullmatch(r"app;dur=\d+\.\d", answer.header("server-timing") or "")
            for cookie in answer.all("set-cookie"):
                assert "httponly" in cookie.lower()
                assert "samesite=strict" in cookie.lower()


def test_an_error_is_one_line_with_its_status(pln: Pln) -> None:
    _store(pln)
    with pln_serve() as served:
        owner = Client(served.base)
        token = owner.sign_in(served.path).csrf
        bad_day = owner.post(
            "/snooze", {"handle": "1", "until": "the twelfth of never", "csrf": token}
        )
        assert bad_day.status == 400
        assert "the twelfth of never" in bad_day.said
        assert f"Agenda for {TODAY}" in bad_day.body  # said on the agenda, which is still there
        missing = owner.post("/done", {"handle": "99", "csrf": token})
        assert missing.status == 404
        assert missing.said
        nobody = owner.post("/log", {"ref": "nobody at all", "kind": "chat", "csrf": token})
        assert nobody.status == 404
        assert "nobody at all" in nobody.said
        twin = owner.post("/add", {"name": "Maya Okafor", "csrf": token})
        assert twin.status == 409
        assert "is already in your network" in twin.said
        assert 'name="new"' in twin.body  # "someone else", as --new
        for answer in (bad_day, missing, nobody, twin):
            assert "Traceback" not in answer.body
    assert [c["name"] for c in pln.json("list")] == ["Maya Okafor"]


def test_hostile_names_are_shown_as_text_on_every_page(pln: Pln) -> None:
    pln(
        "add-contact", HOSTILE, "--email", "h@example.org", "--note", "<img src=x onerror=alert(2)>"
    )
    pln("follow-up", "1", "<i>send</i> the \u2066slides", "--due", "today")
    pln("log", "1", "-m", "<script>alert(3)</script>")
    with pln_serve() as served:
        owner = Client(served.base)
        token = owner.sign_in(served.path).csrf
        pages = [
            owner.get("/"),
            owner.get("/search?q=maya"),
            owner.get("/contact/1"),
            owner.post("/add", {"name": HOSTILE, "csrf": token}),  # refused: known
            owner.post("/log", {"ref": "<script>", "kind": "chat", "csrf": token}),
            owner.get("/log?ref=" + "%3Cscript%3E"),
        ]
        said = owner.follow(owner.post("/done", {"handle": "1", "csrf": token}))
        for answer in [*pages, said]:
            body = answer.body
            for markup in ("<script>", "<b>", "<img", "<i>send", "\u202e", "\u2066"):
                assert markup not in body, (markup, body)
        shown = "&lt;script&gt;alert(1)&lt;/script&gt; Maya &lt;b&gt;Okafor&lt;/b&gt;"
        assert shown in pages[0].body
        assert "&lt;img src=x onerror=alert(2)&gt;" in pages[2].body
        assert "&lt;script&gt;alert(3)&lt;/script&gt;" in pages[2].body
        assert "Done #1: &lt;i&gt;send&lt;/i&gt; the slides" in said.said


def test_on_the_lan_the_link_still_needs_its_token(pln: Pln) -> None:
    _store(pln)
    with pln_serve("--lan") as served:
        assert served.token
        assert any("local network" in line for line in served.out)
        stranger = Client(served.base)
        answer = stranger.get("/")
        assert answer.status == 401
        _no_data(answer)
        assert stranger.get("/?token=guess").status == 403
        assert Client(served.base).sign_in(served.path).status == 200


def test_the_port_asked_for_and_one_in_use(pln: Pln) -> None:
    from servers import free_port

    _store(pln)
    port = free_port()
    with pln_serve("--port", str(port)) as served:
        assert served.url.startswith(f"http://127.0.0.1:{port}/?token=")
        taken = subprocess.run(
            [str(PLN), "serve", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
        assert taken.returncode == 6
        assert taken.stderr.strip() == f"pln: port {port} is in use: choose another with --port N"
        assert Client(served.base).sign_in(served.path).status == 200


def test_ctrl_c_stops_the_server_and_ends_its_session(pln: Pln) -> None:
    _store(pln)
    with pln_serve() as served:
        owner = Client(served.base)
        owner.sign_in(served.path)
        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(timeout=15) == 0
    assert served.out[-1].startswith("Stopped")
    assert not [line for line in served.err if "Traceback" in line]
    port = str(urlsplit(served.base).port)
    with pln_serve("--port", port) as again:  # sessions lived in the stopped server's memory
        assert owner.cookie
        assert owner.cookie.startswith(f"pln_session_{port}=")  # the same cookie's name
        assert Client(again.base, owner.cookie).get("/").status == 401


def test_a_web_change_is_taken_back_by_pln_undo(pln: Pln) -> None:
    _store(pln)
    with pln_serve() as served:
        owner = Client(served.base)
        token = owner.sign_in(served.path).csrf
        owner.follow(owner.post("/done", {"handle": "1", "csrf": token}))
        added = owner.follow(
            owner.post("/add", {"name": "Ana Lima", "tags": "math, k12", "csrf": token})
        )
        assert added.said.startswith("Added Ana Lima (#2)")
    history = pln("history").stdout
    assert "pln serve add-contact 'Ana Lima'" in history
    assert "pln serve done 1" in history
    pln("undo", "--yes")
    assert [c["name"] for c in pln.json("list")] == ["Maya Okafor"]
    pln("undo", "--yes")
    assert pln.json("follow-ups", "--all")[0]["status"] == "open"


def test_the_token_is_a_secret_of_the_terminal_only(pln: Pln) -> None:
    """The link is printed once, with its QR code: nothing else writes it."""
    _store(pln)
    with pln_serve() as served:
        pass
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", served.token)
    qr = [line for line in served.out if "\u2580" in line or "\u2584" in line]
    assert qr, served.out
    assert not any("\x1b" in line for line in served.out)


def test_a_page_is_sent_without_waiting_for_acknowledgements() -> None:
    """The socket `pln serve` binds says it is TCP, so that asyncio sets
    TCP_NODELAY on each connection: without it a page's body waited 40 ms for
    the delayed acknowledgement of its headers (benchmarks/web_pages.py)."""
    import asyncio
    import socket

    from plncrm.web import server

    listening = server.bind(server.LOOPBACK, None)

    async def nodelay() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            conn = writer.get_extra_info("socket")
            accepted.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        async with await asyncio.start_server(connected, sock=listening):
            _, writer = await asyncio.open_connection(server.LOOPBACK, server.port_of(listening))
            value = await asyncio.wait_for(accepted, 10)
            writer.close()
            return value

    # In a thread of its own: a browser test before it on this worker (Playwright's
    # sync API) leaves an event loop running on the main thread.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, nodelay()).result(timeout=30) == 1


def test_in_a_team_the_pages_are_the_members_own(pln: Pln) -> None:
    """PLN_USER names whose agenda the pages show and who recorded a change,
    as it does for the commands (on PostgreSQL, a team's store)."""
    _store(pln)
    pln("follow-up", "maya", "ana's call", "--assign", "ana")
    pln("follow-up", "maya", "bob's call", "--assign", "bob")
    pln("follow-up", "maya", "anyone's call", "--unassigned")
    with pln_serve(env={"PLN_USER": "ana"}) as served:
        owner = Client(served.base)
        agenda = owner.sign_in(served.path)
        assert "ana&#39;s call" in agenda.body
        assert "anyone&#39;s call" in agenda.body
        assert "bob&#39;s call" not in agenda.body
        assert "send the slides" not in agenda.body  # the tester's own
        owner.follow(owner.post("/add", {"name": "Grace Hopper", "csrf": agenda.csrf}))
    assert pln.json("show", "grace")["created_by"] == "ana"


def test_a_web_change_brings_the_calendar_up_to_date(pln: Pln, tmp_path: Path) -> None:
    """The calendar hook runs after a web change as after a command's."""
    folder = tmp_path / "calendar"
    folder.mkdir()
    pln("config", "calendar.dir", str(folder))
    _store(pln)
    assert [p.name for p in folder.glob("*.ics")] == ["pln-follow-up-1.ics"]
    with pln_serve() as served:
        owner = Client(served.base)
        token = owner.sign_in(served.path).csrf
        owner.follow(owner.post("/done", {"handle": "1", "csrf": token}))
        assert list(folder.glob("*.ics")) == []
