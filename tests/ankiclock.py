"""Answer cards in the official Anki package at past times, for comparing schedulers (tests only; Anki is AGPL).

Anki's Rust backend reads the system clock itself, so the worker runs in a child
process with a small ``LD_PRELOAD`` shim that overrides ``clock_gettime``,
``gettimeofday`` and ``time``; the worker sets the clock to each review's time
and answers the card with Anki's own scheduler (``get_scheduling_states``,
``build_answer``, ``answer_card``). ``ANKI_TEST_MODE=1`` turns Anki's fuzz off
and ``TZ`` fixes the time zone. Run as ``python -m tests.ankiclock JOB OUT``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/time.h>
#include <time.h>
static double fake = -1.0;
void fake_clock_set(double t) { fake = t; }
typedef int (*clock_fn)(clockid_t, struct timespec *);
int clock_gettime(clockid_t id, struct timespec *ts) {
    static clock_fn real = 0;
    if (!real) real = (clock_fn)dlsym(RTLD_NEXT, "clock_gettime");
    if (fake >= 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
        ts->tv_sec = (time_t)fake;
        ts->tv_nsec = (long)((fake - (double)ts->tv_sec) * 1e9);
        return 0;
    }
    return real(id, ts);
}
int gettimeofday(struct timeval *tv, void *tz) {
    struct timespec ts;
    (void)tz;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (tv) { tv->tv_sec = ts.tv_sec; tv->tv_usec = ts.tv_nsec / 1000; }
    return 0;
}
time_t time(time_t *t) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (t) *t = ts.tv_sec;
    return ts.tv_sec;
}
"""


def compiler() -> str | None:
    """A C compiler to build the clock shim with, if there is one."""
    return shutil.which("cc") or shutil.which("gcc")


def build_shim(folder: Path) -> Path:
    """Compile the clock shim into ``folder``."""
    source, library = folder / "fakeclock.c", folder / "fakeclock.so"
    source.write_text(SHIM)
    subprocess.run([compiler() or "cc", "-shared", "-fPIC", "-O2", "-o", str(library), str(source), "-ldl"], check=True)
    return library


def replay_in_anki(shim: Path, job: dict[str, Any], folder: Path, zone: str) -> list[dict[str, Any]]:
    """Answer every review of ``job`` in a fresh Anki collection at its time; one result per review, in order."""
    job_file, out_file = folder / "job.json", folder / "anki.json"
    job_file.write_text(json.dumps(job))
    env = {**os.environ, "LD_PRELOAD": str(shim), "TZ": zone, "ANKI_TEST_MODE": "1"}
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "tests.ankiclock", str(job_file), str(out_file)], env=env, cwd=root, check=True
    )
    result: list[dict[str, Any]] = json.loads(out_file.read_text())
    return result


def _worker(job_path: str, out_path: str) -> None:  # pragma: no cover - runs in the child process
    import ctypes
    from datetime import datetime

    clock = ctypes.CDLL(None)
    clock.fake_clock_set.argtypes = [ctypes.c_double]
    job = json.loads(Path(job_path).read_text())
    reviews = sorted(
        (
            (datetime.fromisoformat(at).timestamp(), card, n, rating)
            for card, history in job["cards"].items()
            for n, (at, rating) in enumerate(history)
        ),
    )
    clock.fake_clock_set(reviews[0][0] - 2 * 86400)
    from anki.collection import Collection
    from anki.scheduler_pb2 import CardAnswer

    col = Collection(str(Path(out_path).with_suffix(".anki2")))
    col.db.execute("PRAGMA synchronous = OFF")  # a scratch collection: no fsync per answer
    col.set_config("fsrs", True)
    col.set_config("rollover", job["rollover"])
    conf = col.decks.config_dict_for_deck_id(1)
    conf["fsrsParams6"] = job["parameters"]
    conf["desiredRetention"] = job["desired_retention"]
    conf["new"]["delays"] = job["learning_steps"]
    conf["lapse"]["delays"] = job["relearning_steps"]
    conf["rev"]["maxIvl"] = job["maximum_interval"]
    col.decks.save(conf)
    model = col.models.by_name("Basic")
    ids = {}
    for card in job["cards"]:
        note = col.new_note(model)
        note["Front"] = card
        col.add_note(note, 1)
        ids[card] = note.card_ids()[0]
    buttons = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
    out = []
    for when, card, n, rating in reviews:
        clock.fake_clock_set(when)
        anki_card = col.get_card(ids[card])
        anki_card.start_timer()
        states = col._backend.get_scheduling_states(anki_card.id)
        col.sched.answer_card(col.sched.build_answer(card=anki_card, states=states, rating=buttons[rating]))
        anki_card.load()
        interval = col.db.scalar("SELECT ivl FROM revlog WHERE cid = ? ORDER BY id DESC LIMIT 1", anki_card.id)
        memory = anki_card.memory_state
        out.append({"card": card, "n": n, "interval": interval, "s": memory.stability, "d": memory.difficulty})
    col.close()
    Path(out_path).write_text(json.dumps(sorted(out, key=lambda r: (r["card"], r["n"]))))


if __name__ == "__main__":  # pragma: no cover
    _worker(sys.argv[1], sys.argv[2])
