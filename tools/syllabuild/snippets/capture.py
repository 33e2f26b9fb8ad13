"""What the worker keeps of a run's stdout and stderr files: all of a snippet's part within its
`max_output`, else its start and end with one line saying what was cut.

The limit counts bytes and lines (one line per `BYTES_PER_LINE` bytes of it: 2,048 for 100 KiB),
since a page spends far more on a line of output than on its text. The child writes straight to
files in its scratch folder; the worker reads only the head and the tail of an over-long part,
so 50 MB of prints never sit whole in memory, the cache or a page. Runs in the warm worker:
standard library only.
"""

from __future__ import annotations

import os

from syllabuild.sizes import format_size

__all__ = ["BYTES_PER_LINE", "about_size", "cut_notice", "line_limit", "read_output"]

BYTES_PER_LINE = 50
_CHUNK = 1 << 20


def line_limit(limit: int) -> int:
    """Lines kept under a `max_output` of `limit` bytes."""
    return max(2, limit // BYTES_PER_LINE)


def read_output(path: str, start: int, end: int | None, limit: int) -> str:
    """The text of bytes `start`..`end` of `path` (`end` None: to the end of the file), cut to `limit`.

    Invalid UTF-8 becomes U+FFFD. Over the limit (in bytes or lines), the first and the last half
    are kept, cut at a line break where there is one near the cut, around `cut_notice`.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return ""
    with handle:
        size = handle.seek(0, os.SEEK_END)
        end = size if end is None else min(end, size)
        length = max(0, end - start)
        lines = line_limit(limit)
        if length <= limit:
            handle.seek(start)
            data = handle.read(length)
            if data.count(b"\n") <= lines:
                return _text(data)
        half, half_lines = limit // 2, lines // 2
        handle.seek(start)
        head = _first_lines(_start_cut(handle.read(min(half, length))), half_lines)
        tail_from = max(start + len(head), end - half)
        handle.seek(tail_from)
        tail = _last_lines(_end_cut(handle.read(end - tail_from)), half_lines)
        cut_from, cut_to = start + len(head), end - len(tail)
        before = _text(head)
        if before and not before.endswith("\n"):
            before += "\n"
        notice = cut_notice(cut_to - cut_from, _count_lines(handle, cut_from, cut_to), limit)
        return f"{before}{notice}\n{_text(tail)}"


def cut_notice(size: int, lines: int, limit: int) -> str:
    """`… 49.9 MiB (812,345 lines) cut from the middle of this output; the limit is max_output: 100 KiB …`"""
    counted = f" ({lines:,} line{'' if lines == 1 else 's'})" if lines else ""
    return (f"… {about_size(size)}{counted} cut from the middle of this output; "
            f"the limit is max_output: {format_size(limit)} or {line_limit(limit):,} lines …")


def _start_cut(head: bytes) -> bytes:
    """The first part, ending at its last line break if that is in its second half, else at a character."""
    newline = head.rfind(b"\n")
    return head[:newline + 1] if newline >= len(head) // 2 else _whole_characters(head)


def _end_cut(tail: bytes) -> bytes:
    """The last part, starting after its first line break if that is in its first half, else at a character."""
    newline = tail.find(b"\n")
    return tail[newline + 1:] if 0 <= newline < len(tail) // 2 else tail[_continuation_bytes(tail):]


def _first_lines(data: bytes, count: int) -> bytes:
    at = -1
    for _ in range(count):
        at = data.find(b"\n", at + 1)
        if at < 0:
            return data
    return data[:at + 1]


def _last_lines(data: bytes, count: int) -> bytes:
    at = len(data) - 1 if data.endswith(b"\n") else len(data)
    for _ in range(count):
        at = data.rfind(b"\n", 0, at)
        if at < 0:
            return data
    return data[at + 1:]


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _count_lines(handle, start: int, end: int) -> int:
    handle.seek(start)
    lines, left = 0, end - start
    while left > 0:
        chunk = handle.read(min(_CHUNK, left))
        if not chunk:
            break
        lines += chunk.count(b"\n")
        left -= len(chunk)
    return lines


def _whole_characters(data: bytes) -> bytes:
    """`data` without a UTF-8 sequence cut short at its end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data
        if byte >= 0xC0:  # a lead byte: keep it only if its sequence is complete
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data if back >= length else data[:-back]
    return data


def _continuation_bytes(data: bytes) -> int:
    """How many UTF-8 continuation bytes `data` starts with (the rest of a cut character)."""
    count = 0
    while count < min(3, len(data)) and 0x80 <= data[count] < 0xC0:
        count += 1
    return count


def about_size(size: int) -> str:
    """`52345678` → `49.9 MiB`: three digits at most, for messages."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            value = size / factor
            shown = f"{value:.1f}".removesuffix(".0") if value < 100 else f"{value:.0f}"
            return f"{shown} {unit}"
    return f"{size} B"
