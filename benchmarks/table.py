"""What every row of the speed table shares: the row, how it is printed, and the timers."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its reference, and the target on their ratio."""

    figure: str
    value: str
    reference: str
    ratio: float | None
    target: str
    ok: bool | None


ROWS: list[Row] = []


def report(row: Row) -> None:
    ROWS.append(row)
    mark = "" if row.ok is None else ("  ok" if row.ok else "  MISSED")
    ratio = "" if row.ratio is None else f"{row.ratio:6.2f}x" if row.ratio >= 1 else f"{row.ratio:6.3f}x"
    print(f"  {row.figure:<46} {row.value:>16}   ref {row.reference:<34} {ratio:>8}  {row.target}{mark}", flush=True)


def cpu(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of ``fn`` over ``repeat`` runs."""
    return _median(fn, repeat, time.process_time)


def wall(fn: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of ``fn`` over ``repeat`` runs."""
    return _median(fn, repeat, time.perf_counter)


def _median(fn: Callable[[], object], repeat: int, clock: Callable[[], float]) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def child(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """CPU seconds and peak RSS (MB) of one child process.

    The peak comes from /usr/bin/time when there is one: a child forked from this (large) process
    would otherwise count this process's pages as its own until it execs.
    """
    timer = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        wrapped = [str(timer), "-o", out.name, "-f", "%M", *cmd] if timer.exists() else cmd
        proc = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        if status != 0:
            raise SystemExit(f"{' '.join(cmd)} failed with status {status}")
        # the CPU times of /usr/bin/time include the command it waited for (and are finer than its own %U)
        peak = int(out.read().split()[-1]) / 1024 if timer.exists() else usage.ru_maxrss / 1024
    return usage.ru_utime + usage.ru_stime, peak


def child_median(
    cmd: list[str], repeat: int, cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    runs = [child(cmd, cwd, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)
