//! The fitted-distributions file `promise fit --out DIR` writes (`DIR/fit.json`, format
//! `promise-fit/1`), read back for `--history FILE`: a nightly job fits once and every
//! simulation after it samples the same laws. Checked like every input: the format, each
//! id against the plant, each quantile function (101 finite, non-decreasing values); every
//! problem reported at once (file, and the entry as the "line").

use super::Diagnostics;
use crate::fit::Learnt;
use crate::fit::empirical::{GRID_POINTS, QuantileFunction};
use crate::model::Plant;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

/// What `--history FILE` gives the reliability model: the laws and each line's
/// availability (`None`: keep lines.csv's).
pub struct FittedFile {
    pub learnt: Learnt,
    pub availability: Vec<Option<f64>>,
}

#[derive(Deserialize)]
struct Doc {
    format: String,
    #[serde(default)]
    materials: Vec<MaterialDoc>,
    #[serde(default)]
    lanes: Vec<LaneDoc>,
    #[serde(default)]
    lines: Vec<LineDoc>,
}

#[derive(Deserialize)]
struct Grids {
    lead_time: Option<Vec<f64>>,
    delay: Option<Vec<f64>>,
    days: Option<Vec<f64>>,
}

#[derive(Deserialize)]
struct MaterialDoc {
    material_id: String,
    form: String,
    delay: FormOnly,
    quantile_function: Option<Grids>,
}

#[derive(Deserialize)]
struct FormOnly {
    form: String,
}

#[derive(Deserialize)]
struct LaneDoc {
    destination: String,
    mode: String,
    form: String,
    quantile_function: Option<Grids>,
}

#[derive(Deserialize)]
struct LineDoc {
    line_id: String,
    form: String,
    availability: f64,
    outages: Option<crate::fit::outage::Outages>,
}

/// Reads `path` (a `fit.json`) against `plant`.
pub fn load_fitted_file(path: &Path, plant: &Plant) -> Result<FittedFile, Diagnostics> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse_fitted(&file, &text, plant),
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(&file, None, None, format!("cannot read: {e}"));
            Err(diags)
        }
    }
}

/// Parses the text of a `fit.json` named `file` against `plant`.
pub fn parse_fitted(file: &str, text: &str, plant: &Plant) -> Result<FittedFile, Diagnostics> {
    let mut diags = Diagnostics::default();
    let doc: Doc = match serde_json::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(
                file,
                Some(e.line()),
                None,
                format!("expected the fit.json of `promise fit --out`: {e}"),
            );
            return Err(diags);
        }
    };
    if doc.format != crate::fit::FILE_FORMAT {
        diags.push(
            file,
            None,
            Some("format"),
            format!(
                "expected \"{}\", found \"{}\"",
                crate::fit::FILE_FORMAT,
                doc.format
            ),
        );
        return Err(diags);
    }
    let mut learnt = Learnt {
        lead_time: vec![None; plant.materials.len()],
        delay: vec![None; plant.materials.len()],
        transit: plant
            .destinations
            .iter()
            .map(|d| vec![None; d.modes.len()])
            .collect(),
        outages: vec![None; plant.lines.len()],
    };
    let law = |what: &str, form: &str, grid: Option<&Vec<f64>>, diags: &mut Diagnostics| {
        if form == "plant file" {
            return None;
        }
        match grid.map(|g| grid_law(g)) {
            Some(Some(q)) => Some(Arc::new(q)),
            _ => {
                diags.push(
                    file,
                    None,
                    Some("quantile_function"),
                    format!("{what}: expected {GRID_POINTS} finite, non-decreasing quantiles"),
                );
                None
            }
        }
    };
    for m in &doc.materials {
        let Some(&i) = plant.material_index.get(&m.material_id) else {
            diags.push(
                file,
                None,
                Some("material_id"),
                format!(
                    "unknown material \"{}\" (not in materials.csv)",
                    m.material_id
                ),
            );
            continue;
        };
        let g = m.quantile_function.as_ref();
        let what = format!("material \"{}\"", m.material_id);
        learnt.lead_time[i] = law(
            &what,
            &m.form,
            g.and_then(|g| g.lead_time.as_ref()),
            &mut diags,
        );
        learnt.delay[i] = law(
            &what,
            &m.delay.form,
            g.and_then(|g| g.delay.as_ref()),
            &mut diags,
        );
    }
    for l in &doc.lanes {
        let lane = plant
            .destination_index
            .get(&l.destination)
            .and_then(|&d| Some((d, plant.destinations[d].mode_named(&l.mode)?)));
        let Some((d, m)) = lane else {
            diags.push(
                file,
                None,
                Some("mode"),
                format!(
                    "unknown lane \"{}\" by \"{}\" (not in transit.csv)",
                    l.destination, l.mode
                ),
            );
            continue;
        };
        let g = l.quantile_function.as_ref().and_then(|g| g.days.as_ref());
        let what = format!("lane \"{}\" by \"{}\"", l.destination, l.mode);
        learnt.transit[d][m] = law(&what, &l.form, g, &mut diags);
    }
    let mut availability = vec![None; plant.lines.len()];
    for l in &doc.lines {
        let Some(&i) = plant.line_index.get(&l.line_id) else {
            diags.push(
                file,
                None,
                Some("line_id"),
                format!("unknown line \"{}\" (not in lines.csv)", l.line_id),
            );
            continue;
        };
        if !(0.0..=1.0).contains(&l.availability) {
            diags.push(
                file,
                None,
                Some("availability"),
                format!(
                    "line \"{}\": expected a share 0..=1, found {}",
                    l.line_id, l.availability
                ),
            );
        } else if l.form != "plant file" {
            availability[i] = Some(l.availability);
            learnt.outages[i] = l.outages.as_ref().and_then(|o| o.law());
        }
    }
    if diags.is_empty() {
        Ok(FittedFile {
            learnt,
            availability,
        })
    } else {
        Err(diags)
    }
}

/// A quantile function from its grid: 101 finite, non-decreasing values.
fn grid_law(g: &[f64]) -> Option<QuantileFunction> {
    let ok = g.len() == GRID_POINTS
        && g.iter().all(|x| x.is_finite() && x.abs() <= 100_000.0)
        && g.windows(2).all(|w| w[0] <= w[1]);
    ok.then(|| {
        let mut q = [0.0; GRID_POINTS];
        q.copy_from_slice(g);
        QuantileFunction(q)
    })
}
