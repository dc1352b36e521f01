"""The penalised logistic regression scripts/train.py fits for each kind of card (numpy, Newton's method).

The L2 penalty pulls each weight towards its prior (0, or the value a rule registers in
its kind's PRIORS), not towards 0. A feature given a sign (``signs``; train.py --signs
passes what CARDS.md says a label, a pronoun subject or an explicit definitor means) may
weigh 0 but never the other way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import numpy as np


def fit(
    rows: list[dict[str, float]],
    ys: list[int],
    l2: float,
    *,
    weights_of_rows: list[float] | None = None,
    priors: Mapping[str, float] | None = None,
    signs: Mapping[str, int] | None = None,
    min_support: int = 1,
    drop: tuple[str, ...] = (),
) -> tuple[float, dict[str, float]]:
    """L2-regularised, sample-weighted logistic regression: (bias, weights).

    Features seen in fewer than ``min_support`` rows, or starting with one of ``drop``,
    get no weight (priors aside).
    """
    support: dict[str, int] = defaultdict(int)
    for row in rows:
        for name in row:
            support[name] += 1
    priors = priors or {}
    signs = signs or {}
    names = sorted({n for n, c in support.items() if c >= min_support and not n.startswith(drop)} | set(priors))
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names) + 1))
    for r, row in enumerate(rows):
        for name, value in row.items():
            if name in index:
                x[r, index[name]] = value
    x[:, -1] = 1.0
    y = np.asarray(ys, dtype=float)
    sw = np.ones(len(rows)) if weights_of_rows is None else np.asarray(weights_of_rows, dtype=float)
    reg = np.full(len(names) + 1, l2)
    reg[-1] = 1e-4
    prior = np.array([priors.get(n, 0.0) for n in names] + [0.0])
    sign = np.array([float(signs.get(n, 0)) for n in names] + [0.0])
    held = np.zeros(len(names) + 1, dtype=bool)  # weights held at 0: the data pulls them the wrong way
    w = _newton(x, y, sw, reg, prior=prior, held=held)
    for _ in range(len(names)):
        # hold the wrong-signed weights at 0 and refit; free a held one again once the
        # refitted loss pulls it the dictated way (an active-set method)
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        pull = -(x.T @ (sw * (p - y)))
        wrong = (sign * w < -1e-9) & ~held
        freed = held & (sign * pull > 1e-9)
        if not wrong.any() and not freed.any():
            break
        held = (held | wrong) & ~freed
        w = _newton(x, y, sw, reg, prior=prior, held=held)
    return float(w[-1]), {n: float(w[i]) for n, i in index.items() if abs(w[i]) > 1e-6}


def _newton(
    x: np.ndarray, y: np.ndarray, sw: np.ndarray, reg: np.ndarray, *, prior: np.ndarray, held: np.ndarray
) -> np.ndarray:
    """The penalised maximum-likelihood weights by Newton's method, the ``held`` ones fixed at 0."""
    free = ~held
    xf = x * free
    w = np.where(held, 0.0, prior)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(xf @ w, -30, 30)))
        grad = (xf.T @ (sw * (p - y)) + reg * (w - prior)) * free
        hess = (xf * (sw * p * (1 - p))[:, None]).T @ xf + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return w
