"""A LocalCluster of 2 worker processes on 127.0.0.1, shared by this directory's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.distributed import webfarm
from tests.support.simweb import SimWeb
from tests.support.tools import tool_missing

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cluster_client() -> Iterator[object]:
    try:
        import distributed
    except ImportError as exc:  # the `scale` extra, which .ci/run installs
        tool_missing("dask.distributed", f"pip install '.[scale]' ({exc})")
    # Workers are fresh processes: they must import this checkout's citecheck (the one
    # under test), whatever an installed copy elsewhere says.
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), previous) if p)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, scheduler_port=0, silence_logs=40,
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


@pytest.fixture
def farm() -> Iterator[SimWeb]:
    web = webfarm.start_web()
    try:
        yield web
    finally:
        web.stop()
