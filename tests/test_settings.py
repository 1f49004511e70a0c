"""Each setting is stated once (`reads.settings.SETTINGS`): `pln config`, its
`--help`, the check of a new value, the defaults of `Preferences` and the
settings table in docs/settings.md all come from there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import Pln
from plncrm.reads import settings
from plncrm.reads.settings import SETTINGS, Preferences, check_setting

SETTINGS_PAGE = Path(__file__).parents[1] / "docs" / "settings.md"


def test_the_readme_settings_table_is_the_one_in_the_code() -> None:
    block = re.search(
        r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", SETTINGS_PAGE.read_text(), re.S
    )
    assert block is not None
    assert block[1] == settings.settings_table(), "paste settings_table() into docs/settings.md"


def test_pln_config_lists_every_setting_with_its_default(pln: Pln) -> None:
    lines = pln("config").stdout.splitlines()
    assert [line.split()[0] for line in lines] == [s.key for s in SETTINGS]
    for setting, line in zip(SETTINGS, lines, strict=True):
        shown = f"{setting.key} = {setting.default}  (default)"
        assert line == (shown if setting.default else f"{setting.key}  (not set)")


def test_pln_config_shows_a_changed_setting_with_its_default(pln: Pln) -> None:
    pln("config", "guard-days", "4")
    pln("config", "cadence.Board", "every 2 months")
    lines = pln("config").stdout.splitlines()
    assert "guard-days = 4  (default: 2)" in lines
    assert "cadence.board = 2 months  (default: none)" in lines
    assert "cadence.TAG  (not set)" not in lines  # the family shows its members
    assert pln("config", "guard-days").stdout == "guard-days = 4\n"  # one: as it is, for scripts


def test_pln_config_help_names_every_setting_with_its_help_and_default() -> None:
    from typer.testing import CliRunner

    from plncrm.cli import app

    result = CliRunner().invoke(app, ["config", "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for setting in SETTINGS:
        described = " ".join(setting.help.split())
        if setting.default:
            described += f" (default: {setting.default})"
        assert f"{setting.key} {described}" in text
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_preferences_default_to_their_settings() -> None:
    defaults = {s.key: s.default for s in SETTINGS}
    prefs = Preferences()
    assert str(prefs.guard_days) == defaults["guard-days"]
    assert str(prefs.intro_wait_days) == defaults["intro-wait-days"]
    assert ",".join(sorted(prefs.important_tags)) == defaults["important-tags"]
    assert (prefs.my_name, prefs.phone_region) == (defaults["my-name"], defaults["phone-region"])
    assert dict(prefs.tag_cadences) == {}


def test_every_default_passes_its_own_check() -> None:
    for setting in SETTINGS:
        key = setting.key.replace(".TAG", ".board")
        if setting.default:
            assert check_setting(key, setting.default) == (key, setting.default)


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        (" Guard-Days ", " 3 ", ("guard-days", "3")),
        ("cadence.Board", "every 2 months", ("cadence.board", "2 months")),
        ("important-tags", "Board, funders,board", ("important-tags", "board,funders")),
        ("phone-region", " gb ", ("phone-region", "GB")),
        ("date-order", "DMY", ("date-order", "dmy")),
        ("notify.alarm", "Off", ("notify.alarm", "off")),
        ("notify.only-urgent", "True", ("notify.only-urgent", "yes")),
        ("notify.quiet-hours", "", ("notify.quiet-hours", "")),
    ],
)
def test_a_value_is_stored_as_its_check_says(key: str, value: str, stored: tuple[str, str]) -> None:
    assert check_setting(key, value) == stored


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("colour", "red", "unknown setting 'colour'; known: guard-days, "),
        ("notify.colour", "red", "unknown setting 'notify.colour'"),
        ("cadence.", "monthly", "name a tag: cadence.TAG"),
        ("guard-days", "3000000", "between 0 and 365"),
        ("history-size", "0", "history-size"),
        ("intro-wait-days", "soon", "intro-wait-days takes a whole number of days, not 'soon'"),
        ("date-order", "myd", "date-order takes mdy, dmy, ymd"),
        ("phone-region", "Narnia", "not a region code: 'Narnia'"),
        ("notify.only-urgent", "maybe", "notify.only-urgent takes yes or no, not 'maybe'"),
    ],
)
def test_a_bad_value_is_refused_saying_why(key: str, value: str, said: str) -> None:
    from plncrm.util.errors import Invalid

    with pytest.raises(Invalid) as refused:
        check_setting(key, value)
    assert said in refused.value.message
