//! Uncertainty learnt from the plant's own history (`promise fit`): pure, no I/O.
//!
//! - per material, the lead time (`received − ordered`) and the delay against the
//!   supplier's promise (`received − due`);
//! - per lane (destination, mode), the transit days;
//! - per line, the availability and the breakdown process ([`outage`]).
//!
//! Each distribution is the data's own ([`empirical`]: interpolated quantiles, no shape
//! assumed), pooled where thin ([`pooling`]), and the plant file's ([`parametric`]) where
//! there is no history at all. What a material shares with its supplier's other materials
//! is how far deliveries land from the planned lead time, not the lead time itself (a
//! supplier's castings and bolts differ in lead time, not in reliability), so lead times
//! and transits are pooled as deviations from the plant file's planned days
//! (`lead_time_days`, transit `days`) and shifted back; delays are pooled as they are.

pub mod empirical;
pub mod outage;
pub mod parametric;
pub mod pooling;
pub mod walk_forward;

use crate::model::{History, LineDay, Plant};
use empirical::{Counts, QuantileFunction};
use outage::Outages;
use pooling::{Form, Level, Pooled};
use std::collections::HashMap;
use std::sync::Arc;

/// The fitted laws the reliability model samples instead of the plant file's (`--history`),
/// by index into the plant; `None` where the fit fell back to the plant file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learnt {
    /// Per material: lead time in days.
    pub lead_time: Vec<Option<Arc<QuantileFunction>>>,
    /// Per material: an open receipt's delay against its due date (may be early).
    pub delay: Vec<Option<Arc<QuantileFunction>>>,
    /// Per destination, per mode: transit days.
    pub transit: Vec<Vec<Option<Arc<QuantileFunction>>>>,
    /// Per line: its breakdown process (`None`: lost shifts stay independent, at the
    /// line's availability).
    pub outages: Vec<Option<outage::OutageLaw>>,
}

impl Fit {
    /// The laws learnt from history, for the reliability model. Materials and lanes come
    /// in the plant's order (as [`fit`] lists them).
    pub fn learnt(&self, plant: &Plant) -> Learnt {
        let law = |f: &Fitted| (f.form != Form::PlantFile).then(|| Arc::new(f.quantiles.clone()));
        let mut lanes = self.lanes.iter();
        Learnt {
            lead_time: self.materials.iter().map(|m| law(&m.lead_time)).collect(),
            delay: self.materials.iter().map(|m| law(&m.delay)).collect(),
            transit: plant
                .destinations
                .iter()
                .map(|d| {
                    d.modes
                        .iter()
                        .map(|_| lanes.next().and_then(|l| law(&l.days)))
                        .collect()
                })
                .collect(),
            outages: self
                .lines
                .iter()
                .map(|l| l.outages.as_ref().and_then(Outages::law))
                .collect(),
        }
    }

    /// The fitted availability of each line (lines.csv's without a log), at least
    /// `floor` (the loader's smallest availability).
    pub fn availability(&self, floor: f64) -> Vec<f64> {
        self.lines
            .iter()
            .map(|l| l.availability.clamp(floor, 1.0))
            .collect()
    }

    /// Hands `plant` to the reliability model with this fit: the laws learnt and every
    /// line's fitted availability (at least `floor`).
    pub fn apply_to(&self, plant: &mut Plant, floor: f64) {
        let availability: Vec<Option<f64>> =
            self.availability(floor).into_iter().map(Some).collect();
        apply(plant, self.learnt(plant), &availability, floor);
    }
}

/// The `format` of the fitted-distributions file (`promise fit --out DIR` → `DIR/fit.json`),
/// which `--history FILE` reads back.
pub const FILE_FORMAT: &str = "promise-fit/1";

/// One fitted distribution of days.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    /// The entity's own observations.
    pub observations: usize,
    pub form: Form,
    /// The weight on its own data (1 empirical, 0 plant file).
    pub own_weight: f64,
    /// The pool it borrowed from ("supplier S1", "all materials", "mode rail").
    pub pooled_from: Option<String>,
    pub quantiles: QuantileFunction,
}

/// Hands `plant` to the reliability model with laws learnt from history (fitted here or
/// read back from `fit.json`): the laws, and each line's availability where the fit has
/// one (`None` keeps lines.csv's), kept within `floor..=1`.
pub fn apply(plant: &mut Plant, learnt: Learnt, availability: &[Option<f64>], floor: f64) {
    for (line, a) in plant.lines.iter_mut().zip(availability) {
        if let Some(a) = a {
            line.availability = a.clamp(floor, 1.0);
        }
    }
    plant.learnt = Some(Arc::new(learnt));
}

impl Fitted {
    fn plant_file(quantiles: QuantileFunction) -> Fitted {
        Fitted {
            observations: 0,
            form: Form::PlantFile,
            own_weight: 0.0,
            pooled_from: None,
            quantiles,
        }
    }

    fn from_pooled(observations: usize, p: Pooled, shift: f64) -> Fitted {
        Fitted {
            observations,
            form: p.form,
            own_weight: p.own_weight,
            pooled_from: p.pooled_from,
            quantiles: p.quantiles.shifted(shift),
        }
    }

    /// `p90 − p50`: the spread the summary ranks by.
    pub fn spread(&self) -> f64 {
        self.quantiles.at(0.9) - self.quantiles.at(0.5)
    }
}

/// A material's fit.
#[derive(Clone, Debug, PartialEq)]
pub struct MaterialFit {
    pub material_id: String,
    /// The supplier of most of its receipts (ties: the first by name), if named.
    pub supplier: Option<String>,
    /// The plant file's `lead_time_days`.
    pub planned_days: i32,
    /// `received − ordered`.
    pub lead_time: Fitted,
    /// `received − due`, over the receipts with a due date; the plant file's half-normal
    /// slip (`lead_time_sd_days`) without any.
    pub delay: Fitted,
}

/// A lane's fit.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneFit {
    pub destination: String,
    pub mode: String,
    /// The plant file's transit `days`.
    pub planned_days: i32,
    pub days: Fitted,
}

/// A line's fit.
#[derive(Clone, Debug, PartialEq)]
pub struct LineFit {
    pub line_id: String,
    /// Logged work days.
    pub days: usize,
    pub form: Form,
    /// The share of planned shifts worked (lines.csv's `availability` without a log).
    pub availability: f64,
    pub outages: Option<Outages>,
}

/// A supplier's record against its promises.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplierFit {
    pub supplier: String,
    pub receipts: usize,
    /// Receipts with a promised date.
    pub promised: usize,
    /// The share of those received after it (`None` without any).
    pub late_share: Option<f64>,
    /// Mean `received − due` in days.
    pub mean_delay_days: Option<f64>,
}

/// Everything `promise fit` learns.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// Every material of the plant, in its order.
    pub materials: Vec<MaterialFit>,
    /// Every lane of transit.csv, in its order.
    pub lanes: Vec<LaneFit>,
    /// Every line, ascending by id.
    pub lines: Vec<LineFit>,
    /// Every named supplier of the history, by name.
    pub suppliers: Vec<SupplierFit>,
}

/// Fits every material, lane and line of `plant` to `history`.
pub fn fit(plant: &Plant, history: &History) -> Fit {
    Fit {
        materials: materials(plant, history),
        lanes: lanes(plant, history),
        lines: lines(plant, history),
        suppliers: suppliers(history),
    }
}

const ALL_MATERIALS: &str = "all materials";

/// A material's receipts from one supplier: lead time − planned lead time, and delays.
#[derive(Clone, Default)]
struct Observed {
    deviations: Vec<i32>,
    delays: Vec<i32>,
}

fn materials(plant: &Plant, history: &History) -> Vec<MaterialFit> {
    let n = plant.materials.len();
    // Per material: deviations from the planned lead time and delays, by supplier.
    let mut by_material: Vec<HashMap<&str, Observed>> = vec![HashMap::new(); n];
    for r in &history.receipts {
        let planned = plant.materials[r.material].lead_time_days;
        let e = by_material[r.material]
            .entry(r.supplier.as_str())
            .or_default();
        e.deviations.push(r.lead_time() - planned);
        e.delays.extend(r.delay());
    }
    // Counts per (material, supplier), then the pools.
    type Split<'h> = Vec<(&'h str, Counts, Counts)>;
    let split: Vec<Split> = by_material
        .into_iter()
        .map(|m| {
            let mut v: Split = m
                .into_iter()
                .map(|(s, o)| (s, Counts::of(o.deviations), Counts::of(o.delays)))
                .collect();
            v.sort_by(|a, b| a.0.cmp(b.0));
            v
        })
        .collect();
    let mut supplier_pool: HashMap<&str, (Counts, Counts)> = HashMap::new();
    let (mut all_dev, mut all_delay) = (Counts::default(), Counts::default());
    for m in &split {
        for (s, dev, delay) in m {
            all_dev = all_dev.plus(dev);
            all_delay = all_delay.plus(delay);
            if !s.is_empty() {
                let e = supplier_pool.entry(s).or_default();
                e.0 = e.0.plus(dev);
                e.1 = e.1.plus(delay);
            }
        }
    }
    plant
        .materials
        .iter()
        .zip(&split)
        .map(|(mat, parts)| {
            let own_dev = parts.iter().fold(Counts::default(), |a, p| a.plus(&p.1));
            let own_delay = parts.iter().fold(Counts::default(), |a, p| a.plus(&p.2));
            // The main supplier: most receipts, then first by name (parts are sorted).
            let main = parts
                .iter()
                .filter(|p| !p.0.is_empty())
                .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)));
            let empty = (Counts::default(), Counts::default());
            let (sup_dev, sup_delay) = match main {
                Some((s, dev, delay)) => {
                    let pool = supplier_pool.get(s).unwrap_or(&empty);
                    (pool.0.minus(dev), pool.1.minus(delay))
                }
                None => (Counts::default(), Counts::default()),
            };
            let sup_name = main
                .map(|p| format!("supplier {}", p.0))
                .unwrap_or_default();
            let (other_dev, other_delay) = (all_dev.minus(&own_dev), all_delay.minus(&own_delay));
            let chain = |sup: &Counts, all: &Counts, own: &Counts| {
                pooling::pool(
                    own,
                    &[
                        Level {
                            name: sup_name.clone(),
                            counts: sup,
                        },
                        Level {
                            name: ALL_MATERIALS.into(),
                            counts: all,
                        },
                    ],
                )
            };
            let planned = f64::from(mat.lead_time_days);
            let lead_time = match chain(&sup_dev, &other_dev, &own_dev) {
                Some(p) => Fitted::from_pooled(own_dev.len(), p, planned),
                None => Fitted::plant_file(parametric::skewed(
                    mat.lead_time_days,
                    mat.lead_time_sd_days,
                )),
            };
            let delay = match chain(&sup_delay, &other_delay, &own_delay) {
                Some(p) => Fitted::from_pooled(own_delay.len(), p, 0.0),
                None => Fitted::plant_file(parametric::half_normal(mat.lead_time_sd_days)),
            };
            MaterialFit {
                material_id: mat.id.clone(),
                supplier: main.map(|p| p.0.to_string()),
                planned_days: mat.lead_time_days,
                lead_time,
                delay,
            }
        })
        .collect()
}

fn lanes(plant: &Plant, history: &History) -> Vec<LaneFit> {
    // Deviations from the planned transit days, per lane; pools per mode name and overall.
    let mut per_lane: HashMap<(usize, usize), Vec<i32>> = HashMap::new();
    for s in &history.shipments {
        let planned = plant.destinations[s.destination].modes[s.mode].days;
        per_lane
            .entry((s.destination, s.mode))
            .or_default()
            .push(s.transit() - planned);
    }
    let per_lane: HashMap<(usize, usize), Counts> = per_lane
        .into_iter()
        .map(|(k, v)| (k, Counts::of(v)))
        .collect();
    let mut per_mode: HashMap<&str, Counts> = HashMap::new();
    let mut all = Counts::default();
    for (&(d, m), c) in &per_lane {
        let e = per_mode
            .entry(plant.destinations[d].modes[m].name.as_str())
            .or_default();
        *e = e.plus(c);
        all = all.plus(c);
    }
    let empty = Counts::default();
    let mut out = Vec::new();
    for (d, dest) in plant.destinations.iter().enumerate() {
        for (m, mode) in dest.modes.iter().enumerate() {
            let own = per_lane.get(&(d, m)).unwrap_or(&empty);
            let same_mode = per_mode
                .get(mode.name.as_str())
                .unwrap_or(&empty)
                .minus(own);
            let others = all.minus(own);
            let levels = [
                Level {
                    name: format!("mode {}", mode.name),
                    counts: &same_mode,
                },
                Level {
                    name: "all lanes".into(),
                    counts: &others,
                },
            ];
            let days = match pooling::pool(own, &levels) {
                Some(p) => Fitted::from_pooled(own.len(), p, f64::from(mode.days)),
                None => Fitted::plant_file(parametric::skewed(mode.days, mode.days_sd)),
            };
            out.push(LaneFit {
                destination: dest.id.clone(),
                mode: mode.name.clone(),
                planned_days: mode.days,
                days,
            });
        }
    }
    out
}

fn lines(plant: &Plant, history: &History) -> Vec<LineFit> {
    let mut logs: Vec<Vec<&LineDay>> = vec![Vec::new(); plant.lines.len()];
    for d in &history.line_log {
        logs[d.line].push(d);
    }
    plant
        .lines
        .iter()
        .zip(logs.iter_mut())
        .map(|(line, log)| match outage::fit_line(log) {
            Some(h) if h.days > 0 => LineFit {
                line_id: line.id.clone(),
                days: h.days,
                form: Form::Empirical,
                availability: h.availability(),
                outages: Some(h.outages),
            },
            _ => LineFit {
                line_id: line.id.clone(),
                days: 0,
                form: Form::PlantFile,
                availability: line.availability,
                outages: None,
            },
        })
        .collect()
}

fn suppliers(history: &History) -> Vec<SupplierFit> {
    let mut by: HashMap<&str, (usize, Vec<i32>)> = HashMap::new();
    for r in history.receipts.iter().filter(|r| !r.supplier.is_empty()) {
        let e = by.entry(r.supplier.as_str()).or_default();
        e.0 += 1;
        e.1.extend(r.delay());
    }
    let mut out: Vec<SupplierFit> = by
        .into_iter()
        .map(|(s, (receipts, delays))| {
            let late = delays.iter().filter(|&&d| d > 0).count();
            let promised = delays.len();
            SupplierFit {
                supplier: s.to_string(),
                receipts,
                promised,
                late_share: (promised > 0).then(|| late as f64 / promised as f64),
                mean_delay_days: Counts::of(delays).mean(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.supplier.cmp(&b.supplier));
    out
}
