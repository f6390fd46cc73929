"""The numpy training code of the check-worthiness head, on small synthetic data."""

from __future__ import annotations

import numpy as np
import pytest

from factdesk.claims.checkworthy import forward, surface_features
from factdesk.train.checkworthy import best_threshold, fit_head, prf


@pytest.mark.parametrize("hidden", [0, 16])
def test_fit_head_learns_a_separable_problem(hidden: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((600, 8)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0.3).astype(np.float32)
    params = fit_head(x[:400], y[:400], hidden=hidden, l2=1e-4, epochs=40, batch_size=32, lr=1e-2)
    p = forward(params, x[400:])
    assert prf(y[400:], p, 0.5)["f1"] > 0.9
    assert set(params) >= {"mu", "sigma", "w0", "b0"}


def test_xor_needs_the_hidden_layer() -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (800, 2)).astype(np.float32)
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(np.float32)
    linear = fit_head(x, y, hidden=0, epochs=30, batch_size=32)
    mlp = fit_head(x, y, hidden=32, l2=1e-5, epochs=60, batch_size=32, lr=1e-2)
    accuracy = lambda params: float(((forward(params, x) >= 0.5) == (y == 1)).mean())  # noqa: E731
    assert accuracy(linear) < 0.7 < 0.9 < accuracy(mlp)


def test_prf_and_best_threshold() -> None:
    y = np.array([1, 1, 0, 0, 1], np.float32)
    p = np.array([0.9, 0.6, 0.55, 0.1, 0.2])
    assert prf(y, p, 0.5) == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "n": 5}
    assert prf(y, p, 0.99)["f1"] == 0.0
    assert prf(y, p, best_threshold(y, p))["f1"] >= prf(y, p, 0.5)["f1"]


def test_surface_features_shape_and_cues() -> None:
    f = surface_features(["Prices rose 5% in Paris and Lyon.", "Really?"])
    assert f.shape == (2, 5)
    assert f[0, 0] == 1.0 and f[0, 1] == 1.0 and f[1, 4] == 1.0
    assert surface_features([]).shape == (0, 5)


def test_gradients_match_finite_differences() -> None:
    from factdesk.train.checkworthy import _gradients

    rng = np.random.default_rng(2)
    z = rng.standard_normal((10, 4))
    y = (rng.random(10) > 0.5).astype(np.float64)
    params = {"w0": rng.standard_normal((4, 3)), "b0": rng.standard_normal(3) * 0.1,
              "w1": rng.standard_normal((3, 1)), "b1": np.zeros(1)}

    def loss(ps: dict[str, np.ndarray]) -> float:
        p = forward({"mu": np.zeros(4), "sigma": np.ones(4), **ps}, z)
        l2 = 0.01 / 2 * sum(float((ps[k] ** 2).sum()) for k in ("w0", "w1"))
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))) + l2

    grads = _gradients(params, z, y, 0.01)
    for key, value in params.items():
        index = (0,) * value.ndim
        bumped = {k: v.copy() for k, v in params.items()}
        bumped[key][index] += 1e-6
        numeric = (loss(bumped) - loss(params)) / 1e-6
        assert abs(numeric - grads[key][index]) < 1e-4, key
