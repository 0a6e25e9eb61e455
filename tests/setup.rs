//! A newcomer's set-up: `promise completions SHELL` and `promise man` run and print
//! scripts and a page that name every subcommand.

use std::process::Command;

const SUBCOMMANDS: [&str; 13] = [
    "plan",
    "quote",
    "gen",
    "backtest",
    "change",
    "report",
    "serve",
    "import",
    "export",
    "followup",
    "kpi",
    "completions",
    "man",
];

fn promise(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_promise"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 on stdout"),
    )
}

fn names_every_subcommand(what: &str, text: &str) {
    for sub in SUBCOMMANDS {
        assert!(
            text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|w| w == sub),
            "{what} does not name `{sub}`:\n{}",
            &text[..text.len().min(2000)]
        );
    }
}

#[test]
fn completions_name_the_subcommands_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, script) = promise(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}");
        names_every_subcommand(shell, &script);
    }
    // The bash script defines the completion function bash loads.
    let (_, bash) = promise(&["completions", "bash"]);
    assert!(bash.contains("complete -F _promise"), "{bash}");
    assert_eq!(promise(&["completions", "tcsh"]).0, Some(2));
}

#[test]
fn the_man_page_is_roff_naming_the_subcommands() {
    let (code, page) = promise(&["man"]);
    assert_eq!(code, Some(0));
    assert!(page.contains(".TH promise"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    names_every_subcommand("man", &page);
}
