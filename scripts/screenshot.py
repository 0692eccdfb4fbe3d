"""Screenshot a running dashboard in headless Chromium (for docs/ and for looking at changes).

Usage: ``python scripts/screenshot.py http://127.0.0.1:8050/?regions=3 docs/screenshot.png``
Options: ``--width 1440`` ``--height`` (default: the full page) ``--wait 4`` seconds after load,
``--element '#published'`` to keep only that part of the page.
Prints the browser console's errors, if any, so a failed request is seen as well.
"""

from __future__ import annotations

import argparse
import base64
import os
import time
from pathlib import Path

from selenium import webdriver

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium(width: int, height: int) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
    for flag in [*CHROMIUM_FLAGS, f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    return webdriver.Chrome(options=options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=0, help="0 = the whole page")
    parser.add_argument("--wait", type=float, default=4.0)
    parser.add_argument("--element", default="", help="CSS selector: capture only this element")
    args = parser.parse_args()
    driver = chromium(args.width, args.height or 1000)
    try:
        driver.get(args.url)
        time.sleep(args.wait)
        height = args.height or int(driver.execute_script("return document.documentElement.scrollHeight"))
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": args.width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        time.sleep(2.5)  # charts re-lay themselves out for the new viewport
        capture: dict[str, object] = {"format": "png", "captureBeyondViewport": not args.height}
        if args.element:
            box = driver.execute_script(
                "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                "return [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height];",
                args.element,
            )
            capture["clip"] = dict(zip(("x", "y", "width", "height"), box, strict=True)) | {"scale": 1}
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", capture)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(base64.b64decode(shot["data"]))
        print(f"wrote {args.out} ({args.width}×{height})")
        for entry in driver.get_log("browser"):
            print("console:", entry["level"], entry["message"])
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
