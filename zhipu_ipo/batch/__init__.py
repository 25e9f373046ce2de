"""Batch mode: JSON Lines in, one JSON line out per line, in order, exactly once.

Each input line is an object naming a command and its options in snake_case,
``{"command": "raise", "shares": "37419500", "price": "116.20"}``. Values are
strings or numbers; JSON numbers are read as their exact text, never as floats.
Each output line is the ``--json`` envelope on one line, or
``{"error": "...", "line": N}``.

The promise, and the module that keeps each part of it:

- every line is answered, in order, exactly once: each line is decoded and
  computed inside its own guard (``protocol.answer``); any failure, even a
  bug, becomes that line's error object and the batch goes on;
- memory stays flat: input is read in blocks (``framing.blocks``), in linear
  time; a line longer than ``framing.MAX_LINE_BYTES`` is answered with an
  error and discarded as it is read, never held;
- nothing is lost or hangs when a worker process dies: every worker has its
  own pair of pipes, so a death is seen as end-of-file, and its block is
  computed again in this process (``pool.Pool``);
- Ctrl-C (SIGINT) and SIGTERM end the batch and its workers at once, with exit
  130 or 143 and no traceback (``run.main_batch``, ``signals``).

The limits (``MAX_LINE_BYTES``, ``BLOCK_BYTES``) are read from ``framing`` when
used: patch them there. The pool is imported only when a batch starts workers.
"""

from .framing import MAX_LINE_BYTES, Block, blocks, too_long
from .protocol import Done, answer, decode, error_line, parse_request, run_block, run_chunk, run_line
from .run import BATCH_HELP, DEFAULT_MAX_JOBS, MAX_JOBS, default_jobs, main_batch, parse_jobs, run_batch, run_stream

__all__ = [
    "BATCH_HELP", "DEFAULT_MAX_JOBS", "MAX_JOBS", "MAX_LINE_BYTES", "Block", "Done", "answer", "blocks",
    "decode", "default_jobs", "error_line", "main_batch", "parse_jobs", "parse_request", "run_batch", "run_block",
    "run_chunk", "run_line", "run_stream", "too_long",
]
