//! The `promise` binary: parses flags and hands over to `cli`.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
