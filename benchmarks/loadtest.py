"""Load test: simulated staff using the dashboard served by gunicorn, on loopback only.

Each simulated user opens the page (index, layout, dependencies), then repeats realistic
interactions — a region click, an industry click, a metric change, Reset — each one the
controller request followed by the view requests, as the browser sends them, with 1–4 s of
think time between interactions. Bounded: it stops after --duration seconds.

Reports requests/s, p50/p95 latency per request, errors, and the gunicorn workers' memory.
Usage: ``python -m benchmarks.loadtest [--users 50] [--duration 180] [--scale 1x]`` (``make loadtest``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import requests

from benchmarks.run import Client, Server, industries_in, percentile, region_click
from benchmarks.scale import scaled_directory
from dashboard import ids
from dashboard.data.config import PROJECT_ROOT


def worker_memory_mb(master_pid: int) -> dict[int, float]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    memory: dict[int, float] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(fields.get("PPid", "0").strip()) == master_pid and "VmRSS" in fields:
            memory[int(status.parent.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return memory


class User(threading.Thread):
    def __init__(self, server: Server, industries: list[str], seed: int, stop_at: float) -> None:
        super().__init__(daemon=True)
        self.server, self.industries, self.stop_at = server, industries, stop_at
        self.rng = np.random.default_rng(seed)
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def timed(self, action: Any) -> None:
        started = time.perf_counter()
        try:
            action()
        except (requests.RequestException, ValueError, KeyError) as error:
            self.errors.append(type(error).__name__ + ": " + str(error)[:120])
        finally:
            self.latencies.append((time.perf_counter() - started) * 1000)

    def run(self) -> None:
        session = requests.Session()
        for path in ("/", "/_dash-layout"):
            self.timed(lambda path=path: session.get(self.server.base + path, timeout=30).raise_for_status())
        try:
            client = Client(self.server)
        except (requests.RequestException, ValueError) as error:
            self.errors.append(str(error))
            return
        clicks = 0
        while time.time() < self.stop_at:
            time.sleep(float(self.rng.uniform(1.0, 4.0)))  # think time
            if time.time() >= self.stop_at:
                break
            kind = int(self.rng.integers(0, 4))
            value: Any
            clicks += 1
            if kind == 0:
                trigger, value = f"{ids.REGION_MAP}.clickData", region_click("dashboard", int(self.rng.integers(1, 15)))
            elif kind == 1:
                industry = str(self.rng.choice(self.industries))
                trigger, value = f"{ids.INDUSTRY_CHART}.clickData", {"points": [{"customdata": industry}]}
            elif kind == 2:
                trigger, value = f"{ids.METRIC_SELECT}.value", str(self.rng.choice(["partnerships", "businesses"]))
            else:
                trigger, value = f"{ids.RESET}.n_clicks", clicks
            before = len(client.samples)
            try:
                client.interact("load", trigger, value)
            except (requests.RequestException, ValueError, KeyError) as error:
                self.errors.append(type(error).__name__ + ": " + str(error)[:120])
            self.latencies.extend(s["ms"] for s in client.samples[before:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=180, help="seconds of load (bounded)")
    parser.add_argument("--scale", default="1x")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "loadtest.json")
    args = parser.parse_args()
    data_dir = scaled_directory(args.scale, Path(tempfile.gettempdir()) / "dashboard-bench")
    industries = industries_in(data_dir)
    server = Server("dashboard", data_dir)
    server.start()
    try:
        stop_at = time.time() + args.duration
        users = [User(server, industries, seed, stop_at) for seed in range(args.users)]
        started = time.time()
        for user in users:
            user.start()
            time.sleep(0.05)  # ramp up over a few seconds
        peak: dict[int, float] = {}
        while any(u.is_alive() for u in users) and time.time() < stop_at + 60:
            for pid, mb in worker_memory_mb(server.process.pid if server.process else 0).items():
                peak[pid] = max(peak.get(pid, 0.0), mb)
            time.sleep(1)
        elapsed = time.time() - started
    finally:
        server.stop()
    latencies = [ms for u in users for ms in u.latencies]
    errors = [e for u in users for e in u.errors]
    report = {
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "scale": args.scale,
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "errors": len(errors),
        "error_examples": errors[:5],
        "worker_peak_rss_mb": {str(k): round(v, 1) for k, v in peak.items()},
        "goal": {"p95_ms": 300, "errors": 0},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    met = report["p95_ms"] <= 300 and not errors
    print(f"\n{'met ' if met else 'MISS'}  p95 {report['p95_ms']} ms (goal ≤ 300), {len(errors)} errors (goal 0)")


if __name__ == "__main__":
    main()
