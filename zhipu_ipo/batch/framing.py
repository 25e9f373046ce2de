"""Batch framing: the input read in blocks of whole lines, in linear time and flat memory; notes on stderr.

The limits live here, and are read when used (a test may patch them on this module).
"""

from __future__ import annotations

from ..errors import InputError
from ..tuples import named_tuple

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import IO, Iterator

#: The longest input line, in bytes (without its newline); a longer line is answered with an error.
MAX_LINE_BYTES = 1 << 20
#: Input is handled in blocks of about this many bytes (some 4,000 lines of a typical request):
#: one task and one write per block, and at most two blocks per worker in flight.
BLOCK_BYTES = 1 << 18


class Block(named_tuple("Block", "first data too_long", defaults=(0,))):
    """Whole input lines numbered from ``first``; or, with ``too_long`` > 0, one line of that many
    bytes that was discarded as it was read."""

    __slots__ = ()
    first: int
    data: bytes
    too_long: int


def too_long(length: int) -> str:
    return f"the line is {length:,} bytes, more than the limit of {MAX_LINE_BYTES:,} bytes (1 MiB)"


def block_lines(block: Block) -> list[str | InputError]:
    """The block's lines as text; a line that is not UTF-8 or is too long as the error to answer."""
    if block.too_long:
        return [InputError(too_long(block.too_long))]
    data = block.data[:-1] if block.data.endswith(b"\n") else block.data
    try:
        lines: list[str | InputError] = list(data.decode("utf-8").split("\n"))
    except UnicodeDecodeError:
        lines = []
        for raw in data.split(b"\n"):
            try:
                lines.append(raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                lines.append(InputError(f"not valid UTF-8 (byte {error.start + 1:,} of the line)"))
    if len(block.data) > MAX_LINE_BYTES:  # only when a block is larger than a line may be
        raw_lines = data.split(b"\n")
        for index, raw in enumerate(raw_lines):
            if len(raw) > MAX_LINE_BYTES:
                lines[index] = InputError(too_long(len(raw)))
    return lines


def _read(stream: IO[bytes]) -> bytes:
    try:
        return stream.read(BLOCK_BYTES)
    except OSError as error:  # not a failure to write: say what it is
        raise InputError(f"cannot read the input: {error.strerror or error}") from None


def blocks(stream: IO[bytes]) -> Iterator[Block]:
    """The input as blocks of whole lines, read BLOCK_BYTES at a time, in linear time and bounded memory.

    A line still open when more than MAX_LINE_BYTES of it has been read is
    discarded up to its newline (or the end of input) and comes out as a
    ``too_long`` block: ``batch < /dev/zero`` reads on with flat memory.
    """
    number = 1
    pieces: list[bytes] = []  # the open line, when it spans reads
    held = 0  # bytes in pieces
    skipped = -1  # bytes of an overlong open line discarded so far (-1: none)
    limit = MAX_LINE_BYTES
    while data := _read(stream):
        if pieces or skipped >= 0:
            cut = data.find(b"\n")
            if cut < 0:
                if skipped >= 0:
                    skipped += len(data)
                elif held + len(data) > limit:
                    skipped, pieces, held = held + len(data), [], 0
                else:
                    pieces.append(data)
                    held += len(data)
                continue
            length = (skipped if skipped >= 0 else held) + cut
            if skipped >= 0 or length > limit:
                yield Block(number, b"", length)
                number += 1
                data = data[cut + 1:]
            else:
                pieces.append(data)
                data = b"".join(pieces)
            pieces, held, skipped = [], 0, -1
        cut = data.rfind(b"\n") + 1
        if cut:
            block = data[:cut] if cut < len(data) else data
            yield Block(number, block)
            number += block.count(b"\n")
        if cut < len(data):
            rest = data[cut:]
            if len(rest) > limit:
                skipped = len(rest)
            else:
                pieces, held = [rest], len(rest)
    if skipped >= 0:
        yield Block(number, b"", skipped)
    elif pieces:
        yield Block(number, b"".join(pieces))


def write_note(err: IO[str] | None, text: str) -> None:
    """Notes on stderr; nothing when stderr is closed or cannot be written."""
    if err is None or not text:
        return
    try:
        err.write(text)
        err.flush()
    except (OSError, ValueError):
        pass
