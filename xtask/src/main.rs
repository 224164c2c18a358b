//! `cargo xtask <command>`: the project's own tasks. A thin driver over the `sdkgen` library.
//!
//! - `codegen`: regenerates `generated/src/services/` from `specs/`, removing files it no
//!   longer emits.
//! - `check`: fails, naming each stale file and the command that fixes it, when the committed
//!   generated code differs from what the specs give, or when a spec is invalid.
//! - `openapi`: writes one OpenAPI 3.1 document per service to `generated/openapi/`
//!   (checked by `check` like the generated code).
//! - `diff`: the semantic API changes between the specs at a git ref and the working tree,
//!   each with a breaking/compatible verdict and the Rust item it touches.
//! - `import`: reads API reference pages into specs (printed, written with `--write` into `specs/`, or
//!   `--check`ed against them).
//! - `mock`: runs the spec-driven mock server (the `cloudsdk-mock` program of
//!   `cloudsdk-tests`) until Ctrl-C.
//!
//! xtask depends on the generator only, never on the generated crate, so it builds and can
//! regenerate even when the committed generated code does not compile.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => match &args[1..] {
            [] => xtask::write(&root),
            [flag, dir] if flag == "--root" => xtask::write(Path::new(dir)),
            _ => Err(format!("usage: cargo xtask codegen [--root <dir>]\n\n{USAGE}")),
        },
        Some("check") => xtask::check(&root),
        Some("openapi") => xtask::write_openapi(&root),
        Some("mock") => mock(&args[1..]),
        Some("diff") => match xtask::diff::Options::parse(&args[1..]).and_then(|o| xtask::diff::run(&root, &o)) {
            Ok(outcome) => {
                print!("{}", outcome.text);
                if outcome.failed {
                    eprintln!("error: breaking changes (--fail-on-breaking)");
                    return ExitCode::FAILURE;
                }
                return ExitCode::SUCCESS;
            }
            Err(e) => Err(e),
        },
        Some("import") => match xtask::import::Options::parse(&args[1..]).and_then(|o| xtask::import::run(&root, &o)) {
            Ok(outcome) => {
                eprint!("{}", outcome.notes);
                print!("{}", outcome.text);
                return if outcome.failed { ExitCode::FAILURE } else { ExitCode::SUCCESS };
            }
            Err(e) => Err(e),
        },
        Some("synthetic") => synthetic(&root, &args[1..]),
        Some("bench") => xtask::bench::run(),
        Some("generate-peak") => generate_peak(&args[1..]),
        Some("bench-compile") => bench_compile(&root, &args[1..]),
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
  codegen   regenerate generated/src/services/ from specs/ ([--root <dir>]: <dir>/specs into
            <dir>/generated/src, for scratch copies of the crate)
  check     fail if generated/ (code or OpenAPI documents) is stale or a spec is invalid
  openapi   write one OpenAPI 3.1 document per service to generated/openapi/
  diff      the semantic API diff of specs/ against a git ref, with breaking-change verdicts
            [--base <git-ref>] (default: git merge-base HEAD main) [--format markdown|json]
            [--fail-on-breaking] [--base-dir <specs>] [--head-dir <specs>] (spec folders instead of
            a git ref and the working tree)
  import    reference pages in, specs out: <page|dir>... [--service <specs dir>] [--write | --check]
            (prints the specs; --write merges them into specs/ keeping every x- decision;
            --check fails when the pages and the committed specs differ; --root <dir>: the specs
            of <dir>/specs instead; --adopt (with --write): a spec written by hand keeps what it
            says beyond the page as x- decisions)
  bench     run the generator and runtime benches; one table with ratios to the baselines,
            and the peak memory of generating 200 and 2,000 operations in a process of its own
  generate-peak  generate the synthetic service of <ops> operations in memory; print time and peak memory
  bench-compile  measure clean builds of cloudsdk and of the synthetic service
                 (--debug-only, --release-only, --no-features, --synthetic 200,1000|none)
  synthetic write a copy of the crate with only the synthetic service (<ops> <dir>)
  mock      run the mock server on 127.0.0.1 until Ctrl-C (--port, --access-key-id, --access-key-secret)
";

/// `cargo xtask mock [...]`: runs `cargo run -p cloudsdk-tests --bin cloudsdk-mock`; the
/// server and its options live in `cloudsdk_tests::mock::cli`.
fn mock(args: &[String]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .args(["run", "--quiet", "--package", "cloudsdk-tests", "--bin", "cloudsdk-mock", "--"])
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(String::new())
    } else {
        Err(format!("the mock server stopped: {status}"))
    }
}

/// `cargo xtask synthetic <ops> <dir>`: the synthetic service of `<ops>` operations in a
/// standalone copy of the crate at `<dir>`.
fn synthetic(root: &Path, args: &[String]) -> Result<String, String> {
    let [n, dir] = args else {
        return Err(format!("usage: cargo xtask synthetic <ops> <dir>\n\n{USAGE}"));
    };
    let n: usize = n.parse().map_err(|e| format!("<ops>: {e}"))?;
    let c = xtask::synthetic_crate(root, Path::new(dir), n)?;
    Ok(format!(
        "{}: {n} operations, {} lines in src/services ({} per operation)",
        c.dir.display(),
        c.service_lines,
        c.service_lines / n.max(1)
    ))
}

/// `cargo xtask generate-peak <ops>` (what `cargo xtask bench` runs, in release): generates
/// the synthetic service of `<ops>` operations in memory, in this process alone, and prints
/// the time it took and the peak resident memory of the process (`VmHWM`).
fn generate_peak(args: &[String]) -> Result<String, String> {
    let [n] = args else {
        return Err(format!("usage: cargo xtask generate-peak <ops>\n\n{USAGE}"));
    };
    let n: usize = n.parse().map_err(|e| format!("<ops>: {e}"))?;
    let (seconds, files) = xtask::bench::generate_in_memory(n)?;
    let peak = xtask::bench::peak_kib().ok_or("no VmHWM in /proc/self/status")?;
    Ok(format!("generate-peak: {n} operations, {files} files, {seconds:.3} s, peak {peak} KiB"))
}

/// `cargo xtask bench-compile [...]`: see `xtask::bench_compile`.
fn bench_compile(root: &Path, args: &[String]) -> Result<String, String> {
    let options = xtask::bench_compile::Options::parse(args)?;
    let rows = xtask::bench_compile::run(root, &options)?;
    Ok(format!("\n{}", xtask::bench_compile::table(&rows)))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}
