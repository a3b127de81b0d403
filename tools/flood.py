#!/usr/bin/env python3
"""Flood test of the server (issue 20): many clients POST /api/plan at once
while a probe measures what a visitor of the explorer sees: POST /api/gap
(a slider move) and GET / (the home page).

Usage:
    python3 tools/flood.py http://127.0.0.1:8080 [--clients 300] [--seconds 20]

Prints, for the flood, how many plans were answered (200) and turned away
(503 + Retry-After), and for the probe the p50/p95/max latency of /api/gap
and of the home page during the flood. Standard library only.
"""

import argparse
import http.client
import json
import threading
import time
import urllib.parse


def conn(base):
    u = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


def flood(base, k, stop, counts, lock):
    c = conn(base)
    n = 0
    while not stop.is_set():
        n += 1
        # A new lever setting each time: no answer comes from a cache.
        body = json.dumps({"policy": "actieplan",
                           "levers": {"aanvalsplan_techniek_side_entry": 1.0 + (k * 997 + n) % 2000 / 1000}})
        try:
            c.request("POST", "/api/plan", body, {"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            key = r.status
            if key == 503 and r.getheader("Retry-After") is None:
                key = "503 without Retry-After"
        except Exception as e:  # noqa: BLE001 - any failure is counted
            key = type(e).__name__
            c.close()
            c = conn(base)
        with lock:
            counts[key] = counts.get(key, 0) + 1
        if key == 503:
            # The server does not read a turned-away request's body, so it
            # closes the connection: open a new one, as a browser would.
            c.close()
            c = conn(base)
            time.sleep(0.2)


def probe(base, stop, gap, home):
    c = conn(base)
    n = 0
    while not stop.is_set():
        n += 1
        # A slider move within the explorer's range (factor 0.5 to 2).
        body = json.dumps({"overrides": {"heat_pump_hybrid": 0.5 + (n % 31) * 0.05}})
        for path, method, data, out in (("/api/gap", "POST", body, gap), ("/", "GET", None, home)):
            t0 = time.perf_counter()
            try:
                c.request(method, path, data, {"Content-Type": "application/json"} if data else {})
                r = c.getresponse()
                r.read()
                ok = r.status == 200
            except Exception:  # noqa: BLE001
                ok = False
                c.close()
                c = conn(base)
            out.append((time.perf_counter() - t0, ok))
        time.sleep(0.1)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")


def main():
    a = argparse.ArgumentParser()
    a.add_argument("base")
    a.add_argument("--clients", type=int, default=300)
    a.add_argument("--seconds", type=float, default=20)
    args = a.parse_args()
    stop, lock = threading.Event(), threading.Lock()
    counts, gap, home = {}, [], []
    threads = [threading.Thread(target=flood, args=(args.base, k, stop, counts, lock), daemon=True)
               for k in range(args.clients)]
    threads.append(threading.Thread(target=probe, args=(args.base, stop, gap, home), daemon=True))
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join(timeout=70)
    print(f"flood: {args.clients} clients on POST /api/plan for {args.seconds:.0f} s: {dict(sorted(counts.items(), key=str))}")
    for name, xs in (("POST /api/gap", gap), ("GET /", home)):
        lat = [x for x, ok in xs]
        bad = sum(1 for _, ok in xs if not ok)
        print(f"probe {name}: {len(xs)} requests, {bad} not 200; latency p50 {pct(lat, .5) * 1000:.0f} ms, "
              f"p95 {pct(lat, .95) * 1000:.0f} ms, max {max(lat, default=float('nan')) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
