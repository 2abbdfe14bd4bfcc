"""Tiny real ``.xls`` workbooks for the tests, written by hand (no library
here writes the old Excel format): one BIFF8 worksheet of text, number,
boolean, error and date cells, in an OLE2 compound document as Excel saves
it. Only what a reader needs: the date mode, a General and a date cell
format, the sheet, its cells."""

from __future__ import annotations

import struct
from datetime import datetime
from pathlib import Path

#: A cell: text, a number, a bool, an error code (``("#", 42)`` is #N/A),
#: a datetime (a date cell) or None (no cell).
Cell = str | float | bool | tuple[str, int] | datetime | None

_GENERAL, _DATE = 0, 1  # XF indices: General, and built-in format 14 (a date)
_EPOCHS = {0: datetime(1899, 12, 30), 1: datetime(1904, 1, 1)}
_END, _FREE, _FAT_SECTOR, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _record(code: int, data: bytes) -> bytes:
    return struct.pack("<HH", code, len(data)) + data


def _cell(row: int, col: int, value: Cell, datemode: int) -> bytes:
    if value is None:
        return b""
    if isinstance(value, tuple):
        return _record(0x0205, struct.pack("<HHHBB", row, col, _GENERAL, value[1], 1))
    if isinstance(value, bool):
        return _record(0x0205, struct.pack("<HHHBB", row, col, _GENERAL, int(value), 0))
    if isinstance(value, datetime):
        serial = (value - _EPOCHS[datemode]).total_seconds() / 86400
        return _record(0x0203, struct.pack("<HHHd", row, col, _DATE, serial))
    if isinstance(value, int | float):
        return _record(0x0203, struct.pack("<HHHd", row, col, _GENERAL, float(value)))
    text = value.encode("utf-16-le")  # LABEL, BIFF8: uncompressed UTF-16
    return _record(0x0204, struct.pack("<HHHHB", row, col, _GENERAL, len(value), 1) + text)


def biff8_stream(rows: list[list[Cell]], datemode: int = 0) -> bytes:
    """The Workbook stream: globals (date mode, two XFs, the sheet), then the sheet."""
    bof = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    xfs = b"".join(
        _record(0x00E0, struct.pack("<HHHBBBBIiH", 0, fmt, 0xFFF5 if i == 0 else 0x0001,
                                    0x20, 0, 0, 0, 0, 0, 0x20C0))
        for i, fmt in enumerate((0, 14))
    )  # fmt: skip
    head = bof + _record(0x0022, struct.pack("<H", datemode)) + xfs
    name = b"\x06\x00Sheet1"  # length, compressed (8-bit) flag, characters
    boundsheet_size = 4 + 6 + len(name)
    eof = _record(0x000A, b"")
    sheet_at = len(head) + boundsheet_size + len(eof)
    globals_ = head + _record(0x0085, struct.pack("<iBB", sheet_at, 0, 0) + name) + eof
    width = max((len(row) for row in rows), default=0)
    cells = b"".join(
        _cell(r, c, value, datemode) for r, row in enumerate(rows) for c, value in enumerate(row)
    )
    sheet = (
        _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
        + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        + cells
        + eof
    )
    return globals_ + sheet


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NONE, _NONE, child)
        + bytes(16 + 4 + 16)  # class id, state bits, times
        + struct.pack("<III", start, size, 0)
    )


def compound_document(stream: bytes) -> bytes:
    """``stream`` as the Workbook stream of an OLE2 compound document (512-byte
    sectors; padded to at least 4096 bytes, so that it is no mini stream)."""
    data = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    count = len(data) // 512
    directory_at, fat_at = count, count + 1
    fat = [*range(1, count), _END, _END, _FAT_SECTOR]
    fat_sector = struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat)))
    directory = (
        _entry("Root Entry", 5, 1, _END, 0)
        + _entry("Workbook", 2, _NONE, 0, len(data))
        + _entry("", 0, _NONE, 0, 0) * 2
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, directory_at, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", fat_at, *[_FREE] * 108)
    )
    return header + data + directory + fat_sector


def write_xls(path: Path, rows: list[list[Cell]], datemode: int = 0) -> Path:
    """A one-sheet ``.xls`` workbook of ``rows`` (row 1 first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compound_document(biff8_stream(rows, datemode)))
    return path
