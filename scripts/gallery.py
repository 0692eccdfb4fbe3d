"""Write the screenshot gallery to docs/screenshots/: the page at 1440×900, on a phone (390×844) and
in the dark theme, every slide of presentation mode, and every export, as a person sees them.

Run: ``python scripts/gallery.py`` (``make screenshots``). It serves the dashboard on the embedded
data from a throwaway store on a free loopback port and drives headless Chromium.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenshot import chromium  # noqa: E402  (scripts/screenshot.py, beside this file)

OUT = ROOT / "docs" / "screenshots"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def settle(driver: Any, seconds: float = 1.0) -> None:
    """Wait until no Dash callback is in flight, then a moment for charts to draw."""
    end = time.time() + 20
    quiet = 0
    while quiet < 3 and time.time() < end:
        busy = driver.execute_script("return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length")
        quiet = quiet + 1 if not busy else 0
        time.sleep(0.2)
    time.sleep(seconds)


def viewport(driver: Any, width: int, height: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def shot(driver: Any, name: str, *, full: bool = False, element: str = "") -> None:
    capture: dict[str, Any] = {"format": "png"}
    if full:
        # The whole page in one viewport, so everything is in view and drawn (what is out of view is
        # drawn when it comes into view), then captured; the page may grow as it draws, so twice.
        size = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        for _ in range(2):
            viewport(driver, size[0], driver.execute_script("return document.documentElement.scrollHeight"))
            settle(driver, 1.5)
        width = driver.execute_script("return document.documentElement.clientWidth")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        capture |= {
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        }
    if element:
        driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", element)
        settle(driver, 1.5)
        box = driver.execute_script(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
            "return [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height];",
            element,
        )
        clip = dict(zip(("x", "y", "width", "height"), box, strict=True)) | {"scale": 1}
        capture |= {"captureBeyondViewport": True, "clip": clip}
    data = driver.execute_cdp_cmd("Page.captureScreenshot", capture)["data"]
    (OUT / name).write_bytes(base64.b64decode(data))
    print(f"wrote docs/screenshots/{name}")
    if full:
        viewport(driver, *size)


def page(driver: Any, base: str, search: str, width: int, height: int) -> None:
    viewport(driver, width, height)
    driver.get(base + search)
    settle(driver, 1.5)


def exports() -> None:
    """Every view's PNG export as a recipient gets it, and the one-cell case that becomes a sentence."""
    from dashboard.analysis.state import VIEWS, Selection
    from dashboard.data.config import DEFAULT_DATA_DIR
    from dashboard.data.files import load_dataset
    from dashboard.output.export import slide_png
    from dashboard.output.slides import build_slide

    dataset = load_dataset(DEFAULT_DATA_DIR)
    for view in VIEWS:
        regions = [7] if view == "region" else []
        (OUT / f"export-{view}.png").write_bytes(slide_png(build_slide(dataset, Selection.of(regions, view=view))))
        print(f"wrote docs/screenshots/export-{view}.png")
    one_cell = Selection.of([7], "Healthcare", view="gaps")
    (OUT / "export-gaps-one-cell.png").write_bytes(slide_png(build_slide(dataset, one_cell)))
    print("wrote docs/screenshots/export-gaps-one-cell.png")


@contextmanager
def serving(data_dir: Path | None = None) -> Iterator[str]:
    """The dashboard on its own port and store (on `data_dir`, default the embedded data)."""
    port = free_port()
    env = {**os.environ, "DASHBOARD_INSTANCE_DIR": tempfile.mkdtemp(prefix="gallery-instance-")}
    if data_dir is not None:
        env["DASHBOARD_DATA_DIR"] = str(data_dir)
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def priority_gaps(driver: Any) -> None:
    """The priority gaps, on the embedded data plus the SAMPLE QCEW fixture (labelled so on screen)."""
    with tempfile.TemporaryDirectory(prefix="gallery-qcew-") as folder:
        data = Path(folder) / "data"
        shutil.copytree(ROOT / "data", data)
        (data / "qcew").mkdir()
        shutil.copy(ROOT / "tests/fixtures/qcew/sample-2023-colorado-counties.csv", data / "qcew")
        with serving(data) as base:
            page(driver, base, "?view=gaps", 1440, 900)
            shot(driver, "desktop-priority-gaps.png", element="#panel-gaps")
            page(driver, base, "?regions=10&view=region", 1440, 900)
            shot(driver, "desktop-region-10-employment.png", element="#panel-region")
            page(driver, base, "?view=gaps", 390, 844)
            shot(driver, "phone-priority-gaps.png", element="#panel-gaps")


def partnership_outcomes(driver: Any) -> None:
    """Partnership outcomes and a partnership's page, on the embedded data plus the SAMPLE outcomes fixture
    (labelled so on screen): desktop, phone and the outcomes slide."""
    from generate_sample_outcomes import fixture_directory  # scripts/, beside this file

    with tempfile.TemporaryDirectory(prefix="gallery-outcomes-") as folder:
        data = fixture_directory(Path(folder) / "data")
        with serving(data) as base:
            page(driver, base, "?view=outcomes&measure=cost_savings", 1440, 900)
            shot(driver, "desktop-outcomes.png", element="#panel-outcomes")
            page(driver, base, "partnerships/cos-health", 1440, 900)
            shot(driver, "desktop-partnership-page.png", full=True)
            page(driver, base, "?view=outcomes&measure=cost_savings", 390, 844)
            shot(driver, "phone-outcomes.png", element="#panel-outcomes")
            page(driver, base, "partnerships/cos-health", 390, 844)
            shot(driver, "phone-partnership-page.png", full=True)
            for width, height, label in ((1440, 900, "slide"), (390, 844, "phone-slide")):
                page(driver, base, "?view=outcomes&measure=cost_savings", width, height)
                button = driver.find_element("id", "present-start")
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", button)
                settle(driver, 1.5)
                shot(driver, f"{label}-outcomes.png")
                driver.execute_script("document.getElementById('present-exit').click()")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    driver = chromium(1440, 900)
    try:
        priority_gaps(driver)
        partnership_outcomes(driver)
        with serving() as base:
            gallery(driver, base)
    finally:
        driver.quit()
    exports()


def gallery(driver: Any, base: str) -> None:
    """The page on the embedded data: desktop, phone, dark, every slide."""
    page(driver, base, "", 1440, 900)
    shot(driver, "desktop-first-screen.png")
    shot(driver, "desktop-full-page.png", full=True)
    page(driver, base, "?regions=7", 1440, 900)
    shot(driver, "desktop-region-7.png")
    page(driver, base, "?year=2016&metric=businesses&view=gaps", 1440, 900)
    shot(driver, "desktop-2016-gaps.png")
    page(driver, base, "?regions=7", 390, 844)
    shot(driver, "phone-first-screen.png")
    shot(driver, "phone-full-page.png", full=True)
    page(driver, base, "", 1440, 900)
    driver.find_element("id", "control-theme").click()
    settle(driver)
    shot(driver, "dark-first-screen.png")
    driver.find_element("id", "control-theme").click()
    settle(driver)
    for width, height, label in ((1440, 900, "slide"), (390, 844, "phone-slide")):
        page(driver, base, "", width, height)
        button = driver.find_element("id", "present-start")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", button)
        for index in range(1, 6):
            settle(driver, 1.5)
            shot(driver, f"{label}-{index}.png")
            driver.execute_script("document.getElementById('present-next').click()")
        driver.execute_script("document.getElementById('present-exit').click()")


if __name__ == "__main__":
    main()
