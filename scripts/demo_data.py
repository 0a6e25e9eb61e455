#!/usr/bin/env python3
"""Write the demo plant data set (data/demo/*.csv): a make-to-order pump works.

The plant sits in the Zhejiang pump cluster and builds end-suction centrifugal pumps
(CP-DN-impeller), vertical multistage pumps (MS-flow-stages), submersible pumps (borehole
SP-4/SP-6, drainage SP-D, wastewater SP-W), diaphragm dosing pumps (DP-flow-bar) and
packaged booster sets (BS-). It ships to Shanghai, Guangzhou and Chengdu by road or rail and
exports to Hamburg, Dubai and Jakarta by sea, rail or air.

It is built the way a pump works builds (SPEC.md's routings and made components): volute
casings are machined in-house (金加工, MCH-1 and MCH-2) from bought castings and then sent out
for powder coating (喷塑, a wait of 3-5 days in `routing.csv`); pumps are assembled (装配) on
the assembly lines and performance-tested (试验) on the test benches TST-1 and TST-2. The
shafts and impellers are machined in-house on the shaft and impeller cell MCH-3 (shafts turned,
heat-treated outside and ground; multistage shafts plated outside, 电镀) as made components,
some kept in finished stock with a safety stock; booster sets are built from the plant's own
multistage pumps (a booster set needs pumps that need shafts: three levels). Submersible,
drainage and dosing pumps are still made in one step on their own cells. A few distributors
order impellers and shafts as spare parts, from the same stock.

The as-of date of the demo is 2026-03-02 (a Monday): requested dates run over the three
months after it, and the order quantities are set so the busiest lines (the submersible line,
the baseplate assembly line, the multistage cells, the shaft cell) are booked solid for weeks.
The material stock and open purchase orders cover most, not all, of what the next weeks
need before a new purchase could arrive: a few parts (large multistage pump heads, 6-inch
submersible motors, one casing casting) are short, so some orders wait for material, some for
line time on one step or another, exports mostly for the ship.

Deterministic: standard library only, a fixed random seed. Run from anywhere:

    python3 scripts/demo_data.py            # writes data/demo/*.csv
    promise plan --data data/demo --as-of 2026-03-02
"""

import csv
import datetime as dt
import os
import random

SEED = 20260302
AS_OF = dt.date(2026, 3, 2)
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "demo")

rng = random.Random(SEED)


def day(offset):
    return AS_OF + dt.timedelta(days=offset)


def weekday_on_or_after(d):
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def write(name, header, rows):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def num(x):
    """A quantity as CSV text: integers without a decimal point."""
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x)


# ---------------------------------------------------------------------------------------------
# Lines: one row per production line (cell, bench), in three families: machining (金加工),
# assembly (装配) and test (试验).
# ---------------------------------------------------------------------------------------------
LINES = [
    # line_id, shifts_per_day, work_days, availability, name
    ("MCH-1", 3, "Mon-Fri", 0.93, "金加工 CNC turning and boring cell: volute casings DN32-DN65"),
    ("MCH-2", 2, "Mon-Fri", 0.91, "金加工 horizontal boring mill: casings DN80-DN125 and wastewater volutes"),
    ("MCH-3", 3, "Mon-Fri", 0.94, "金加工 shaft and impeller cell: CNC lathes, cylindrical grinder, balancing"),
    ("ASM-1", 2, "Mon-Fri", 0.97, "装配 close-coupled end-suction assembly (small frames)"),
    ("ASM-2", 2, "Mon-Fri", 0.96, "装配 end-suction assembly (small and medium frames)"),
    ("ASM-3", 1, "Mon-Sat", 0.95, "装配 long-coupled end-suction assembly on baseplate (medium/large)"),
    ("ASM-4", 1, "Mon-Fri", 0.92, "装配 heavy assembly bay (large frames, booster skids)"),
    ("MST-1", 2, "Mon-Fri", 0.94, "装配 vertical multistage assembly"),
    ("MST-2", 1, "Mon-Fri", 0.97, "装配 vertical multistage assembly, second cell"),
    ("SUB-1", 3, "Mon-Fri", 0.93, "Submersible assembly, oil-fill and pressure test"),
    ("SUB-2", 1, "Mon-Fri", 0.98, "Drainage and wastewater submersible cell"),
    ("DOS-1", 1, "Mon-Fri", 0.99, "Dosing pump bench"),
    ("TST-1", 2, "Mon-Fri", 0.96, "试验 performance test bench (GB/T 3216): end-suction and multistage"),
    ("TST-2", 1, "Mon-Fri", 0.95, "试验 large-pump and booster-set test loop"),
]

# Routing operations (routing.csv names): a step's wait is the outside work after it.
OP = {
    "machining": "金加工 machining",
    "coat": "金加工→喷塑 machining + outside coating",
    "plate": "金加工→电镀 machining + outside plating",
    "turn": "粗车→热处理 turning + outside hardening",
    "grind": "精磨 grinding",
    "assembly": "装配 assembly",
    "test": "试验 test",
}

# ---------------------------------------------------------------------------------------------
# Materials: purchased parts. (id, name, lead_time_days, inspection_days)
# lead_time_sd_days, on_hand and safety stock are derived further down from the demand.
# ---------------------------------------------------------------------------------------------
MATERIALS = {}


def material(mid, name, lead, insp, sd_share=None):
    if sd_share is None:
        sd_share = rng.choice([0.0, 0.1, 0.15, 0.2, 0.25, 0.3])
    MATERIALS[mid] = {"name": name, "lead": lead, "insp": insp, "sd": round(lead * sd_share, 1)}


def kw_id(kw):
    """1.5 -> '1K5', 11 -> '11K', 0.75 -> '0K75' (motor rating as in catalogue codes)."""
    whole = int(kw)
    frac = round((kw - whole) * 100)
    if frac == 0:
        return f"{whole}K"
    s = f"{frac:02d}".rstrip("0")
    return f"{whole}K{s}"


# Standard IE3 motors, 2-pole (2900 rpm) and 4-pole (1450 rpm).
MOTOR_2P = [0.75, 1.1, 1.5, 2.2, 3.0, 4.0, 5.5, 7.5, 11, 15, 18.5, 22]
MOTOR_4P = [15, 18.5]
for kw in MOTOR_2P:
    material(f"MOT-2P-{kw_id(kw)}", f"IE3 motor {kw} kW 2-pole B3/B5", 14 if kw <= 4 else 21 if kw <= 11 else 28, 1)
for kw in MOTOR_4P:
    material(f"MOT-4P-{kw_id(kw)}", f"IE3 motor {kw} kW 4-pole B3", 28 if kw < 15 else 35, 1)

# End-suction centrifugal pumps: CP-DN-impeller diameter, motor kW, size class.
CP = [
    ("CP-32-125", 1.1, "S"), ("CP-32-160", 2.2, "S"), ("CP-40-125", 1.5, "S"), ("CP-40-160", 3.0, "S"),
    ("CP-40-200", 5.5, "M"), ("CP-50-125", 3.0, "S"), ("CP-50-160", 5.5, "M"), ("CP-50-200", 7.5, "M"),
    ("CP-65-160", 7.5, "M"), ("CP-65-200", 11, "M"), ("CP-80-160", 11, "M"), ("CP-80-200", 15, "L"),
    ("CP-80-250", 18.5, "L"), ("CP-100-200", 22, "L"), ("CP-100-250", 15, "L4"), ("CP-125-250", 18.5, "L4"),
]
for pid, kw, size in CP:
    dn, imp = pid.split("-")[1:]
    big = size.startswith("L")
    material(f"CAS-{dn}-{imp}", f"Volute casing casting DN{dn}/{imp}, grey iron, unmachined", 35 if big else 28, 2)
    material(f"IMC-{dn}-{imp}", f"Closed impeller casting {imp} mm for DN{dn}, unmachined", 28 if big else 21, 1)
material("BAR-24", "Bar 30 mm 420 stainless, cut to length (shaft SHF-24)", 10, 1)
material("BAR-32", "Bar 38 mm 420 stainless, cut to length (shaft SHF-32)", 12, 1)
material("BAR-42", "Bar 48 mm 420 stainless, cut to length (shaft SHF-42)", 15, 1)
material("SEAL-16", "Mechanical seal kit 16 mm, SiC/carbon/EPDM", 12, 0)
material("SEAL-22", "Mechanical seal kit 22 mm, SiC/carbon/EPDM", 12, 0)
material("SEAL-28", "Mechanical seal kit 28 mm, SiC/SiC/FKM", 18, 0)
material("SEAL-35", "Mechanical seal kit 35 mm, SiC/SiC/FKM", 18, 0)
material("BRG-6306", "Deep-groove ball bearing 6306-2Z", 7, 0)
material("BRG-6308", "Deep-groove ball bearing 6308-2Z", 7, 0)
material("BRG-6310", "Deep-groove ball bearing 6310-2Z", 10, 0)
material("BLT-S", "Bolts and gasket kit, small frame", 3, 0, 0.0)
material("BLT-M", "Bolts and gasket kit, medium frame", 3, 0, 0.0)
material("PNT-RAL5015", "Alkyd enamel RAL 5015 sky blue (kg)", 4, 0, 0.0)
material("PNT-EPX", "Two-pack epoxy coating for submersibles (kg)", 6, 0)
material("BSP-M", "Welded steel baseplate, medium", 10, 1)
material("BSP-L", "Welded steel baseplate, large", 14, 1)
material("CPL-32", "Flexible jaw coupling 32 mm", 8, 0)
material("CPL-42", "Flexible jaw coupling 42 mm", 8, 0)

# Vertical multistage: MS-flow-stages, motor kW.
MS = [
    ("MS-3-8", 0.75), ("MS-3-12", 1.1), ("MS-5-6", 1.1), ("MS-5-10", 2.2), ("MS-10-4", 1.5),
    ("MS-10-8", 4.0), ("MS-15-5", 5.5), ("MS-20-6", 7.5), ("MS-32-4", 11), ("MS-45-3", 15),
]
for q in sorted({int(p.split("-")[1]) for p, _ in MS}):
    material(f"STG-MS{q}", f"Stage kit (impeller, diffuser, ring) MS{q}, AISI 304", 21, 1)
material("HEAD-MS-S", "Pump head and base, cast iron, MS3-MS10", 28, 2)
material("HEAD-MS-L", "Pump head and base, cast iron, MS15-MS45", 35, 2)
material("SLV-MS-S", "Outer sleeve 304 stainless, MS3-MS10", 14, 1)
material("SLV-MS-L", "Outer sleeve 304 stainless, MS15-MS45", 14, 1)
material("BAR-MS-S", "Bar 316, cut to length (multistage shaft SHF-MS-S)", 12, 1)
material("BAR-MS-L", "Bar 316, cut to length (multistage shaft SHF-MS-L)", 15, 1)
material("CART-S", "Cartridge seal 16 mm", 18, 0)
material("CART-L", "Cartridge seal 22 mm", 18, 0)

# Submersibles: borehole SP-inch-flow-stages (submersible motor kW), drainage, wastewater.
SP = [
    ("SP-4-3-12", 0.75), ("SP-4-5-14", 1.5), ("SP-4-8-10", 2.2), ("SP-4-8-16", 3.7),
    ("SP-6-17-8", 5.5), ("SP-6-30-5", 7.5),
]
for kw in (0.75, 1.5, 2.2, 3.7):
    material(f"SMOT-4-{kw_id(kw)}", f"4-inch submersible motor {kw} kW, NEMA flange", 28, 1)
for kw in (5.5, 7.5):
    material(f"SMOT-6-{kw_id(kw)}", f"6-inch rewindable submersible motor {kw} kW", 35, 1)
for q in (3, 5, 8, 17, 30):
    material(f"STG-SP{q}", f"Borehole stage kit SP{q}, stainless", 21, 1)
material("CBL-SUB", "Submersible drop cable 4G2.5 (m)", 6, 0, 0.1)
material("CBL-H07", "Rubber cable H07RN-F 4G1.5 (m)", 5, 0, 0.1)
material("CHK-SP", "Non-return valve, borehole outlet", 10, 0)
material("CTL-1PH", "Single-phase control box with capacitor", 12, 1)
material("CTL-DOL", "Three-phase DOL starter panel", 15, 1)
material("FLT-SW", "Float switch with 10 m cable", 7, 0)
material("MOT-DR-0K75", "Drainage pump motor 0.75 kW, wet-rotor", 21, 1)
material("MOT-DR-1K5", "Drainage pump motor 1.5 kW, wet-rotor", 21, 1)
material("MOT-SW-2K2", "Wastewater submersible motor 2.2 kW, IP68", 28, 1)
material("MOT-SW-4K", "Wastewater submersible motor 4.0 kW, IP68", 28, 1)
material("IMP-VTX", "Vortex impeller, drainage", 21, 1)
material("IMP-CUT", "Cutter impeller with grinder plate", 28, 1)
material("CAS-SW", "Wastewater volute casting, ductile iron, unmachined", 35, 2)

# Dosing pumps: DP-flow (l/h)-bar.
DP = [("DP-05-10", "S"), ("DP-10-10", "S"), ("DP-20-07", "M"), ("DP-50-04", "M"), ("DP-120-04", "L"), ("DP-250-03", "L")]
material("DH-PVDF-S", "Dosing head PVDF, small", 21, 1)
material("DH-PVDF-M", "Dosing head PVDF, medium", 21, 1)
material("DH-PP-L", "Dosing head PP, large", 21, 1)
material("DIA-PTFE-S", "PTFE-faced diaphragm, small", 14, 0)
material("DIA-PTFE-M", "PTFE-faced diaphragm, medium", 14, 0)
material("DIA-PTFE-L", "PTFE-faced diaphragm, large", 14, 0)
material("SOL-DRV", "Solenoid drive unit", 21, 1)
material("GBX-DP", "Motor gearbox drive 0.25 kW for dosing", 28, 1)
material("PCB-DP", "Dosing controller board with display", 35, 1, 0.3)
material("CHK-DP", "Ball check valve pair, PVDF", 10, 0)
material("INJ-KIT", "Foot valve, injection valve and tubing kit", 7, 0)

# Booster sets: skid with pumps, manifolds and a drive panel.
material("VFD-PNL-2", "Variable-speed panel for 2 pumps", 30, 2)
material("VFD-PNL-3", "Variable-speed panel for 3 pumps", 30, 2)
material("MAN-SS-65", "Stainless manifold DN65 with valves", 21, 1)
material("MAN-SS-100", "Stainless manifold DN100 with valves", 21, 1)
material("TANK-24", "Membrane pressure tank 24 l", 10, 0)
material("SKID-BS", "Booster set skid frame", 14, 1)
material("CRT-L", "Export plywood crate, large", 5, 0, 0.0)

# ---------------------------------------------------------------------------------------------
# Products: their steps (able lines, routing name, wait) and what each step needs.
# ---------------------------------------------------------------------------------------------
PRODUCTS = []   # dicts
CAPACITY = []   # (line, product, units_per_shift, step)
ROUTING = []    # (product, step, name, wait_days)
BOM = []        # (product, material or made component, qty, step)


def motor_for(kw):
    return f"MOT-2P-{kw_id(kw)}"


def frame(kw):
    return "S" if kw <= 3 else "M" if kw <= 11 else "L"


def make(op, lines, needs, wait=0):
    """One production step: its operation (a key of OP, or None for an unnamed one-step
    product), able lines [(line, units_per_shift)], needs [(material or product, qty)] and the
    days after it before the next step (outside coating, plating, heat treatment)."""
    return {"op": op, "lines": lines, "needs": needs, "wait": wait}


def product(pid, name, family, size, steps, insp, pack, design):
    """A product made in `steps`. Several steps are numbered 10, 20, 30 (as in the ERP's
    routing); a named step gets a routing.csv row; a single unnamed step leaves the optional
    step columns empty (SPEC.md's one-step plant)."""
    PRODUCTS.append({"id": pid, "name": name, "family": family, "size": size, "insp": insp,
                     "pack": pack, "design": design})
    numbered = len(steps) > 1 or steps[0]["op"] is not None
    for k, s in enumerate(steps):
        no = 10 * (k + 1) if numbered else ""
        for line, ups in s["lines"]:
            CAPACITY.append((line, pid, ups, no))
        if s["op"] is not None:
            ROUTING.append((pid, no, OP[s["op"]], s["wait"]))
        for need, qty in s["needs"]:
            assert need in MATERIALS or any(p["id"] == need for p in PRODUCTS), need
            BOM.append((pid, need, qty, no))


# Made components first (a product must exist before a BOM names it). Shafts: turned from bar,
# heat-treated outside, ground; multistage shafts machined and hard-chrome plated outside.
# Impellers: machined and balanced from bought castings.
for sid, bar, dia, turn, grind in [("SHF-24", "BAR-24", 24, 180, 240), ("SHF-32", "BAR-32", 32, 120, 160),
                                   ("SHF-42", "BAR-42", 42, 60, 80)]:
    product(sid, f"Pump shaft {dia} mm, 420 stainless, hardened and ground", "SPR", "S",
            [make("turn", [("MCH-3", turn)], [(bar, 1)], wait=3),
             make("grind", [("MCH-3", grind)], [])], insp=0, pack=0, design=0)
for sid, bar, size, ups in [("SHF-MS-S", "BAR-MS-S", "MS3-MS10", 120), ("SHF-MS-L", "BAR-MS-L", "MS15-MS45", 75)]:
    product(sid, f"Multistage shaft 316, {size}, chrome-plated", "SPR", "S",
            [make("plate", [("MCH-3", ups)], [(bar, 1)], wait=2)], insp=1, pack=0, design=0)
for pid, kw, size in CP:
    dn, imp = pid.split("-")[1:]
    ups = {"S": 140, "M": 80}.get(size, 40)
    lines = [("MCH-3", ups)] + ([("MCH-1", round(ups * 0.6))] if size == "S" else [])
    product(f"IMP-{dn}-{imp}", f"Closed impeller {imp} mm for DN{dn}, machined and balanced", "SPR", "S",
            [make("machining", lines, [(f"IMC-{dn}-{imp}", 1)])], insp=0, pack=0, design=0)

for pid, kw, size in CP:
    dn, imp = pid.split("-")[1:]
    f = frame(kw)
    motor = f"MOT-4P-{kw_id(kw)}" if size == "L4" else motor_for(kw)
    casing, impeller = f"CAS-{dn}-{imp}", f"IMP-{dn}-{imp}"
    # Assembly needs the machined shaft and impeller first, then the bought parts.
    if f == "S":      # close-coupled on the motor's own bearings
        parts = [("SHF-24", 1), (impeller, 1), (motor, 1), ("SEAL-16", 1), ("BLT-S", 1)]
    elif kw <= 5.5:   # bearing bracket, close-coupled
        parts = [("SHF-32", 1), (impeller, 1), (motor, 1), ("SEAL-22", 1), ("BRG-6306", 2), ("BLT-M", 1)]
    elif f == "M":    # long-coupled on a baseplate
        parts = [("SHF-32", 1), (impeller, 1), (motor, 1), ("SEAL-28", 1), ("BRG-6308", 2), ("BSP-M", 1),
                 ("CPL-32", 1)]
    else:
        parts = [("SHF-42", 1), (impeller, 1), (motor, 1), ("SEAL-35", 1), ("BRG-6310", 2), ("BSP-L", 1),
                 ("CPL-42", 1)]
    # Casing machining, then powder coating outside (bigger casings wait longer).
    if size == "S":
        machining = make("coat", [("MCH-1", rng.choice([90, 100, 110]))], [(casing, 1)], wait=3)
        assembly = [("ASM-1", rng.choice([45, 50, 55, 60])), ("ASM-2", rng.choice([36, 40, 45]))]
    elif size == "M":
        machining = make("coat", [("MCH-1", rng.choice([45, 50])), ("MCH-2", rng.choice([28, 32]))], [(casing, 1)],
                         wait=4)
        assembly = [("ASM-2", rng.choice([18, 20, 24])), ("ASM-3", rng.choice([14, 16, 18]))]
        if kw >= 11:
            assembly = [("ASM-3", rng.choice([12, 14])), ("ASM-4", rng.choice([10, 12]))]
    else:
        machining = make("coat", [("MCH-2", rng.choice([7, 8, 9]))], [(casing, 1)], wait=5)
        assembly = [("ASM-3", rng.choice([6, 7, 8])), ("ASM-4", rng.choice([5, 6]))]
    steps = [machining, make("assembly", assembly, parts)]
    # Small close-coupled pumps are run-tested on the assembly line; the rest go to a bench.
    if size == "M":
        steps.append(make("test", [("TST-1", rng.choice([40, 45, 50]))], []))
    elif size != "S":
        steps.append(make("test", [("TST-2", rng.choice([8, 9, 10]))], []))
    name = f"End-suction centrifugal pump DN{dn}, impeller {imp} mm, {kw} kW"
    product(pid, name, "CP", size, steps, insp=1 if size == "S" else 2 if size.startswith("L") else 1,
            pack=0 if size == "S" else 1, design=rng.randint(5, 9) if size in ("S", "M") else rng.randint(8, 12))

for pid, kw in MS:
    q, stages = (int(x) for x in pid.split("-")[1:])
    big = q >= 15
    s = "L" if big else "S"
    parts = [(f"SHF-MS-{s}", 1), (motor_for(kw), 1), (f"STG-MS{q}", stages), (f"HEAD-MS-{s}", 1),
             (f"SLV-MS-{s}", 1), (f"CART-{s}", 1), ("BLT-M" if big else "BLT-S", 1),
             ("PNT-RAL5015", 0.6 if big else 0.3)]
    ups1 = max(6, round(150 / (stages + 4) / (1.6 if big else 1.0)))
    lines = [("MST-1", ups1), ("MST-2", max(4, round(ups1 * 0.8)))]
    if q >= 32:
        lines = [("MST-1", ups1), ("ASM-4", max(4, round(ups1 * 0.6)))]
    test = [("TST-1", max(20, round(ups1 * 2.4)))]
    name = f"Vertical multistage pump {q} m3/h, {stages} stages, {kw} kW"
    product(pid, name, "MS", "L" if big else "M", [make("assembly", lines, parts), make("test", test, [])],
            insp=1 if not big else 2, pack=1, design=rng.randint(6, 12))

for pid, kw in SP:
    inch, q, stages = (int(x) for x in pid.split("-")[1:])
    mot = f"SMOT-{inch}-{kw_id(kw)}"
    bom = [(mot, 1), (f"STG-SP{q}", stages), ("CBL-SUB", 30 if inch == 4 else 50), ("CHK-SP", 1),
           ("CTL-1PH" if kw <= 1.5 else "CTL-DOL", 1), ("PNT-EPX", 0.2 if inch == 4 else 0.5)]
    ups = round(160 / (stages + 6)) if inch == 4 else round(70 / (stages + 4))
    name = f"{inch}-inch borehole pump {q} m3/h, {stages} stages, {kw} kW"
    product(pid, name, "SP", "M" if inch == 4 else "L", [make(None, [("SUB-1", ups)], bom)], insp=1,
            pack=rng.randint(0, 1), design=rng.randint(6, 10))

for pid, kw, name in [("SP-D-07", 0.75, "Drainage submersible pump 0.75 kW with float"),
                      ("SP-D-15", 1.5, "Drainage submersible pump 1.5 kW with float")]:
    mot = "MOT-DR-0K75" if kw < 1 else "MOT-DR-1K5"
    bom = [(mot, 1), ("IMP-VTX", 1), ("CBL-H07", 10), ("FLT-SW", 1), ("SEAL-16", 1)]
    lines = [("SUB-2", 30 if kw < 1 else 24), ("SUB-1", 40 if kw < 1 else 32)]
    product(pid, name, "SP", "S", [make(None, lines, bom)], insp=0, pack=0, design=5)

for pid, kw, name in [("SP-W-22", 2.2, "Wastewater submersible pump 2.2 kW, cutter"),
                      ("SP-W-40", 4.0, "Wastewater submersible pump 4.0 kW, cutter")]:
    mot = "MOT-SW-2K2" if kw < 3 else "MOT-SW-4K"
    machining = make("coat", [("MCH-2", 14 if kw < 3 else 12)], [("CAS-SW", 1)], wait=4)
    bom = [(mot, 1), ("IMP-CUT", 1), ("CBL-H07", 10), ("SEAL-22", 2), ("CTL-DOL", 1)]
    assembly = make("assembly", [("SUB-2", 10 if kw < 3 else 8), ("ASM-3", 6)], bom)
    product(pid, name, "SP", "M", [machining, assembly], insp=1, pack=1, design=rng.randint(8, 12))

for pid, size in DP:
    flow, bar = pid.split("-")[1:]
    head = {"S": "DH-PVDF-S", "M": "DH-PVDF-M", "L": "DH-PP-L"}[size]
    bom = [(head, 1), (f"DIA-PTFE-{size}", 1), ("SOL-DRV" if size != "L" else "GBX-DP", 1), ("PCB-DP", 1),
           ("CHK-DP", 1), ("INJ-KIT", 1)]
    ups = {"S": 60, "M": 40, "L": 20}[size]
    name = f"Diaphragm dosing pump {int(flow)} l/h at {int(bar)} bar"
    product(pid, name, "DP", size, [make(None, [("DOS-1", ups)], bom)], insp=0 if size == "S" else 1, pack=0,
            design=rng.randint(5, 8))

# Booster sets are built from the plant's own multistage pumps (made components).
for pid, n, pump, panel, man, name in [
    ("BS-2-MS10", 2, "MS-10-8", "VFD-PNL-2", "MAN-SS-65", "Booster set, 2 x MS-10-8, variable speed"),
    ("BS-3-MS20", 3, "MS-20-6", "VFD-PNL-3", "MAN-SS-100", "Booster set, 3 x MS-20-6, variable speed"),
]:
    bom = [(pump, n), (panel, 1), (man, 1), ("TANK-24", 1), ("SKID-BS", 1), ("CRT-L", 1)]
    product(pid, name, "BS", "L", [make("assembly", [("ASM-4", 4)], bom), make("test", [("TST-2", 6)], [])],
            insp=2, pack=1, design=rng.randint(12, 15))

PROD = {p["id"]: p for p in PRODUCTS}
BOM_OF = {}
for pid, mid, q, _ in BOM:
    BOM_OF.setdefault(pid, []).append((mid, q))


def materials_of(pid, qty=1.0, out=None):
    """The purchased materials `qty` units of `pid` need, through its made components."""
    out = {} if out is None else out
    for need, per in BOM_OF.get(pid, []):
        if need in PROD:
            materials_of(need, qty * per, out)
        else:
            out[need] = out.get(need, 0.0) + qty * per
    return out


# Finished-goods stock: the catalogue items the plant keeps on the shelf, and the machined
# shafts and impellers of the runners (each with a safety stock for breakdown spares).
STOCK = {
    "CP-32-125": (140, 20), "CP-32-160": (90, 20), "CP-40-125": (100, 20), "CP-50-125": (60, 10),
    "CP-40-160": (30, 10), "MS-3-8": (70, 10), "MS-5-6": (50, 10), "MS-10-4": (24, 8),
    "MS-20-6": (15, 0), "SP-4-3-12": (60, 10), "SP-D-07": (200, 30), "SP-D-15": (90, 20),
    "DP-05-10": (160, 20), "DP-10-10": (110, 20), "DP-20-07": (30, 10),
    "SHF-24": (160, 40), "SHF-32": (60, 20), "SHF-MS-S": (90, 30),
    "IMP-32-125": (80, 20), "IMP-32-160": (50, 10), "IMP-40-125": (60, 20), "IMP-50-125": (30, 10),
    "IMP-50-160": (20, 0), "IMP-65-200": (12, 4),
}

# ---------------------------------------------------------------------------------------------
# Transit and subcontractors.
# ---------------------------------------------------------------------------------------------
TRANSIT = [
    # destination, mode, days, cost_per_unit, days_sd
    ("Shanghai", "truck", 2, 6.5, 0.4), ("Shanghai", "rail", 3, 4.0, 0.8),
    ("Guangzhou", "truck", 3, 11.0, 0.6), ("Guangzhou", "rail", 5, 6.5, 1.0), ("Guangzhou", "sea", 8, 3.5, 1.8),
    ("Chengdu", "truck", 4, 14.0, 0.8), ("Chengdu", "rail", 6, 8.0, 1.2),
    ("Hamburg", "rail", 22, 31.0, 3.0), ("Hamburg", "sea", 38, 15.0, 5.0), ("Hamburg", "air", 5, 120.0, 1.0),
    ("Dubai", "sea", 24, 12.0, 3.5), ("Dubai", "air", 4, 85.0, 0.8),
    ("Jakarta", "sea", 12, 9.0, 2.5), ("Jakarta", "air", 3, 60.0, 0.6),
]
TRANSIT_DAYS = {}
for d, m, days, cost, sd in TRANSIT:
    TRANSIT_DAYS.setdefault(d, []).append((cost, days, m))

SUBCONTRACTORS = [
    # id, product, units_per_day, lead_days, inspection_days, transit_days
    ("WENLING-JX", "CP-50-160", 25, 10, 1, 1),
    ("WENLING-JX", "CP-65-200", 15, 12, 1, 1),
    ("TAIZHOU-HF", "MS-10-8", 20, 14, 2, 2),
    ("NINGBO-SUB", "SP-4-8-16", 30, 18, 1, 2),
]

# ---------------------------------------------------------------------------------------------
# Customers and orders.
# ---------------------------------------------------------------------------------------------
CUSTOMERS = [
    # name, destination, families (weights), weight (cost of a day late), usual order size factor
    ("Shanghai Municipal Water", "Shanghai", {"CP": 3, "MS": 2, "BS": 1}, 5, 1.2),
    ("Huadong HVAC Engineering", "Shanghai", {"CP": 4, "MS": 3, "BS": 1}, 3, 1.0),
    ("Pudong Building Services", "Shanghai", {"MS": 3, "BS": 1, "CP": 1}, 2, 0.8),
    ("Jiangnan Chemical Works", "Shanghai", {"DP": 3, "CP": 2}, 3, 0.8),
    ("Suzhou Industrial Park Utilities", "Shanghai", {"CP": 2, "SP": 1, "DP": 1}, 2, 1.0),
    ("Pearl River Pump Trading", "Guangzhou", {"CP": 3, "SP": 2, "MS": 2, "SPR": 1}, 1, 1.3),
    ("Guangdong Aquaculture Supply", "Guangzhou", {"SP": 3, "DP": 1}, 1, 1.0),
    ("Foshan Ceramics Group", "Guangzhou", {"CP": 2, "MS": 1}, 2, 0.9),
    ("Shenzhen Data Center Cooling", "Guangzhou", {"CP": 2, "MS": 2, "BS": 1}, 4, 1.0),
    ("Sichuan Agri Irrigation Co", "Chengdu", {"SP": 4, "CP": 1}, 2, 1.3),
    ("Chengdu Water Supply Group", "Chengdu", {"CP": 2, "MS": 2, "SP": 1}, 4, 1.0),
    ("Chongqing Mining Services", "Chengdu", {"SP": 2, "CP": 2, "SPR": 1}, 2, 0.8),
    ("Nordpumpen Handels GmbH", "Hamburg", {"MS": 3, "CP": 2, "DP": 1, "SPR": 1}, 3, 1.0),
    ("Hanse Haustechnik KG", "Hamburg", {"CP": 2, "MS": 2}, 2, 0.8),
    ("Gulf Desal Contracting LLC", "Dubai", {"MS": 3, "DP": 2, "CP": 1}, 4, 1.1),
    ("Emirates Facility Systems", "Dubai", {"CP": 2, "BS": 1, "MS": 1}, 3, 0.9),
    ("PT Tirta Jaya Pompa", "Jakarta", {"SP": 3, "CP": 2}, 2, 1.1),
    ("PT Sawit Agro Lestari", "Jakarta", {"SP": 2, "CP": 1, "DP": 1}, 1, 1.0),
]

# Typical line quantity by product size (min, max, rounding step).
QTY = {
    ("CP", "S"): (20, 120, 10), ("CP", "M"): (10, 60, 5), ("CP", "L"): (4, 20, 2), ("CP", "L4"): (4, 16, 2),
    ("MS", "M"): (10, 70, 5), ("MS", "L"): (6, 30, 2),
    ("SP", "S"): (20, 100, 10), ("SP", "M"): (10, 60, 5), ("SP", "L"): (6, 24, 2),
    ("DP", "S"): (20, 100, 10), ("DP", "M"): (10, 50, 5), ("DP", "L"): (4, 16, 2),
    ("BS", "L"): (1, 4, 1), ("SPR", "S"): (4, 30, 2),
}
# Relative popularity of products within a family (first catalogue items sell most).
FAMILY_PRODUCTS = {}
for p in PRODUCTS:
    FAMILY_PRODUCTS.setdefault(p["family"], []).append(p["id"])

# Demand scale by the product's first (preferred) line, tuned by hand against `promise plan
# --out`: the submersible line SUB-1 and the baseplate line ASM-3 are the bottlenecks (85-90 % of
# their time from the as-of date to the last planned day, fully booked from mid-March to mid-May),
# the multistage cells are close behind, and `promise plan` keeps about 88 % of the orders on time.
LOAD_SCALE = {"ASM-1": 1.25, "ASM-2": 1.15, "ASM-3": 0.95, "ASM-4": 0.9, "MST-1": 0.72, "SUB-1": 0.85,
              "SUB-2": 1.4, "DOS-1": 1.6, "MCH-3": 1.0}
# A product's preferred line: the first of its assembly step, else of its first step.
ASSEMBLY_STEP = {pid: no for pid, no, name, _ in ROUTING if name == OP["assembly"]}
FIRST_LINE = {}
for line, pid, ups, no in CAPACITY:
    if ASSEMBLY_STEP.get(pid, no) == no:
        FIRST_LINE.setdefault(pid, line)


def pick_product(family):
    ids = FAMILY_PRODUCTS[family]
    weights = [1.0 / (1 + 0.15 * i) for i in range(len(ids))]
    return rng.choices(ids, weights)[0]


def pick_qty(pid, factor):
    p = PROD[pid]
    lo, hi, unit = QTY[(p["family"], p["size"])]
    x = rng.triangular(lo, hi, lo + (hi - lo) * 0.3) * factor * LOAD_SCALE[FIRST_LINE[pid]]
    return max(unit, int(round(x / unit)) * unit)


def cheapest(dest):
    return min(TRANSIT_DAYS[dest])


N_ORDERS = 232
orders = []  # rows as dicts
seq = {"SO": 0, "QT": 0}

for i in range(N_ORDERS):
    cust, dest, fams, weight, size = rng.choice(CUSTOMERS)
    if i < 8:
        status = "shipped"
    elif i < 12:
        status = "cancelled"
    elif i < 42:
        status = "quote"
    else:
        status = "committed"
    prefix = "QT" if status == "quote" else "SO"
    seq[prefix] += 1
    oid = f"{prefix}-26{seq[prefix]:04d}"
    nlines = rng.choices([1, 2, 3, 4], [70, 18, 8, 4])[0]
    # Requested date: exports need their sea time; the last orders reach ~3 months out.
    sea_days = cheapest(dest)[1]
    if status == "shipped":
        req = day(-rng.randint(3, 20))
    else:
        # The order book is thick in the next weeks and thins out towards the quarter's end;
        # exports are mostly requested far enough out for the sea freight.
        earliest = 7 + (sea_days if rng.random() < 0.8 else 0)
        last = max(earliest + 25, 95)
        if status == "quote" and rng.random() < 0.8:
            earliest = max(earliest, 35)   # most inquiries are for next quarter's projects
            req = day(rng.randint(earliest, last))
        elif rng.random() < 0.2:
            req = day(rng.randint(earliest, earliest + 18))   # the near-term book, partly in progress
        else:
            req = day(round(rng.triangular(earliest, last, earliest + (last - earliest) * 0.45)))
    req = weekday_on_or_after(req)
    kind = "special" if (status in ("committed", "quote") and rng.random() < 0.055 and (req - AS_OF).days >= 40) else "standard"
    # -1 = urgent (line stoppage at the customer), 1 = flexible (distributor restocking, far out).
    priority = rng.choices([0, 1, -1], [88, 8, 4])[0]
    if priority == 1 and (req - AS_OF).days < 45:
        priority = 0
    split = "yes" if rng.random() < 0.14 else "no"
    promised = ""
    if status in ("committed", "shipped") and rng.random() < 0.45:
        promised = (req + dt.timedelta(days=rng.choice([0, 0, 0, 2, 3, 5, 7]))).isoformat()
    fam_list = list(fams)
    used = set()
    for _ in range(nlines):
        fam = rng.choices(fam_list, [fams[f] for f in fam_list])[0]
        pid = pick_product(fam)
        if pid in used:
            continue
        used.add(pid)
        qty = pick_qty(pid, size)
        if PROD[pid]["family"] == "BS":
            qty = rng.choice([1, 1, 2, 2, 3, 4])
        orders.append({
            "order_id": oid, "customer": cust, "product_id": pid, "qty": qty,
            "requested_date": req.isoformat(), "destination": dest, "priority": priority,
            "status": status, "promised_date": promised, "kind": kind, "split": split, "mode": "",
            "done_qty": 0, "weight": weight,
        })

# A few lines already in progress: the committed orders due soonest have partial output.
committed = [o for o in orders if o["status"] == "committed"]
soon = sorted(committed, key=lambda o: (o["promised_date"] or o["requested_date"], o["order_id"]))[:30]
for o in rng.sample(soon, 9):
    o["done_qty"] = max(1, int(o["qty"] * rng.choice([0.25, 0.4, 0.5, 0.6, 0.75])))

# A few orders name their mode: urgent exports by air, some domestic customers want rail.
for o in orders:
    if o["status"] not in ("committed", "quote"):
        continue
    if o["priority"] == -1 and o["destination"] in ("Hamburg", "Dubai", "Jakarta"):
        o["mode"] = "air"
    elif o["customer"] == "Chongqing Mining Services":
        o["mode"] = "rail"

# Two more special (customised) orders on catalogue runners for domestic customers: the
# material is on the shelf, so the design office is what they wait for.
runner_candidates = sorted({o["order_id"] for o in orders if o["status"] == "committed" and o["kind"] == "standard"
                            and o["destination"] in ("Shanghai", "Guangzhou", "Chengdu")
                            and o["product_id"] in STOCK and PROD[o["product_id"]]["family"] != "SPR"
                            and (dt.date.fromisoformat(o["requested_date"]) - AS_OF).days >= 30
                            and all(r["product_id"] in STOCK for r in orders if r["order_id"] == o["order_id"])})
for oid in rng.sample(runner_candidates, 2):
    for o in orders:
        if o["order_id"] == oid:
            o["kind"] = "special"

# Write the orders in id order (shipped/cancelled history first).
orders.sort(key=lambda o: (o["status"] == "quote", o["order_id"]))

# ---------------------------------------------------------------------------------------------
# Material stock and open purchase orders: cover what the first weeks need, with gaps.
# ---------------------------------------------------------------------------------------------
# Walk the orders in the engine's planning order (committed before quotes, then priority, due
# date, id) and find, per material, how much of it the orders up to the last one that could not
# wait for a fresh purchase consume: that is what stock and open POs must cover.
def due_of(o):
    return o["promised_date"] or o["requested_date"]


by_order = {}
for o in orders:
    if o["status"] in ("committed", "quote"):
        by_order.setdefault(o["order_id"], []).append(o)
plan_order = sorted(by_order.values(), key=lambda rows: (
    rows[0]["status"] == "quote", min(r["priority"] for r in rows), min(due_of(r) for r in rows), rows[0]["order_id"]))

need_early = {m: 0.0 for m in MATERIALS}   # consumed up to the last order that cannot wait
need_all = {m: 0.0 for m in MATERIALS}
cum = {m: 0.0 for m in MATERIALS}
fg_left = {pid: max(0, oh - ss) for pid, (oh, ss) in STOCK.items()}
for rows in plan_order:
    due = dt.date.fromisoformat(min(due_of(r) for r in rows))
    for o in rows:
        q = o["qty"] - o["done_qty"]
        s = min(q, fg_left.get(o["product_id"], 0))
        if o["product_id"] in fg_left:
            fg_left[o["product_id"]] -= s
        q -= s
        p = PROD[o["product_id"]]
        days = dict((m, d) for _, d, m in TRANSIT_DAYS[o["destination"]]).get(o["mode"]) or cheapest(o["destination"])[1]
        for mid, per in materials_of(o["product_id"]).items():
            m = MATERIALS[mid]
            need_all[mid] += q * per
            cum[mid] += q * per
            # A fresh purchase arrives after lead + inspection; production needs about a week.
            slack = (due - AS_OF).days - days - p["insp"] - p["pack"] - 7
            if o["status"] == "committed" and o["kind"] == "standard" and slack < m["lead"] + m["insp"]:
                need_early[mid] = cum[mid]

RUNNER_PARTS = {mid for pid in STOCK for mid in materials_of(pid)}
# Parts whose supplier has let the plant down: stock covers only part of the near-term need.
SHORT = {"CAS-80-250", "SMOT-6-5K5", "HEAD-MS-L", "VFD-PNL-3"}
# ... and two of them are out of stock altogether (the foundry and the motor importer are late).
STOCKED_OUT = {"SMOT-6-5K5", "CAS-80-250"}


def rounded(x, step):
    return int(round(x / step)) * step


def step_of(mid):
    if mid.startswith(("CBL-",)):
        return 100
    if mid.startswith(("PNT-",)):
        return 5
    if mid.startswith(("BLT-", "BRG-", "STG-")):
        return 10
    return 1


mat_rows = []
receipts = []
receipt_candidates = []
for mid, m in MATERIALS.items():
    step = step_of(mid)
    early = need_early[mid]
    # Shop-floor stock: a few weeks of the usual run-rate plus the known near-term need.
    run_rate = need_all[mid] / 13.0  # per week over the order book
    if mid in SHORT:
        cover = early * rng.uniform(0.35, 0.6)
    else:
        cover = early * rng.uniform(1.0, 1.15) + run_rate * rng.uniform(1.0, 3.0)
    if m["lead"] <= 10 and mid not in SHORT:
        # Cheap, quick items (bolts, paint, cable, bearings, valves) sit in kanban bins.
        cover = max(cover, need_all[mid] * rng.uniform(0.45, 0.75))
    if mid in RUNNER_PARTS and mid not in SHORT:
        # Parts of the catalogue runners are bought ahead for the whole quarter: quotes for them
        # find material, and their answer is decided by the lines.
        cover = max(cover, need_all[mid] * rng.uniform(1.1, 1.3))
    safety = 0
    if mid.startswith(("MOT-2P", "SEAL-", "BRG-", "BLT-", "PNT-")) and need_all[mid] > 0 and rng.random() < 0.5:
        safety = rounded(max(step, run_rate * 0.5), step)
    total = cover + safety
    on_hand = rounded(total, step)
    if on_hand < total - 1e-9:
        on_hand += step
    if need_all[mid] == 0:
        on_hand = rng.choice([0, 0, step * rng.randint(1, 5)])
    # Part of the cover is still on an open purchase order (casting and motor suppliers).
    if early > 0 and m["lead"] >= 14 and mid not in SHORT:
        receipt_candidates.append(mid)
    mat_rows.append([mid, m["name"], on_hand, safety, m["lead"], m["insp"], m["sd"]])

# About fifteen open POs: move part of the stock of long-lead items onto a PO due soon.
rows_by_id = {r[0]: r for r in mat_rows}
chosen = rng.sample(sorted(receipt_candidates), min(15, len(receipt_candidates)))
for k, mid in enumerate(sorted(chosen)):
    r = rows_by_id[mid]
    step = step_of(mid)
    usable = r[2] - r[3]
    moved = rounded(usable * rng.uniform(0.3, 0.6), step)
    if moved <= 0:
        continue
    r[2] -= moved
    if k < 3:
        due = day(-rng.randint(2, 6))        # overdue: the supplier is late
    else:
        due = weekday_on_or_after(day(rng.randint(3, 14)))
    receipts.append((mid, moved, due.isoformat()))
receipts.sort(key=lambda x: (x[2], x[0]))

for r in mat_rows:
    if r[0] in STOCKED_OUT:
        r[2] = 0

# ---------------------------------------------------------------------------------------------
# Calendar.
# ---------------------------------------------------------------------------------------------
CALENDAR = [
    ("2026-03-14", "MST-1", 2, "Saturday overtime to clear the multistage backlog"),
    ("2026-03-18", "MCH-1", 1, "Power rationing (错峰用电), one shift"),
    ("2026-03-19", "MCH-1", 1, "Power rationing (错峰用电), one shift"),
    ("2026-03-25", "SUB-1", 0, "Planned maintenance: pressure-test rig recalibration"),
    ("2026-03-26", "MCH-3", 2, "Power rationing (错峰用电), two shifts"),
    ("2026-04-06", "", 0, "Qingming Festival (清明节) public holiday"),
    ("2026-04-15", "SUB-1", 1, "Power rationing (错峰用电), one shift"),
    ("2026-04-16", "ASM-3", 0, "Power rationing (错峰用电), line stopped"),
    ("2026-04-21", "TST-1", 0, "Planned maintenance: flow-meter calibration"),
    ("2026-05-01", "", 0, "Labour Day (劳动节) public holiday"),
    ("2026-05-04", "", 0, "Labour Day (劳动节) public holiday"),
    ("2026-05-05", "", 0, "Labour Day (劳动节) public holiday"),
    ("2026-05-20", "MST-1", 1, "Power rationing (错峰用电), one shift"),
    ("2026-05-21", "SUB-1", 1, "Power rationing (错峰用电), one shift"),
    ("2026-06-19", "", 0, "Dragon Boat Festival (端午节) public holiday"),
]

# ---------------------------------------------------------------------------------------------
# Write.
# ---------------------------------------------------------------------------------------------
write("lines.csv", ["line_id", "shifts_per_day", "work_days", "availability", "name"],
      [(l, s, w, a, n) for l, s, w, a, n in LINES])
write("calendar.csv", ["date", "line_id", "shifts", "reason"], CALENDAR)
write("capacity.csv", ["line_id", "product_id", "units_per_shift", "step"],
      sorted(CAPACITY, key=lambda c: (c[1], c[3] or 0, c[0])))
write("routing.csv", ["product_id", "step", "name", "wait_days"], ROUTING)
write("products.csv", ["product_id", "name", "on_hand", "safety_stock", "inspection_days", "packaging_days", "design_days"],
      [(p["id"], p["name"], STOCK.get(p["id"], (0, 0))[0], STOCK.get(p["id"], (0, 0))[1], p["insp"], p["pack"],
        p["design"]) for p in PRODUCTS])
write("materials.csv", ["material_id", "name", "on_hand", "safety_stock", "lead_time_days", "inspection_days",
                        "lead_time_sd_days"], [[r[0], r[1], num(r[2]), num(r[3]), r[4], r[5], num(r[6])] for r in mat_rows])
write("bom.csv", ["product_id", "material_id", "qty_per_unit", "step"], [(p, m, num(q), no) for p, m, q, no in BOM])
write("receipts.csv", ["material_id", "qty", "due_date"], [(m, num(q), d) for m, q, d in receipts])
write("transit.csv", ["destination", "mode", "days", "cost_per_unit", "days_sd"], TRANSIT)
write("subcontractors.csv", ["subcontractor_id", "product_id", "units_per_day", "lead_days", "inspection_days",
                             "transit_days"], SUBCONTRACTORS)
COLS = ["order_id", "customer", "product_id", "qty", "requested_date", "destination", "priority", "status",
        "promised_date", "kind", "split", "mode", "done_qty", "weight"]
write("orders.csv", COLS, [[num(o[c]) if c in ("qty", "done_qty") else o[c] for c in COLS] for o in orders])

print(f"wrote {OUT}: {len(LINES)} lines, {len(PRODUCTS)} products, {len(MATERIALS)} materials, "
      f"{len(BOM)} bom rows, {len(receipts)} receipts, {len(orders)} order lines "
      f"({len({o['order_id'] for o in orders})} orders)")
