#!/usr/bin/env python3
"""The soak driver of scripts/soak.sh: mixed clients against one `promise serve` on
loopback for a bounded time, then the checks.

Clients: plain quotes, service-level quotes, commits, change sets, status changes, a
plan reader, and abandoned requests (simulations whose client hangs up, half-open
connections). Meanwhile the server's resident memory and the database size are sampled.
At the end (server stopped): every acknowledged commit is in the book with its promise,
no line-day is overbooked (examples/book_check), and the latencies per endpoint.
Only 127.0.0.1 is ever contacted; every loop stops at the deadline.
"""

import argparse
import csv
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.codes = defaultdict(lambda: defaultdict(int))

    def add(self, what, status, seconds):
        with self.lock:
            self.times[what].append(seconds)
            self.codes[what][status] += 1


def percentile(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    k = max(0, min(len(xs) - 1, int(round(p * len(xs) + 0.5)) - 1))
    return xs[k]


class Client:
    def __init__(self, port, token, stats):
        self.port, self.token, self.stats = port, token, stats
        self.conn = None

    def call(self, what, method, path, body=None, timeout=120):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
                t = time.perf_counter()
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                text = r.read()
                took = time.perf_counter() - t
                self.stats.add(what, r.status, took)
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                try:
                    return r.status, json.loads(text) if text else None
                except ValueError:
                    return r.status, None
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 1:
                    self.stats.add(what, "error", 0.0)
        return None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--as-of", default="2026-03-02")
    ap.add_argument("--check", required=True, help="the book_check binary")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    products = [r["product_id"] for r in read_csv(os.path.join(a.data, "capacity.csv"))]
    products = sorted(set(products))
    destinations = sorted({r["destination"] for r in read_csv(os.path.join(a.data, "transit.csv"))})
    lines = [r["line_id"] for r in read_csv(os.path.join(a.data, "lines.csv"))]
    stats = Stats()
    deadline = time.monotonic() + a.seconds
    stop = threading.Event()
    acked = {}  # order id -> promised date acknowledged
    closed = set()  # acknowledged orders later cancelled or shipped
    changed = set()  # acknowledged orders whose date a change set moved
    acked_lock = threading.Lock()
    rng_seed = [0]

    def running():
        return not stop.is_set() and time.monotonic() < deadline

    def rng():
        with acked_lock:
            rng_seed[0] += 1
            return random.Random(rng_seed[0])

    def order(r, n):
        return {
            "product_id": r.choice(products),
            "qty": r.randint(1, 40),
            "destination": r.choice(destinations),
        }

    def quoter():
        r, c = rng(), Client(a.port, a.token, stats)
        while running():
            c.call("POST /quote", "POST", "/quote", order(r, 1))

    def sl_quoter():
        r, c = rng(), Client(a.port, a.token, stats)
        while running():
            body = order(r, 1)
            body.update(service_level=0.9, scenarios=300)
            st, _ = c.call("POST /quote (service level)", "POST", "/quote", body)
            if st == 503:
                time.sleep(0.5)

    def committer(k):
        r, c = rng(), Client(a.port, a.token, stats)
        n = 0
        while running():
            n += 1
            oid = f"SOAK-{k}-{n}"
            body = {
                "order_id": oid,
                "customer": f"Soak customer {r.randint(1, 50)}",
                "destination": r.choice(destinations),
                "requested_date": f"2026-{r.randint(5, 12):02d}-{r.randint(1, 28):02d}",
                "lines": [{"product_id": r.choice(products), "qty": r.randint(1, 20)}],
            }
            st, v = c.call("POST /orders", "POST", "/orders", body)
            if st == 201:
                with acked_lock:
                    acked[oid] = v["promised_date"]
            time.sleep(0.05)

    def changer():
        r, c = rng(), Client(a.port, a.token, stats)
        while running():
            time.sleep(20)
            day = r.randint(10, 60)
            frm = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(a.as_of, "%Y-%m-%d")) + day * 86400))
            to = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(a.as_of, "%Y-%m-%d")) + (day + 1) * 86400))
            changes = [{"kind": "line_down", "line_id": r.choice(lines), "from": frm, "to": to}]
            with acked_lock:
                pick = [o for o in acked if o not in closed and o not in changed]
            if pick:
                oid = r.choice(pick)
                changes.append({"kind": "order_date", "order_id": oid, "date": "2026-12-20"})
            st, _ = c.call("POST /changes", "POST", "/changes", {"changes": changes})
            if st == 200 and pick:
                with acked_lock:
                    changed.add(oid)

    def status_changer():
        r, c = rng(), Client(a.port, a.token, stats)
        while running():
            time.sleep(7)
            with acked_lock:
                pick = [o for o in acked if o not in closed]
            if not pick:
                continue
            oid = r.choice(pick)
            status = r.choice(["in_production", "in_production", "cancelled", "shipped"])
            st, _ = c.call("POST /orders/{id}/status", "POST", f"/orders/{oid}/status", {"status": status})
            if st == 200 and status != "in_production":
                with acked_lock:
                    closed.add(oid)

    def planner():
        c = Client(a.port, a.token, stats)
        while running():
            c.call("GET /plan", "GET", "/plan")
            time.sleep(10)

    def abandoner():
        r = rng()
        held = []
        while running():
            # A simulation whose client hangs up.
            body = json.dumps(dict(order(r, 1), service_level=0.95, scenarios=5000)).encode()
            s = socket.create_connection(("127.0.0.1", a.port))
            s.sendall(
                b"POST /quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + f"Authorization: Bearer {a.token}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            time.sleep(0.2)
            s.close()
            stats.add("abandoned simulation", "sent", 0.0)
            # A half-open connection: a head that never ends.
            h = socket.create_connection(("127.0.0.1", a.port))
            h.sendall(b"POST /quote HTTP/1.1\r\nHost: x\r\n")
            held.append((time.monotonic(), h))
            for t, h in list(held):
                if time.monotonic() - t > 15:
                    h.settimeout(0.1)
                    try:
                        closed_by_server = h.recv(1024) is not None
                    except socket.timeout:
                        closed_by_server = False
                    except OSError:
                        closed_by_server = True
                    stats.add("half-open connection closed by the server", str(closed_by_server), 0.0)
                    h.close()
                    held.remove((t, h))
            time.sleep(2)
        for _, h in held:
            h.close()

    samples = []

    def sampler():
        t0 = time.monotonic()
        while running():
            rss = hwm = 0
            try:
                with open(f"/proc/{a.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            rss = int(line.split()[1])
                        elif line.startswith("VmHWM:"):
                            hwm = int(line.split()[1])
            except OSError:
                pass
            size = sum(os.path.getsize(p) for p in (a.db, a.db + "-wal") if os.path.exists(p))
            samples.append({"t": round(time.monotonic() - t0), "rss_mb": rss / 1024, "hwm_mb": hwm / 1024, "db_mb": size / 2**20})
            time.sleep(5)

    threads = [threading.Thread(target=f, daemon=True) for f in
               [quoter, quoter, quoter, sl_quoter, sl_quoter, changer, status_changer, planner, abandoner, sampler]]
    threads += [threading.Thread(target=committer, args=(k,), daemon=True) for k in range(2)]
    for t in threads:
        t.start()
    while time.monotonic() < deadline:
        time.sleep(1)
    stop.set()
    for t in threads:
        t.join(timeout=150)
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
    conn.request("GET", "/metrics", headers={"Authorization": f"Bearer {a.token}"})
    with open(a.out + ".metrics", "wb") as f:
        f.write(conn.getresponse().read())
    conn.close()
    os.kill(a.pid, signal.SIGTERM)
    for _ in range(300):
        try:
            os.kill(a.pid, 0)
            time.sleep(0.1)
        except OSError:
            break
    check = json.loads(subprocess.run([a.check, a.db, a.as_of], check=True, capture_output=True, text=True).stdout)
    orders = check["orders"]
    lost = []
    moved_promise = []
    for oid, promised in acked.items():
        o = orders.get(oid)
        if o is None:
            lost.append(oid)
        elif oid not in changed and oid not in closed and o["promised"] != promised:
            moved_promise.append((oid, promised, o["promised"]))
        elif oid in closed and o["status"] not in ("cancelled", "shipped"):
            lost.append(oid)
    endpoints = {}
    for what, xs in sorted(stats.times.items()):
        real = [x for x in xs if x > 0]
        endpoints[what] = {
            "codes": dict(stats.codes[what]),
            "p50_ms": round(1000 * percentile(real, 0.5), 2) if real else None,
            "p99_ms": round(1000 * percentile(real, 0.99), 2) if real else None,
            "n": len(xs),
        }
    rss = [s["rss_mb"] for s in samples]
    report = {
        "seconds": a.seconds,
        "acknowledged_commits": len(acked),
        "lost": lost,
        "promise_changed": moved_promise,
        "line_days_checked": check["line_days"],
        "overbooked": check["overbooked"],
        "endpoints": endpoints,
        "rss_mb": {"first": rss[0] if rss else None, "max": max(rss) if rss else None, "last": rss[-1] if rss else None,
                   "median_second_half": statistics.median(rss[len(rss) // 2:]) if rss else None},
        "db_mb": {"first": samples[0]["db_mb"] if samples else None, "last": samples[-1]["db_mb"] if samples else None},
        "samples": samples,
    }
    with open(a.out, "w") as f:
        json.dump(report, f, indent=1)
    print(f"soak: {a.seconds} s, {len(acked)} acknowledged commits, {len(lost)} lost, "
          f"{len(moved_promise)} with another promise, {len(check['overbooked'])} line-days overbooked "
          f"(of {check['line_days']})")
    print(f"rss MB: first {report['rss_mb']['first']:.0f}, max {report['rss_mb']['max']:.0f}, last {report['rss_mb']['last']:.0f}; "
          f"db MB: first {report['db_mb']['first']:.1f}, last {report['db_mb']['last']:.1f}")
    print(f"{'endpoint':45} {'n':>7} {'p50 ms':>9} {'p99 ms':>9}  codes")
    for what, e in endpoints.items():
        print(f"{what:45} {e['n']:>7} {str(e['p50_ms']):>9} {str(e['p99_ms']):>9}  {e['codes']}")
    ok = not lost and not moved_promise and not check["overbooked"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
