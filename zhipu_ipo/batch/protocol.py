"""The batch line protocol: a JSON line in, its answer out (the ``--json`` envelope, or an error object).

Each line is decoded, its options parsed with the registry's parsers and
computed inside its own guard (``answer``): any failure, even a bug, becomes
that line's ``{"error": ..., "line": N}`` and the batch goes on.
"""

from __future__ import annotations

import json

from ..errors import InputError, IpoMathError, as_key, reword, shown
from ..exits import MAX_LINE
from ..registry import COMMANDS, compute
from ..spec import CommandSpec
from ..envelope import json_line
from ..tuples import named_tuple
from .framing import Block, block_lines

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable


#: Keys whose value '-' means standard input, which in batch is the batch's own input: refused.
STDIN_KEYS = frozenset({"table"})


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


class _Repeated(dict):
    """A JSON object that gave a key more than once (the last value kept); ``repeated`` is the first such key."""

    repeated = ""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; one that repeats a key is marked so, for parse_request to refuse."""
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = _Repeated(found)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.repeated = key
            break
        seen.add(key)
    return marked


_raw_decode = json.JSONDecoder(parse_float=str, parse_constant=_no_constant, object_pairs_hook=_object).raw_decode


class _LongInteger(str):
    """A JSON integer too long for Python's int(), kept as its digits: still a number to the line's checks (a flag
    given one is refused as given a number), and read by the option's parser as any number is, which refuses it by
    the bound of every value, naming the key."""

    __slots__ = ()


def _whole_number(text: str) -> int | str:
    """A JSON integer, or its text (a ``_LongInteger``) when Python will not read that many digits."""
    return int(text) if len(text) <= MAX_INT_DIGITS else _LongInteger(text)


#: Python reads at most 4,300 digits into an int (sys.get_int_max_str_digits); a longer JSON integer is kept as text.
MAX_INT_DIGITS = 4300
#: The decoder for a line the fast one refused (only then: a long integer costs the fast path nothing).
_careful_decode = json.JSONDecoder(parse_float=str, parse_int=_whole_number, parse_constant=_no_constant,
                                   object_pairs_hook=_object).raw_decode
_encode = json.JSONEncoder(separators=(",", ":")).encode
_PARSERS: dict[str, dict[str, tuple[Callable[[str], Any], dict[Any, Any], bool, bool]]] = {}


def decode(line: str) -> Any:
    """One JSON value from a line (numbers with a fraction or exponent as their text); InputError if it is not."""
    try:  # a line as JSON writers write it: no byte order mark, no space around the value
        value, end = _raw_decode(line)
        if end == len(line):
            return value
    except (ValueError, RecursionError):
        pass  # the careful path below says what is wrong
    text = line.strip()
    if text.startswith("\ufeff"):  # a byte order mark, as some editors write at the start of a file
        text = text[1:].lstrip()
    try:
        value, end = _careful_decode(text)
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    except ValueError as error:
        raise InputError(f"not valid JSON: {error}") from None
    if end != len(text):
        raise InputError(f"not valid JSON: extra data at character {end}")
    return value


def _parsers(spec: CommandSpec) -> dict[str, tuple[Callable[[str], Any], dict[Any, Any], bool, bool]]:
    """Option name -> its parser, the values that parser read lately, whether the option is repeatable and whether
    '-' would mean standard input; for the options a batch line may carry (not json, units or the output's flags).
    A flag (``forecast``) has the parser ``_flag``: JSON true gives it, false leaves it out."""
    table = _PARSERS.get(spec.name)
    if table is None:
        repeated = spec.repeated
        table = _PARSERS[spec.name] = {
            opt.dest: (opt.parse or _flag, _READ.setdefault(opt.parse or _flag, {}), opt.dest in repeated,
                       opt.dest in STDIN_KEYS)
            for opt in spec.all_options if (opt.parse is not None or opt.dest not in OUTPUT_FLAGS)
            and opt.dest not in ("json", "units")
        }
    return table


def _flag(text: str) -> bool:  # a marker, never called: a flag is JSON true or false
    raise InputError("must be true or false")


#: The flags that shape the output of a one-off call: a batch line's output is its JSON line.
OUTPUT_FLAGS = frozenset({"json", "csv", "tsv", "wide", "brief"})


def _kind(value: Any) -> str:
    """What a JSON value is, for an error line (never the value itself, which may be huge or deep)."""
    names = {dict: "an object", _Repeated: "an object", list: "an array", bool: "true/false", type(None): "null", float: "NaN",
             _LongInteger: "int"}
    return names.get(type(value), type(value).__name__)


def _each(name: str, key: str, items: list[Any], parse: Callable[[str], Any]) -> list[Any]:
    """The values of a repeatable option, given in a batch line as an array of strings or numbers."""
    if any(type(item) is not str and type(item) is not int and type(item) is not _LongInteger for item in items):
        raise InputError(f"{name}: {key} must be an array of strings or numbers")
    try:
        return [parse(item if type(item) is str else str(item)) for item in items]
    except InputError as error:
        raise InputError(f"{name}: {key}: {error}") from None


def parse_request(line: str) -> tuple[CommandSpec, dict[str, Any]]:
    """A JSON line -> the command and its parsed option values; InputError names what is wrong."""
    request = decode(line)
    if type(request) is not dict and type(request) is not _Repeated:
        raise InputError(f"each line must be a JSON object with a \"command\" key (got {_kind(request)})")
    name = request.pop("command", None)
    spec = COMMANDS.get(name) if type(name) is str else None
    if spec is None:
        got = shown(name) if type(name) is str else _kind(name)
        raise InputError(f"\"command\" must be one of {', '.join(COMMANDS)} (got {got})")
    if type(request) is _Repeated:
        raise InputError(f"{name}: key {shown(request.repeated)} is given twice")
    parsers = _parsers(spec)
    values: dict[str, Any] = {}
    for key, raw in request.items():
        found = parsers.get(key)
        if found is None:
            raise InputError(f"{name}: unknown option {shown(key)} (options: {', '.join(parsers)})")
        parse, read_before, repeated, stdin = found
        kind = type(raw)
        if parse is _flag:
            if kind is not bool:
                raise InputError(f"{name}: {key} must be true or false (got {_kind(raw)})")
            if raw:
                values[key] = True
            continue
        if kind is _LongInteger:  # a number past Python's 4,300 digits: its text, as str(int) would give it
            kind, raw = int, str(raw)
        if kind is not str and kind is not int:
            if kind is list and repeated:  # a repeatable option: an array of values
                values[key] = _each(name, key, raw, parse)
                continue
            raise InputError(f"{name}: {key} must be a string or a number (got {_kind(raw)})")
        if stdin and kind is str and raw.strip() == "-":
            raise InputError(f"{name}: {key}: '-' means standard input, which is the batch's own input: give a file path")
        read = read_before.get(raw)  # a value seen before (a price, a date): parsed once
        if read is None:
            try:
                read = parse(raw if kind is str else str(raw))
            except InputError as error:
                raise InputError(f"{name}: {key}: {error}") from None
            if len(read_before) >= _READ_MAX:
                read_before.clear()
            read_before[raw] = read
        values[key] = [read] if repeated else read  # a repeatable option given one value: a list of one
    return spec, values


#: Values read lately, by parser and then text (a batch repeats a deal's figures from line to line): each parser is
#: pure and its values immutable, so a text once read reads the same; a text that fails is not kept.
_READ: dict[Callable[[str], Any], dict[Any, Any]] = {}
_READ_MAX = 8192


def run_line(line: str) -> tuple[str, tuple[str, ...]]:
    """One output line (without the newline) and the notes for stderr; raises on a bad line."""
    outcome = compute(*parse_request(line))
    return json_line(outcome), outcome.notes


#: How each line is answered: the JSON envelope (default), or long CSV rows (``batch --csv``). Set before any
#: worker is forked, so the workers answer alike.
OUTPUT = {"csv": False}
CSV_HEADER = "line,command,field,value"


def csv_rows(number: int, command: str, cells: list[tuple[str, str]]) -> str:
    """Long CSV rows ``line,command,field,value`` for one answered line (without the last newline)."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows((number, command, field, text) for field, text in cells)
    return buffer.getvalue().rstrip("\n")


def csv_answer(number: int, outcome: Any) -> str:
    """A line's answer as long CSV rows: each computed field (a table's as ``tiers.0.pool``), not the empty ones."""
    from ..csv_output import record_cells
    from ..records import Kind, field_specs

    result = outcome.result
    suffix, rate = (f"_{outcome.fx[1].lower()}", outcome.fx[0]) if outcome.fx else ("", None)
    cells = [(field, text) for field, text in record_cells(result, suffix, rate) if text != ""]
    for name, _, kind in field_specs(type(result)):
        rows = getattr(result, name) if kind in (Kind.TABLE, Kind.COLUMNS) else None
        for index, row in enumerate(rows or ()):
            cells += [(f"{name}.{index}.{field}", text) for field, text in record_cells(row) if text != ""]
    return csv_rows(number, outcome.command, cells)


def cut(text: str) -> str:
    """An error or note for one line, on one line and bounded (a longer one is cut, with its length)."""
    if not text.isprintable():
        text = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)
    if len(text) > MAX_LINE:
        text = text[:MAX_LINE] + f"... ({len(text):,} characters)"
    return text


def error_line(number: int, message: str) -> str:
    """The error object for line ``number`` (compact JSON, ASCII, bounded)."""
    return _encode({"error": cut(message), "line": number})


def answer(number: int, line: str | InputError) -> tuple[str, tuple[str, ...], bool]:
    """The output line, the stderr notes and whether it failed, for one input line; never raises
    (except KeyboardInterrupt and SystemExit). ``line`` may be an error found while reading it.

    An error of a line whose command is known starts with the command's name (``ballot: ...``).
    """
    name = ""  # the command, once the line names a known one (its errors so far name it already)
    try:
        if isinstance(line, InputError):
            raise line
        spec, values = parse_request(line)
        name = spec.name
        outcome = compute(spec, values)
        return (csv_answer(number, outcome) if OUTPUT["csv"] else json_line(outcome)), outcome.notes, False
    except IpoMathError as error:
        message = reword(str(error), as_key)
    except RecursionError:
        message = "the line is nested too deeply to compute"
    except MemoryError:
        message = "not enough memory to compute the line"
    except Exception as error:  # a bug in a calculation: still this line's answer, and the batch goes on
        try:
            message = f"internal error: {type(error).__name__}: {error} (please report this line)"
        except Exception:
            message = f"internal error: {type(error).__name__} (please report this line)"
    message = f"{name}: {message}" if name else message
    if OUTPUT["csv"]:
        named = message.partition(": ")[0]  # an error in reading a value names its command already
        return csv_rows(number, name or (named if named in COMMANDS else ""), [("error", cut(message))]), (), True
    return error_line(number, message), (), True


class Done(named_tuple("Done", "output notes failed")):
    """The answer to a block: output bytes (whole lines), stderr notes, how many lines failed."""

    __slots__ = ()
    output: bytes
    notes: str
    failed: int


#: Lines answered together, grouped by command (``run_chunk``): about a block (256 KiB of input), whose answers
#: are held until the block is written anyway; long runs of one command keep its code and data warm.
WINDOW = 4096


def run_chunk(first_number: int, lines: list[str | InputError]) -> Done:
    """Answers to consecutive lines numbered from first_number, written in the lines' order.

    A window of lines is answered grouped by the command they name (each group in the lines' order): one
    command's work then runs on, warm, instead of every line switching to another. A line's answer is its own
    whatever is answered before it, so the output is the same as answering them one after another."""
    pieces: list[bytes] = []
    notes: list[str] = []
    failed = 0
    for start in range(0, len(lines), WINDOW):
        window = lines[start:start + WINDOW]
        answers: list[tuple[str, tuple[str, ...], bool]] = [("", (), False)] * len(window)
        # what each line asks for, as far as its text shows it cheaply (the command's name as typed): an order only
        kinds = [line[(at := line.find('"command"')):at + 50] if type(line) is str else "" for line in window]
        for index in sorted(range(len(window)), key=kinds.__getitem__):
            answers[index] = answer(first_number + start + index, window[index])
        texts: list[str] = []
        for number, (text, line_notes, bad) in enumerate(answers, first_number + start):
            failed += bad
            texts.append(text)
            for note in line_notes:
                notes.append(f"note: line {number}: {cut(reword(note, as_key))}\n")
        texts.append("")
        pieces.append("\n".join(texts).encode("utf-8", "backslashreplace"))
    return Done(b"".join(pieces), "".join(notes), failed)


def run_block(block: Block) -> Done:
    """The answer to a block of whole lines: the work a worker process does."""
    return run_chunk(block.first, block_lines(block))
