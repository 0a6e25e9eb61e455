//! `promise completions SHELL` and `promise man`: a newcomer's shell set-up, generated
//! from the same clap definition as the commands themselves (so they never drift).

use super::args::{Cli, CompletionsArgs};
use super::{Failure, Result, output};
use clap::CommandFactory;

/// The completion script for a shell, on stdout.
pub fn completions(a: CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "promise", &mut script);
    print_bytes(script)
}

/// The man page (roff), on stdout: the synopsis, every flag and the subcommands.
pub fn man() -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Failure::Other(format!("cannot render the man page: {e}")))?;
    print_bytes(page)
}

fn print_bytes(bytes: Vec<u8>) -> Result<()> {
    let text = String::from_utf8(bytes)
        .map_err(|e| Failure::Other(format!("generated text is not UTF-8: {e}")))?;
    output::print(&text)
}
