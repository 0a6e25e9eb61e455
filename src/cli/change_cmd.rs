use super::Result;
use super::args::ChangeArgs;
use super::output;
use promise::explain;
use promise::load;
use promise::report::notice;

pub fn run(a: ChangeArgs) -> Result<()> {
    let (plant, book, settings) = super::load(&a.common)?;
    let (changes, changed_plant, changed_book) = load::load_changes(&a.changes, &plant, &book)?;
    let c = explain::change_notice(&plant, &book, changed_plant, changed_book, settings);
    if a.json {
        output::print_json(
            &notice::notice_json(&c.plant, &plant, &changes, &c.notice),
            true,
        )
    } else {
        output::print(&notice::notice_text(
            &c.plant,
            &plant,
            settings.as_of,
            &changes,
            &c.notice,
            a.lang,
        ))
    }
}
