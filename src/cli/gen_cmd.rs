use super::args::GenArgs;
use super::{Failure, Result, output};
use promise::day::Day;
use promise::generator::{generate, generate_routed, sized};

pub fn run(a: GenArgs) -> Result<()> {
    let start = Day::flag("--start", &a.start).map_err(Failure::Input)?;
    let (mut p, routed) = sized(&a.size, start).ok_or_else(|| {
        Failure::Input(format!(
            "error: --size: expected xs, s, m, l or xl, or one of them with -routed (m-routed, l-routed), found \"{}\"",
            a.size
        ))
    })?;
    let routed = routed || a.routings;
    p.lines = a.lines.unwrap_or(p.lines);
    p.products = a.products.unwrap_or(p.products);
    p.materials = a.materials.unwrap_or(p.materials);
    p.orders = a.orders.unwrap_or(p.orders);
    p.horizon_days = a.horizon_days.unwrap_or(p.horizon_days);
    p.load = a.load.unwrap_or(p.load);
    p.seed = a.seed;
    if p.lines == 0
        || p.products == 0
        || p.horizon_days <= 0
        || !(p.load > 0.0 && p.load.is_finite())
    {
        return Err(Failure::Input(
            "error: --lines, --products, --horizon-days and --load must be > 0".into(),
        ));
    }
    if let Ok(mut entries) = std::fs::read_dir(&a.out)
        && entries.next().is_some()
    {
        return Err(Failure::Input(format!(
            "error: --out {} is not empty; refusing to overwrite files there",
            a.out.display()
        )));
    }
    let files = if routed {
        generate_routed(&p)
    } else {
        generate(&p)
    };
    output::write_all(
        &a.out,
        &files
            .iter()
            .map(|(n, t)| (*n, t.clone()))
            .collect::<Vec<_>>(),
    )?;
    if a.history {
        let texts: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (plant, _) = promise::load::load_files(&texts)?;
        let history = promise::generator::history(&plant, start, p.seed);
        output::write_all(
            &a.out.join("history"),
            &history
                .iter()
                .map(|(n, t)| (*n, t.clone()))
                .collect::<Vec<_>>(),
        )?;
        eprintln!(
            "wrote a year of history to {}",
            a.out.join("history").display()
        );
    }
    eprintln!(
        "wrote a {}plant of {} lines, {} products, {} materials and {} orders to {} (plan it with --as-of {start})",
        if routed { "multi-step " } else { "" },
        p.lines,
        p.products,
        p.materials,
        p.orders,
        a.out.display()
    );
    Ok(())
}
