"""Batch signal handling: the first Ctrl-C (SIGINT) or SIGTERM ends the batch once; workers are shielded while forked."""

from __future__ import annotations

import signal

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: The signals that stop a batch (exit 128 + the signal: 130, 143).
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a batch: raised once, by the first of them."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


#: The signal that stopped the batch, once one has (empty until then).
stopping: list[int] = []


def _on_stop_signal(signum: int, frame: Any) -> None:
    if not stopping:
        stopping.append(signum)
        raise Stopped(signum)


def catch_stop_signals() -> dict[int, Any]:
    """Turn the first Ctrl-C or SIGTERM into ``Stopped``; the handlers replaced."""
    stopping.clear()
    return install({signum: _on_stop_signal for signum in STOP_SIGNALS})


def ignore_stop_signals() -> None:
    """The process is ending: a second Ctrl-C (or SIGTERM) must not change how."""
    install({signum: signal.SIG_IGN for signum in STOP_SIGNALS})


def install(handlers: dict[int, Any]) -> dict[int, Any]:
    """Set signal handlers (in the main thread only); the ones they replace."""
    saved: dict[int, Any] = {}
    for signum, handler in handlers.items():
        try:
            saved[signum] = signal.signal(signum, handler)
        except (ValueError, OSError):  # not the main thread
            pass
    return saved


def hold_stop_signals() -> Any:
    """Block Ctrl-C and SIGTERM (delivered when released); the mask to restore with ``release``."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


def release(mask: Any) -> None:
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
