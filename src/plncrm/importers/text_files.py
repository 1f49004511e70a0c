"""Reading the text of files people export from other tools."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(reader: Any) -> Iterator[tuple[int, list[str]] | tuple[int, csv.Error]]:
    """Each row of a csv.reader with the line it starts on; a row the csv
    module cannot read comes as its error instead, and reading goes on."""
    while True:
        line = reader.line_num + 1
        try:
            yield line, next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, exc
