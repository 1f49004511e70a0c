"""What someone who can write the folder plants at a name pln is told to
write (`-o`, `--save`, `--draft-to`, `--eml`): a link to a FIFO, to a device,
to a victim file, or one swapped in while pln writes. `write_file` never opens
the name: it writes a new private file beside it and renames it over, so
nothing is ever written through a link, and it refuses (exit 9) a link, FIFO
or device it sees there without opening it, so nothing blocks."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import Pln
from plncrm.util.errors import FileError
from plncrm.util.files import write_file

PLN = Path(sys.executable).with_name("pln")
LEGIT = b"ssh-ed25519 AAAA legit key\n" * 3


def finishes(work: Callable[[], object], seconds: float = 20) -> None:
    """`work` returns (or raises) within `seconds`: it never blocked on a FIFO."""
    done = threading.Event()

    def run() -> None:
        try:
            work()
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), "blocked: something at the name was opened"


@pytest.mark.parametrize("planted", ["link-to-fifo", "fifo", "link-to-null", "link-to-file"])
def test_what_is_planted_at_the_name_is_refused_untouched(tmp_path: Path, planted: str) -> None:
    fifo, victim, target = tmp_path / "fifo", tmp_path / "victim", tmp_path / "card.svg"
    os.mkfifo(fifo)
    victim.write_bytes(LEGIT)
    if planted == "fifo":
        target = fifo
    else:
        where = {"link-to-fifo": fifo, "link-to-null": Path("/dev/null"), "link-to-file": victim}
        target.symlink_to(where[planted])
    caught: list[BaseException] = []

    def write() -> None:
        try:
            write_file(target, b"<svg/>")
        except FileError as exc:
            caught.append(exc)

    finishes(write)
    why = "a FIFO, not a regular file" if planted == "fifo" else "a symbolic link"
    assert [str(e) for e in caught] == [f"cannot write {target}: it is {why}" + _tail(planted)]
    assert victim.read_bytes() == LEGIT
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _tail(planted: str) -> str:
    return " (- writes to standard output)" if planted == "fifo" else "; name the real file"


def test_a_device_named_directly_is_refused_never_opened() -> None:
    with pytest.raises(FileError, match="it is a device or socket, not a regular file"):
        write_file(Path("/dev/null"), b"x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("with_fifo", [False, True])
def test_a_link_swapped_in_while_writing_is_replaced_never_written_through(
    tmp_path: Path, with_fifo: bool
) -> None:
    """A flipper swaps the name between a link to /dev/null, a link to a victim
    file, a link to a FIFO and a file, as fast as it can, while the writer
    runs many times: the victim never changes, nothing blocks, and the name
    ends as a link (refused) or as our own private file."""
    victim, fifo, target = tmp_path / "victim", tmp_path / "fifo", tmp_path / "card.svg"
    victim.write_bytes(LEGIT)
    os.mkfifo(fifo)
    stop = threading.Event()
    swaps = [0]

    def flip() -> None:
        spare = tmp_path / "spare"
        while not stop.is_set():
            for aim in ("/dev/null", str(victim), str(fifo) if with_fifo else "", ""):
                try:
                    spare.unlink(missing_ok=True)
                    if aim:
                        os.symlink(aim, spare)
                    else:  # a regular file for a while: written over
                        spare.write_bytes(b"regular")
                    os.replace(spare, target)
                    swaps[0] += 1
                except OSError:
                    pass

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the threads take turns between any two steps
    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    outcomes = {"written": 0, "refused": 0}
    reasons: set[str] = set()

    def write_many() -> None:
        # At least 2,000 writes, and on until the flipper has swapped 200 times and
        # both outcomes were seen: on a busy machine the flipper gets fewer turns.
        runs = 0
        while not stop.is_set() and (runs < 2000 or swaps[0] < 200 or not all(outcomes.values())):
            runs += 1
            try:
                write_file(target, b"<svg>PLN CARD</svg>")
                outcomes["written"] += 1
            except FileError as exc:
                reasons.add(str(exc).partition(": it is ")[2])
                outcomes["refused"] += 1
            assert victim.read_bytes() == LEGIT

    try:
        finishes(write_many, 240)
    finally:
        stop.set()
        flipper.join(10)
        sys.setswitchinterval(interval)
    assert swaps[0] >= 200
    assert outcomes["refused"] > 0
    assert outcomes["written"] > 0
    assert reasons == {"a symbolic link; name the real file"}
    assert victim.read_bytes() == LEGIT
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    if not target.is_symlink():
        assert target.read_bytes() in (b"<svg>PLN CARD</svg>", b"regular")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_folder_swapped_for_a_link_after_the_start_is_not_followed(tmp_path: Path) -> None:
    """The folder is opened once: a chunked export whose folder is renamed away
    and replaced by a link to another folder halfway ends in the folder it
    started in, never in the other one."""
    folder, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()

    def chunks() -> Iterator[bytes]:
        yield b"a,b\n"
        folder.rename(tmp_path / "moved")
        folder.symlink_to(elsewhere)
        yield b"1,2\n"

    write_file(folder / "export.csv", chunks())
    assert list(elsewhere.iterdir()) == []
    assert (tmp_path / "moved" / "export.csv").read_bytes() == b"a,b\n1,2\n"


def test_a_descriptor_it_was_given_is_written_through_the_descriptor(tmp_path: Path) -> None:
    read, write = os.pipe()
    try:
        write_file(f"/dev/fd/{write}", [b"through ", b"the pipe\n"])
        os.close(write)
        assert os.read(read, 100) == b"through the pipe\n"
    finally:
        os.close(read)
    closed = os.open(os.devnull, os.O_RDONLY)
    os.close(closed)
    with pytest.raises(FileError, match="not open"):
        write_file(f"/dev/fd/{closed}", b"x")


@pytest.mark.parametrize(
    "command",
    [
        ["card", "-o", "{target}"],
        ["event", "poster", "Expo", "-o", "{target}", "--offer", "Tips"],
        ["export", "csv", "-o", "{target}"],
        ["report", "--html", "{target}"],
    ],
)
def test_commands_refuse_a_link_to_a_fifo_at_once(
    pln: Pln, pln_db: Path, tmp_path: Path, command: list[str]
) -> None:
    pln("config", "my-name", "Pat Partner")
    pln("event", "add", "Expo", "--on", "2026-12-01")
    pln("resource", "add", "Tips", "--link", "https://example.org/tips")
    fifo = tmp_path / "fifo"
    target = tmp_path / ("out.html" if command[0] == "report" else "out.svg")  # --html: a page
    os.mkfifo(fifo)
    target.symlink_to(fifo)
    args = [a.replace("{target}", str(target)) for a in command]
    result = subprocess.run([str(PLN), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 9, result.stderr
    assert (
        result.stderr == f"pln: cannot write {target}: it is a symbolic link; name the real file\n"
    )
    assert target.is_symlink()


@pytest.mark.parametrize("planted", ["fifo", "link"])
def test_a_backup_refuses_a_fifo_or_link_at_its_name(
    pln: Pln, pln_db: Path, tmp_path: Path, planted: str
) -> None:
    """`pln backup` renames its copy over the name: a FIFO or a device there is
    refused as a link is, not replaced (as root, /dev/null would have been)."""
    pln("add-contact", "Ana")
    target = tmp_path / "copy.db"
    if planted == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(tmp_path / "elsewhere.db")
    result = pln("backup", str(target), ok=False)
    assert result.exit_code == 9
    why = "a FIFO, not a regular file" if planted == "fifo" else "a symbolic link"
    assert f"cannot write {target}: it is {why}" in result.stderr
    assert stat.S_ISFIFO(os.lstat(target).st_mode) == (planted == "fifo")
    assert target.is_symlink() == (planted == "link")
    assert not (tmp_path / "elsewhere.db").exists()
