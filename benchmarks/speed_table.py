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
import hashlib
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import corpus  # benchmarks/, beside this script

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
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def wall(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
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


# -- extraction -------------------------------------------------------------------------------------


def forget_memos() -> int:
    """Empty every memo the extractor keeps of text it has seen; return how many were emptied.

    The timed passes repeat the same texts, so memos kept from the warm-up pass (words looked up,
    sentences split) would answer from text already seen. Emptied before each pass, a pass costs
    what one build over these articles costs in a fresh process, the memos warming only across its
    own articles. Loaded data (the word table, the model: functions of no argument) is kept.
    """
    emptied = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("flashnotes."):
            continue
        for fn in list(vars(module).values()):
            wrapped = getattr(fn, "__wrapped__", None)
            code = getattr(wrapped, "__code__", None)
            if hasattr(fn, "cache_clear") and code is not None and code.co_argcount > 0:
                fn.cache_clear()
                emptied += 1
    return emptied


def _extract_all(texts: list[tuple[str, bytes]]) -> int:
    from flashnotes.extract.pipeline import extract
    from flashnotes.extract.reader import parse_article

    forget_memos()
    return sum(len(extract(parse_article(path, data))) for path, data in texts)


_REFERENCE = [re.compile(r"\w+"), re.compile(r"[。！？.!?;；]"), re.compile(r"[\u4e00-\u9fff]")]


def three_regex_pass(texts: list[tuple[str, bytes]]) -> int:
    """The same-run reference for extraction speed: three simple regular expressions over each text."""
    n = 0
    for _, data in texts:
        text = data.decode("utf-8")
        for rx in _REFERENCE:
            n += sum(1 for _ in rx.finditer(text))
    return n


# The issue's own figures: a target of 8 MB/s where its same-run 3-regex pass made 86 MB/s. On a
# slower machine the same target is that ratio to the reference measured here, in this run.
DEVSET_TARGET_MBPS = 8.0
ISSUE_REFERENCE_MBPS = 86.0
DEVSET_TARGET_RATIO = DEVSET_TARGET_MBPS / ISSUE_REFERENCE_MBPS  # 0.093x


def devset_verdict(rate: float, ratio: float) -> tuple[str, bool]:
    """The dev-set target as text saying which of its two forms held, and whether either did."""
    absolute, relative = rate >= DEVSET_TARGET_MBPS, ratio >= DEVSET_TARGET_RATIO
    held = {(True, True): "both held", (True, False): "8 MB/s held", (False, True): "ratio held"}
    which = held.get((absolute, relative), "neither held")
    return f">= {DEVSET_TARGET_MBPS:g} MB/s or >= {DEVSET_TARGET_RATIO:.3f}x ref ({which})", absolute or relative


def bench_devset(repeat: int, dev: Path) -> None:
    """Dev-set extraction in MB/s beside a 3-regex pass over the same bytes, and their ratio.

    The target holds at 8 MB/s, or, on a machine slower than the issue's (where the 3-regex pass
    made 86 MB/s), at the issue's own ratio 8/86 = 0.093x of the reference measured in this run;
    the row says which held.
    """
    files = sorted(dev.glob("*")) if dev.is_dir() else sorted((ROOT / "articles").rglob("*.md"))
    texts = [(f.name, f.read_bytes()) for f in files if f.suffix in (".md", ".txt", ".markdown")]
    size = sum(len(d) for _, d in texts) / 1e6
    _extract_all(texts)  # warm: imports and compiled patterns
    ours = cpu(lambda: _extract_all(texts), repeat)
    ref = cpu(lambda: three_regex_pass(texts), repeat)
    rate, ratio = size / ours, ref / ours
    target, ok = devset_verdict(rate, ratio)
    report(
        Row(
            f"extraction, dev set ({len(texts)} articles, {size:.2f} MB)",
            f"{rate:.2f} MB/s",
            f"3-regex pass {size / ref:.1f} MB/s",
            ratio,
            target,
            ok,
        )
    )


def _per_mb(path: str, text: str, repeat: int) -> float:
    data = text.encode("utf-8")
    return cpu(lambda: _extract_all([(path, data)]), repeat) / (len(data) / 1e6)


def _repeated(text: str, size: int) -> str:
    return "\n\n".join([text] * (size // len(text.encode("utf-8")) + 1))


def bench_scaling(big: int, repeat: int) -> None:
    article = (ROOT / "articles" / "gradient-descent-en.md").read_text(encoding="utf-8")
    small = _per_mb("a.md", _repeated(article, 100_000), repeat)
    large = _per_mb("a.md", _repeated(article, big), max(1, repeat // 2))
    report(
        Row(
            f"one English article repeated to {big / 1e6:.0f} MB",
            f"{large:.2f} s/MB",
            f"100 KB: {small:.2f} s/MB",
            large / small,
            "<= 1.5x",
            large / small <= 1.5,
        )
    )


_EN = (
    "A widget{n} is a kind of model that maps each input to a weighted sum of its neighbours.",
    "The step size $\\eta_{{{n}}}$ is called the *rate{n}*, and it controls how far each update moves.",
    "Gradient{n} descent refers to repeatedly stepping against the gradient of the loss.",
    "In practice the estimate is noisy, but it is cheap, and the noise can help leave sharp minima.",
    "Why does momentum{n} help? It averages past gradients, so oscillations cancel out.",
    "Ridge{n}: a penalty on the squared norm of the weights that shrinks them towards zero.",
    "The objective becomes $L_{n}(w) = \\sum_i (y_i - w x_i)^2 + \\lambda \\|w\\|^2$ for every example.",
)
_ZH = (
    "术语{n}是指一种把查询映射到加权和的方法。",
    "注意力{n}（Attention {n}）是一种按相关程度分配权重的机制，它最早用于机器翻译。",
    "为什么要做归一化{n}？因为它让每层的输入分布保持稳定。",
    "所谓正则{n}，就是在训练目标中加入对模型复杂度的惩罚。",
    "损失{n}：衡量预测与真实值差距的函数，训练时让它尽量小。",
    "加入正则项后的目标函数为 $J_{n} = L + \\lambda R$，其中 $\\lambda$ 控制惩罚强度。",
)


def prose_text(size: int, sep: str, seed: int = 5) -> str:
    """Generated English and Chinese prose with definitions, questions and inline math."""
    rng = random.Random(seed)
    pool = _EN + _ZH
    out, n, used = [], 0, 0
    while used < size:
        para = " ".join(rng.choice(pool).format(n=n + k) for k in range(rng.randint(2, 5)))
        n += 5
        out.append(para)
        used += len(para.encode("utf-8")) + len(sep)
    return sep.join(out)


def bench_flat(size: int, repeat: int) -> None:
    small = _per_mb("a.txt", prose_text(10_000, " "), repeat * 3)
    flat = _per_mb("a.txt", prose_text(size, " "), repeat)
    split = _per_mb("a.txt", prose_text(size, "\n\n"), repeat)
    report(
        Row(
            f"one flat {size // 1000} KB .txt paragraph",
            f"{flat:.2f} s/MB",
            f"10 KB flat: {small:.2f} s/MB",
            flat / small,
            "<= 1.5x",
            flat / small <= 1.5,
        )
    )
    report(Row("  the same text split into paragraphs", f"{split:.2f} s/MB", "(for comparison)", None, "", None))


# -- builds -----------------------------------------------------------------------------------------


def make_project(folder: Path, decks: int, per_deck: int, first: int = 0, seed: int = 3) -> Path:
    """Generated articles, ``per_deck`` in each of ``decks`` decks (decks/dNN.yaml over notes/dNN/)."""
    rng = random.Random(seed + first)
    paragraphs = corpus.paragraphs()
    (folder / "decks").mkdir(parents=True, exist_ok=True)
    for d in range(first, first + decks):
        (folder / "decks" / f"d{d:03d}.yaml").write_text(
            f"name: Bench::d{d:03d}\narticles: [notes/d{d:03d}]\n", encoding="utf-8"
        )
        notes = folder / "notes" / f"d{d:03d}"
        notes.mkdir(parents=True)
        for n in range(per_deck):
            body = "\n\n".join(rng.choice(paragraphs) for _ in range(12))
            (notes / f"a{n:05d}.md").write_text(
                f"# 文章 {d}-{n}\n\n术语{d}x{n}是第 {n} 篇文章定义的概念。\n\n{body}\n", encoding="utf-8"
            )
    return folder


def build_all(root: Path, db: Path, now: datetime, jobs: int) -> None:
    """``flashnotes build`` in this process, as a user runs it (learning progress included)."""
    from click.testing import CliRunner

    from flashnotes.cli import main

    args = ["--collection", str(db), "--now", now.isoformat(), "build", "--jobs", str(jobs)]
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(here)
    if result.exit_code != 0:
        raise SystemExit(f"build failed: {result.output}")


def read_and_hash(root: Path) -> int:
    n = 0
    for path in sorted((root / "notes").rglob("*.md")):
        n += len(hashlib.sha256(path.read_bytes()).hexdigest())
    return n


def bench_rebuilds(decks: int, per_deck: int, repeat: int) -> None:
    articles = decks * per_deck
    added_decks = max(1, decks // 4)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", decks, per_deck)
        db = Path(tmp) / "c.db"
        day = [0]

        def later() -> datetime:
            day[0] += 1
            return T0 + timedelta(days=day[0])

        cold = cpu(lambda: build_all(root, db, T0, jobs=1), 1)
        nothing = cpu(lambda: build_all(root, db, later(), jobs=1), repeat)
        hashing = cpu(lambda: read_and_hash(root), repeat)
        report(
            Row(
                f"rebuild, {articles} articles in {decks} decks, nothing changed",
                f"{nothing:.3f} s",
                f"read + hash every file {hashing:.3f} s",
                nothing / hashing,
                "<= 5x",
                nothing / hashing <= 5,
            )
        )
        edits = iter(sorted((root / "notes").rglob("*.md"))[7::97])

        def one_article() -> None:
            target = next(edits)
            target.write_text(target.read_text(encoding="utf-8") + "\n新概念是为基准测试追加的一个定义。\n", "utf-8")
            build_all(root, db, later(), jobs=1)

        one = cpu(one_article, repeat)
        report(
            Row(
                "rebuild, one article changed",
                f"{one:.3f} s",
                f"no-change rebuild {nothing:.3f} s",
                one / nothing,
                "<= 1.5x",
                one / nothing <= 1.5,
            )
        )
        make_project(root, added_decks, per_deck, first=decks)
        added = cpu(lambda: build_all(root, db, later(), jobs=1), 1)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", decks, per_deck)
        make_project(root, added_decks, per_deck, first=decks)
        cold_all = cpu(lambda: build_all(root, Path(tmp) / "c.db", T0, jobs=1), 1)
    report(
        Row(
            f"{added_decks * per_deck} articles ({added_decks} new decks) added to {articles}",
            f"{added:.2f} s",
            f"cold build of {articles + added_decks * per_deck}: {cold_all:.2f} s",
            added / cold_all,
            "<= 0.4x",
            added / cold_all <= 0.4,
        )
    )
    report(Row(f"  cold build of {articles} (serial)", f"{cold:.2f} s", "(for comparison)", None, "", None))


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def machine_capacity() -> float:
    """How much two busy processes gain over one right now: what the other users of the machine leave us."""
    from concurrent.futures import ProcessPoolExecutor

    n = 5_000_000
    start = time.perf_counter()
    _spin(n)
    _spin(n)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        two = time.perf_counter() - start
    return two / one


def _timing_taken_back(taken: list[float]) -> None:
    """Count in ``taken`` the CPU this process spends on work queued for the workers and taken back (articles
    extracted, packages written here while the workers are busy): not the parent's own part of the build."""
    from flashnotes.deck import package, sources

    parent = os.getpid()

    def timed(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(arg: Any) -> Any:
            if os.getpid() != parent:  # a forked worker: its time is the workers'
                return fn(arg)
            start = time.thread_time()
            try:
                return fn(arg)
            finally:
                taken[0] += time.thread_time() - start

        return run

    sources._extract_here = timed(sources._extract_here)  # type: ignore[assignment]
    package._write_in_worker = timed(package._write_in_worker)  # type: ignore[assignment]


def bench_parallel(decks: int, per_deck: int, repeat: int) -> None:
    jobs = os.cpu_count() or 1
    serial: list[float] = []
    parallel: list[float] = []
    capacity: list[float] = []
    cpu_of: dict[str, list[float]] = {"serial": [], "parent": [], "workers": [], "taken": []}
    taken = [0.0]
    _timing_taken_back(taken)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", decks, per_deck)
        for n in range(repeat):  # interleaved, so a change in the machine's load hits both alike
            for j, into in ((1, serial), (jobs, parallel)):
                before, mine = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time()
                taken[0] = 0.0
                start = time.perf_counter()
                build_all(root, Path(tmp) / f"c{n}-{j}.db", T0, jobs=j)
                into.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                workers = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                cpu_of["parent" if j > 1 else "serial"].append(time.process_time() - mine)
                if j > 1:
                    cpu_of["workers"].append(workers)
                    cpu_of["taken"].append(taken[0])
            capacity.append(machine_capacity())
    ratio = statistics.median(parallel) / statistics.median(serial)
    report(
        Row(
            f"cold build, {decks * per_deck} articles, {jobs} cores (wall)",
            f"{statistics.median(parallel):.2f} s",
            f"serial build {statistics.median(serial):.2f} s",
            ratio,
            "<= 0.65x",
            ratio <= 0.65,
        )
    )
    mine, theirs, alone = (statistics.median(cpu_of[k]) for k in ("parent", "workers", "serial"))
    own = statistics.median(p - t for p, t in zip(cpu_of["parent"], cpu_of["taken"], strict=True))
    # the parent's own work overlaps the workers': the build can take no less than its total CPU spread
    # over the cores, nor less than the parent's own part (what it takes back, a worker could have done)
    best = max(own, (mine + theirs) / jobs) / alone
    report(
        Row(
            "  CPU of the parallel build: parent + workers",
            f"{mine:.2f} + {theirs:.2f} s",
            f"serial {alone:.2f} s: at best {best:.2f}x on {jobs} free cores",
            None,
            "",
            None,
        )
    )
    report(
        Row(
            "  the parent's own part (not taken back)",
            f"{own:.2f} s",
            f"took back {statistics.median(cpu_of['taken']):.2f} s of the workers' jobs",
            own / alone,
            "",
            None,
        )
    )
    report(
        Row(
            "  two busy loops in parallel / one after the other",
            f"{statistics.median(capacity):.2f}x",
            "(what the machine's load leaves)",
            None,
            "",
            None,
        )
    )


# -- identity ---------------------------------------------------------------------------------------


def bench_identity(old_count: int, new_count: int) -> None:
    from flashnotes.deck.identity import plan
    from flashnotes.deck.store import StoredCard
    from flashnotes.model import Card, Kind, Source

    rng = random.Random(9)
    kinds = [Kind.DEFINITION, Kind.QUIZ, Kind.FORMULA, Kind.CLOZE]
    words = ["attention", "gradient", "注意力", "正则化", "loss", "softmax", "矩阵", "batch", "dropout", "先验"]

    def key(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(3)) + f" {n}"

    old = []
    for n in range(old_count):
        card = Card(f"o{n:07d}", kinds[n % 4], "front", "back", key(n), Source(f"notes/a{n // 7:05d}.md", n % 50 + 1))
        old.append(StoredCard(card, "Bench", "h", T0, T0))
    new = []
    for i, n in enumerate(rng.sample(range(old_count), new_count)):
        o = old[n].card
        edited = o.key + "s" if i % 3 else o.key[:-1] + "x"
        new.append(Card(f"n{i:07d}", o.kind, "front", "back", edited, o.source))
    seconds = cpu(lambda: plan("Bench", old, new), 1)
    report(
        Row(
            f"{new_count} new cards against {old_count} old",
            f"{seconds:.2f} s",
            "(identity matching)",
            None,
            "<= 2 s",
            seconds <= 2,
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
