"""Run every fault drill (or those named), one after the other, each in a process of
its own; print a summary, write it to var/drills.md, exit 1 if any drill failed.

    .venv/bin/python deploy/drills/run_all.py [redis] [postgres] [worker] [mail]
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import collect_static

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DRILLS = {
    "redis": "redis_outage.py",
    "postgres": "postgres_restart.py",
    "worker": "worker_killed.py",
    "mail": "mail_refused.py",
}


def main(names: list[str]) -> int:
    unknown = set(names) - set(DRILLS)
    if unknown:
        print(
            f"Unknown drills: {', '.join(sorted(unknown))}; known: {', '.join(DRILLS)}"
        )
        return 2
    reports = []
    started = time.monotonic()
    collect_static()
    for name in names or list(DRILLS):
        with tempfile.NamedTemporaryFile(suffix=".json") as output:
            result = subprocess.run(  # noqa: S603 (the drills of this folder)
                [sys.executable, str(HERE / DRILLS[name])],
                cwd=ROOT,
                env={
                    **os.environ,
                    "DRILL_REPORT": output.name,
                    "DRILL_STATIC_COLLECTED": "1",
                },
                check=False,
            )
            text = Path(output.name).read_text()
        report: dict[str, Any] = (
            json.loads(text) if text else {"drill": name, "passed": False}
        )
        report["passed"] = report["passed"] and result.returncode == 0
        reports.append(report)
    lines = ["| drill | result | invariants | seconds |", "|---|---|---|---:|"]
    for report in reports:
        checks = report.get("checks", [])
        held = sum(check["ok"] for check in checks)
        lines.append(
            f"| {report.get('title', report['drill'])} "
            f"| {'passed' if report['passed'] else 'FAILED'} "
            f"| {held} of {len(checks)} held | {report.get('seconds', '-')} |"
        )
    summary = "\n".join(lines)
    print(f"\nFault drills, {round(time.monotonic() - started)} s in all:\n{summary}")
    details = []
    for report in reports:
        details.append(f"\n### {report.get('title', report['drill'])}\n")
        details += [f"- {fact}" for fact in report.get("facts", [])]
        details += [
            f"- [{'x' if check['ok'] else ' '}] {check['text']}"
            for check in report.get("checks", [])
        ]
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "drills.md").write_text(summary + "\n" + "\n".join(details) + "\n")
    return 0 if all(report["passed"] for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
