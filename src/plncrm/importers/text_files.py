"""Reading the text of files people export from other tools."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from plncrm.util.bounds import MAX_FIELD_BYTES


def encoding_of(data: bytes) -> str:
    """The codec `decode` would use, for reading the bytes as a stream without
    holding a second copy of them as text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 16):  # validate in chunks: no full copy
            decoder.decode(view[start : start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def text_stream(data: bytes) -> io.TextIOWrapper:
    """The bytes as a text stream (universal newlines off, as csv wants)."""
    return io.TextIOWrapper(
        io.BytesIO(data), encoding=encoding_of(data), errors="replace", newline=""
    )


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_reader(stream: Iterable[str], dialect: Any = "excel") -> Any:
    """A strict csv.reader whose cells may be as long as `bounds` allows: a
    quote left open is an error rather than the rest of the file as one cell."""
    csv.field_size_limit(MAX_FIELD_BYTES)
    return csv.reader(stream, dialect, strict=True)


def csv_rows(reader: Any) -> Iterator[tuple[int, list[str]] | tuple[int, csv.Error]]:
    """Each row of a csv.reader with the line it starts on; a row the csv
    module cannot read comes as its error instead, in plain words, and reading
    goes on."""
    while True:
        line = reader.line_num + 1
        try:
            yield line, next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, csv.Error(_plain(str(exc), line, reader.line_num))


def _plain(message: str, line: int, last: int) -> str:
    if "unexpected end of data" in message:
        swallowed = f"; lines {line}–{last} were read as one cell" if last > line else ""
        return f"a quote opened on line {line} is never closed{swallowed}"
    if "field larger than field limit" in message:
        return f"a cell is longer than {MAX_FIELD_BYTES:,} characters"
    return message
