from __future__ import annotations

import json
from dataclasses import replace

import jsonschema

from citecheck.models import ArchiveStatus
from citecheck.report.sarif import SarifFormatter, artifact_uri


def _validated(report, schemas_dir) -> dict:
    log = json.loads(SarifFormatter().render(report))
    schema = json.loads((schemas_dir / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    return log


def _by_id(log: dict) -> dict[str, dict]:
    return {r["properties"]["id"]: r for r in log["runs"][0]["results"]}


def test_golden(sample_report, golden):
    golden("sample.sarif", SarifFormatter().render(sample_report))


def test_valid_and_levels(sample_report, schemas_dir):
    run = _validated(sample_report, schemas_dir)["runs"][0]
    results = {r["properties"]["id"]: r for r in run["results"]}
    assert "ref-1" not in results and "ref-2" not in results  # ok: nothing to annotate
    assert len(results) == len(sample_report.results) - 2
    assert results["ref-3"]["level"] == "error" and results["ref-3"]["ruleId"] == "dead"
    assert results["ref-7"]["ruleId"] == "mismatch"
    assert results["ref-11"]["level"] == "warning"
    assert results["ref-14"]["level"] == "note"
    rules = run["tool"]["driver"]["rules"]
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert levels["dead"] == "error" and levels["blocked"] == "warning"
    assert levels["skipped"] == "note" and levels["archive-broken"] == "warning"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    physical = results["ref-3"]["locations"][0]["physicalLocation"]
    assert physical == {
        "artifactLocation": {"uri": "refs/references.json", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 24},
    }
    wiki = results["ref-4"]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert wiki["uri"] == "wiki/Eastern%20Qalamoun%20offensive.wikitext"
    assert "locations" not in results["ref-13"]


def test_archive_gating_and_fingerprints(sample_report, schemas_dir):
    report = replace(sample_report, fail_on_archive=frozenset({ArchiveStatus.MISSING}))
    results = _by_id(_validated(report, schemas_dir))
    assert results["ref-10"]["ruleId"] == "archive-missing"
    assert results["ref-10"]["level"] == "error"
    again = _by_id(_validated(report, schemas_dir))
    assert results["ref-3"]["partialFingerprints"] == again["ref-3"]["partialFingerprints"]
    assert results["ref-3"]["partialFingerprints"] != results["ref-4"]["partialFingerprints"]


def test_artifact_uris():
    assert artifact_uri("./docs/My Page.md") == ("docs/My%20Page.md", "%SRCROOT%")
    assert artifact_uri("docs\\refs.json") == ("docs/refs.json", "%SRCROOT%")
    assert artifact_uri("/abs/refs.json") == ("file:///abs/refs.json", None)
    assert artifact_uri("C:\\work\\refs.json") == ("file:///C:/work/refs.json", None)


def test_gate_kinds_have_rules(sample_report, schemas_dir):
    """A result failing under a gate kind (drift, quote, dead-archived) names its rule."""
    from citecheck.models import GateKind, QuoteResult, QuoteStatus, TextDrift, Verdict

    ok = next(r for r in sample_report.results if r.verdict is Verdict.OK)
    drifted = replace(ok, drift=TextDrift(0.1, "20180420120000"))
    unquoted = replace(ok, reference=replace(ok.reference, id="quoted"),
                       quote=QuoteResult(QuoteStatus.NOT_FOUND))
    report = replace(
        sample_report, results=(drifted, unquoted),
        fail_on=frozenset({Verdict.DEAD, GateKind.DRIFT, GateKind.QUOTE}),
    )
    results = _by_id(_validated(report, schemas_dir))
    assert results[drifted.id]["ruleId"] == "drift"
    assert results["quoted"]["ruleId"] == "quote"
    assert {r["level"] for r in results.values()} == {"error"}
