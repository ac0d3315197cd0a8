"""The XSS payload table (issue 10): payloads × fields × page loads, and how many ran.

    .venv/bin/python bench/xss.py            # every page of every object (a few minutes)
    .venv/bin/python bench/xss.py --quick    # only the pages CI loads

It runs ``tests/browser/test_xss.py`` (Chromium at /usr/bin/chromium, the test database, pytest-django's
live server) with ``XSS_FULL=1``, which stores every payload through every user-writable field by the
real write paths and loads every page that shows them with the Content-Security-Policy bypassed, so
that escaping alone must hold; then prints what it wrote to ``XSS_REPORT``. The test fails, and so does
this script, if any payload ran or left markup in a page.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the pages that show every payload at once")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "xss.json"
        env = os.environ | {"XSS_REPORT": str(report_path), "XSS_FULL": "0" if options.quick else "1"}
        command = [
            sys.executable,
            "-m",
            "pytest",
            "tests/browser/test_xss.py",
            "-q",
            "-p",
            "no:cacheprovider",
        ]
        run = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 (our own test)
        if not report_path.exists():
            sys.exit(run.returncode or 1)
        report = json.loads(report_path.read_text())
    print_table(report)
    sys.exit(run.returncode)


def print_table(report):
    scope = "every page" if report["full"] else "CI pages"
    print(f"\n{report['payloads']} payloads through each field ({scope})")
    print(f"{'field':<32} {'as sent':>8} {'cleaned':>8} {'refused':>8}")
    for field, counts in report["fields"].items():
        kept, cleaned, refused = (counts.get(name, 0) for name in ("as sent", "cleaned", "refused"))
        print(f"{field:<32} {kept:>8} {cleaned:>8} {refused:>8}")
    print(f"\n{'page':<32} {'loads':>8}")
    for page, loads in sorted(report["page_loads"].items(), key=lambda item: -item[1]):
        print(f"{page:<32} {loads:>8}")
    print(
        f"\n{report['payloads']} payloads × {report['fields_storing']} fields × "
        f"{report['page_loads_total']} page loads; payloads shown as text {report['payloads_shown_as_text']} "
        f"times; executed: {report['executed']}; injected markup: {len(report['findings'])}"
    )
    print(f"stored in {report['seconds_storing']} s, pages loaded in {report['seconds_loading']} s")
    for finding in report["findings"][:20]:
        print("  ", finding)


if __name__ == "__main__":
    main()
