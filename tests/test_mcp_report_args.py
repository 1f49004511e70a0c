"""`report_summary`'s arguments as the assistant gives them (issue 32, a
tester's finding): `since` and `period` together were settled silently in
favour of `period`, where `pln report` refuses; and its errors named the
command's flags (`--since`), which the assistant cannot type. Driven through
the SDK's own stdio client."""

from __future__ import annotations

from helpers import TODAY, Pln
from mcp_client import mcp_client

# Each wrong call, and what its refusal must say.
WRONG = (
    ({"since": "30 days ago", "period": "2026-11"}, "since and period both name the period"),
    ({"since": "2027-01-01"}, "since must be a day in the past"),
    ({"period": "..2026-11-30"}, "since (a day) for everything from a day"),
    ({"period": "2026-13"}, "not a period: '2026-13'"),
    ({"period": "2027-01..2027-02"}, "the period has not started yet"),
    ({"since": "someday"}, "cannot read date 'someday'"),
    ({"member": "-x"}, "not a member name"),
    ({"period": "1900-01", "compare": True}, "nothing before 1900 to compare with"),
)


def test_report_summary_refuses_as_the_command_does_in_the_tools_words(
    pln: Pln, store_url: str
) -> None:
    pln("add-contact", "Ana Lima")
    assert TODAY.year == 2026  # the days above are in the past or to come as they say
    with mcp_client(store_url) as server:
        for arguments, said in WRONG:
            refused = server.fails("report_summary", **arguments)
            assert said in refused, (arguments, refused)
            assert "--" not in refused, (arguments, refused)  # no flag the assistant cannot type
        assert server.call("report_summary")["period"] == pln.json("report")["period"]
        alone = server.call("report_summary", period="2026-11")
        assert alone["period"] == pln.json("report", "--period", "2026-11")["period"]
