"""Reading a user's text file safely: a regular file only (never a FIFO, device or directory), size-limited, UTF-8.

A hostile path can neither hang the program (a FIFO is opened without
blocking and then refused) nor exhaust memory (nothing past the limit is
read); every failure is one clear InputError naming the file.
"""

from __future__ import annotations

import os
import stat
from .errors import InputError, legible

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


def read_text_file(path: str, limit: int, what: str, where: str | None = None) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes; ``what`` names the kind of file in errors, and
    ``where`` the file itself (default: its path)."""
    where = legible(path) if where is None else where
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(f"{where}: cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{where}: not a regular file (give {what})")
        if info.st_size > limit:
            raise InputError(f"{where}: {info.st_size:,} bytes; {what} may be at most {limit:,} bytes")
        with os.fdopen(descriptor, "rb", closefd=True) as stream:
            descriptor = -1
            data = stream.read(limit + 1)
    except OSError as error:
        raise InputError(f"{where}: cannot read: {error.strerror or error}") from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    return decode_text(data, where, limit, what)


def decode_text(data: bytes, where: str, limit: int, what: str) -> str:
    if len(data) > limit:
        raise InputError(f"{where}: larger than {limit:,} bytes, the limit for {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{where}: not UTF-8 text (byte {error.start})") from None


#: What an integer too long for Python to convert (``sys.get_int_max_str_digits``) is read as: a number over every
#: bound a reader of these files applies (a number is at most 64 characters), so the key that holds it is refused
#: as for any other over-long value, and is named.
OVERLONG_INTEGER = "9" * 100


def load_toml(text: str, origin: str) -> dict[str, Any]:
    """A TOML document with its floats kept as their exact text; any failure is one InputError naming ``origin``.

    An integer of more digits than Python converts (4,300 by default) reads as ``OVERLONG_INTEGER``."""
    import tomllib

    try:
        return tomllib.loads(text, parse_float=str)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{origin}: not valid TOML: {error}") from None
    except RecursionError:
        raise InputError(f"{origin}: not valid TOML: nested too deeply") from None
    except ValueError as error:  # an integer too long to convert: read again with each long run of digits shortened
        import re
        import sys

        longest = f"[0-9](?:_?[0-9]){{{sys.int_info.str_digits_check_threshold},}}"  # no limit may be lower
        shortened = re.sub(longest, OVERLONG_INTEGER, text)
        if shortened != text:
            return load_toml(shortened, origin)
        raise InputError(f"{origin}: not valid TOML: {error}") from None

