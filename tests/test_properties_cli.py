"""Properties of the CLI over generated inputs: exit code 0, 1 or 4; stdout's JSON report parses;
no secret of the input in stdout or stderr; a second run changes nothing (dry-run exits 0)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from igmigrate.cli import app
from igmigrate.errors import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK
from tests.gen_tomcat import Tree, tomcat_trees
from tests.test_kill import EPOCH
from tests.test_properties_convert import leaks
from tests.tls_stores import Stores, needs_keytool, stores  # noqa: F401 (a fixture)

OPTIONS = st.fixed_dictionaries(
    {
        "--secrets": st.sampled_from(["files", "env"]),
        "--fail-on": st.sampled_from(["never", "warning", "manual", "unsupported"]),
        "--format": st.sampled_from(["text", "json"]),
    }
)


@needs_keytool
@settings(max_examples=10)
@given(tree=tomcat_trees(), options=OPTIONS)
def test_cli_properties(stores: Stores, tree: Tree, options: dict[str, str]) -> None:  # noqa: F811
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        src, ig = tree.write(root, stores)
        out = root / "out"
        args = [a for kv in options.items() for a in kv]
        args += ["--ig-instance", str(ig)] if ig is not None else []
        runner = CliRunner()
        result = runner.invoke(
            app, ["convert", *args, str(src), str(out)], env={"SOURCE_DATE_EPOCH": EPOCH}
        )
        assert result.exit_code in (EXIT_OK, EXIT_FAILED, EXIT_FINDINGS), result.output
        assert "internal error" not in result.stderr
        assert not leaks(result.stdout_bytes + result.stderr_bytes, tree.secrets)
        if options["--format"] == "json" and result.stdout.strip():
            assert json.loads(result.stdout)["format_version"] == 1
        if result.exit_code == EXIT_FAILED:
            assert not out.exists()
            return
        dry = runner.invoke(
            app,
            ["convert", "--dry-run", *args, str(src), str(out)],
            env={"SOURCE_DATE_EPOCH": EPOCH},
        )
        assert dry.exit_code == EXIT_OK, dry.output  # the second run would change nothing
        assert not leaks(dry.stdout_bytes + dry.stderr_bytes, tree.secrets)
