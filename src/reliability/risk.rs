//! Which source of variance moves an order's date: per scenario, the days its last line
//! lost to its transit lane, to a late material, or to lost shifts in its line's queue.

use super::replay::{Job, JobOutcome};
use crate::model::Plant;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskKind {
    /// A supplier's lead time or a receipt's slip.
    Material,
    /// Lost shifts on a line, rippling through its queue.
    Capacity,
    /// A transport lane's variable transit.
    Transit,
    /// Nothing varies: the date is certain.
    None,
}

impl RiskKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskKind::Material => "material",
            RiskKind::Capacity => "capacity",
            RiskKind::Transit => "transit",
            RiskKind::None => "none",
        }
    }
}

/// The main source of spread of one order.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub kind: RiskKind,
    pub id: String,
    /// Days it adds, averaged over all scenarios.
    pub mean_days: f64,
    /// Share of scenarios in which it adds at least a day.
    pub share: f64,
    pub detail: String,
}

impl Risk {
    pub fn none() -> Risk {
        Risk {
            kind: RiskKind::None,
            id: String::new(),
            mean_days: 0.0,
            share: 0.0,
            detail: "nothing on this order's path varies: the date is certain".into(),
        }
    }
}

/// Where an order's days came from. Ordered as the tie-break of [`Attribution::main`]
/// wants it: materials first, then lines, then lanes, each by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Material(u32),
    Line(u32),
    /// A destination and one of its modes.
    Lane(u32, u32),
}

/// Days added per (order, source), summed as integers so that chunks merge exactly.
#[derive(Clone, Debug)]
pub struct Attribution {
    /// Per order: (source, scenarios it added days in, days added).
    per_order: Vec<Vec<(Source, u32, u64)>>,
}

impl Attribution {
    pub fn new(orders: usize) -> Attribution {
        Attribution {
            per_order: vec![Vec::new(); orders],
        }
    }

    fn bump(&mut self, order: usize, source: Source, days: i32) {
        if days <= 0 {
            return;
        }
        let v = &mut self.per_order[order];
        match v.iter_mut().find(|e| e.0 == source) {
            Some(e) => {
                e.1 += 1;
                e.2 += days as u64;
            }
            None => v.push((source, 1, days as u64)),
        }
    }

    /// Splits one scenario's delay of an order's last line into its sources.
    pub fn add(&mut self, order: usize, job: &Job, out: &JobOutcome) {
        self.bump(
            order,
            Source::Lane(job.destination, job.mode),
            out.transit - job.transit_days,
        );
        if job.produced {
            let late = out.end.since(job.planned_end).max(0);
            let material = out.material_delay.clamp(0, late);
            if out.binding_material != u32::MAX {
                self.bump(order, Source::Material(out.binding_material), material);
            }
            self.bump(order, Source::Line(out.end_line), late - material);
        }
    }

    pub fn merge(&mut self, other: Attribution) {
        for (o, entries) in other.per_order.into_iter().enumerate() {
            for (source, n, days) in entries {
                let v = &mut self.per_order[o];
                match v.iter_mut().find(|e| e.0 == source) {
                    Some(e) => {
                        e.1 += n;
                        e.2 += days;
                    }
                    None => v.push((source, n, days)),
                }
            }
        }
    }

    /// The source that added most days to `order` over `scenarios` scenarios.
    pub fn main(&self, plant: &Plant, order: usize, scenarios: u32) -> Option<Risk> {
        let &(source, n, days) = self.per_order[order]
            .iter()
            .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)))?;
        let scenarios = f64::from(scenarios.max(1));
        let mean_days = days as f64 / scenarios;
        let share = f64::from(n) / scenarios;
        let tail = format!(
            "+{mean_days:.1} days on average; adds days in {:.0}% of scenarios",
            100.0 * share
        );
        let learnt = plant.learnt.as_deref();
        // A law learnt from history is described by its median and p90, not by the plant
        // file's mean ± sd it replaces.
        let law = |q: Option<&crate::fit::empirical::QuantileFunction>, days, sd| match q {
            Some(q) => format!(
                "{:.1} days median, {:.1} p90 in history",
                q.at(0.5),
                q.at(0.9)
            ),
            None => format!("{days} ± {sd} days"),
        };
        let (kind, id, detail) = match source {
            Source::Material(mi) => {
                let m = &plant.materials[mi as usize];
                let q = learnt.and_then(|l| l.lead_time.get(mi as usize)?.as_deref());
                (
                    RiskKind::Material,
                    m.id.clone(),
                    format!(
                        "supply of {} (lead time {}): {tail}",
                        m.id,
                        law(q, m.lead_time_days, m.lead_time_sd_days)
                    ),
                )
            }
            Source::Line(l) => {
                let outages = learnt.and_then(|x| x.outages.get(l as usize)?.as_ref());
                let l = &plant.lines[l as usize];
                let detail = match outages {
                    // History's breakdowns are what is sampled: say so, not the availability.
                    Some(o) => format!(
                        "outages on line {} (about every {:.0} days, {:.1} days long in history) \
                         delay its queue: {tail}",
                        l.id,
                        1.0 / o.rate.max(1e-9),
                        o.mean_days
                    ),
                    None => format!(
                        "lost shifts on line {} (availability {:.0}%) delay its queue: {tail}",
                        l.id,
                        100.0 * l.availability
                    ),
                };
                (RiskKind::Capacity, l.id.clone(), detail)
            }
            Source::Lane(di, mi) => {
                let d = &plant.destinations[di as usize];
                let m = &d.modes[mi as usize];
                let q =
                    learnt.and_then(|l| l.transit.get(di as usize)?.get(mi as usize)?.as_deref());
                (
                    RiskKind::Transit,
                    format!("{}/{}", d.id, m.name),
                    format!(
                        "{} to {} ({}): {tail}",
                        m.name,
                        d.id,
                        law(q, m.days, m.days_sd)
                    ),
                )
            }
        };
        Some(Risk {
            kind,
            id,
            mean_days,
            share,
            detail,
        })
    }
}
