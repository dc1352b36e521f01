"""Speed-table rows of the commands: start-up and stats."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from table import BIN, ROOT, Row, child, child_median, cpu, report  # benchmarks/, beside this script

# -- start-up ---------------------------------------------------------------------------------------


def bench_startup(repeat: int) -> None:
    """Start-up as an installed flashnotes runs it: with its modules' bytecode cached.

    pip writes the bytecode of an installed package; an editable install writes it on the
    first run, unless PYTHONDONTWRITEBYTECODE is set (as in some sandboxes), when every run
    would recompile every module. So the children keep their bytecode in a temporary cache
    (PYTHONPYCACHEPREFIX, the source tree untouched), filled by one run of each command first.
    For comparison, the English figure with flashnotes' own modules compiled on every run.
    """
    python = sys.executable
    flashnotes = str(BIN / "flashnotes")
    english_cmd = [flashnotes, "extract", str(ROOT / "articles" / "gradient-descent-en.md")]
    commands = {
        "pass": [python, "-c", "pass"],
        "click": [python, "-c", "import click"],
        "help": [flashnotes, "--help"],
        "english": english_cmd,
        "chinese": [flashnotes, "extract", str(ROOT / "articles" / "attention-zh.md")],
    }
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for cmd in commands.values():
            child(cmd, env=env)
        figures = {name: child_median(cmd, repeat, env=env) for name, cmd in commands.items()}
    # the installed dependencies keep the bytecode pip wrote; flashnotes' own (editable) modules compile
    uncached = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    uncached["PYTHONDONTWRITEBYTECODE"] = "1"
    cold_help, _ = child_median(commands["help"], repeat, env=uncached)
    cold_english, _ = child_median(english_cmd, repeat, env=uncached)
    nothing, click_, helped = figures["pass"][0], figures["click"][0], figures["help"][0]
    english, (chinese, peak) = figures["english"][0], figures["chinese"]
    report(
        Row(
            "flashnotes --help",
            f"{helped:.3f} s",
            f"import click {click_:.3f} s (pass {nothing:.3f})",
            helped / click_,
            "<= 1.5x",
            helped / click_ <= 1.5,
        )
    )
    report(
        Row(
            "flashnotes extract, small English article",
            f"{english:.3f} s",
            f"flashnotes --help {helped:.3f} s",
            english / helped,
            "<= 1.5x",
            english / helped <= 1.5,
        )
    )
    report(
        Row(
            "  the same, flashnotes' modules not cached",
            f"{cold_english:.3f} s",
            f"flashnotes --help {cold_help:.3f} s",
            cold_english / cold_help,
            "(no bytecode cache)",
            None,
        )
    )
    report(
        Row(
            "flashnotes extract, small Chinese article",
            f"{chinese:.3f} s",
            f"peak {peak:.0f} MB",
            None,
            "<= 0.3 s, <= 100 MB",
            chinese <= 0.3 and peak <= 100,
        )
    )


# -- stats ------------------------------------------------------------------------------------------


def bench_stats(cards: int, repeat: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from zoneinfo import ZoneInfo

    import review_speed  # type: ignore[import-not-found]
    from flashnotes.collection import Collection
    from flashnotes.review import stats
    from flashnotes.review.session import Options, Session
    from flashnotes.review.store import Reviews

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "c.db"
        review_speed.make_collection(db, cards, 0.6)
        now = review_speed.T0 + timedelta(days=1)
        zone = ZoneInfo("Asia/Shanghai")
        settings = {review_speed.DECK: review_speed.SETTINGS}

        def compute() -> object:
            with Collection(db) as col:
                return stats.compute(Reviews(col), settings, now, zone, 4)

        def first_card() -> object:
            with Collection(db) as col:
                session = Session(Reviews(col), settings, Options(zone, 4))
                return session.next(now)

        compute()
        ours = cpu(compute, repeat)
        ref = cpu(first_card, repeat)
        env = {**os.environ, "FLASHNOTES_NOW": now.isoformat(), "FLASHNOTES_TIMEZONE": "Asia/Shanghai"}
        command = [str(BIN / "flashnotes"), "--collection", str(db), "stats"]
        child(command, env=env)  # the first run may migrate an older collection
        runs = [child(command, env=env) for _ in range(3)]
        command_cpu, command_peak = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    report(
        Row(
            f"stats, {cards // 1000}k cards (in-process)",
            f"{ours:.3f} s",
            f"first review card {ref:.3f} s",
            ours / ref,
            "<= 0.3 s",
            ours <= 0.3,
        )
    )
    report(
        Row(
            "  flashnotes stats as a command",
            f"{command_cpu:.3f} s",
            f"peak {command_peak:.0f} MB",
            None,
            "",
            None,
        )
    )
