"""Fixtures of the scale-out tests: a Dask LocalCluster the tests start themselves (2 worker
processes on 127.0.0.1)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dask_cluster():
    """A LocalCluster of 2 processes, as a team's cluster would be reached: by its scheduler address."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install -e '.[scale]')")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()
