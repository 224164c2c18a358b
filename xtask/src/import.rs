//! `cargo xtask import <page|dir>... [--service <specs dir>] [--write | --check]`: reference
//! pages in, specs out ([`sdkgen::import`]).
//!
//! By default the specs are printed; `--write` writes them into `specs/` (a new file for a
//! new operation, a merge that keeps every `x-` decision for an existing one); `--check`
//! compares them with the committed specs, prints the drift as the semantic diff does, and
//! fails when there is any.

use sdkgen::import::{PageFile, Plan, Status};
use std::path::{Path, PathBuf};

/// What to do with the imported specs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Print,
    Write,
    Check,
}

/// Parsed `cargo xtask import` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    /// The service folder (`aliyun/ecs`), from `--service specs/aliyun/ecs`.
    pub service: Option<String>,
    pub mode: Mode,
    /// A workspace root other than this one (`--root <dir>`: its `specs/` is read and
    /// written), for scratch imports.
    pub root: Option<PathBuf>,
    /// `--adopt` (with `--write`): specs written before the importer keep what they say
    /// beyond the page as `x-` decisions.
    pub adopt: bool,
}

impl Options {
    /// Parses the arguments after `import`.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options { inputs: Vec::new(), service: None, mode: Mode::Print, root: None, adopt: false };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--service" => {
                    let dir = it.next().ok_or("--service needs a spec folder (specs/<vendor>/<service>)")?;
                    let dir = dir.trim_end_matches('/');
                    let rel = dir.rsplit('/').take(2).collect::<Vec<_>>();
                    let [service, vendor] = rel.as_slice() else {
                        return Err(format!("--service takes specs/<vendor>/<service>, not `{dir}`"));
                    };
                    o.service = Some(format!("{vendor}/{service}"));
                }
                "--adopt" => o.adopt = true,
                "--root" => o.root = Some(it.next().ok_or("--root needs a directory")?.into()),
                "--write" | "--check" if o.mode != Mode::Print => {
                    return Err("give --write or --check, not both".into())
                }
                "--write" => o.mode = Mode::Write,
                "--check" => o.mode = Mode::Check,
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}` for `cargo xtask import`"))
                }
                path => o.inputs.push(PathBuf::from(path)),
            }
        }
        if o.adopt && o.mode != Mode::Write {
            return Err("--adopt goes with --write".into());
        }
        if o.inputs.is_empty() {
            return Err(
                "usage: cargo xtask import <page|dir>... [--service <specs dir>] [--write | --check] [--root <dir>]"
                    .into(),
            );
        }
        Ok(o)
    }
}

/// What the command prints and whether it fails.
pub struct Outcome {
    /// Standard output: specs (print), the files written (write), the drift (check).
    pub text: String,
    /// Standard error: notes and warnings.
    pub notes: String,
    pub failed: bool,
}

/// Every page under the inputs: files as given, directories walked (`.md`, `.txt`), sorted.
pub fn pages(inputs: &[PathBuf]) -> Result<Vec<PageFile>, String> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| format!("{}: {e}", input.display()))?;
        if meta.is_dir() {
            let base = input.file_name().map(PathBuf::from).unwrap_or_default();
            let mut found = Vec::new();
            walk(input, Path::new(""), &mut found).map_err(|e| format!("{}: {e}", input.display()))?;
            found.sort();
            for rel in found {
                let path = input.join(&rel);
                let text = read_text(&path)?;
                let name = base.join(&rel).to_string_lossy().replace('\\', "/");
                out.push(PageFile { name, shown: path, text });
            }
        } else {
            let text = read_text(input)?;
            let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push(PageFile { name, shown: input.clone(), text });
        }
    }
    Ok(out)
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
}

fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            walk(root, &rel, out)?;
        } else if rel.extension().is_some_and(|e| e == "md" || e == "txt") {
            out.push(rel);
        }
    }
    Ok(())
}

/// Runs the import in the repository at `root`.
pub fn run(root: &Path, options: &Options) -> Result<Outcome, String> {
    let pages = pages(&options.inputs)?;
    let root = options.root.as_deref().unwrap_or(root);
    let specs_dir = root.join(crate::SPECS_DIR);
    let specs = sdkgen::load::read_dir(&specs_dir).map_err(|e| format!("cannot read {}: {e}", specs_dir.display()))?;
    let plan = sdkgen::import::plan_with(&pages, &specs, options.service.as_deref(), options.adopt);
    let mut notes = String::new();
    for n in &plan.notes {
        notes.push_str(&format!("note: {n}\n"));
    }
    for e in &plan.errors {
        notes.push_str(&format!("error: {e}\n"));
    }
    let failed_pages = !plan.errors.is_empty();
    let label = Path::new(crate::SPECS_DIR);
    match options.mode {
        Mode::Print => {
            let mut text = String::new();
            for f in &plan.files {
                text.push_str(&format!(
                    "# {} ({}, from {})\n",
                    label.join(&f.path).display(),
                    status(&f.status),
                    f.page.display()
                ));
                text.push_str(&f.text);
                text.push('\n');
            }
            Ok(Outcome { text, notes, failed: failed_pages })
        }
        Mode::Write => {
            let mut text = String::new();
            for f in &plan.files {
                if f.status != Status::Unchanged {
                    let path = specs_dir.join(&f.path);
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    }
                    std::fs::write(&path, &f.text).map_err(|e| format!("{}: {e}", path.display()))?;
                }
                text.push_str(&format!("{:9} {}\n", status(&f.status), label.join(&f.path).display()));
            }
            text.push_str(&summary(&plan));
            Ok(Outcome { text, notes, failed: failed_pages })
        }
        Mode::Check => {
            let (text, drift) = check(&plan, &specs)?;
            Ok(Outcome { text, notes, failed: drift || failed_pages })
        }
    }
}

fn status(s: &Status) -> &'static str {
    match s {
        Status::New => "new",
        Status::Updated => "updated",
        Status::Unchanged => "unchanged",
    }
}

fn summary(plan: &Plan) -> String {
    let count = |s: Status| plan.files.iter().filter(|f| f.status == s).count();
    format!(
        "{} file(s): {} new, {} updated, {} unchanged; {} page(s) not imported\n",
        plan.files.len(),
        count(Status::New),
        count(Status::Updated),
        count(Status::Unchanged),
        plan.errors.len()
    )
}

/// The drift between the pages and the committed specs: the semantic diff of the committed
/// specs against the imported ones, and the files an import would rewrite.
fn check(plan: &Plan, specs: &[sdkgen::load::SourceFile]) -> Result<(String, bool), String> {
    let label = Path::new(crate::SPECS_DIR);
    let mut head = specs.to_vec();
    for f in &plan.files {
        match head.iter_mut().find(|s| s.path == f.path) {
            Some(s) => s.text = f.text.clone(),
            None => head.push(sdkgen::load::SourceFile { path: f.path.clone(), text: f.text.clone() }),
        }
    }
    head.sort_by(|a, b| a.path.cmp(&b.path));
    let base_ir =
        sdkgen::lower_files(specs, label).map_err(|e| format!("{e}\n\nerror: the committed specs do not lower"))?;
    let mut out = String::new();
    let changed: Vec<_> = plan.files.iter().filter(|f| f.status != Status::Unchanged).collect();
    let semantic = match sdkgen::lower_files(&head, label) {
        Ok(head_ir) => {
            let report = sdkgen::diff::diff(&base_ir, &head_ir);
            if !report.changes.is_empty() {
                out.push_str(&sdkgen::diff::markdown(&report, "the committed specs"));
            }
            !report.changes.is_empty()
        }
        Err(e) => {
            out.push_str(&format!("The imported specs do not validate:\n\n{e}\n"));
            true
        }
    };
    if changed.is_empty() && !semantic {
        out.push_str(&format!("No drift: {} spec file(s) match their pages.\n", plan.files.len()));
        return Ok((out, false));
    }
    out.push_str("\nFiles an import would write (`cargo xtask import ... --write`):\n");
    for f in &changed {
        out.push_str(&format!(
            "  {:9} {} (from {})\n",
            status(&f.status),
            label.join(&f.path).display(),
            f.page.display()
        ));
    }
    Ok((out, true))
}
