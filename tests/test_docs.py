"""The README, CONTRIBUTING, CHANGELOG and docs/ say what is true: examples name real commands and
options (checked against --help), generated tables match the code, links and versions hold."""

from __future__ import annotations

import functools
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plncrm.cli import app

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
DOCS = [
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "CHANGELOG.md",
    *sorted((ROOT / "docs").glob("*.md")),
]


@functools.cache
def _groups() -> frozenset[str]:
    """The commands that have subcommands, as the CLI declares them (a list
    kept here missed `pln org`, and its examples were checked against the group)."""
    return frozenset(path[0] for path in _commands() if len(path) == 2)


def examples() -> list[list[str]]:
    text = README.read_text()
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["pln"]:
                found.append(words[1:])
    return found


def command_path(words: list[str]) -> list[str]:
    path = [words[0]]
    if words[0] in _groups() and len(words) > 1 and not words[1].startswith("-"):
        path.append(words[1])
    return path


@pytest.mark.parametrize("words", examples(), ids=lambda w: " ".join(w[:3]))
def test_readme_example_matches_help(words: list[str]) -> None:
    path = command_path(words)
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (path, result.stdout, result.stderr)
    for option in [w.split("=")[0] for w in words if w.startswith("--")]:
        assert option in result.stdout, f"{option} is not an option of pln {' '.join(path)}"


def test_the_readme_has_examples() -> None:
    assert len(examples()) > 40


def _commands() -> list[list[str]]:
    """Every command path of `pln`, subcommands of groups included."""
    import typer.main

    root = typer.main.get_command(app)
    paths: list[list[str]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        paths.append([name])
        paths += [[name, sub] for sub in subcommands or {}]
    return paths


def _options(path: list[str]) -> list[str]:
    import typer.main

    command = typer.main.get_command(app)
    for word in path:
        command = command.commands[word]  # type: ignore[attr-defined]
    return [
        opt
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt not in ("--help", "--json")
    ]


def test_every_command_and_option_is_in_the_readme() -> None:
    documented = [" ".join(words) for words in examples()]
    text = README.read_text()
    missing = [
        " ".join(p) for p in _commands() if not any(d.startswith(" ".join(p)) for d in documented)
    ]
    assert missing == [], f"commands with no example in the README: {missing}"
    for path in _commands():
        for option in _options(path):
            assert option in text, f"pln {' '.join(path)} {option} is not in the README"


def test_every_command_has_a_place_in_the_help_order() -> None:
    from plncrm.cli.root import COMMAND_ORDER

    assert sorted(p[0] for p in _commands() if len(p) == 1) == sorted(COMMAND_ORDER)


def test_the_urgency_table_is_the_one_in_the_code() -> None:
    from plncrm.agenda.rank import urgency_table

    block = re.search(
        r"<!-- urgency:start -->\n(.*?)\n<!-- urgency:end -->", README.read_text(), re.S
    )
    assert block is not None
    assert block[1] == urgency_table(), "paste urgency_table() into the README"


def test_import_csv_help_names_every_field_map_takes() -> None:
    from plncrm.cli.imports import import_csv
    from plncrm.importers.csv_import import FIELDS

    doc = " ".join((import_csv.__doc__ or "").split())
    assert [f for f in FIELDS if f != "uid" and f not in doc] == []


def test_help_names_values_plainly() -> None:
    """Choices by name, values by the option's name; never a Python type."""
    for path in _commands():
        result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, path
        for typed in ("<str>", "<int", "<list[", "<float>", "<bool>", "<Path>", "<path>"):
            assert typed not in result.stdout, (path, typed)
    kinds = CliRunner().invoke(app, ["log", "--help"], env={"COLUMNS": "200"}).stdout
    assert "--kind [meeting|call|email|" in kinds
    assert "--on ON" in kinds


def test_the_readme_screens_are_what_pln_prints(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tour's sample screens, replayed on a fresh store at 80 columns."""
    from helpers import Pln

    section = README.read_text().split("### What the screens look like", 1)[1]
    setup = re.search(r"```sh\n(.*?)```", section, re.S)
    screens = re.search(r"```text\n(.*?)```", section, re.S)
    assert setup
    assert screens
    monkeypatch.setenv("COLUMNS", "80")
    pln = Pln()
    for line in setup.group(1).splitlines():
        pln(*shlex.split(line)[1:])
    shown = re.split(r"^\$ pln (.*)$", screens.group(1), flags=re.M)[1:]
    assert len(shown) >= 4  # due and show, at least
    for command, expected in zip(shown[::2], shown[1::2], strict=True):
        out = pln(*shlex.split(command)).stdout
        assert [x.rstrip() for x in out.strip().splitlines()] == expected.strip().splitlines(), (
            command
        )


def test_the_design_tree_names_every_package() -> None:
    """docs/design.md's tree of src/plncrm lists each package, and only those."""
    text = (ROOT / "docs" / "design.md").read_text()
    tree = re.search(r"```\nsrc/plncrm/\n(.*?)```", text, re.S)
    assert tree is not None
    listed = re.findall(r"^  (\w+)/", tree[1], re.M)
    packages = sorted(p.parent.name for p in (ROOT / "src" / "plncrm").glob("*/__init__.py"))
    assert sorted(listed) == packages


def _relative_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_at_files_that_exist(path: Path) -> None:
    missing = [t for t in _relative_links(path) if not (path.parent / t.split("#")[0]).exists()]
    assert missing == []


def test_the_docs_link_to_each_other() -> None:
    assert {"docs/design.md", "docs/performance.md"} <= set(_relative_links(README))


def test_the_readme_is_a_guide_of_at_most_480_lines() -> None:
    """Details go to docs/, which the README links to."""
    assert len(README.read_text().splitlines()) <= 480


def _versions() -> list[tuple[str, str]]:
    """(version, date) of each release section of CHANGELOG.md, in the file's order."""
    text = (ROOT / "CHANGELOG.md").read_text()
    return re.findall(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", text, re.M)


def test_the_newest_changelog_section_is_the_packages_version() -> None:
    project = (ROOT / "pyproject.toml").read_text().split("[project]", 1)[1]
    version = re.search(r'^version = "([^"]+)"$', project, re.M)
    assert version is not None
    assert _versions()[0][0] == version[1]
    # What `pln --version` and the Bluesky client's User-Agent say.
    from plncrm import __version__

    assert __version__ == version[1]


def test_changelog_releases_run_newest_first() -> None:
    releases = _versions()
    numbers = [tuple(int(n) for n in v.split(".")) for v, _ in releases]
    assert numbers == sorted(numbers, reverse=True)
    dates = [d for _, d in releases]
    assert dates == sorted(dates, reverse=True)


BOOTH_VISITORS = [  # the three who fill in the kiosk's form in the README's booth day
    {"name": "Seán O'Connell", "email": "sean@dublin.ie", "resource": "1", "invite": "yes"},
    {"name": "Maya Lin", "email": "maya@oak.edu", "resource": "1"},
    {"name": "田中 浩", "email": "hiroshi@kyoto.ed.jp", "invite": "yes"},
]


def test_the_readme_booth_day_is_what_pln_prints(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The booth day: the README's set-up lines, the kiosk's visitors recorded
    as the kiosk records them, what it says when stopped, the next morning."""
    from datetime import date

    from helpers import Pln
    from plncrm.cli.environment import Environment
    from plncrm.cli.kiosk import taken
    from plncrm.importers import visitors
    from plncrm.web.kiosk import Tally

    section = README.read_text().split("### At the booth", 1)[1]
    setup = re.search(r"```sh\n(.*?)```", section, re.S)
    screens = re.search(r"```text\n(.*?)```", section, re.S)
    assert setup
    assert screens
    monkeypatch.setenv("COLUMNS", "80")
    pln = Pln()
    for line in setup.group(1).splitlines():
        words = shlex.split(line, comments=True)[1:]
        if words[:2] in (["resource", "add"], ["event", "add"]):
            pln(*words)
    shown = re.split(r"^\$ pln (.*)$", screens.group(1), flags=re.M)[1:]
    (kiosk, stopped), (due, morning) = zip(shown[::2], shown[1::2], strict=True)
    words = shlex.split(kiosk)
    assert words[:2] == ["serve", "--kiosk"]
    event = words[2]
    pairs = list(zip(words[3::2], words[4::2], strict=True))
    env = Environment(db=store_url)
    with env.reading() as reader:
        at = visitors.booth(
            reader,
            event,
            [v for o, v in pairs if o == "--offer"],
            next(v for o, v in pairs if o == "--invite"),
            [v for o, v in pairs if o == "--interest"],
        )
    met_on = date.fromisoformat(pln.json("event", "show", event)["starts_on"])
    for visitor in BOOTH_VISITORS:
        form = {k: [v] for k, v in {**visitor, "consent": "yes"}.items()}
        with env.writing() as db:
            visitors.record(db, at, visitors.read_visit(form, at), met_on)
    assert stopped.strip() == "Stopped. " + taken(Tally(kept=len(BOOTH_VISITORS)), at.event_name)
    out = pln(*shlex.split(due)).stdout
    assert [x.rstrip() for x in out.strip().splitlines()] == morning.strip().splitlines()


WEBINAR_VISITORS = [  # met at the booth, then invited to the webinar in the README's events section
    ("Derek Washington", "derek.washington@oswego308.example"),
    ("Siobhan O'Brien", "sobrien@oswego308.example"),
    ("王小明", "xiaoming.wang@school.example"),
]


def _runs_in(expected: list[str], shown: list[str]) -> bool:
    """Whether the lines are one run of the screen's lines: the README shows excerpts."""
    return any(shown[i : i + len(expected)] == expected for i in range(len(shown)))


def test_the_readme_webinar_is_what_pln_prints(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The events section's webinar: its `event add` and `event invite` lines
    (the invitations recorded, not sent) to visitors met at a booth, then the
    excerpts of its screens, on the day after, with Zoom's attendee report of
    tests/fixtures/events."""
    from datetime import date

    from helpers import Pln

    section = README.read_text().split("### Events and communities", 1)[1]
    setup = re.search(r"```sh\n(.*?)```", section, re.S)
    screens = re.search(r"```text\n(.*?)```", section, re.S)
    assert setup
    assert screens
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(ROOT / "tests" / "fixtures" / "events")
    before = Pln(day=date(2026, 10, 30))
    lines = [shlex.split(line, comments=True)[1:] for line in setup.group(1).splitlines()]
    [add] = [w for w in lines if w[:2] == ["event", "add"] and "--hosted" in w]
    before(*add)
    for name, email in WEBINAR_VISITORS:
        before("add-contact", name, "--email", email, "--met-at", "IRC 2026", "--met-on", "Oct 30")
    [invite] = [w for w in lines if w[:2] == ["event", "invite"]]
    before(*[w for w in invite if w != "--send"])
    after = Pln(day=date(2026, 11, 19))
    shown = re.split(r"^\$ pln (.*)$", screens.group(1), flags=re.M)[1:]
    assert len(shown) == 6
    for command, expected in zip(shown[::2], shown[1::2], strict=True):
        out = [x.rstrip() for x in after(*shlex.split(command)).stdout.splitlines()]
        assert _runs_in(expected.strip("\n").splitlines(), out), (command, out)
