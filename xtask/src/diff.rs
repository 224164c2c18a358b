//! `cargo xtask diff`: the specs at a git ref against the working tree's, read from git
//! directly (no checkout), both lowered with the generator and compared with `sdkgen::diff`.

use sdkgen::load::SourceFile;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// Parsed `cargo xtask diff` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The base git ref; `None` means the merge base of `HEAD` and `main`.
    pub base: Option<String>,
    /// A spec folder to use as the base instead of a git ref (`--base-dir`).
    pub base_dir: Option<PathBuf>,
    /// A spec folder to compare instead of the working tree's `specs/` (`--head-dir`).
    pub head_dir: Option<PathBuf>,
    pub format: Format,
    pub fail_on_breaking: bool,
}

impl Options {
    /// Parses the arguments after `diff`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o =
            Options { base: None, base_dir: None, head_dir: None, format: Format::Markdown, fail_on_breaking: false };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--base" => o.base = Some(it.next().ok_or("--base needs a git ref")?.clone()),
                "--format" => {
                    o.format = match it.next().map(String::as_str) {
                        Some("markdown") => Format::Markdown,
                        Some("json") => Format::Json,
                        other => return Err(format!("--format takes `markdown` or `json`, not {other:?}")),
                    }
                }
                "--base-dir" => o.base_dir = Some(it.next().ok_or("--base-dir needs a spec folder")?.into()),
                "--head-dir" => o.head_dir = Some(it.next().ok_or("--head-dir needs a spec folder")?.into()),
                "--fail-on-breaking" => o.fail_on_breaking = true,
                other => return Err(format!("unknown option `{other}` for `cargo xtask diff`")),
            }
        }
        if o.base.is_some() && o.base_dir.is_some() {
            return Err("give --base or --base-dir, not both".into());
        }
        Ok(o)
    }
}

/// What `cargo xtask diff` prints, and whether it fails (`--fail-on-breaking` with a
/// breaking change).
pub struct Outcome {
    pub text: String,
    pub failed: bool,
}

/// Runs the diff in the repository at `root`.
pub fn run(root: &Path, options: &Options) -> Result<Outcome, String> {
    let label = Path::new(crate::SPECS_DIR);
    let read = |dir: &Path| {
        sdkgen::load::read_dir(dir).map_err(|e| format!("cannot read the specs in {}: {e}", dir.display()))
    };
    let (base, base_sources) = match (&options.base_dir, &options.base) {
        (Some(dir), _) => (dir.display().to_string(), read(dir)?),
        (None, Some(b)) => (b.clone(), specs_at(root, b)?),
        (None, None) => {
            let b = merge_base(root)?;
            let sources = specs_at(root, &b)?;
            (b, sources)
        }
    };
    let base_ir = sdkgen::lower_files(&base_sources, label)
        .map_err(|e| format!("{e}\n\nerror: the base specs at `{base}` do not parse ({} error(s))", e.0.len()))?;
    let head_dir = options.head_dir.clone().unwrap_or_else(|| root.join(crate::SPECS_DIR));
    let head_ir = sdkgen::lower_files(&read(&head_dir)?, label)
        .map_err(|e| format!("{e}\n\nerror: the working tree's specs do not parse ({} error(s))", e.0.len()))?;
    let report = sdkgen::diff::diff(&base_ir, &head_ir);
    let text = match options.format {
        Format::Markdown => sdkgen::diff::markdown(&report, &base),
        Format::Json => sdkgen::diff::json(&report, &base),
    };
    Ok(Outcome { failed: options.fail_on_breaking && report.has_breaking(), text })
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git").args(args).current_dir(root).output().map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// `git merge-base HEAD main`.
fn merge_base(root: &Path) -> Result<String, String> {
    let out = git(root, &["merge-base", "HEAD", "main"])
        .map_err(|e| format!("cannot find the merge base of HEAD and main ({e}); pass --base <git-ref>"))?;
    Ok(String::from_utf8_lossy(&out).trim().to_owned())
}

/// Every `*.yaml` under `specs/` at `git_ref`, paths relative to `specs/`.
pub fn specs_at(root: &Path, git_ref: &str) -> Result<Vec<SourceFile>, String> {
    let commit = format!("{git_ref}^{{commit}}");
    git(root, &["rev-parse", "--verify", "--quiet", &commit])
        .map_err(|_| format!("the base ref `{git_ref}` does not exist (try a branch, a tag or a commit)"))?;
    let prefix = format!("{}/", crate::SPECS_DIR);
    let listing = git(root, &["ls-tree", "-r", "-z", "--name-only", git_ref, "--", &prefix])
        .map_err(|e| format!("cannot list {prefix} at `{git_ref}`: {e}"))?;
    let mut files = Vec::new();
    for path in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        let Some(rel) = path.strip_prefix(&prefix) else { continue };
        if !(rel.ends_with(".yaml") || rel.ends_with(".yml")) {
            continue; // specs/README.md: the same files `load::read_dir` reads
        }
        let blob = git(root, &["show", &format!("{git_ref}:{path}")])
            .map_err(|e| format!("cannot read {path} at `{git_ref}`: {e}"))?;
        let text = String::from_utf8(blob).map_err(|_| format!("{path} at `{git_ref}` is not UTF-8"))?;
        files.push(SourceFile { path: PathBuf::from(rel), text });
    }
    if files.is_empty() {
        return Err(format!("`{git_ref}` has no spec files under {prefix}"));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
