"""`citecheck check/audit` with a MediaWiki dump, --executor dask and a postgresql:// --db."""

from __future__ import annotations

import json
from pathlib import Path

from citecheck.cli import main
from tests.distributed import webfarm
from tests.store.test_postgres import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.support.simweb import SimWeb


def _flags(farm: SimWeb) -> list[str]:
    args = []
    for host in webfarm.HOSTS:
        args += ["--resolve", f"{host}:{webfarm.ADDRESS}"]
    return [*args, "--no-archive", "--retries", "0", "--host-interval", "0", "--timeout", "5",
            "--canary", farm.url("canary.test", "/"), "--quiet"]


def test_check_a_dump_on_dask_gives_the_local_report(
    cluster_client, farm: SimWeb, tmp_path: Path
) -> None:
    dump = webfarm.write_dump(farm, tmp_path, articles=40)
    scheduler = cluster_client.scheduler.address
    outputs = {}
    for executor in ("local", "dask"):
        out = tmp_path / f"{executor}.json"
        extra = ["--scheduler", scheduler] if executor == "dask" else []
        code = main(["check", str(dump), *_flags(farm), "--title", "Article 1*",
                     "--executor", executor, *extra, "--format", "json", "--output", str(out)])
        assert code == 1  # the dump cites dead links
        outputs[executor] = [(r["id"], r["verdict"], r["link"]["status"])
                             for r in json.loads(out.read_text())["results"]]
    assert outputs["dask"] == outputs["local"]
    assert {i.split("#")[0] for i, _, _ in outputs["dask"]} == {
        "Article 1", *(f"Article {n}" for n in range(10, 20))}


def test_audit_into_postgresql_on_dask(
    cluster_client, farm: SimWeb, tmp_path: Path, pg_url: str  # noqa: F811
) -> None:
    dump = webfarm.write_dump(farm, tmp_path, articles=20)
    scheduler = cluster_client.scheduler.address
    args = ["audit", str(dump), *_flags(farm), "--executor", "dask", "--scheduler", scheduler,
            "--db", pg_url, "--changes-format", "json", "--changes-output",
            str(tmp_path / "changes.json")]
    assert main(args) == 1  # first audit: the dead links are new problems
    assert main([*args, "--max-age", "0"]) == 0  # nothing new the next time
    history = tmp_path / "history.json"
    assert main(["history", "--db", pg_url, "--export", "json", "--output", str(history)]) == 0
    doc = json.loads(history.read_text())
    assert [run["complete"] for run in doc["runs"]] == [True, True]
