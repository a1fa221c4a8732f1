"""Run an import at low CPU priority, so that searches answered meanwhile come first.

An import of 50,000 profiles is a minute or more of one core's work, nearly
all of it validation in Python. On a server with as many cores as web
workers, it takes a core from the searches for all that time; at a lower
priority (``nice`` 10, as the separate indexing process has) it takes only
what the workers leave, and on an idle machine it runs as fast as before.
Where the disk scheduler honours it (CFQ, BFQ), the disk priority follows
the CPU priority.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

PRIORITIES = ("low", "normal")
LOW_NICENESS = 10  # added to the process's (or thread's) niceness
T = TypeVar("T")


def at_low_priority(work: Callable[[], T], priority: str = "low") -> T:
    """Return ``work()``, run in a thread of its own at a lower priority.

    On Linux a thread's niceness is its own: the caller's other threads (a web
    worker's, a test's) keep theirs, and the lowered thread ends with the
    work, as a thread cannot raise its niceness again. With ``priority``
    ``normal``, or on another system, the work runs in this thread as it is.
    """
    if priority not in PRIORITIES:
        raise ValueError(f"priority must be one of {PRIORITIES}: {priority!r}")
    if priority == "normal" or not sys.platform.startswith("linux"):
        return work()
    outcome: dict[str, object] = {}

    def lowered() -> None:
        try:
            tid = threading.get_native_id()
            niceness = os.getpriority(os.PRIO_PROCESS, tid) + LOW_NICENESS
            os.setpriority(os.PRIO_PROCESS, tid, niceness)
            outcome["result"] = work()
        except BaseException as error:  # raised again in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=lowered, name="import-low-priority")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]
