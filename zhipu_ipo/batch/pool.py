"""The batch worker pool: forked processes, each with its own task and result pipes.

Nothing is lost or hangs when a worker dies: with a pipe pair per worker its
death is seen as end-of-file, and the block it had is answered again in the
main process. Workers ignore Ctrl-C (the main process handles it) and leave
when the main process goes away (their pipes close).
"""

from __future__ import annotations

import gc
import os
import signal
import struct
from typing import IO, Callable, Iterator

from .framing import Block, write_note
from .protocol import Done, run_block
from .signals import hold_stop_signals, release

_TASK = struct.Struct("!QQ")  # first line number, bytes of data
_RESULT = struct.Struct("!QQQ")  # lines failed, bytes of notes, bytes of output


def _read_exact(fd: int, size: int) -> bytes | None:
    """Exactly size bytes from fd, or None at end of file (the other end is gone)."""
    pieces = []
    while size:
        piece = os.read(fd, min(size, 1 << 20))
        if not piece:
            return None
        pieces.append(piece)
        size -= len(piece)
    return b"".join(pieces)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _above_stdio(fd: int) -> int:
    """fd, moved above 0-2 if it landed there (when the process was started with one closed)."""
    if fd > 2:
        return fd
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 3)
    os.close(fd)
    return moved


def _work(tasks: int, results: int) -> None:
    """A worker's life: read a block, answer it, write the answer; until the task pipe closes."""
    while (header := _read_exact(tasks, _TASK.size)) is not None:
        first, size = _TASK.unpack(header)
        data = _read_exact(tasks, size)
        if data is None:
            return
        done = run_block(Block(first, data))
        notes = done.notes.encode("utf-8", "backslashreplace")
        _write_all(results, _RESULT.pack(done.failed, len(notes), len(done.output)) + notes + done.output)


class Worker:
    """One forked worker process: its pid, the pipe this process writes tasks to and the one it reads."""

    pid: int
    tasks: int
    results: int
    fds: tuple[int, int]

    def __init__(self, others: list[Worker]):
        task_read, task_write = (_above_stdio(fd) for fd in os.pipe())
        result_read, result_write = (_above_stdio(fd) for fd in os.pipe())
        blocked = hold_stop_signals()
        try:
            try:
                pid = os.fork()
            except OSError:
                for fd in (task_read, task_write, result_read, result_write):
                    os.close(fd)
                raise
            if pid == 0:  # the worker: never returns
                code = 70
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    release(blocked)
                    for fd in [task_write, result_read] + [fd for other in others for fd in other.fds]:
                        os.close(fd)
                    devnull = os.open(os.devnull, os.O_RDWR)
                    os.dup2(devnull, 0)  # the main process reads and writes; a worker holds neither stream
                    os.dup2(devnull, 1)
                    if devnull > 2:
                        os.close(devnull)
                    gc.freeze()  # the main process's objects are never collected (or finalized) here
                    _work(task_read, result_write)
                    code = 0
                finally:
                    os._exit(code)
        finally:
            release(blocked)
        os.close(task_read)
        os.close(result_write)
        self.pid, self.tasks, self.results = pid, task_write, result_read
        self.fds = (task_write, result_read)
        self.busy: tuple[int, Block] | None = None  # (sequence number, block) in flight

    def send(self, sequence: int, block: Block) -> bool:
        """Hand the worker a block; False if it is gone."""
        try:
            _write_all(self.tasks, _TASK.pack(block.first, len(block.data)) + block.data)
        except OSError:  # BrokenPipeError: the worker died
            return False
        self.busy = (sequence, block)
        return True

    def receive(self) -> Done | None:
        """The answer to the block in flight; None if the worker died before giving all of it."""
        try:
            header = _read_exact(self.results, _RESULT.size)
            if header is None:
                return None
            failed, notes_size, output_size = _RESULT.unpack(header)
            body = _read_exact(self.results, notes_size + output_size)
        except OSError:
            return None
        if body is None:
            return None
        self.busy = None
        return Done(body[notes_size:], body[:notes_size].decode("utf-8", "backslashreplace"), failed)

    def stop(self) -> int:
        """Close the pipes, kill the process and reap it; its exit status."""
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return 0


def _death(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


class Pool:
    """Blocks answered by worker processes, in input order; a dead worker's block is answered here."""

    def __init__(self, jobs: int, err: IO[str] | None):
        import selectors

        self.err = err
        self.workers: list[Worker] = []
        self.selector = selectors.DefaultSelector()
        try:
            for _ in range(jobs):
                try:
                    worker = Worker(self.workers)
                except OSError:  # out of processes or pipes: go on with the workers there are
                    if not self.workers:
                        raise
                    break
                self.workers.append(worker)
                self.selector.register(worker.results, selectors.EVENT_READ, worker)
        except BaseException:
            self.close()
            raise

    def lost(self, worker: Worker) -> Block | None:
        """Forget a worker that died; the block it had, to be answered here."""
        self.selector.unregister(worker.results)
        self.workers.remove(worker)
        block = worker.busy[1] if worker.busy else None
        status = worker.stop()
        then = []
        if block is not None:
            then.append(f"lines {block.first:,} on are answered again by the main process")
        if not self.workers:
            then.append("the main process answers the rest of the input")
        write_note(self.err, f"note: a worker process stopped ({_death(status)}){''.join('; ' + t for t in then)}\n")
        return block

    def run(self, source: Iterator[Block], emit: Callable[[Done], int]) -> int:
        failed = 0
        answered: dict[int, Done] = {}  # answers waiting for an earlier one, by sequence number
        next_out = 0  # the sequence number to write next
        taken = 0  # blocks taken from the source
        exhausted = False
        limit = 2 * len(self.workers)
        while True:
            idle = [worker for worker in self.workers if worker.busy is None]
            while not exhausted and (idle or not self.workers) and taken - next_out < max(limit, 1):
                block = next(source, None)
                if block is None:
                    exhausted = True
                    break
                sequence, taken = taken, taken + 1
                if block.too_long or not self.workers:
                    answered[sequence] = run_block(block)
                    continue
                worker = idle.pop()
                if not worker.send(sequence, block):
                    self.lost(worker)
                    answered[sequence] = run_block(block)
            while next_out in answered:
                failed += emit(answered.pop(next_out))
                next_out += 1
            busy = [worker for worker in self.workers if worker.busy is not None]
            if exhausted and not busy:
                return failed
            if not busy:
                continue
            for key, _ in self.selector.select():
                worker = key.data
                sequence = worker.busy[0] if worker.busy else -1
                done = worker.receive()
                if done is None:
                    lost = self.lost(worker)
                    if lost is not None:
                        answered[sequence] = run_block(lost)
                elif sequence >= 0:
                    answered[sequence] = done

    def close(self) -> None:
        """Stop every worker and reap it, with Ctrl-C and SIGTERM held off until done."""
        blocked = hold_stop_signals()
        try:
            for worker in self.workers:
                worker.stop()
            self.workers = []
            self.selector.close()
        finally:
            release(blocked)
