"""Speed-table rows of extraction: the dev set, one long article, one flat paragraph."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from table import ROOT, Row, cpu, report  # benchmarks/, beside this script

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
