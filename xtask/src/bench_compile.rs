//! `cargo xtask bench-compile`: what a clean build of the `cloudsdk` crate costs.
//!
//! Each row is one `cargo build` of the crate alone (its dependencies built beforehand and
//! kept), after `cargo clean -p cloudsdk`, with `CARGO_INCREMENTAL=0` as when a user's
//! project compiles it as a dependency: wall time and the peak resident memory of the
//! largest process (rustc), read with `/usr/bin/time` when it is installed
//! (`apt-get install -y time`). The rows: all features, each feature alone, no default
//! features, in debug and release; then the synthetic service (`sdkgen::synthetic`) at 200
//! and 1,000 operations, generated into a scratch copy of the crate, with lines per operation
//! and the growth per added operation; with `--reference <dir>`, the crate at `<dir>` (the
//! reference generator's output for the same shape, see BENCHMARKS.md) built the same way in
//! the same run, and the ratio of each synthetic row to it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One measured build.
#[derive(Debug, Clone)]
pub struct Row {
    /// What was built.
    pub what: String,
    /// `dev` or `release`.
    pub profile: &'static str,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Peak resident memory in MiB, when `/usr/bin/time` could tell.
    pub peak_mib: Option<f64>,
    /// Lines per operation of the generated service (synthetic rows).
    pub lines_per_op: Option<usize>,
}

/// Options: which profiles, and whether to build the real crate's feature matrix and the
/// synthetic service at each size.
#[derive(Debug, Clone)]
pub struct Options {
    /// Build in `dev`.
    pub debug: bool,
    /// Build in `release`.
    pub release: bool,
    /// The real crate's feature combinations.
    pub features: bool,
    /// Synthetic sizes (operations).
    pub synthetic: Vec<usize>,
    /// A crate to build beside the synthetic rows, as the baseline.
    pub reference: Option<PathBuf>,
}

impl Options {
    /// From the command line: `--debug-only`, `--release-only`, `--no-features`,
    /// `--synthetic 200,1000` (`--synthetic none` to skip), `--reference <crate dir>`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options { debug: true, release: true, features: true, synthetic: vec![200, 1000], reference: None };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--debug-only" => o.release = false,
                "--release-only" => o.debug = false,
                "--no-features" => o.features = false,
                "--synthetic" => {
                    let v = it.next().ok_or("--synthetic needs a list such as 200,1000")?;
                    o.synthetic = if v == "none" {
                        Vec::new()
                    } else {
                        v.split(',')
                            .map(|n| n.trim().parse().map_err(|e| format!("--synthetic {v}: {e}")))
                            .collect::<Result<_, _>>()?
                    };
                }
                "--reference" => {
                    let dir = it.next().ok_or("--reference needs the directory of a crate")?;
                    o.reference = Some(PathBuf::from(dir));
                }
                other => return Err(format!("bench-compile: unknown option `{other}`")),
            }
        }
        Ok(o)
    }
}

/// Runs every build of `options` and returns the rows (also printed as they come).
pub fn run(root: &Path, options: &Options) -> Result<Vec<Row>, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let scratch = target.join("bench-compile");
    let profiles: Vec<&'static str> = [(options.debug, "dev"), (options.release, "release")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, p)| p)
        .collect();
    let mut rows = Vec::new();
    if let Some(dir) = &options.reference {
        let manifest = dir.join("Cargo.toml");
        let package = package_name(&manifest)?;
        let target_dir = scratch.join("reference-target");
        for profile in &profiles {
            let what = format!("reference: {package}");
            let row = measure(&manifest, &target_dir, profile, &[], &what, None, &package)?;
            print_row(&row);
            rows.push(row);
        }
    }
    if options.features {
        let manifest = root.join("generated/Cargo.toml");
        let features = features(&manifest)?;
        let mut sets: Vec<(String, Vec<String>)> =
            vec![("cloudsdk, all features".into(), vec!["--all-features".into()])];
        for f in &features {
            sets.push((
                format!("cloudsdk, {f} alone"),
                vec!["--no-default-features".into(), "--features".into(), f.clone()],
            ));
        }
        sets.push(("cloudsdk, no default features".into(), vec!["--no-default-features".into()]));
        let target_dir = scratch.join("workspace");
        for profile in &profiles {
            for (what, flags) in &sets {
                let row = measure(&manifest, &target_dir, profile, flags, what, None, "cloudsdk")?;
                print_row(&row);
                rows.push(row);
            }
        }
    }
    for &n in &options.synthetic {
        // One path for every size, so that cargo's fingerprints (which record absolute
        // paths) always look at the files just written.
        let dir = scratch.join("synthetic/cloudsdk");
        let made = crate::synthetic_crate(root, &dir, n)?;
        let lines = made.service_lines / n.max(1);
        let manifest = dir.join("Cargo.toml");
        let target_dir = scratch.join("synthetic-target");
        for profile in &profiles {
            let what = format!("synthetic, {n} operations");
            let row = measure(&manifest, &target_dir, profile, &[], &what, Some(lines), "cloudsdk")?;
            print_row(&row);
            rows.push(row);
        }
    }
    Ok(rows)
}

/// The `[package] name` of a manifest.
fn package_name(manifest: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let value: toml::Value = text.parse().map_err(|e| format!("{}: {e}", manifest.display()))?;
    value
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: no [package] name", manifest.display()))
}

/// The features of `generated/Cargo.toml` other than `default`.
fn features(manifest: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let table: toml::Table = text.parse().map_err(|e| format!("{}: {e}", manifest.display()))?;
    Ok(table
        .get("features")
        .and_then(toml::Value::as_table)
        .map(|f| f.keys().filter(|k| *k != "default").cloned().collect())
        .unwrap_or_default())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Builds the dependencies (not measured), cleans the crate, then measures its build.
fn measure(
    manifest: &Path,
    target_dir: &Path,
    profile: &'static str,
    flags: &[String],
    what: &str,
    lines_per_op: Option<usize>,
    package: &str,
) -> Result<Row, String> {
    let base = |cmd: &mut Command| {
        cmd.arg("--manifest-path").arg(manifest).arg("--target-dir").arg(target_dir).env("CARGO_INCREMENTAL", "0");
    };
    let mut warm = Command::new(cargo());
    warm.args(["build", "--quiet", "--profile", profile]).args(flags);
    base(&mut warm);
    let status = warm.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("{what}: cargo build failed ({status})"));
    }
    let mut clean = Command::new(cargo());
    clean.args(["clean", "--quiet", "--package", package, "--profile", profile]);
    base(&mut clean);
    clean.status().map_err(|e| format!("cannot run cargo clean: {e}"))?;

    let timer = Path::new("/usr/bin/time");
    let report = target_dir.join("bench-compile-time.txt");
    let mut build = if timer.exists() {
        let mut c = Command::new(timer);
        c.arg("-f").arg("%e %M").arg("-o").arg(&report).arg(cargo());
        c
    } else {
        Command::new(cargo())
    };
    build.args(["build", "--quiet", "--profile", profile]).args(flags);
    base(&mut build);
    let started = Instant::now();
    let status = build.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{what}: cargo build failed ({status})"));
    }
    let mut peak_mib = None;
    if let Ok(text) = std::fs::read_to_string(&report) {
        let mut parts = text.split_whitespace().rev();
        if let (Some(kb), Some(s)) = (parts.next(), parts.next()) {
            peak_mib = kb.parse::<f64>().ok().map(|kb| kb / 1024.0);
            seconds = s.parse().unwrap_or(seconds);
        }
    }
    Ok(Row { what: what.to_owned(), profile, seconds, peak_mib, lines_per_op })
}

fn print_row(row: &Row) {
    println!("{}", format_row(row));
}

/// One line of the table.
pub fn format_row(row: &Row) -> String {
    let peak = row.peak_mib.map_or("n/a".to_owned(), |m| format!("{m:.0} MiB"));
    let lines = row.lines_per_op.map_or(String::new(), |l| format!("{l} lines/op"));
    format!("{:<40} {:<8} {:>8.1} s {:>10} {:>14}", row.what, row.profile, row.seconds, peak, lines)
}

/// The table, with the growth per added operation between synthetic sizes.
pub fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<40} {:<8} {:>10} {:>10} {:>14}\n",
        "build (crate alone, clean)", "profile", "wall", "peak", "emitted"
    );
    for r in rows {
        out.push_str(&format_row(r));
        out.push('\n');
    }
    let synth: Vec<(usize, &Row)> = rows
        .iter()
        .filter_map(|r| {
            r.what.strip_prefix("synthetic, ").and_then(|t| t.split(' ').next()?.parse().ok()).map(|n| (n, r))
        })
        .collect();
    for profile in ["dev", "release"] {
        let s: Vec<&(usize, &Row)> = synth.iter().filter(|(_, r)| r.profile == profile).collect();
        for pair in s.windows(2) {
            let ((a, ra), (b, rb)) = (*pair[0], *pair[1]);
            if b > a {
                let per = (rb.seconds - ra.seconds) / (b - a) as f64 * 1000.0;
                out.push_str(&format!("growth {profile} {a} → {b} operations: {per:.0} ms per added operation"));
                if let (Some(ma), Some(mb)) = (ra.peak_mib, rb.peak_mib) {
                    out.push_str(&format!(", {:.2} MiB per added operation", (mb - ma) / (b - a) as f64));
                }
                out.push('\n');
            }
        }
    }
    for profile in ["dev", "release"] {
        let Some(reference) = rows.iter().find(|r| r.profile == profile && r.what.starts_with("reference: ")) else {
            continue;
        };
        for (n, r) in synth.iter().filter(|(_, r)| r.profile == profile) {
            out.push_str(&format!(
                "synthetic {n} / {} ({profile}): {:.2}× the time",
                reference.what.trim_start_matches("reference: "),
                r.seconds / reference.seconds
            ));
            if let (Some(a), Some(b)) = (r.peak_mib, reference.peak_mib) {
                out.push_str(&format!(", {:.2}× the peak memory", a / b));
            }
            out.push('\n');
        }
    }
    if no_reference(rows) {
        out.push_str(
            "reference (SYNTHETIC.md, not from this run): progenitor 0.15.1, 200 operations: 26–41 s and 3.5 GB (debug), \
             about 1,760 lines per operation; measured beside ours with --reference (BENCHMARKS.md)\n",
        );
    }
    out
}

fn no_reference(rows: &[Row]) -> bool {
    !rows.iter().any(|r| r.what.starts_with("reference: "))
}
