"""Instruction counts for the benchmark commands (bench_cpu, bench_letters): under
``valgrind --tool=callgrind --instr-atstart=no`` a command switches the counting on around the work it
measures only (deploy/bench-instructions.sh, deploy/bench-letter-instructions.sh)."""

import os
import subprocess
import time

from django.core.management.base import CommandError


def callgrind(*args) -> None:
    """Send a command to the valgrind this process runs under and wait (sleeping) until it is done."""
    p = subprocess.Popen(["callgrind_control", *args, str(os.getpid())], stdout=subprocess.DEVNULL)  # noqa: S603
    while p.poll() is None:
        time.sleep(0.005)
    if p.returncode:
        raise CommandError("callgrind_control failed: run under valgrind --tool=callgrind")
