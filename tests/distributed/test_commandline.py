"""The command-line glue: flags into a dump filter, a check function, a history target."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from citecheck.cli.flags import add_options
from citecheck.cli.scale import check_fn_from_args, dump_filter_from_args
from citecheck.cli.table import DUMPS, SCALE
from citecheck.errors import ConfigError
from citecheck.models import Reference, Result
from citecheck.sources.dump_inputs import load_inputs_with_dumps
from citecheck.store.backend import db_target, history_exists
from tests.distributed import webfarm
from tests.dump.dumpgen import cite, generated_pages, write_xml
from tests.support.simweb import SimWeb


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_options(parser, "check", groups={SCALE, DUMPS})
    parser.add_argument("--quiet", action="store_true")
    return parser.parse_args(list(argv))


def test_flags_make_a_dump_filter() -> None:
    args = parse("--namespaces", "0,4", "--title", "Foo*", "--title", "re:^Bar", "--page-limit",
                 "3", "--shard", "1/4")
    made = dump_filter_from_args(args)
    assert made.namespaces == frozenset({0, 4}) and made.limit == 3
    assert made.shard is not None and (made.shard.index, made.shard.count) == (1, 4)
    made = dump_filter_from_args(parse("--title", "Foo*", "--title", "re:^Bar"))
    assert made.title_wanted("Foo fighters") and made.title_wanted("Barn")
    assert not made.title_wanted("A Foo")
    assert dump_filter_from_args(parse()).namespaces == frozenset({0})
    with pytest.raises(SystemExit):
        parse("--page-limit", "0")


def test_executor_flags() -> None:
    assert check_fn_from_args(parse(), None) is None
    with pytest.raises(ConfigError, match="--scheduler needs --executor dask"):
        check_fn_from_args(parse("--scheduler", "tcp://127.0.0.1:1"), None)


def test_dask_check_function_runs_on_the_named_scheduler(cluster_client, farm: SimWeb) -> None:
    args = parse("--executor", "dask", "--scheduler", cluster_client.scheduler.address,
                 "--chunk-size", "2", "--quiet")
    check_fn = check_fn_from_args(args, None)
    assert check_fn is not None
    refs = [Reference(id=f"r{i}", url=farm.url(h, f"/ok/{i}"), title=f"Story {i}")
            for i, h in enumerate(webfarm.HOSTS[:5])]
    seen: list[Result] = []
    report = check_fn(refs, webfarm.options(farm), on_result=seen.append, inputs=("x",))
    assert [r.verdict.value for r in report.results] == ["ok"] * 5
    assert report.inputs == ("x",) and len(seen) == 5


def test_dumps_and_other_inputs_together_keep_ids_unique(tmp_path: Path) -> None:
    pages = generated_pages(3, lambda i, rng: [cite("web", f"https://a.example/{i}", "A")])
    dump = write_xml(tmp_path / "wiki-pages-articles.xml", pages)
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps({"references": [
        {"id": "Article 0#ref-1", "url": "https://b.example/"},
        {"id": "other", "url": "https://c.example/"},
    ]}))
    loaded = load_inputs_with_dumps([str(dump), str(refs)])
    ids = [r.id for r in loaded.references]
    assert ids == ["Article 0#ref-1", "Article 1#ref-1", "Article 2#ref-1",
                   "refs:Article 0#ref-1", "other"]
    assert loaded.references[0].location.context == "Article 0@50000"


def test_db_targets(tmp_path: Path) -> None:
    assert db_target("postgresql://u@127.0.0.1/db") == "postgresql://u@127.0.0.1/db"
    assert db_target("postgres://u@127.0.0.1/db") == "postgres://u@127.0.0.1/db"
    assert db_target(str(tmp_path / "h.db")) == tmp_path / "h.db"
    assert history_exists("postgresql://u@127.0.0.1/db")
    assert not history_exists(tmp_path / "h.db")
