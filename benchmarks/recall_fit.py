"""How well the scheduler's predicted recall fits a real Anki review log.

Replays every card of the log chronologically through flashnotes' scheduler
and, for each review made a day (24 hours) or more after the card's previous
one, compares the recall predicted just before it with what happened (any
grade but Again is a recall). Prints log loss and RMSE beside the same model
counting elapsed time in 24-hour periods (flashnotes before it counted study
days), measured in the same run; Anki's own figure on this log is 0.4487.

    python benchmarks/recall_fit.py [LOG.csv] [--timezone America/New_York] [--rollover 4]
"""

from __future__ import annotations

import argparse
import csv
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flashnotes.review import scheduler
from flashnotes.review.memory import Memory, Rating
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

LOG = Path(__file__).resolve().parents[2] / "shared" / "eval" / "revlogs" / "anki-reviews-josh.csv"
ANKI_LOG_LOSS = 0.4487  # Anki 26.9 with FSRS on this log (issue 10)
SETTINGS = ReviewSettings()


@dataclass(frozen=True, slots=True)
class Periods(StudyDays):
    """The old way: elapsed time in whole 24-hour periods since the last answer."""

    def elapsed(self, since: datetime, now: datetime) -> int:
        return max(0, (now - since) // timedelta(days=1))


def fit(rows: list[tuple[str, datetime, Rating]], days: StudyDays) -> tuple[int, float, float]:
    """(reviews scored, log loss, RMSE) of predicted recall for reviews a day or more after the previous one."""
    memories: dict[str, Memory] = {}
    loss = squares = 0.0
    scored = 0
    for card, when, rating in rows:
        memory = memories.get(card, Memory())
        if memory.last_review is not None and when - memory.last_review >= timedelta(days=1):
            p = min(max(scheduler.retrievability(memory, when, SETTINGS, days), 1e-9), 1 - 1e-9)
            y = 0.0 if rating is Rating.AGAIN else 1.0
            loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
            squares += (y - p) ** 2
            scored += 1
        memories[card] = scheduler.answer(memory, card, rating, when, SETTINGS, days=days, fuzz=False).memory
    return scored, loss / scored, math.sqrt(squares / scored)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", nargs="?", type=Path, default=LOG)
    parser.add_argument("--timezone", default="America/New_York")
    parser.add_argument("--rollover", type=int, default=4)
    args = parser.parse_args()
    with args.log.open(newline="") as handle:
        rows = [
            (r["card_id"], datetime.fromisoformat(r["review_time"]), Rating(int(r["review_rating"])))
            for r in csv.DictReader(handle)
        ]
    rows.sort(key=lambda r: r[1])
    zone = ZoneInfo(args.timezone)
    n, loss, rmse = fit(rows, StudyDays(zone, args.rollover))
    _, old_loss, old_rmse = fit(rows, Periods(zone, args.rollover))
    print(f"log        {len(rows)} reviews; {n} made a day or more after the previous one ({args.timezone})")
    print(f"study days log loss {loss:.4f}  RMSE {rmse:.4f}   (Anki: log loss {ANKI_LOG_LOSS:.4f})")
    print(f"24-hour    log loss {old_loss:.4f}  RMSE {old_rmse:.4f}   (reference, same run)")
    print(f"ratio      log loss {loss / old_loss:.3f}  RMSE {rmse / old_rmse:.3f}   (study days / 24-hour periods)")
    return 0 if round(loss, 4) <= ANKI_LOG_LOSS else 1


if __name__ == "__main__":
    raise SystemExit(main())
