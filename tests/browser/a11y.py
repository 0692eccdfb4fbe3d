"""axe-core in the browser tests: WCAG 2.1 A and AA rules, through axe-selenium-python.

The axe-core that axe-selenium-python bundles is 3.1 (2018), which lacks rules these pages need
checking (aria-hidden-focus, nested-interactive…). `make test` puts a current release in
.cache/axe-core (scripts/ensure_axe.sh) and the runner uses that one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from axe_selenium_python import Axe

from dashboard.data.config import PROJECT_ROOT

AXE_SCRIPT = PROJECT_ROOT / ".cache" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(driver: Any, context: str | None = None) -> list[dict[str, Any]]:
    if not Path(AXE_SCRIPT).is_file():
        raise AssertionError(f"axe-core is missing at {AXE_SCRIPT}: run `bash scripts/ensure_axe.sh` (make test does)")
    axe = Axe(driver, script_url=str(AXE_SCRIPT))
    axe.inject()
    options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    if context:
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"axe.run(document.querySelector({json.dumps(context)}), {options}).then(done);"
        )
    else:
        result = axe.run(options=options)
    found: list[dict[str, Any]] = result["violations"]
    return found


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in v["nodes"][:4])
        for v in violations
    )


def assert_accessible(driver: Any, state: str, context: str | None = None) -> None:
    """No axe-core violation of WCAG 2.1 A/AA in the page as it is now (`state` names it in the failure)."""
    violations = axe_violations(driver, context)
    assert violations == [], f"axe-core, {state}:\n{describe(violations)}"
