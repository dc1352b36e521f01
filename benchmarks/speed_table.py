"""The speed table of issue 12: every figure printed beside its reference, both measured in this run.

Times are CPU seconds (medians of ``--repeat`` runs) except the parallel build, which is wall-clock
time by nature. The machine is shared: the load average is printed with the figures, and every
target is a ratio to something measured moments before on the same machine.

    python benchmarks/speed_table.py                 # every row (a few minutes)
    python benchmarks/speed_table.py --quick         # smaller inputs, fewer repeats
    python benchmarks/speed_table.py --rows startup,stats
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rows_build import bench_identity, bench_parallel, bench_rebuilds  # benchmarks/, beside this script
from rows_extract import bench_devset, bench_flat, bench_scaling
from rows_review import bench_startup, bench_stats
from table import DEV, ROWS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller inputs and fewer repeats")
    parser.add_argument("--repeat", type=int, default=0, help="runs per figure (median)")
    parser.add_argument("--rows", default="startup,devset,scaling,flat,rebuild,parallel,identity,stats")
    parser.add_argument("--dev", type=Path, default=DEV, help="articles for the dev-set row [../shared/eval/dev]")
    args = parser.parse_args()
    quick = args.quick
    repeat = args.repeat or (3 if quick else 5)
    rows = set(args.rows.split(","))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; CPU-second medians")
    if "startup" in rows:
        bench_startup(repeat * 3)
    if "devset" in rows:
        bench_devset(repeat, args.dev)
    if "scaling" in rows:
        bench_scaling(1_000_000 if quick else 5_000_000, repeat)
    if "flat" in rows:
        bench_flat(300_000, repeat)
    if "rebuild" in rows:
        bench_rebuilds(20, 25 if quick else 100, repeat)
    if "parallel" in rows:
        bench_parallel(20, 25 if quick else 100, 3)
    if "identity" in rows:
        bench_identity(6_900 if quick else 69_000, 700 if quick else 7_000)
    if "stats" in rows:
        bench_stats(10_000 if quick else 100_000, repeat)
    missed = [r.figure for r in ROWS if r.ok is False]
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end; {len(missed)} target(s) missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
