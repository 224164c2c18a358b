//! `cargo xtask <command>`: the project's own tasks. A thin driver over the `sdkgen` library.
//!
//! - `codegen`: regenerates `generated/src/services/` from `specs/`, removing files it no
//!   longer emits.
//! - `check`: fails, naming each stale file and the command that fixes it, when the committed
//!   generated code differs from what the specs give, or when a spec is invalid.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => xtask::write(&root),
        Some("check") => xtask::check(&root),
        Some("-h" | "--help" | "help") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen   regenerate generated/src/services/ from specs/
  check     fail if generated/ is stale or a spec is invalid
";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}
