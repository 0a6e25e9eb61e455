#!/usr/bin/env python3
"""Write a year of history for the demo plant (data/demo/history/*.csv), for `promise fit`.

Deterministic (a fixed seed): the year 2025-03-03 .. 2026-02-27 before the demo's as-of
date. Each material is bought from one supplier, whose habits shape its lead times
(`received - ordered`); the supplier promises the plant file's `lead_time_days`
(`due = ordered + lead_time_days`). The shapes are not lognormal on purpose:
- Taizhou Foundry (castings, pump heads): on the day 3 times in 5, else 5-25 days late;
- Yuhuan Stampings (stage kits): on the day 3 times in 4, else 1-3 weeks late;
- Franklin Asia (submersible motors): a long tail (Pareto);
- Baosteel Service (bar): spread evenly from 2 days early to 4 days late;
- the others: on the day or a day either side.
Rarely bought materials have 1-3 receipts (their fits are pooled); a few have none
(they keep the plant file's columns). Shipments: the Chengdu rail lane is late 2-6 days
40 % of the time, sea lanes spread, road on time. Line log: every planned day of every
line; short losses now and then (absence, power cuts on all lines on the same days),
and MCH-2 (the horizontal boring mill) breaks down for 3-10 working days at a time.
"""
import csv
import datetime as dt
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "data", "demo")
OUT = os.path.join(DEMO, "history")
START = dt.date(2025, 3, 3)
END = dt.date(2026, 2, 27)
rng = random.Random(20260302)


def read(name):
    with open(os.path.join(DEMO, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def supplier(material):
    rules = [
        (("CAS-", "IMC-", "HEAD-"), "Taizhou Foundry"),
        (("STG-",), "Yuhuan Stampings"),
        (("SMOT-",), "Franklin Asia"),
        (("BAR-",), "Baosteel Service"),
        (("MOT-",), "Wannan Motor"),
        (("SEAL-", "CART-"), "Eagle Seals"),
        (("BRG-",), "Ningbo Bearing"),
    ]
    for prefixes, name in rules:
        if material.startswith(prefixes):
            return name
    return "Yongkang Trading"


def deviation(sup):
    """Days received after the promised date (negative: early)."""
    u = rng.random()
    if sup == "Taizhou Foundry":
        return 0 if u < 0.6 else rng.randint(5, 25)
    if sup == "Yuhuan Stampings":
        return 0 if u < 0.75 else rng.randint(7, 21)
    if sup == "Franklin Asia":
        return int(rng.paretovariate(1.6)) - 1
    if sup == "Baosteel Service":
        return rng.randint(-2, 4)
    return 0 if u < 0.7 else rng.choice([-1, 1, 1, 2])


def receipts(materials):
    rows = []
    rare = {"VFD-PNL-2": 2, "VFD-PNL-3": 1, "MAN-SS-65": 3, "MAN-SS-100": 2, "SKID-BS": 1,
            "CAS-125-250": 2, "SMOT-6-5K5": 1}
    never = {"TANK-24", "CRT-L", "GBX-DP"}
    for m in materials:
        mid = m["material_id"]
        if mid in never:
            continue
        lead = int(m["lead_time_days"])
        sup = supplier(mid)
        n = rare.get(mid) or rng.randint(8, 30)
        span = (END - START).days - lead - 30
        for _ in range(n):
            ordered = START + dt.timedelta(days=rng.randint(0, max(span, 1)))
            due = ordered + dt.timedelta(days=lead)
            received = max(due + dt.timedelta(days=deviation(sup)), ordered)
            rows.append([mid, sup, rng.randint(1, 20) * 10, ordered, due, received])
    rows.sort(key=lambda r: (r[3], r[0]))
    return rows


def shipments(transit):
    rows = []
    for t in transit:
        dest, mode, days = t["destination"], t["mode"], int(t["days"])
        n = {"truck": 60, "rail": 30, "sea": 20, "air": 8}[mode]
        for _ in range(n):
            ship = START + dt.timedelta(days=rng.randint(0, 330))
            if dest == "Chengdu" and mode == "rail":
                extra = rng.randint(2, 6) if rng.random() < 0.4 else 0
            elif mode == "sea":
                extra = rng.randint(-2, 7)
            elif mode == "rail":
                extra = rng.choice([0, 0, 0, 1])
            else:
                extra = rng.choice([0] * 9 + [1])
            rows.append([dest, mode, ship, ship + dt.timedelta(days=max(days + extra, 0))])
    rows.sort(key=lambda r: (r[2], r[0], r[1]))
    return rows


WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def works(mask, day):
    a, b = mask.split("-")
    return WEEKDAYS.index(a) <= day.weekday() <= WEEKDAYS.index(b)


def line_log(lines):
    days = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]
    power_cuts = {d for d in days if rng.random() < 0.02}
    rows = []
    for ln in lines:
        shifts = int(ln["shifts_per_day"])
        down = 0
        for d in days:
            if not works(ln["work_days"], d):
                continue
            worked, reason = shifts, ""
            if ln["line_id"] == "MCH-2":
                if down == 0 and rng.random() < 0.025:
                    down = rng.randint(3, 10)
                if down > 0:
                    down -= 1
                    worked, reason = 0, "spindle breakdown"
            if worked == shifts and d in power_cuts and shifts > 1:
                worked, reason = shifts - 1, "power rationing (错峰用电)"
            elif worked == shifts and rng.random() < 0.03:
                worked, reason = shifts - 1, rng.choice(["absence", "tool change overrun", "minor breakdown"])
            rows.append([ln["line_id"], d, shifts, worked, reason])
    return rows


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([x.isoformat() if isinstance(x, dt.date) else x for x in r])


def main():
    os.makedirs(OUT, exist_ok=True)
    write("receipts.csv", ["material_id", "supplier", "qty", "ordered_date", "due_date", "received_date"],
          receipts(read("materials.csv")))
    write("shipments.csv", ["destination", "mode", "ship_date", "delivered_date"], shipments(read("transit.csv")))
    write("line_log.csv", ["line_id", "date", "planned_shifts", "worked_shifts", "reason"], line_log(read("lines.csv")))


if __name__ == "__main__":
    main()
