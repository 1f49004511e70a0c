"""`undo_last` means "take back what I just did" (issue 32, a tester's
finding): once the user has taken the assistant's newest step back in pln, a
call that took back the assistant's step before it instead undid something
nobody asked to undo. Driven through the SDK's own stdio client."""

from __future__ import annotations

from helpers import Pln
from mcp_client import mcp_client


def _needs(pln: Pln) -> list[str]:
    return list(pln.json("show", "ana")["needs"])


def test_undo_last_refuses_once_its_last_step_was_undone_in_pln(pln: Pln, store_url: str) -> None:
    pln("add-contact", "Ana Lima")
    with mcp_client(store_url) as server:
        server.call("set_needs_offers", person="ana", needs=["a co-presenter"])
        server.call("log_interaction", people=["ana"], note="coffee about the talk")
        last = pln.json("history")[0]
        assert last["command"].startswith("mcp: log_interaction")
        pln("undo", "--yes")  # the user takes the assistant's last step back
        refused = server.fails("undo_last")
        assert f"your last change, #{last['id']}" in refused
        assert "was already undone in pln: nothing was taken back" in refused
        assert "only if the user asks" in refused
        assert _needs(pln) == ["a co-presenter"]  # the step before it stands
        undone = server.call("undo_last")  # asked again: the step before it
        assert undone["command"].startswith("mcp: set_needs_offers")
        assert _needs(pln) == []
        assert "not one this assistant made" in server.fails("undo_last")
