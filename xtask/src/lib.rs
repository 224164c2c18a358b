//! The logic behind `cargo xtask codegen` and `cargo xtask check`, as a library so that a
//! workspace test can run the check too.

pub mod bench;
pub mod bench_compile;
pub mod diff;
pub mod import;

use sdkgen::{GeneratedFile, HEADER_PREFIX};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where the generator writes, relative to the workspace root.
pub const OUT_DIR: &str = "generated/src";
/// Where the specs live, relative to the workspace root.
pub const SPECS_DIR: &str = "specs";

/// What differs between the committed generated code and what the specs give.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files that would change or be created.
    pub stale: Vec<PathBuf>,
    /// Generated files that the specs no longer produce.
    pub orphans: Vec<PathBuf>,
    /// The new contents of the test crate's exercise of every operation
    /// ([`sdkgen::emit::EXERCISE_PATH`]), when it is stale.
    pub exercise: Option<String>,
}

/// Generates from `<root>/specs` and compares with `<root>/generated/src`.
pub fn plan(root: &Path) -> Result<(Vec<GeneratedFile>, Drift), String> {
    let spec_error = |e: sdkgen::SpecErrors| {
        format!("{e}\n\nerror: {} spec error(s); fix the specs, then run `cargo xtask codegen`", e.0.len())
    };
    let sources =
        sdkgen::load::read_dir(&root.join(SPECS_DIR)).map_err(|e| format!("cannot read {SPECS_DIR}/: {e}"))?;
    let ir = sdkgen::lower_files(&sources, Path::new(SPECS_DIR)).map_err(spec_error)?;
    check_features(root, &ir)?;
    let files = sdkgen::emit::emit(&ir)?;
    let out = root.join(OUT_DIR);
    let mut drift = Drift::default();
    // A tree without the test crate (tests copy only specs/ and src/) has no exercise.
    if root.join("tests/Cargo.toml").exists() {
        let contents = sdkgen::emit::exercise(&ir)?;
        let path = root.join(sdkgen::emit::EXERCISE_PATH);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            drift.exercise = Some(contents);
        }
    }
    for f in &files {
        let current = std::fs::read_to_string(out.join(&f.path)).ok();
        if current.as_deref() != Some(f.contents.as_str()) {
            drift.stale.push(f.path.clone());
        }
    }
    let emitted: BTreeSet<&PathBuf> = files.iter().map(|f| &f.path).collect();
    for existing in generated_files(&out).map_err(|e| format!("cannot read {OUT_DIR}: {e}"))? {
        if !emitted.contains(&existing) {
            drift.orphans.push(existing);
        }
    }
    Ok((files, drift))
}

/// `cargo xtask codegen`: writes what changed and removes orphans.
pub fn write(root: &Path) -> Result<String, String> {
    let (files, drift) = plan(root)?;
    let out = root.join(OUT_DIR);
    for f in files.iter().filter(|f| drift.stale.contains(&f.path)) {
        let path = out.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for orphan in &drift.orphans {
        let path = out.join(orphan);
        std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        remove_empty_parents(&out, &path);
    }
    if let Some(contents) = &drift.exercise {
        let path = root.join(sdkgen::emit::EXERCISE_PATH);
        std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(format!(
        "codegen: {} files from {SPECS_DIR}/ ({} written, {} removed){}",
        files.len(),
        drift.stale.len(),
        drift.orphans.len(),
        if drift.exercise.is_some() { format!("; {} written", sdkgen::emit::EXERCISE_PATH) } else { String::new() }
    ))
}

/// The OpenAPI documents the specs give, and how `generated/openapi/` differs from them.
pub fn openapi_plan(root: &Path) -> Result<(Vec<sdkgen::openapi::Document>, Drift), String> {
    let sources =
        sdkgen::load::read_dir(&root.join(SPECS_DIR)).map_err(|e| format!("cannot read {SPECS_DIR}/: {e}"))?;
    let ir = sdkgen::lower_files(&sources, Path::new(SPECS_DIR)).map_err(|e| {
        format!("{e}\n\nerror: {} spec error(s); fix the specs, then run `cargo xtask openapi`", e.0.len())
    })?;
    let docs = sdkgen::openapi::documents(&ir);
    let out = root.join(sdkgen::openapi::OUT_DIR);
    let mut drift = Drift::default();
    for d in &docs {
        if std::fs::read_to_string(out.join(&d.path)).ok().as_deref() != Some(d.contents.as_str()) {
            drift.stale.push(d.path.clone());
        }
    }
    if let Ok(entries) = std::fs::read_dir(&out) {
        let mut existing: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| PathBuf::from(e.file_name()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        existing.sort();
        drift.orphans = existing.into_iter().filter(|p| !docs.iter().any(|d| &d.path == p)).collect();
    }
    Ok((docs, drift))
}

/// `cargo xtask openapi`: writes one OpenAPI 3.1 document per service under
/// `generated/openapi/`, removing documents no service gives.
pub fn write_openapi(root: &Path) -> Result<String, String> {
    let (docs, drift) = openapi_plan(root)?;
    let out = root.join(sdkgen::openapi::OUT_DIR);
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for d in docs.iter().filter(|d| drift.stale.contains(&d.path)) {
        let path = out.join(&d.path);
        std::fs::write(&path, &d.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for orphan in &drift.orphans {
        let path = out.join(orphan);
        std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    Ok(format!(
        "openapi: {} documents in {} ({} written, {} removed)",
        docs.len(),
        sdkgen::openapi::OUT_DIR,
        drift.stale.len(),
        drift.orphans.len()
    ))
}

/// `cargo xtask check`: an error naming every stale file when the committed code or the
/// committed OpenAPI documents are stale.
pub fn check(root: &Path) -> Result<String, String> {
    let (files, drift) = plan(root)?;
    // A tree without the crate (tests copy only specs/ and src/) has no documents to check.
    let openapi = if root.join("generated/Cargo.toml").exists() { Some(openapi_plan(root)?) } else { None };
    let openapi_drift = openapi.as_ref().map(|(_, d)| d);
    if drift.stale.is_empty()
        && drift.orphans.is_empty()
        && drift.exercise.is_none()
        && openapi_drift.is_none_or(|d| *d == Drift::default())
    {
        return Ok(format!(
            "check: {} generated files and {} OpenAPI documents are up to date with {SPECS_DIR}/",
            files.len(),
            openapi.as_ref().map_or(0, |(d, _)| d.len())
        ));
    }
    if let Some(d) =
        openapi_drift.filter(|_| drift.stale.is_empty() && drift.orphans.is_empty() && drift.exercise.is_none())
    {
        let dir = sdkgen::openapi::OUT_DIR;
        let mut msg = String::from("the OpenAPI documents are stale:\n");
        for p in &d.stale {
            msg.push_str(&format!("  {dir}/{} differs from what the specs give\n", p.display()));
        }
        for p in &d.orphans {
            msg.push_str(&format!("  {dir}/{} is not the document of any service\n", p.display()));
        }
        msg.push_str("run `cargo xtask openapi` and commit the result (generated files are never edited by hand)");
        return Err(msg);
    }
    let mut msg = String::from("generated code is stale:\n");
    for p in &drift.stale {
        msg.push_str(&format!("  {OUT_DIR}/{} differs from what the specs give\n", p.display()));
    }
    for p in &drift.orphans {
        msg.push_str(&format!("  {OUT_DIR}/{} is generated but no spec produces it any more\n", p.display()));
    }
    if drift.exercise.is_some() {
        msg.push_str(&format!("  {} differs from what the specs give\n", sdkgen::emit::EXERCISE_PATH));
    }
    msg.push_str("run `cargo xtask codegen` and commit the result (generated files are never edited by hand)");
    Err(msg)
}

/// Every service's Cargo feature must be declared in `generated/Cargo.toml` and on by
/// default; otherwise its module would silently compile to nothing.
fn check_features(root: &Path, ir: &sdkgen::ir::Ir) -> Result<(), String> {
    let manifest_path = root.join("generated/Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&manifest_path) else {
        return Ok(()); // a tree without the crate (tests copy only specs/ and src/)
    };
    let manifest: toml::Table = text.parse().map_err(|e| format!("generated/Cargo.toml: {e}"))?;
    let features = manifest.get("features").and_then(toml::Value::as_table);
    let default: Vec<&str> = features
        .and_then(|f| f.get("default"))
        .and_then(toml::Value::as_array)
        .map(|d| d.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    let mut problems = Vec::new();
    for s in &ir.services {
        if !features.is_some_and(|f| f.contains_key(&s.feature)) {
            problems.push(format!(
                "generated/Cargo.toml: [features] lacks `{} = []`, the feature of {}",
                s.feature,
                s.spec_file.display()
            ));
        } else if !default.contains(&s.feature.as_str()) {
            problems.push(format!("generated/Cargo.toml: feature `{}` is not in `default`", s.feature));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Every file under `dir` whose first line is the generated-file header, relative to `dir`.
fn generated_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if dir.exists() {
        collect(dir, Path::new(""), &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn collect(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            collect(root, &rel, out)?;
        } else if rel.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(root.join(&rel))?;
            if text.starts_with(HEADER_PREFIX) {
                out.push(rel);
            }
        }
    }
    Ok(())
}

fn remove_empty_parents(stop: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == stop || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// What [`synthetic_crate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticCrate {
    /// The crate's directory (a standalone workspace).
    pub dir: PathBuf,
    /// Lines of the generated service (every file under `src/services/`).
    pub service_lines: usize,
    /// Lines of the files of one operation and of its own shapes, summed over operations.
    pub operation_lines: usize,
}

/// Writes a copy of the `cloudsdk` crate to `dir` whose only service is the synthetic one
/// of `n` operations (`sdkgen::synthetic`, feature `synth-bench`): the hand-written runtime
/// as it is, the real services left out. The copy is its own workspace (with this
/// workspace's lock file), so `cargo build` in it measures the crate alone.
pub fn synthetic_crate(root: &Path, dir: &Path, n: usize) -> Result<SyntheticCrate, String> {
    let io = |what: &str, e: std::io::Error| format!("{what}: {e}");
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| io(&format!("cannot remove {}", dir.display()), e))?;
    }
    copy_dir(&root.join("generated/src"), &dir.join("src"), &|rel| !rel.starts_with("services"))
        .map_err(|e| io("cannot copy generated/src", e))?;
    let specs = dir.join("specs");
    sdkgen::synthetic::write(&specs, n).map_err(|e| io("cannot write the synthetic specs", e))?;
    let files = sdkgen::generate_dir(&specs, Path::new("specs")).map_err(|e| e.to_string())?;
    let (mut service_lines, mut operation_lines) = (0, 0);
    for f in &files {
        let path = dir.join("src").join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io("cannot create a directory", e))?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| io(&format!("cannot write {}", path.display()), e))?;
        let lines = f.contents.lines().count();
        service_lines += lines;
        let name = f.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if name != "mod" {
            operation_lines += lines;
        }
    }
    // The services module of the real crate names both vendors; the copy has only `aliyun`.
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).map_err(|e| io("Cargo.toml", e))?;
    std::fs::write(dir.join("Cargo.toml"), standalone_manifest(&manifest)).map_err(|e| io("Cargo.toml", e))?;
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        std::fs::write(dir.join("Cargo.lock"), lock).map_err(|e| io("Cargo.lock", e))?;
    }
    Ok(SyntheticCrate { dir: dir.to_owned(), service_lines, operation_lines })
}

/// `generated/Cargo.toml` as a standalone package whose default feature is `synth-bench`.
fn standalone_manifest(manifest: &str) -> String {
    let mut out = String::new();
    let mut section = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.to_owned();
            if section == "[features]" {
                out.push_str("[features]\ndefault = [\"synth-bench\"]\nsynth-bench = []\n");
            }
        }
        if section == "[features]" {
            // The real features stay declared (off), so that the runtime's own
            // `cfg(feature = ...)` lines name known features.
            if !line.starts_with('[') && !line.starts_with("default") {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if section.starts_with("[dev-dependencies") || section.starts_with("[[bench") {
            continue;
        }
        match line.split_once(".workspace = true") {
            Some(("edition", _)) => out.push_str("edition = \"2021\"\n"),
            Some(_) => {}
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str("\n[workspace]\n");
    out
}

fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> std::io::Result<()> {
    fn go(from: &Path, to: &Path, rel: &Path, keep: &dyn Fn(&Path) -> bool) -> std::io::Result<()> {
        std::fs::create_dir_all(to.join(rel))?;
        for entry in std::fs::read_dir(from.join(rel))? {
            let entry = entry?;
            let rel = rel.join(entry.file_name());
            if !keep(&rel) {
                continue;
            }
            if entry.file_type()?.is_dir() {
                go(from, to, &rel, keep)?;
            } else {
                std::fs::copy(from.join(&rel), to.join(&rel))?;
            }
        }
        Ok(())
    }
    go(from, to, Path::new(""), keep)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_synthetic_manifest_is_standalone() {
        let manifest = "[package]\nname = \"cloudsdk\"\nedition.workspace = true\nlicense.workspace = true\n\n[features]\ndefault = [\"a\", \"b\"]\na = []\nb = []\n\n[dependencies]\nserde = \"1\"\n\n[dev-dependencies]\ndivan = \"0.1\"\n\n[[bench]]\nname = \"runtime\"\n";
        let out = super::standalone_manifest(manifest);
        assert_eq!(
            out,
            "[package]\nname = \"cloudsdk\"\nedition = \"2021\"\n\n[features]\ndefault = [\"synth-bench\"]\nsynth-bench = []\na = []\nb = []\n\n[dependencies]\nserde = \"1\"\n\n\n[workspace]\n"
        );
    }
}
