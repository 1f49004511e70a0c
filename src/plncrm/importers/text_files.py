"""Reading the text of files people export from other tools."""

from __future__ import annotations


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
