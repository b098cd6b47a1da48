"""The default threshold's footing: a continuous isotonic map (`calibrate.smooth_steps`) and the folds of verticals
whose held-out decisions choose it (`bench_taxonomy.vertical_folds`)."""

from __future__ import annotations

import numpy as np

from bench.bench_taxonomy import vertical_folds
from localize.taxonomy.calibrate import fit_isotonic, smooth_steps


def test_the_isotonic_map_is_a_monotone_line_through_the_blocks_not_a_staircase() -> None:
    rng = np.random.default_rng(3)
    p = np.sort(rng.uniform(0.5, 1.0, 2000))
    right = rng.uniform(size=2000) < p
    xs, ys = fit_isotonic(p, right)
    conf = np.interp(p, xs, ys)
    assert np.all(np.diff(conf) >= 0)  # still monotone in the probability
    # a staircase gives one confidence per block; the line gives (nearly) every probability its own
    assert len(np.unique(conf)) > 10 * (len(xs))
    # at a block's middle the confidence is that block's share right (one unseen failure added)
    steps_x, steps_y = [0.1, 0.2, 0.6, 0.8], [0.25, 0.25, 0.75, 0.75]
    mid_x, mid_y = smooth_steps(steps_x, steps_y)
    assert mid_x == [0.15000000000000002, 0.7] and mid_y == [0.25, 0.75]
    assert np.interp(0.425, mid_x, mid_y) == 0.5  # halfway between two middles, halfway between their shares
    assert smooth_steps([0.3, 0.9], [0.5, 0.5]) == ([0.3, 0.9], [0.5, 0.5])  # one block: nothing to join


def test_the_folds_of_verticals_part_the_rows_balanced_by_size() -> None:
    sizes = {"aa": 50, "bt": 40, "co": 30, "hb": 20, "lb": 10, "rc": 10, "so": 5}
    rows = [{"shopify_id": f"{v}-{n}"} for v, k in sizes.items() for n in range(k)]
    folds = vertical_folds(rows, 2)
    assert len(folds) == 2 and folds[0] | folds[1] == set(sizes) and not folds[0] & folds[1]
    counts = [sum(sizes[v] for v in fold) for fold in folds]
    assert abs(counts[0] - counts[1]) <= 10
    assert vertical_folds(rows, 7) == [{v} for v in sorted(sizes, key=lambda v: (-sizes[v], v))]  # one a fold
    assert len(vertical_folds(rows, 20)) == 7
