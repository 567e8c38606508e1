"""The committed docs are what the registry generates (`make docs` leaves no diff)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from igmigrate.ig.profiles import SUPPORTED
from igmigrate.ruledocs import mapping_markdown, readme_with_section
from igmigrate.rules import RULES

ROOT = Path(__file__).resolve().parents[1]


def test_docs_mapping_md_is_generated_from_the_registry() -> None:
    committed = (ROOT / "docs" / "mapping.md").read_text()
    assert committed == mapping_markdown(SUPPORTED) + "\n", "run `make docs` and commit"


def test_the_readme_rules_section_is_generated_from_the_registry() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme == readme_with_section(readme, SUPPORTED), "run `make docs` and commit"


def test_every_rule_is_in_the_docs_with_its_status() -> None:
    text = (ROOT / "docs" / "mapping.md").read_text()
    for r in RULES:
        assert f"| `{r.id}` |" in text and f"| {r.status.value} |" in text


def test_rules_json_lists_reads_targets_per_version_and_examples() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "igmigrate", "rules", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(p.stdout)
    assert data["targets"] == list(SUPPORTED)
    by_id = {r["id"]: r for r in data["rules"]}
    assert list(by_id) == [r.id for r in RULES]
    header = by_id["connector.max-header-size"]
    assert header["target"]["7.2"].endswith("vertx.maxHeaderSize")
    assert header["target"]["2024.3"].endswith("maxTotalHeadersSize")
    assert header["reads"] == [
        {"where": "Connector", "names": ["maxHttpRequestHeaderSize", "maxHttpHeaderSize"]}
    ]
    assert all(r["examples"] for r in data["rules"])
    threads = by_id["connector.threads"]
    assert "igmigrate.mapping.connector_options.threads" in threads["applied_by"]
