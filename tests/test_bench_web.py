"""The web benchmark's reading of the workers' CPU time."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bench.bench_web import workers_cpu_s

BURN_THEN_WAIT = (
    "import time\n"
    "end = time.thread_time() + 0.3\n"
    "while time.thread_time() < end: pass\n"
    "print('burnt', flush=True)\n"
    "time.sleep(60)\n"
)


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux /proc")
def test_workers_cpu_counts_the_children_of_the_master_only():
    before = workers_cpu_s(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", BURN_THEN_WAIT], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "burnt"
        time.sleep(0.05)
        assert workers_cpu_s(os.getpid()) - before >= 0.25  # the child's 0.3 s
        assert workers_cpu_s(child.pid) == 0  # a process with no children
    finally:
        child.kill()
        child.communicate()
