"""Load test: simulated staff using the dashboard served by gunicorn, on loopback only.

Each simulated user opens the page (index, layout, dependencies), then repeats realistic
interactions — a region click, an industry click, a metric change, Reset — each one the
controller request followed by the view requests, as the browser sends them, with 1–4 s of
think time between interactions. Bounded: it stops after --duration seconds.

A share of the interactions (--malformed, 30% by default) are instead malformed or forged
requests, as a broken client or an attacker would send: values of the wrong type, nesting no
client sends, unknown outputs, junk bodies, a large anonymous body. Each must be answered 4xx
(never 500, never a dropped connection) and must not slow the good requests or grow memory.

Reports requests/s, p50/p95 latency of the good requests, errors, the answers to the malformed
ones, and the gunicorn workers' memory at the start and end of the load.
Usage: ``python -m benchmarks.loadtest [--users 30] [--duration 180] [--malformed 0.3]`` (``make loadtest``).
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

from benchmarks.run import Client, Server, browser_like_session, industries_in, percentile, region_click
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


def malformed_requests(base: str) -> list[tuple[str, bytes, dict[str, str]]]:
    """(path, body, headers) of requests no well-behaved client sends."""
    update = f"{base}/_dash-update-component"
    json_type = {"Content-Type": "application/json"}

    def callback(output: str, inputs: list[dict[str, Any]]) -> bytes:
        changed = [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else []
        return json.dumps(
            {"output": output, "outputs": {"id": output.split(".")[0], "property": output.split(".")[1]},
             "inputs": inputs, "state": [], "changedPropIds": changed}
        ).encode()  # fmt: skip

    cards = f"{ids.CARDS}.children"
    return [
        (update, callback(cards, [{"id": ids.REGION_SELECT, "property": "value", "value": {"a": 1}}]), json_type),
        (update, callback(cards, [{"id": ids.YEAR_SLIDER, "property": "value", "value": "nineteen"}]), json_type),
        (update, callback("no-such-output.children", []), json_type),
        (update, b'{"output": ' + b"[" * 5000 + b"]" * 5000 + b"}", json_type),
        (update, b"{not json", json_type),
        (update, b"x" * (1024 * 1024), json_type),  # large and anonymous: refused before it is read
        (f"{base}/data/versions/{10**25}/download.zip", b"", {}),
    ]


class User(threading.Thread):
    def __init__(
        self, server: Server, industries: list[str], seed: int, stop_at: float, malformed: float = 0.0
    ) -> None:
        super().__init__(daemon=True)
        self.server, self.industries, self.stop_at, self.malformed = server, industries, stop_at, malformed
        self.rng = np.random.default_rng(seed)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.bad_answers: dict[str, int] = {}  # status of each malformed request → count

    def timed(self, action: Any) -> None:
        started = time.perf_counter()
        try:
            action()
        except (requests.RequestException, ValueError, KeyError) as error:
            self.errors.append(type(error).__name__ + ": " + str(error)[:120])
        finally:
            self.latencies.append((time.perf_counter() - started) * 1000)

    def send_malformed(self, session: requests.Session) -> None:
        bad = malformed_requests(self.server.base)
        url, body, headers = bad[int(self.rng.integers(0, len(bad)))]
        try:
            if body:
                response = session.post(url, data=body, headers=headers, timeout=30)
            else:
                response = session.get(url, timeout=30)
            answer = str(response.status_code)
        except requests.RequestException as error:
            answer = type(error).__name__
        self.bad_answers[answer] = self.bad_answers.get(answer, 0) + 1

    def run(self) -> None:
        session = browser_like_session()
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
            if self.rng.random() < self.malformed:
                self.send_malformed(session)
                continue
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
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--duration", type=float, default=180, help="seconds of load (bounded)")
    parser.add_argument("--scale", default="1x")
    parser.add_argument("--malformed", type=float, default=0.3, help="share of interactions that are malformed")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "loadtest.json")
    args = parser.parse_args()
    data_dir = scaled_directory(args.scale, Path(tempfile.gettempdir()) / "dashboard-bench")
    industries = industries_in(data_dir)
    server = Server("dashboard", data_dir)
    server.start()
    try:
        stop_at = time.time() + args.duration
        users = [User(server, industries, seed, stop_at, args.malformed) for seed in range(args.users)]
        started = time.time()
        for user in users:
            user.start()
            time.sleep(0.05)  # ramp up over a few seconds
        peak: dict[int, float] = {}
        first: dict[int, float] = {}
        last: dict[int, float] = {}
        warm_at = started + min(20.0, args.duration / 4)  # memory after the first pages and clicks
        while any(u.is_alive() for u in users) and time.time() < stop_at + 60:
            for pid, mb in worker_memory_mb(server.process.pid if server.process else 0).items():
                peak[pid] = max(peak.get(pid, 0.0), mb)
                if time.time() >= warm_at:
                    first.setdefault(pid, mb)
                    last[pid] = mb
            time.sleep(1)
        elapsed = time.time() - started
    finally:
        server.stop()
    latencies = [ms for u in users for ms in u.latencies]
    errors = [e for u in users for e in u.errors]
    answers: dict[str, int] = {}
    for user in users:
        for answer, count in user.bad_answers.items():
            answers[answer] = answers.get(answer, 0) + count
    growth = {str(pid): round(last[pid] - first[pid], 1) for pid in first if pid in last}
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
        "malformed_share": args.malformed,
        "malformed_requests": sum(answers.values()),
        "malformed_answers": dict(sorted(answers.items())),
        "worker_peak_rss_mb": {str(k): round(v, 1) for k, v in peak.items()},
        "worker_rss_growth_mb": growth,
        "goal": {"p95_ms": 300, "errors": 0, "malformed_answered_4xx": True, "rss_growth_mb_below": 50},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    all_4xx = all(answer.isdigit() and 400 <= int(answer) < 500 for answer in answers)
    flat = all(mb < 50 for mb in growth.values())
    for met, text in (
        (report["p95_ms"] <= 300, f"p95 {report['p95_ms']} ms for good requests (goal ≤ 300)"),
        (not errors, f"{len(errors)} errors on good requests (goal 0)"),
        (all_4xx, f"malformed requests answered {answers} (goal: every one 4xx)"),
        (flat, f"worker memory growth {growth} MB (goal: flat, < 50 MB)"),
    ):
        print(f"{'met ' if met else 'MISS'}  {text}")


if __name__ == "__main__":
    main()
