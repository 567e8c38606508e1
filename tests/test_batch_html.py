"""batch-report.html in a real headless browser: it loads without a script error, shows one row
per server, sorts when a column head is clicked with the mouse, links each recurring rule to the
servers' MIGRATION.md; a screenshot."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.batch_fleet import batch
from tests.cdp import Browser
from tests.golden import SAMPLES

CASES = ("tomcat9-basic", "tomcat9-session", "tomcat85-sni", "tomcat9-access-log")


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("IGMIGRATE_REQUIRE_CHROMIUM") == "1":
            pytest.fail("IGMIGRATE_REQUIRE_CHROMIUM=1 but chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium): page not loaded")
    return found


def browse(page: Path, tmp: Path, *what: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp / 'profile'}",
            "--window-size=1200,900",
            *what,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("page")
    sources = [SAMPLES / case / "input" for case in CASES]
    # a server named with markup, and one that fails: the page escapes and shows both
    odd = root / "a<b>&c"
    shutil.copytree(SAMPLES / "tomcat9-basic" / "input", odd)
    p = batch(
        "--out-root", "outs", "--jobs", "2", "--report", "reports/fleet.json",
        *sources, odd, root / "missing",
        cwd=root,
    )  # fmt: skip
    assert p.returncode == 1, p.stderr
    return root / "reports" / "fleet.html"


def test_the_page_runs_its_script_without_error_and_lists_every_server(
    page: Path, tmp_path: Path
) -> None:
    shown = browse(page, tmp_path, "--dump-dom")
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    root = re.search(r"<html[^>]*>", dom)
    assert root is not None and 'data-ok="6"' in root[0] and "data-error" not in root[0], root
    rows = re.findall(r'<tr id="server-([^"]*)" class="server ([^"]*)">', dom)
    assert [name for name, _ in rows] == [
        "input",
        "input-2",
        "input-3",
        "input-4",
        "a_b__c",
        "missing",
    ]
    assert rows[-1][1] == "failed"
    assert "not a Tomcat base" in dom


def test_recurring_rules_link_to_the_servers_and_their_migration_md(page: Path) -> None:
    html = page.read_text()
    ajp = re.search(r'<details id="rule-connector.ajp".*?</details>', html, re.S)
    assert ajp is not None and "AJP" in ajp[0] and ": 2 servers" in ajp[0]
    links = re.findall(r'href="([^"#]+)"', ajp[0])
    assert links == ["../outs/input/MIGRATION.md", "../outs/a_b__c/MIGRATION.md"]
    for link in links:
        assert (page.parent / link).is_file()
    assert "a&lt;b&gt;&amp;c" in html and "a<b>" not in html  # the source as given, escaped


def test_a_screenshot_of_the_page_is_a_png(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    p = browse(page, tmp_path, f"--screenshot={shot}")
    assert p.returncode == 0, p.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000


def test_a_script_error_on_the_page_would_be_caught(page: Path, tmp_path: Path) -> None:
    """The check above can fail: the page's own error handler marks a broken script."""
    broken = tmp_path / "broken.html"
    broken.write_text(page.read_text().replace("</body>", "<script>noSuchThing();</script></body>"))
    dom = browse(broken, tmp_path, "--dump-dom").stdout
    root = re.search(r"<html[^>]*>", dom)
    assert root is not None and 'data-error="' in root[0] and "noSuchThing" in root[0]


HEADS = "document.querySelectorAll('#server-table thead th')"
CELLS = (
    "Array.from(document.querySelectorAll('#server-table tbody tr'),"
    " r => r.cells[{}].textContent.trim())"
)
SORTED = f"Array.from({HEADS}).filter(h => h.hasAttribute('aria-sort'))" + (
    ".map(h => [h.textContent.trim(), h.getAttribute('aria-sort')])"
)


def test_clicking_a_column_head_sorts_the_servers_and_clicking_again_reverses(
    page: Path, tmp_path: Path
) -> None:
    browser = Browser(chromium(), tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        names = browser.evaluate(f"Array.from({HEADS}, h => h.textContent.trim())")
        column = {name: i for i, name in enumerate(names)}

        def click(head: str) -> None:
            """Scroll the head into view, then click the middle of it with the mouse."""
            x, y = browser.evaluate(
                f"(() => {{ const h = {HEADS}[{column[head]}]; h.scrollIntoView();"
                " const r = h.getBoundingClientRect();"
                " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
            )
            browser.click(x, y)

        def cells(head: str) -> list[str]:
            shown: list[str] = browser.evaluate(CELLS.format(column[head]))
            return shown

        given = cells("name")
        assert given[:3] == ["input", "input-2", "input-3"]  # the order servers were given
        click("name")
        assert cells("name") == sorted(given, key=str.lower) != given
        click("name")
        assert cells("name") == sorted(given, key=str.lower, reverse=True)
        assert browser.evaluate(SORTED) == [["name", "descending"]]

        click("exit code")  # a number column sorts as numbers: the failed server (1) last
        codes = cells("exit code")
        assert codes == sorted(codes, key=int) and codes[-1] == "1", codes
        assert cells("status")[-1] == "failed"
        assert browser.evaluate(SORTED) == [["exit code", "ascending"]]
        assert browser.problems() == []  # no console error, no uncaught exception
    finally:
        browser.close()
