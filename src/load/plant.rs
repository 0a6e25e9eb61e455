//! The plant files: lines, calendar, capacity, products, materials, bom, receipts,
//! transit, subcontractors.

use super::routing::{bom, capacity, routing};
use super::table::Table;
use super::{Diagnostics, Reader, parse_work_days};
use crate::model::Span;
use crate::model::{
    Calendar, Destination, Line, Material, Mode, Plant, Product, Receipt, Subcontractor, WeekMask,
};
use std::collections::{HashMap, HashSet};

pub(super) fn load(read: &mut Reader, diags: &mut Diagnostics) -> Plant {
    let mut plant = Plant::default();
    if let Some(t) = read("lines.csv", true, diags) {
        plant.lines = lines(&t, diags);
    }
    if let Some(t) = read("products.csv", true, diags) {
        plant.products = products(&t, diags);
    }
    if let Some(t) = read("materials.csv", false, diags) {
        plant.materials = materials(&t, &plant.products, diags);
    }
    if let Some(t) = read("transit.csv", true, diags) {
        plant.destinations = transit(&t, diags);
    }
    plant.reindex();
    // Products with a bad capacity row: their steps are not known, so a step number
    // naming them elsewhere is not reported again.
    let mut unsure = HashSet::new();
    if let Some(t) = read("capacity.csv", true, diags) {
        unsure = capacity(&t, &mut plant, diags);
    }
    if let Some(t) = read("routing.csv", false, diags) {
        routing(&t, &mut plant, &unsure, diags);
    }
    if let Some(t) = read("bom.csv", false, diags) {
        bom(&t, &mut plant, &unsure, diags);
    }
    if let Some(t) = read("receipts.csv", false, diags) {
        receipts(&t, &mut plant, diags);
    }
    if let Some(t) = read("subcontractors.csv", false, diags) {
        subcontractors(&t, &mut plant, diags);
    }
    if let Some(t) = read("calendar.csv", false, diags) {
        plant.calendar = calendar(&t, &plant, diags);
    }
    plant.reindex();
    plant
}

/// Records a duplicate-key diagnostic and returns false when `key` was seen before.
pub(super) fn first_time<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, usize>,
    key: K,
    t: &Table,
    line: usize,
    column: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> bool {
    if let Some(first) = seen.get(&key) {
        t.report(
            line,
            column,
            format!("duplicate {what} (first on {})", t.row_name(*first)),
            diags,
        );
        false
    } else {
        seen.insert(key, line);
        true
    }
}

fn lines(t: &Table, diags: &mut Diagnostics) -> Vec<Line> {
    t.require(&["line_id", "shifts_per_day"], diags);
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for row in &t.rows {
        let c = t.cells(row);
        let id = c.id("line_id", diags);
        let shifts = c.whole(
            "shifts_per_day",
            None,
            1,
            4,
            "a whole number of shifts 1..=4",
            diags,
        );
        let wd = c.text("work_days");
        let work_days = if wd.is_empty() {
            Some(WeekMask::MON_FRI)
        } else {
            let m = parse_work_days(wd);
            if m.is_none() {
                c.err(
                    diags,
                    "work_days",
                    format!(
                        "expected weekdays like Mon-Fri, Mon,Tue,Thu or 周一-周五, found \"{wd}\""
                    ),
                );
            }
            m
        };
        let availability = c.decimal("availability", Some(1.0), true, diags);
        // A row with a good id is kept even if other cells are bad (they are reported, so
        // nothing is planned): later files then see no spurious "unknown line" errors.
        if let Some(id) = id
            && first_time(
                &mut seen,
                id.clone(),
                t,
                c.line(),
                "line_id",
                &format!("line_id \"{id}\""),
                diags,
            )
        {
            out.push(Line {
                id,
                shifts_per_day: shifts.unwrap_or(1) as u8,
                work_days: work_days.unwrap_or(WeekMask::MON_FRI),
                availability: availability.unwrap_or(1.0),
            });
        }
    }
    // Index order is ascending line id: the order in which a day's line time is taken.
    out.sort_by(|a, b| a.id.as_bytes().cmp(b.id.as_bytes()));
    out
}

fn products(t: &Table, diags: &mut Diagnostics) -> Vec<Product> {
    t.require(&["product_id"], diags);
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for row in &t.rows {
        let c = t.cells(row);
        // Every cell is checked, so that all bad cells of a row are reported at once.
        let id = c.id("product_id", diags);
        let on_hand = c.decimal("on_hand", Some(0.0), false, diags);
        let safety_stock = c.decimal("safety_stock", Some(0.0), false, diags);
        let inspection_days = c.days("inspection_days", Some(0), diags);
        let packaging_days = c.days("packaging_days", Some(0), diags);
        let design_days = c.days("design_days", Some(0), diags);
        let min_stock = c.decimal("min_stock", Some(0.0), false, diags);
        let max_stock = c.decimal("max_stock", Some(0.0), false, diags);
        let Some(id) = id else { continue };
        if first_time(
            &mut seen,
            id.clone(),
            t,
            c.line(),
            "product_id",
            &format!("product_id \"{id}\""),
            diags,
        ) {
            out.push(Product {
                id,
                name: c.text("name").to_string(),
                on_hand: on_hand.unwrap_or(0.0),
                safety_stock: safety_stock.unwrap_or(0.0),
                inspection_days: inspection_days.unwrap_or(0),
                packaging_days: packaging_days.unwrap_or(0),
                design_days: design_days.unwrap_or(0),
                min_stock: min_stock.unwrap_or(0.0),
                max_stock: max_stock.unwrap_or(0.0),
                routes: Vec::new(),
                steps: Vec::new(),
                bom: Vec::new(),
            });
        }
    }
    out
}

fn materials(t: &Table, products: &[Product], diags: &mut Diagnostics) -> Vec<Material> {
    t.require(&["material_id"], diags);
    let products: HashSet<&str> = products.iter().map(|p| p.id.as_str()).collect();
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for row in &t.rows {
        let c = t.cells(row);
        let id = c.id("material_id", diags);
        let on_hand = c.decimal("on_hand", Some(0.0), false, diags);
        let safety_stock = c.decimal("safety_stock", Some(0.0), false, diags);
        let lead_time_days = c.days("lead_time_days", Some(0), diags);
        let inspection_days = c.days("inspection_days", Some(0), diags);
        let lead_time_sd_days = c.decimal("lead_time_sd_days", Some(0.0), false, diags);
        let min_stock = c.decimal("min_stock", Some(0.0), false, diags);
        let max_stock = c.decimal("max_stock", Some(0.0), false, diags);
        let Some(id) = id else { continue };
        if products.contains(id.as_str()) {
            // A bom.csv row naming it could not tell a purchase from a work order.
            c.err(
                diags,
                "material_id",
                format!(
                    "material_id \"{id}\" is also a product in products.csv (an id is either a purchased material or a made product)"
                ),
            );
            continue;
        }
        if first_time(
            &mut seen,
            id.clone(),
            t,
            c.line(),
            "material_id",
            &format!("material_id \"{id}\""),
            diags,
        ) {
            out.push(Material {
                id,
                name: c.text("name").to_string(),
                on_hand: on_hand.unwrap_or(0.0),
                safety_stock: safety_stock.unwrap_or(0.0),
                lead_time_days: lead_time_days.unwrap_or(0),
                inspection_days: inspection_days.unwrap_or(0),
                lead_time_sd_days: lead_time_sd_days.unwrap_or(0.0),
                min_stock: min_stock.unwrap_or(0.0),
                max_stock: max_stock.unwrap_or(0.0),
                receipts: Vec::new(),
            });
        }
    }
    out
}

fn transit(t: &Table, diags: &mut Diagnostics) -> Vec<Destination> {
    t.require(&["destination", "mode", "days"], diags);
    let mut seen = HashMap::new();
    let mut out: Vec<Destination> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &t.rows {
        let c = t.cells(row);
        let dest = c.id("destination", diags);
        let mode = c.id("mode", diags);
        let days = c.days("days", None, diags);
        let cost = c.decimal("cost_per_unit", Some(0.0), false, diags);
        let sd = c.decimal("days_sd", Some(0.0), false, diags);
        let (Some(dest), Some(mode)) = (dest, mode) else {
            continue;
        };
        let (days, cost, sd) = (days.unwrap_or(0), cost.unwrap_or(0.0), sd.unwrap_or(0.0));
        if !first_time(
            &mut seen,
            (dest.clone(), mode.clone()),
            t,
            c.line(),
            "mode",
            &format!("mode \"{mode}\" for destination \"{dest}\""),
            diags,
        ) {
            continue;
        }
        let i = *index.entry(dest.clone()).or_insert_with(|| {
            out.push(Destination {
                id: dest.clone(),
                modes: Vec::new(),
            });
            out.len() - 1
        });
        out[i].modes.push(Mode {
            name: mode,
            days,
            cost_per_unit: cost,
            days_sd: sd,
        });
    }
    out
}

fn receipts(t: &Table, plant: &mut Plant, diags: &mut Diagnostics) {
    t.require(&["material_id", "qty", "due_date"], diags);
    for row in &t.rows {
        let c = t.cells(row);
        let material = c.refer(
            &plant.material_index,
            "material_id",
            "material",
            "not in materials.csv",
            diags,
        );
        let qty = c.decimal("qty", None, false, diags);
        let due = c.required_date("due_date", diags);
        if let (Some(material), Some(qty), Some(due)) = (material, qty, due) {
            plant.receipts.push(Receipt { material, qty, due });
        }
    }
}

fn subcontractors(t: &Table, plant: &mut Plant, diags: &mut Diagnostics) {
    t.require(&["subcontractor_id", "product_id", "units_per_day"], diags);
    let mut seen = HashMap::new();
    for row in &t.rows {
        let c = t.cells(row);
        let id = c.id("subcontractor_id", diags);
        let product = c.refer(
            &plant.product_index,
            "product_id",
            "product",
            "not in products.csv",
            diags,
        );
        let upd = c.decimal("units_per_day", None, true, diags);
        let lead = c.days("lead_days", Some(0), diags);
        let insp = c.days("inspection_days", Some(0), diags);
        let transit = c.days("transit_days", Some(0), diags);
        let (Some(id), Some(product), Some(upd), Some(lead), Some(insp), Some(transit)) =
            (id, product, upd, lead, insp, transit)
        else {
            continue;
        };
        let what = format!(
            "subcontractor \"{id}\" for product \"{}\"",
            plant.products[product].id
        );
        if first_time(
            &mut seen,
            (id.clone(), product),
            t,
            c.line(),
            "product_id",
            &what,
            diags,
        ) {
            plant.subcontractors.push(Subcontractor {
                id,
                product,
                units_per_day: upd,
                lead_days: lead,
                inspection_days: insp,
                transit_days: transit,
            });
        }
    }
}

/// `calendar.csv`: one row overrides one day, or every day `date..=to` with the optional
/// `to` column (an extension: the service stores a line down as one row). Rows of one
/// line (or of all lines) must not overlap: a day named twice is a duplicate row.
fn calendar(t: &Table, plant: &Plant, diags: &mut Diagnostics) -> Calendar {
    t.require(&["date", "shifts"], diags);
    let mut cal = Calendar::default();
    // (line, first day) → the file line of that row.
    let mut first_line = HashMap::new();
    let mut reported_lines = HashSet::new();
    for row in &t.rows {
        let c = t.cells(row);
        let date = c.required_date("date", diags);
        let to = c.date("to", diags);
        let line_text = c.text("line_id");
        let line = if line_text.is_empty() {
            Some(None)
        } else {
            let l = plant.line(line_text);
            if l.is_none() && reported_lines.insert((c.line(), line_text.to_string())) {
                c.err(
                    diags,
                    "line_id",
                    format!("unknown line \"{line_text}\" (not in lines.csv)"),
                );
            }
            l.map(Some)
        };
        let shifts = c.whole(
            "shifts",
            None,
            0,
            4,
            "a whole number of shifts 0..=4",
            diags,
        );
        let (Some(date), Some(to), Some(line), Some(shifts)) = (date, to, line, shifts) else {
            continue;
        };
        let to = to.unwrap_or(date);
        if to < date {
            c.err(
                diags,
                "to",
                format!("expected a date on or after date ({date}), found \"{to}\""),
            );
            continue;
        }
        let span = Span {
            from: date,
            to,
            shifts: shifts as u8,
            reason: c.text("reason").to_string(),
        };
        match cal.insert(line, span) {
            Ok(()) => {
                first_line.insert((line, date), c.line());
            }
            Err(first) => {
                let on = match line {
                    Some(l) => format!("line \"{}\"", plant.lines[l].id),
                    None => "all lines".to_string(),
                };
                let day = if first > date { first } else { date };
                c.err(
                    diags,
                    "date",
                    format!(
                        "duplicate calendar row for {day} and {on} (first on {})",
                        t.row_name(first_line.get(&(line, first)).copied().unwrap_or(0))
                    ),
                );
            }
        }
    }
    cal
}
