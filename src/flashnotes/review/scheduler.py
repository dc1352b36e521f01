"""The scheduler: FSRS memory from the ``fsrs`` library, Anki's scheduling rules on top.

This is the only module that imports ``fsrs``, and the library is the only place
the FSRS formulas live: it is given the elapsed time in study days, as Anki
counts it, and returns each grade's memory state and interval. What Anki adds
on top (learning steps, day-long steps, button separation, fuzz ranges, how
memory is stored) is written here, one small function per rule, each naming
its source in Anki's code (``rslib/src/scheduler/...``, Anki 26.9).

Fuzz is drawn from a generator seeded by the card and its review count, so the
interval shown on a button is exactly the one an answer applies.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs

from flashnotes.review.memory import Memory, Phase, Rating
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

DAY_SECONDS = 86_400
_PRECISION = 10**6  # the library's whole-day interval of a stability this many times larger gives 1e-6 day


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one grade does: the memory after it and how long until the card is due again.

    ``days`` is set when the card is then due by study day (a review, or a
    learning step reaching past the end of today): Anki's interval in days.
    """

    rating: Rating
    memory: Memory
    interval: timedelta
    days: int | None = None


@dataclass(frozen=True, slots=True)
class Next:
    """The library's answer for one grade: memory as stored and the unrounded interval in days."""

    stability: float
    difficulty: float
    interval: float


@dataclass(frozen=True, slots=True)
class _Plan:
    """Where an answer sends the card: a learning step in seconds, or a review in days."""

    phase: Phase
    step: int | None
    seconds: int | None = None
    days: int | None = None
    interval: int = 0


# -- the memory model: the library ----------------------------------------------------------


@lru_cache(maxsize=64)
def _library(desired_retention: float, maximum_interval: int) -> tuple[fsrs.Scheduler, fsrs.Scheduler]:
    """The library's scheduler with no steps and no fuzz (Anki's rules below replace both), and a precise twin."""
    options = {"desired_retention": desired_retention, "learning_steps": (), "relearning_steps": ()}
    return (
        fsrs.Scheduler(maximum_interval=maximum_interval, enable_fuzzing=False, **options),  # type: ignore[arg-type]
        fsrs.Scheduler(maximum_interval=10**15, enable_fuzzing=False, **options),  # type: ignore[arg-type]
    )


def parameters() -> tuple[float, ...]:
    """The FSRS-6 parameters the library uses (the defaults; flashnotes does not optimise them yet)."""
    return tuple(fsrs.scheduler.DEFAULT_PARAMETERS)


def stored(stability: float, difficulty: float) -> tuple[float, float]:
    """Memory as Anki keeps it between answers: stability to 4 decimals, difficulty to 3."""
    # Anki: rslib/src/card/mod.rs, FsrsMemoryState is saved in the card's data rounded to 4 and 3 places
    return round(stability, 4), round(difficulty, 3)


def next_states(memory: Memory, elapsed_days: int, now: datetime, settings: ReviewSettings) -> dict[Rating, Next]:
    """Each grade's memory and unrounded interval from the library, ``elapsed_days`` study days after the answer."""
    # Anki: rslib/src/scheduler/answering/mod.rs, card_state_updater(): fsrs.next_states(memory, retention, days)
    plain, precise = _library(settings.desired_retention, settings.maximum_interval)
    at = _utc(now)
    if memory.stability is None or memory.difficulty is None:
        card = fsrs.Card(card_id=1, due=at)
    else:
        card = fsrs.Card(
            card_id=1,
            state=fsrs.State.Review,
            stability=memory.stability,
            difficulty=memory.difficulty,
            due=at,
            last_review=at - timedelta(days=elapsed_days),
        )
    out = {}
    for rating in Rating:
        after, _ = plain.review_card(card, fsrs.Rating(int(rating)), at)
        assert after.stability is not None and after.difficulty is not None
        # the library rounds intervals to whole days; Anki rounds and fuzzes the unrounded one
        exact = precise._next_interval(stability=after.stability * _PRECISION) / _PRECISION
        out[rating] = Next(*stored(after.stability, after.difficulty), exact)
    return out


def retrievability(memory: Memory, now: datetime, settings: ReviewSettings, days: StudyDays) -> float:
    """The predicted probability of recall now, in study days since the last answer (0 if never reviewed)."""
    if memory.stability is None or memory.last_review is None:
        return 0.0
    at = _utc(now)
    elapsed = days.elapsed(memory.last_review, at)
    last = at - timedelta(days=elapsed)
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=memory.stability, last_review=last)
    return float(_library(settings.desired_retention, settings.maximum_interval)[0].get_card_retrievability(card, at))


def forgetting_curve(settings: ReviewSettings) -> tuple[float, float]:
    """(factor, decay) of the curve :func:`retrievability` follows, R = (1 + factor * days / S) ** decay
    with ``days`` the study days since the last answer: for the recall of many cards at once."""
    decay = -_library(settings.desired_retention, settings.maximum_interval)[0].parameters[20]
    return 0.9 ** (1 / decay) - 1, decay


# -- Anki's rules -------------------------------------------------------------------------------


def anki_round(value: float) -> int:
    """Round half away from zero, as Rust's ``f32::round`` does (Python's ``round`` goes to even)."""
    return math.floor(value + 0.5)


def interval_limits(minimum: int, maximum_interval: int) -> tuple[int, int]:
    """The allowed interval range: maximum at least 1, minimum between 1 and the maximum."""
    # Anki: rslib/src/scheduler/states/mod.rs, min_and_max_review_intervals()
    maximum = max(1, maximum_interval)
    return min(max(1, minimum), maximum), maximum


def fuzz_delta(interval: float) -> float:
    """How far fuzz may move an interval either way: 1 day plus 15 % of days 2.5-7, 10 % of 7-20, 5 % beyond."""
    # Anki: rslib/src/scheduler/states/fuzz.rs, fuzz_delta() and FUZZ_RANGES
    if interval < 2.5:
        return 0.0
    ranges = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))
    return 1.0 + sum(factor * max(min(interval, end) - start, 0.0) for start, end, factor in ranges)


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The lowest and highest interval fuzz can give, within ``minimum``-``maximum``."""
    # Anki: rslib/src/scheduler/states/fuzz.rs, constrained_fuzz_bounds() and fuzz_bounds()
    minimum = min(minimum, maximum)
    clamped = min(max(interval, minimum), maximum)
    delta = fuzz_delta(clamped)
    lower = min(max(anki_round(clamped - delta), minimum), maximum)
    upper = min(max(anki_round(clamped + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def with_fuzz(interval: float, minimum: int, maximum: int, factor: float | None) -> int:
    """The interval fuzz gives for a draw ``factor`` in [0, 1); without fuzz, the rounded interval."""
    # Anki: rslib/src/scheduler/states/fuzz.rs, with_review_fuzz()
    if factor is None:
        return min(max(anki_round(interval), minimum), maximum)
    lower, upper = fuzz_bounds(interval, minimum, maximum)
    return math.floor(lower + factor * (1 + upper - lower))


def passing_floor(interval: float, current: int) -> int:
    """The least interval a passing grade may give a review card whose interval is ``current`` days.

    Longer than last time: at least a day longer, so fuzz cannot go backwards.
    Shorter, but with the current interval inside the new one's fuzz range: no
    shorter than the current one. Much shorter (retention raised): no floor.
    """
    # Anki: rslib/src/scheduler/states/review.rs, passing_fsrs_review_intervals(), greater_than_last;
    # the middle case is what Anki 26.9 does (checked against the `anki` package in the tests)
    if anki_round(interval) > current:
        return current + 1
    delta = fuzz_delta(interval)
    return current if anki_round(interval - delta) <= current <= anki_round(interval + delta) else 0


def passing_intervals(
    states: dict[Rating, Next], current: int, settings: ReviewSettings, factor: float | None
) -> tuple[int, int, int]:
    """Hard, Good and Easy for a review card: each at least a day longer than the one before."""
    # Anki: rslib/src/scheduler/states/review.rs, passing_fsrs_review_intervals() and constrain_passing_interval()
    out: list[int] = []
    for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
        interval = states[rating].interval
        minimum = max(passing_floor(interval, current), out[-1] + 1 if out else 1)
        out.append(with_fuzz(interval, *interval_limits(minimum, settings.maximum_interval), factor))
    return out[0], out[1], out[2]


def short_term_seconds(interval: float, no_steps: bool) -> int | None:
    """With no (re)learning steps, an interval under half a day stays within the day, in seconds."""
    # Anki: rslib/src/scheduler/states/learning.rs and review.rs: fsrs_allow_short_term, interval < 0.5
    return int(interval * DAY_SECONDS) if no_steps and interval < 0.5 else None


def step_seconds(steps: tuple[timedelta, ...]) -> tuple[int, ...]:
    """Learning steps in whole seconds."""
    # Anki: rslib/src/scheduler/states/steps.rs, to_secs()
    return tuple(int(step.total_seconds()) for step in steps)


def round_to_days(seconds: int) -> int:
    """A delay longer than a day, rounded to whole days (the same at any time of day)."""
    # Anki: rslib/src/scheduler/states/steps.rs, maybe_round_in_days()
    return anki_round(seconds / DAY_SECONDS) * DAY_SECONDS if seconds > DAY_SECONDS else seconds


def hard_delay(steps: tuple[int, ...], index: int) -> int:
    """Hard on a learning step: the step again; on the first, halfway to the next (or 1.5x, a day more at most)."""
    # Anki: rslib/src/scheduler/states/steps.rs, hard_delay_secs() and hard_delay_secs_for_first_step()
    current = steps[index]
    if index > 0:
        return current
    if len(steps) > 1:
        return round_to_days((current + steps[1]) // 2)
    return round_to_days(min(current * 3 // 2, current + DAY_SECONDS))


def as_days(seconds: int, until_rollover: int) -> int | None:
    """A step reaching past the end of the study day, as the study days it lasts (None if it ends today)."""
    # Anki: rslib/src/scheduler/states/interval_kind.rs, maybe_as_days()
    if seconds < until_rollover:
        return None
    return (seconds - until_rollover) // DAY_SECONDS + 1


def _graduate(states: dict[Rating, Next], rating: Rating, settings: ReviewSettings, factor: float | None) -> int:
    """The first interval when a (re)learning card leaves its steps: Easy at least a day beyond Good."""
    # Anki: rslib/src/scheduler/states/learning.rs and relearning.rs, answer_good() and answer_easy()
    low, high = interval_limits(1, settings.maximum_interval)
    if rating is not Rating.EASY:
        return with_fuzz(float(max(1, anki_round(states[rating].interval))), low, high, factor)
    good = with_fuzz(states[Rating.GOOD].interval, low, high, factor)
    easy = float(max(1, anki_round(states[Rating.EASY].interval)))
    return with_fuzz(easy, *interval_limits(good + 1, settings.maximum_interval), factor)


def _learning_plan(
    memory: Memory, rating: Rating, states: dict[Rating, Next], settings: ReviewSettings, factor: float | None
) -> _Plan:
    """A new or learning card: the learning steps, then graduation."""
    # Anki: rslib/src/scheduler/states/learning.rs, LearnState::next_states()
    steps = step_seconds(settings.learning_steps)
    index = 0 if memory.phase is Phase.NEW else min(memory.step or 0, max(0, len(steps) - 1))
    if steps and rating is Rating.AGAIN:
        return _Plan(Phase.LEARNING, 0, seconds=steps[0])
    if steps and rating is Rating.HARD:
        return _Plan(Phase.LEARNING, index, seconds=hard_delay(steps, index))
    if rating is Rating.GOOD and index + 1 < len(steps):
        return _Plan(Phase.LEARNING, index + 1, seconds=steps[index + 1])
    seconds = short_term_seconds(states[rating].interval, not steps) if rating is not Rating.EASY else None
    if seconds is not None:
        return _Plan(Phase.LEARNING, 0, seconds=seconds)
    days = _graduate(states, rating, settings, factor)
    return _Plan(Phase.REVIEW, None, days=days, interval=days)


def _relearning_plan(
    memory: Memory, rating: Rating, states: dict[Rating, Next], settings: ReviewSettings, factor: float | None
) -> _Plan:
    """A lapsed card on its relearning steps: the steps, then back to review."""
    # Anki: rslib/src/scheduler/states/relearning.rs, RelearnState::next_states()
    steps = step_seconds(settings.relearning_steps)
    index = min(memory.step or 0, max(0, len(steps) - 1))
    if rating is Rating.AGAIN:
        return _lapse(memory, states, settings)
    if steps and rating is Rating.HARD:
        return _Plan(Phase.RELEARNING, index, seconds=hard_delay(steps, index), interval=memory.interval)
    if rating is Rating.GOOD and index + 1 < len(steps):
        return _Plan(Phase.RELEARNING, index + 1, seconds=steps[index + 1], interval=memory.interval)
    seconds = short_term_seconds(states[rating].interval, not steps) if rating is not Rating.EASY else None
    if seconds is not None:
        return _Plan(Phase.RELEARNING, 0, seconds=seconds, interval=memory.interval)
    days = _graduate(states, rating, settings, factor)
    return _Plan(Phase.REVIEW, None, days=days, interval=days)


def _lapse(memory: Memory, states: dict[Rating, Next], settings: ReviewSettings) -> _Plan:
    """Again on a review or relearning card: the first relearning step, keeping the Again interval (no fuzz)."""
    # Anki: rslib/src/scheduler/states/review.rs, answer_again() and failing_review_interval()
    steps = step_seconds(settings.relearning_steps)
    days = min(max(1, anki_round(states[Rating.AGAIN].interval)), max(1, settings.maximum_interval))
    seconds = steps[0] if steps else short_term_seconds(states[Rating.AGAIN].interval, True)
    if seconds is not None:
        return _Plan(Phase.RELEARNING, 0, seconds=seconds, interval=days)
    return _Plan(Phase.REVIEW, None, days=days, interval=days)


def _review_plan(
    memory: Memory, rating: Rating, states: dict[Rating, Next], settings: ReviewSettings, factor: float | None
) -> _Plan:
    """A review card: a lapse, or one of the three passing intervals."""
    # Anki: rslib/src/scheduler/states/review.rs, ReviewState::next_states()
    if rating is Rating.AGAIN:
        return _lapse(memory, states, settings)
    hard, good, easy = passing_intervals(states, memory.interval, settings, factor)
    days = {Rating.HARD: hard, Rating.GOOD: good, Rating.EASY: easy}[rating]
    return _Plan(Phase.REVIEW, None, days=days, interval=days)


# -- answering -----------------------------------------------------------------------------------


def fuzz_seed(card_key: str, reps: int) -> int:
    """The fuzz seed for a card's next answer: the same card and review count, the same fuzz."""
    return int(hashlib.sha256(f"{card_key}:{reps}".encode()).hexdigest()[:16], 16)


def fuzz_factor(card_key: str, reps: int) -> float:
    """The fuzz draw in [0, 1) for a card's next answer, shared by its four buttons."""
    # Anki: rslib/src/scheduler/answering/mod.rs, get_fuzz_factor() (seeded by card id and reps)
    return random.Random(fuzz_seed(card_key, reps)).random()


def preview(
    memory: Memory, card_key: str, now: datetime, settings: ReviewSettings, days: StudyDays, *, fuzz: bool = True
) -> dict[Rating, Outcome]:
    """What each grade would do now; ``answer`` applies exactly one of these."""
    now = _utc(now)
    elapsed = days.elapsed(memory.last_review, now) if memory.last_review else 0
    states = next_states(memory, elapsed, now, settings)
    factor = fuzz_factor(card_key, memory.reps) if fuzz else None
    plan = {
        Phase.NEW: _learning_plan,
        Phase.LEARNING: _learning_plan,
        Phase.RELEARNING: _relearning_plan,
        Phase.REVIEW: _review_plan,
    }[memory.phase]
    return {r: _outcome(memory, r, plan(memory, r, states, settings, factor), states[r], (now, days)) for r in Rating}


def answer(
    memory: Memory,
    card_key: str,
    rating: Rating,
    now: datetime,
    settings: ReviewSettings,
    *,
    days: StudyDays,
    fuzz: bool = True,
) -> Outcome:
    """Apply a grade: exactly the outcome ``preview`` showed for it."""
    return preview(memory, card_key, now, settings, days, fuzz=fuzz)[rating]


def _outcome(memory: Memory, rating: Rating, plan: _Plan, state: Next, when: tuple[datetime, StudyDays]) -> Outcome:
    """The memory an answer leaves, due by the moment within today or by study day."""
    now, days = when
    # Anki: rslib/src/scheduler/answering/learning.rs, apply_learning_state(): steps past the rollover go by day
    today = days.number(now)
    whole_days = plan.days
    if plan.seconds is not None:
        whole_days = as_days(plan.seconds, int((days.next_start(now) - now).total_seconds()))
    lapse = memory.phase is Phase.REVIEW and rating is Rating.AGAIN
    after = Memory(
        phase=plan.phase,
        step=plan.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=None if whole_days is not None else now + timedelta(seconds=plan.seconds or 0),
        last_review=now,
        reps=memory.reps + 1,
        lapses=memory.lapses + int(lapse),
        due_day=None if whole_days is None else today + whole_days,
        interval=plan.interval,
    )
    if whole_days is None:
        return Outcome(rating, after, timedelta(seconds=plan.seconds or 0))
    return Outcome(rating, after, timedelta(days=whole_days), whole_days)


def by_study_day(memory: Memory, days: StudyDays) -> Memory:
    """A state given a due instant (imported, set by hand) due by study day instead, as reviews are."""
    # Anki: review cards (queue 2) and learning steps past the rollover (queue 3) are due by day number
    if memory.due is None or memory.phase is Phase.NEW:
        return memory
    day = days.number(memory.due)
    since = days.number(memory.last_review) if memory.last_review else day - 1
    if memory.phase is Phase.REVIEW:
        return replace(memory, due=None, due_day=day, interval=memory.interval or max(1, day - since))
    if day > since:
        return replace(memory, due=None, due_day=day)
    return memory


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None or when.utcoffset() != timedelta(0):
        raise ValueError("scheduler times must be aware UTC datetimes")
    return when.astimezone(UTC)


def format_interval(interval: timedelta) -> str:
    """A short human interval: 45s, 10m, 3h, 5d, 2.1mo, 1.3y."""
    seconds = max(0, interval.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
