//! A one-step [`Draft`] reshaped into a plant built the way a pump works builds: lines in
//! families (machining centres 金加工, assembly lines 装配, test benches 试验), about half
//! of the products made in 2–3 steps with waits for outside plating or powder coating
//! (电镀 / 喷塑 外协) between them, and about a fifth of the products also made components
//! of others — shafts and impellers (machined, some heat-treated or plated outside), rotor
//! sub-assemblies built from them — so that a pump may need a rotor that needs a shaft.
//!
//! What stays: the lines' shifts, the calendar, the materials' stock, lead times and
//! receipts, the products' stock (except components'), inspection and design days, and
//! every order, quantity and date. What changes: line ids (by family), each product's
//! steps, able lines and rates, and the BOM (materials at the step that needs them:
//! castings and bar stock at machining, seals, bearings and motors at assembly).
//!
//! Rates are scaled per line family so that the orders need `load` of each family's line
//! time over the horizon (components counted through their parents), as the one-step
//! plant needs `load` of all line time. Components only ever serve products of a higher
//! level (parts → sub-assemblies → finished products), so there is never a cycle. The draws
//! come from a stream of their own, so the rest of the plant is the one-step plant's.

use super::GenParams;
use super::draft::{BomRow, Draft, Need, StepRow};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Machining,
    Assembly,
    Test,
}

impl Family {
    fn index(self) -> usize {
        self as usize
    }

    fn prefix(self) -> &'static str {
        match self {
            Family::Machining => "MCH",
            Family::Assembly => "ASM",
            Family::Test => "TST",
        }
    }

    fn line_name(self) -> &'static str {
        match self {
            Family::Machining => "machining centre 加工中心",
            Family::Assembly => "assembly line 装配线",
            Family::Test => "test bench 试验台",
        }
    }
}

/// What a product is in the plant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A machined component: a shaft (from bar stock) or an impeller (from a casting).
    Part { shaft: bool },
    /// A rotor sub-assembly: parts, bearings and fasteners, assembled (and balanced).
    SubAssembly,
    /// A finished product made in 2–3 named steps.
    Routed,
    /// A finished product made in one unnamed step, as in a one-step plant.
    Simple,
}

impl Role {
    /// Depth below the finished products: a component only goes into a lower level.
    fn level(self) -> u8 {
        match self {
            Role::Routed | Role::Simple => 0,
            Role::SubAssembly => 1,
            Role::Part { .. } => 2,
        }
    }
}

/// An operation of a routing: its line family, names and the share of a unit's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Machining,
    /// Machining, then plated outside (wait 2–5 days).
    MachiningPlating,
    /// Machining, then powder-coated outside (wait 2–5 days).
    MachiningCoating,
    /// Rough machining, then heat-treated outside (wait 2–5 days).
    RoughMachining,
    Grinding,
    Assembly,
    Balancing,
    Test,
}

impl Op {
    fn family(self) -> Family {
        match self {
            Op::Machining
            | Op::MachiningPlating
            | Op::MachiningCoating
            | Op::RoughMachining
            | Op::Grinding => Family::Machining,
            Op::Assembly => Family::Assembly,
            Op::Balancing | Op::Test => Family::Test,
        }
    }

    /// The routing name, in Chinese or English (plants keep either).
    fn name(self, zh: bool) -> &'static str {
        let (zh_name, en_name) = match self {
            Op::Machining => ("金加工", "machining"),
            Op::MachiningPlating => ("金加工→电镀(外协)", "machining → plating (outside)"),
            Op::MachiningCoating => ("金加工→喷塑(外协)", "machining → powder coating (outside)"),
            Op::RoughMachining => (
                "粗加工→热处理(外协)",
                "rough machining → heat treatment (outside)",
            ),
            Op::Grinding => ("精磨", "finish grinding"),
            Op::Assembly => ("装配", "assembly"),
            Op::Balancing => ("动平衡", "balancing"),
            Op::Test => ("试验", "test"),
        };
        if zh { zh_name } else { en_name }
    }

    /// Days after the step before the next may start: outside work, or a transfer.
    fn wait_days(self, rng: &mut impl Rng) -> i32 {
        match self {
            Op::MachiningPlating | Op::MachiningCoating | Op::RoughMachining => {
                rng.random_range(2..=5)
            }
            Op::Machining => [0, 0, 1][rng.random_range(0..3)],
            _ => 0,
        }
    }

    /// The step's typical share of a unit's line time.
    fn work(self) -> f64 {
        match self {
            Op::Machining | Op::MachiningPlating | Op::MachiningCoating | Op::RoughMachining => 0.5,
            Op::Grinding => 0.3,
            Op::Assembly => 0.35,
            Op::Balancing | Op::Test => 0.15,
        }
    }
}

/// Kinds of purchased material, and the family of the step that uses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Casting,
    BarStock,
    Seal,
    Bearing,
    Fastener,
    Motor,
}

const KINDS: [(Kind, &str, u32); 6] = [
    (Kind::Casting, "Casting", 25),
    (Kind::BarStock, "Bar stock", 15),
    (Kind::Seal, "Seal kit", 15),
    (Kind::Bearing, "Bearing", 15),
    (Kind::Fastener, "Fastener kit", 15),
    (Kind::Motor, "Motor", 15),
];

impl Kind {
    fn qty_per_unit(self, rng: &mut impl Rng) -> f64 {
        match self {
            Kind::BarStock => [0.5, 1.0, 2.0][rng.random_range(0..3)],
            Kind::Seal => [1.0, 1.0, 2.0][rng.random_range(0..3)],
            Kind::Bearing => [1.0, 2.0, 2.0][rng.random_range(0..3)],
            Kind::Casting | Kind::Fastener | Kind::Motor => 1.0,
        }
    }
}

/// Materials by kind, to draw a product's BOM from.
struct Stores {
    by_kind: Vec<Vec<usize>>,
    count: usize,
}

impl Stores {
    /// A material of `kind` (of any kind when there is none of it), not in `used`.
    fn pick(&self, kind: Kind, used: &[Need], rng: &mut impl Rng) -> Option<usize> {
        let pool = &self.by_kind[kind as usize];
        for _ in 0..8 {
            let m = if pool.is_empty() {
                if self.count == 0 {
                    return None;
                }
                rng.random_range(0..self.count)
            } else {
                pool[rng.random_range(0..pool.len())]
            };
            if !used.contains(&Need::Material(m)) {
                return Some(m);
            }
        }
        None
    }
}

/// One product as it is being reshaped: its role, operations and BOM rows by step.
struct Shape {
    role: Role,
    ops: Vec<Op>,
    /// BOM rows per step (index into `ops`), in the order they are written.
    needs: Vec<Vec<(Need, f64)>>,
}

impl Shape {
    /// The step that assembles (where components go), if the product has one.
    fn assembly_step(&self) -> Option<usize> {
        self.ops.iter().position(|o| *o == Op::Assembly)
    }

    fn uses(&self) -> Vec<Need> {
        self.needs.iter().flatten().map(|(n, _)| *n).collect()
    }
}

pub(super) fn route(d: &mut Draft, p: &GenParams) {
    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    rng.set_stream(1);
    let families = line_families(d);
    let stores = material_kinds(d, &mut rng);
    let mut shapes = roles(d.products.len(), &mut rng)
        .into_iter()
        .map(|role| shape(role, &stores, &mut rng))
        .collect::<Vec<_>>();
    components(&mut shapes, &mut rng);
    component_rates(d, &shapes, &mut rng);
    for (i, s) in shapes.iter().enumerate() {
        let zh = rng.random_bool(0.7);
        let product = &mut d.products[i];
        product.name = match s.role {
            Role::Part { shaft: true } => format!("Shaft {}", i + 1),
            Role::Part { shaft: false } => format!("Impeller {}", i + 1),
            Role::SubAssembly => format!("Rotor assembly {}", i + 1),
            Role::Routed => format!("Pump {}", i + 1),
            Role::Simple => product.name.clone(),
        };
        product.steps = steps(s, product.base, zh, &families, &mut rng);
        if matches!(s.role, Role::Part { .. } | Role::SubAssembly) {
            component_stock(product, s.role, &mut rng);
        }
    }
    scale_rates(d, &shapes, &families, p);
    d.bom = shapes
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let steps = &d.products[i].steps;
            s.needs.iter().enumerate().flat_map(move |(k, needs)| {
                needs.iter().map(move |&(need, qty_per_unit)| BomRow {
                    product: i,
                    need,
                    qty_per_unit,
                    step: steps[k].number,
                })
            })
        })
        .collect();
}

/// The plant's lines by family.
struct Families {
    /// The lines of each family (a family a small plant has no line for borrows the lines
    /// of the one before it).
    pools: [Vec<usize>; 3],
    /// Each line's family (index into `pools`).
    of_line: Vec<usize>,
    /// Each line's shifts a day: lines are picked in proportion, as a planner gives the
    /// bigger lines more products.
    weight: Vec<f64>,
}

impl Families {
    /// 1–3 distinct lines of family `f`, ascending.
    fn pick(&self, f: Family, rng: &mut impl Rng) -> Vec<usize> {
        let pool = &self.pools[f.index()];
        let n = [1, 1, 2, 2, 3][rng.random_range(0..5)].min(pool.len());
        let total: f64 = pool.iter().map(|&l| self.weight[l]).sum();
        let mut lines: Vec<usize> = Vec::with_capacity(n);
        while lines.len() < n {
            let mut x = rng.random::<f64>() * total;
            let l = *pool
                .iter()
                .find(|&&l| {
                    x -= self.weight[l];
                    x < 0.0
                })
                .unwrap_or(&pool[pool.len() - 1]);
            if !lines.contains(&l) {
                lines.push(l);
            }
        }
        lines.sort_unstable();
        lines
    }
}

/// Lines by family — about 40 % machining, 40 % assembly, 20 % test benches — renamed
/// `MCH-01`, `ASM-01`, `TST-01` ….
fn line_families(d: &mut Draft) -> Families {
    let n = d.lines.len();
    let test = if n >= 3 {
        ((n as f64 * 0.2).round() as usize).max(1)
    } else {
        0
    };
    let machining = (n - test).div_ceil(2);
    let mut pools: [Vec<usize>; 3] = Default::default();
    let mut of_line = Vec::with_capacity(n);
    for (l, line) in d.lines.iter_mut().enumerate() {
        let f = if l < machining {
            Family::Machining
        } else if l < n - test {
            Family::Assembly
        } else {
            Family::Test
        };
        let pool = &mut pools[f.index()];
        pool.push(l);
        of_line.push(f.index());
        line.id = format!("{}-{:02}", f.prefix(), pool.len());
        line.name = f.line_name().to_string();
    }
    for f in 1..pools.len() {
        if pools[f].is_empty() {
            pools[f] = pools[f - 1].clone();
        }
    }
    Families {
        pools,
        of_line,
        weight: d.lines.iter().map(|l| l.shifts_a_day).collect(),
    }
}

/// Every material gets a kind and a name saying it.
fn material_kinds(d: &mut Draft, rng: &mut impl Rng) -> Stores {
    let mut by_kind = vec![Vec::new(); KINDS.len()];
    let total: u32 = KINDS.iter().map(|k| k.2).sum();
    for (m, row) in d.materials.iter_mut().enumerate() {
        let mut x = rng.random_range(0..total);
        let (kind, name, _) = KINDS
            .iter()
            .find(|(_, _, w)| {
                let hit = x < *w;
                x = x.saturating_sub(*w);
                hit
            })
            .expect("the weights sum to the total");
        by_kind[*kind as usize].push(m);
        row.name = format!("{name} {}", m + 1);
    }
    Stores {
        by_kind,
        count: d.materials.len(),
    }
}

/// Roles in fixed shares — 12 % parts, 8 % sub-assemblies, 42 % routed, the rest one-step —
/// dealt to the products in a random order, so every plant of three products or more has
/// some of each.
fn roles(np: usize, rng: &mut impl Rng) -> Vec<Role> {
    let count = |share: f64| (np as f64 * share).round() as usize;
    let (parts, subs) = (count(0.12).max(1), count(0.08).max(1));
    let routed = count(0.42).max(1);
    let mut order: Vec<usize> = (0..np).collect();
    order.shuffle(rng);
    let mut roles = vec![Role::Simple; np];
    for (rank, &i) in order.iter().enumerate() {
        roles[i] = if rank < parts {
            Role::Part {
                shaft: rng.random_bool(0.5),
            }
        } else if rank < parts + subs {
            Role::SubAssembly
        } else if rank < parts + subs + routed {
            Role::Routed
        } else {
            Role::Simple
        };
    }
    roles
}

/// A product's operations and purchased materials (components come later).
fn shape(role: Role, stores: &Stores, rng: &mut impl Rng) -> Shape {
    let ops = match role {
        Role::Part { .. } => match rng.random_range(0..4) {
            0 | 1 => vec![Op::Machining],
            2 => vec![Op::MachiningPlating],
            _ => vec![Op::RoughMachining, Op::Grinding],
        },
        Role::SubAssembly => {
            if rng.random_bool(0.5) {
                vec![Op::Assembly]
            } else {
                vec![Op::Assembly, Op::Balancing]
            }
        }
        Role::Routed => match rng.random_range(0..100) {
            0..35 => vec![machining(rng), Op::Assembly],
            35..60 => vec![Op::Assembly, Op::Test],
            _ => vec![machining(rng), Op::Assembly, Op::Test],
        },
        Role::Simple => {
            if rng.random_bool(0.7) {
                vec![Op::Assembly]
            } else {
                vec![Op::Machining]
            }
        }
    };
    let mut s = Shape {
        role,
        needs: vec![Vec::new(); ops.len()],
        ops,
    };
    for k in 0..s.ops.len() {
        let kinds: Vec<Kind> = match (role, s.ops[k]) {
            (Role::Part { shaft: true }, _) if k == 0 => vec![Kind::BarStock],
            (Role::Part { shaft: false }, _) if k == 0 => vec![Kind::Casting],
            (_, Op::Machining | Op::MachiningPlating | Op::MachiningCoating) => {
                let mut v = vec![Kind::Casting];
                if rng.random_bool(0.4) {
                    v.push(Kind::BarStock);
                }
                v
            }
            (_, Op::Assembly) => {
                let mut v = Vec::new();
                if k == 0 && role != Role::SubAssembly && rng.random_bool(0.6) {
                    v.push(Kind::Casting); // a casing bought machined
                }
                if role == Role::SubAssembly {
                    v.push(Kind::Bearing);
                } else {
                    v.push(Kind::Seal);
                    if rng.random_bool(0.6) {
                        v.push(Kind::Bearing);
                    }
                    if rng.random_bool(0.5) {
                        v.push(Kind::Motor);
                    }
                }
                if rng.random_bool(0.5) {
                    v.push(Kind::Fastener);
                }
                v
            }
            _ => Vec::new(),
        };
        for kind in kinds {
            if let Some(m) = stores.pick(kind, &s.uses(), rng) {
                s.needs[k].push((Need::Material(m), kind.qty_per_unit(rng)));
            }
        }
    }
    s
}

/// The first step of a routed product: plain machining, or machining and an outside finish.
fn machining(rng: &mut impl Rng) -> Op {
    match rng.random_range(0..100) {
        0..45 => Op::Machining,
        45..75 => Op::MachiningPlating,
        _ => Op::MachiningCoating,
    }
}

/// Made components: each sub-assembly is built from 1–2 parts; each part also goes into
/// 0–2 assembled products (at least one if no sub-assembly uses it), each sub-assembly
/// into 1–3. Components are listed first in the step that needs them.
fn components(shapes: &mut [Shape], rng: &mut impl Rng) {
    let of = |f: &dyn Fn(&Shape) -> bool| -> Vec<usize> {
        (0..shapes.len()).filter(|&i| f(&shapes[i])).collect()
    };
    let parts = of(&|s| matches!(s.role, Role::Part { .. }));
    let subs = of(&|s| s.role == Role::SubAssembly);
    let assembled =
        of(&|s| matches!(s.role, Role::Routed | Role::Simple) && s.assembly_step().is_some());
    let mut used = vec![false; shapes.len()];
    if !parts.is_empty() {
        for &s in &subs {
            for _ in 0..rng.random_range(1..=2) {
                let c = parts[rng.random_range(0..parts.len())];
                used[c] |= attach(shapes, s, c, 1.0);
            }
        }
    }
    if !assembled.is_empty() {
        for &c in &parts {
            let n = rng.random_range(0..=2).max(usize::from(!used[c]));
            for _ in 0..n {
                let parent = assembled[rng.random_range(0..assembled.len())];
                let qty = [1.0, 1.0, 1.0, 2.0][rng.random_range(0..4)];
                used[c] |= attach(shapes, parent, c, qty);
            }
        }
        for &c in &subs {
            for _ in 0..rng.random_range(1..=3) {
                let parent = assembled[rng.random_range(0..assembled.len())];
                attach(shapes, parent, c, 1.0);
            }
        }
    }
}

/// A component is made at about the pace its parents use it: its base rate becomes the
/// mean over its parents of theirs times the quantity per unit (sub-assemblies before the
/// parts some of them use). Otherwise a slow part in a fast pump would ask for more
/// machining than the whole plant has.
fn component_rates(d: &mut Draft, shapes: &[Shape], rng: &mut impl Rng) {
    for level in [1, 2] {
        for c in (0..shapes.len()).filter(|&c| shapes[c].role.level() == level) {
            let uses: Vec<f64> = shapes
                .iter()
                .enumerate()
                .flat_map(|(parent, s)| {
                    s.needs
                        .iter()
                        .flatten()
                        .filter(move |(n, _)| *n == Need::Component(c))
                        .map(move |(_, q)| (parent, *q))
                })
                .map(|(parent, q)| d.products[parent].base * q)
                .collect();
            if !uses.is_empty() {
                let mean = uses.iter().sum::<f64>() / uses.len() as f64;
                d.products[c].base = (mean * (0.7 + 0.6 * rng.random::<f64>())).round().max(1.0);
            }
        }
    }
}

/// Adds component `c` to the assembly step of `parent` (once); whether it was added.
fn attach(shapes: &mut [Shape], parent: usize, c: usize, qty: f64) -> bool {
    let Some(k) = shapes[parent].assembly_step() else {
        return false;
    };
    let needs = &mut shapes[parent].needs[k];
    if needs.iter().any(|(n, _)| *n == Need::Component(c)) {
        return false;
    }
    let at = needs
        .iter()
        .take_while(|(n, _)| matches!(n, Need::Component(_)))
        .count();
    needs.insert(at, (Need::Component(c), qty));
    true
}

/// The product's steps: numbered 10, 20, 30 and named when routed, 1–3 able lines of the
/// step's family each, rates around the product's base rate divided by the step's share
/// of the unit's work (scaled per family afterwards).
fn steps(s: &Shape, base: f64, zh: bool, families: &Families, rng: &mut impl Rng) -> Vec<StepRow> {
    let work: Vec<f64> = s
        .ops
        .iter()
        .map(|o| o.work() * (0.7 + 0.6 * rng.random::<f64>()))
        .collect();
    let total: f64 = work.iter().sum();
    s.ops
        .iter()
        .zip(&work)
        .enumerate()
        .map(|(k, (op, w))| {
            let routes = families
                .pick(op.family(), rng)
                .into_iter()
                .map(|l| (l, base * total / w * (0.7 + 0.6 * rng.random::<f64>())))
                .collect();
            let named = s.role != Role::Simple;
            StepRow {
                number: named.then_some(10 * (k as u32 + 1)),
                name: if named { op.name(zh) } else { "" }.to_string(),
                wait_days: if named { op.wait_days(rng) } else { 0 },
                routes,
            }
        })
        .collect()
}

/// Components are made in batches: most parts and some sub-assemblies have finished stock,
/// half of those with a safety stock.
fn component_stock(product: &mut super::draft::ProductRow, role: Role, rng: &mut impl Rng) {
    let (share, low, high) = match role {
        Role::SubAssembly => (0.35, 0.5, 2.0),
        _ => (0.55, 1.0, 5.0),
    };
    product.on_hand = 0.0;
    product.safety_stock = 0.0;
    if rng.random_bool(share) {
        product.on_hand = (product.base * rng.random_range(low..high)).round();
        if rng.random_bool(0.5) {
            product.safety_stock = (product.on_hand / 4.0).round();
        }
    }
}

/// Scales the rates of each line family so that the orders, with their components, need
/// `load` of that family's line time over the horizon.
fn scale_rates(d: &mut Draft, shapes: &[Shape], families: &Families, p: &GenParams) {
    // Units of each product the orders need, components through their parents (parents
    // before their parts: finished products, then sub-assemblies, then parts).
    let mut units = vec![0.0; shapes.len()];
    for &(product, qty) in &d.demand {
        units[product] += qty;
    }
    let mut order: Vec<usize> = (0..shapes.len()).collect();
    order.sort_by_key(|&i| shapes[i].role.level());
    for &i in &order {
        for (need, qty) in shapes[i].needs.iter().flatten() {
            if let Need::Component(c) = need {
                units[*c] += units[i] * qty;
            }
        }
    }
    let family_of = |l: usize| families.of_line[l];
    let mut need = [0.0; 3];
    for (i, product) in d.products.iter().enumerate() {
        for s in &product.steps {
            let per_unit =
                s.routes.iter().map(|r| 1.0 / r.1).sum::<f64>() / s.routes.len().max(1) as f64;
            if let Some(&(l, _)) = s.routes.first() {
                need[family_of(l)] += units[i] * per_unit;
            }
        }
    }
    let mut have = [0.0; 3];
    for (l, line) in d.lines.iter().enumerate() {
        have[family_of(l)] += line.shifts_a_day * f64::from(p.horizon_days);
    }
    for product in &mut d.products {
        for s in &mut product.steps {
            for r in &mut s.routes {
                let f = family_of(r.0);
                let factor = if have[f] > 0.0 && need[f] > 0.0 {
                    need[f] / (p.load * have[f])
                } else {
                    1.0
                };
                r.1 = rate(r.1 * factor);
            }
        }
    }
}

/// Units per shift as a planner writes them: whole above 10, one decimal below.
fn rate(x: f64) -> f64 {
    if x >= 10.0 {
        x.round()
    } else {
        ((x * 10.0).round() / 10.0).max(0.1)
    }
}
