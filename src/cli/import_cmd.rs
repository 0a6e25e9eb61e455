use super::args::WtArgs;
use super::{Failure, Result, output};
use promise::day::Day;
use promise::optimize::wt;

/// `promise import wt FILE --instance K --out DIR`: one OR-Library instance as a plant.
pub fn run(a: WtArgs) -> Result<()> {
    let as_of = Day::flag("--as-of", &a.as_of).map_err(Failure::Input)?;
    let name = a.file.display().to_string();
    let jobs = a.jobs.or_else(|| wt::jobs_in_name(&name)).ok_or_else(|| {
        Failure::Input(format!(
            "error: {name}: cannot tell the jobs per instance from the file name; give --jobs N"
        ))
    })?;
    let text = std::fs::read_to_string(&a.file)
        .map_err(|e| Failure::Input(format!("error: {name}: {e}")))?;
    let instances =
        wt::parse(&text, jobs).map_err(|e| Failure::Input(format!("error: {name}: {e}")))?;
    let inst = a
        .instance
        .checked_sub(1)
        .and_then(|k| instances.get(k))
        .ok_or_else(|| {
            Failure::Input(format!(
                "error: --instance: expected 1..={}, found {}",
                instances.len(),
                a.instance
            ))
        })?;
    wt::check(inst)
        .map_err(|e| Failure::Input(format!("error: {name}: instance {}: {e}", a.instance)))?;
    if let Ok(mut entries) = std::fs::read_dir(&a.out)
        && entries.next().is_some()
    {
        return Err(Failure::Input(format!(
            "error: --out {} is not empty; refusing to overwrite files there",
            a.out.display()
        )));
    }
    output::write_all(&a.out, &wt::plant_files(inst, as_of))?;
    eprintln!(
        "wrote instance {} of {name} ({jobs} jobs) to {} (plan it with --as-of {as_of} --optimize)",
        a.instance,
        a.out.display()
    );
    Ok(())
}
