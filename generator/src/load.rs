//! Loading: reads the spec tree and parses every file into the spec structs.
//!
//! Layout errors (a file where none is expected) and parse errors (bad YAML, a missing key,
//! a wrong type, an unknown key) are collected, never thrown, so one run reports them all.

use crate::error::SpecError;
use crate::locate::Locator;
use crate::spec::{OperationFile, ServiceFile, ShapeFile};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One parsed file with what is needed to point into it.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// The parsed content.
    pub spec: T,
    /// The file as errors name it (`specs/aliyun/ecs/service.yaml`).
    pub file: PathBuf,
    /// The file's text.
    text: Arc<str>,
    /// The line index, built on the first error (valid files never need it).
    locator: OnceLock<Locator>,
}

impl<T> Parsed<T> {
    /// An error at `path` inside this file.
    pub fn error(&self, path: impl Into<String>, message: impl Into<String>) -> SpecError {
        let path = path.into();
        let line = self.locator.get_or_init(|| Locator::new(&self.text)).line(&path);
        SpecError { file: self.file.clone(), line, path, message: message.into() }
    }
}

/// The files of one service folder.
#[derive(Debug, Clone)]
pub struct LoadedService {
    /// The folder relative to the spec root (`aliyun/ecs`).
    pub dir: PathBuf,
    /// `service.yaml`.
    pub service: Parsed<ServiceFile>,
    /// `operations/*.yaml`, sorted by file name.
    pub operations: Vec<Parsed<OperationFile>>,
    /// `shapes/*.yaml`, sorted by file name.
    pub shapes: Vec<Parsed<ShapeFile>>,
    /// File stems of shape files that did not parse (their errors are reported already;
    /// references to them are not reported again).
    pub broken_shapes: Vec<String>,
}

/// A spec file given by its path relative to the spec root and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the spec root, with `/` separators (`aliyun/ecs/service.yaml`).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// Reads every `*.yaml` file under `root`, sorted by path.
pub fn read_dir(root: &Path) -> std::io::Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    read_into(root, Path::new(""), &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn read_into(root: &Path, rel: &Path, out: &mut Vec<SourceFile>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            read_into(root, &rel, out)?;
        } else if rel.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let text = std::fs::read_to_string(root.join(&rel))?;
            out.push(SourceFile { path: rel, text });
        }
    }
    Ok(())
}

/// Parses `files` (paths relative to the spec root); `label` is how errors name the root
/// (`specs`). Returns the services found and every error met on the way.
pub fn load(files: &[SourceFile], label: &Path) -> (Vec<LoadedService>, Vec<SpecError>) {
    let mut services: Vec<LoadedService> = Vec::new();
    let mut errors = Vec::new();
    let mut operations = Vec::new();
    let mut shapes = Vec::new();

    let parsed = crate::emit::parallel_map(files, |f| parse_any(f, label));
    for (f, parsed) in files.iter().zip(parsed) {
        let shown = label.join(&f.path);
        let parts: Vec<&str> = f.path.iter().filter_map(|p| p.to_str()).collect();
        match (parts.as_slice(), parsed) {
            ([vendor, service, "service.yaml"], Some(Any::Service(parsed))) => match parsed {
                Ok(spec) => services.push(LoadedService {
                    dir: PathBuf::from(vendor).join(service),
                    service: spec,
                    operations: Vec::new(),
                    shapes: Vec::new(),
                    broken_shapes: Vec::new(),
                }),
                Err(e) => errors.push(e),
            },
            ([vendor, service, "operations", _], Some(Any::Operation(parsed))) => {
                operations.push((PathBuf::from(vendor).join(service), parsed))
            }
            ([vendor, service, "shapes", _], Some(Any::Shape(parsed))) => {
                shapes.push((PathBuf::from(vendor).join(service), parsed))
            }
            _ => errors.push(SpecError {
                file: shown,
                line: None,
                path: String::new(),
                message: "unexpected file: specs hold <vendor>/<service>/service.yaml, \
                          <vendor>/<service>/operations/<Name>.yaml and <vendor>/<service>/shapes/<Name>.yaml"
                    .into(),
            }),
        }
    }

    for (dir, parsed) in operations {
        match (parsed, services.iter_mut().find(|s| s.dir == dir)) {
            (Err(e), _) => errors.push(e),
            (Ok(p), Some(s)) => s.operations.push(p),
            (Ok(p), None) => errors.push(p.error("", format!("no service.yaml in {}", label.join(&dir).display()))),
        }
    }
    for (dir, parsed) in shapes {
        match (parsed, services.iter_mut().find(|s| s.dir == dir)) {
            (Err(e), service) => {
                if let (Some(s), Some(stem)) = (service, e.file.file_stem().and_then(|s| s.to_str())) {
                    s.broken_shapes.push(stem.to_owned());
                }
                errors.push(e)
            }
            (Ok(p), Some(s)) => s.shapes.push(p),
            (Ok(p), None) => errors.push(p.error("", format!("no service.yaml in {}", label.join(&dir).display()))),
        }
    }
    (services, errors)
}

/// One parsed file of any kind.
enum Any {
    Service(Result<Parsed<ServiceFile>, SpecError>),
    Operation(Result<Parsed<OperationFile>, SpecError>),
    Shape(Result<Parsed<ShapeFile>, SpecError>),
}

/// Parses a file according to where it sits in the tree; `None` for a misplaced file.
fn parse_any(f: &SourceFile, label: &Path) -> Option<Any> {
    let shown = label.join(&f.path);
    let parts: Vec<&str> = f.path.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        [_, _, "service.yaml"] => Some(Any::Service(parse(&f.text, &shown))),
        [_, _, "operations", _] => Some(Any::Operation(parse(&f.text, &shown))),
        [_, _, "shapes", _] => Some(Any::Shape(parse(&f.text, &shown))),
        _ => None,
    }
}

/// Parses one file; the error names the line and the key path.
fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<Parsed<T>, SpecError> {
    if crate::overrides::may_have_overrides(text) {
        return parse_with_overrides(text, file);
    }
    let de = serde_yaml::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(spec) => Ok(Parsed { spec, file: file.to_owned(), text: text.into(), locator: OnceLock::new() }),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let path = if path == "." { String::new() } else { path };
            let line = inner.location().map(|l| l.line()).or_else(|| Locator::new(text).line(&path));
            Err(SpecError { file: file.to_owned(), line, path, message: clean_message(&inner.to_string()) })
        }
    }
}

/// Parses a file that holds decisions over documented keys: into a tree first, the
/// decisions applied ([`crate::overrides`]), then into the spec structs.
fn parse_with_overrides<T: DeserializeOwned>(text: &str, file: &Path) -> Result<Parsed<T>, SpecError> {
    let mut tree: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map(|l| l.line());
            return Err(SpecError {
                file: file.to_owned(),
                line,
                path: String::new(),
                message: clean_message(&e.to_string()),
            });
        }
    };
    if let Some((path, key)) = crate::overrides::unexplained(&tree) {
        let line = Locator::new(text).line(&path);
        return Err(SpecError {
            file: file.to_owned(),
            line,
            path,
            message: format!("`{key}` is a decision beyond the page: add an `x-note` beside it saying why"),
        });
    }
    crate::overrides::apply(&mut tree);
    match serde_path_to_error::deserialize::<_, T>(tree) {
        Ok(spec) => Ok(Parsed { spec, file: file.to_owned(), text: text.into(), locator: OnceLock::new() }),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let line = Locator::new(text).line(&path);
            Err(SpecError { file: file.to_owned(), line, path, message: clean_message(&e.into_inner().to_string()) })
        }
    }
}

/// serde_yaml prefixes messages with its own path and appends " at line L column C"; both
/// are reported separately.
fn clean_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    match message.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && path.chars().all(|c| c.is_alphanumeric() || "[]._-".contains(c)) => {
            rest.to_owned()
        }
        _ => message.to_owned(),
    }
}
