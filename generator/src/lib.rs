//! `sdkgen` turns YAML transcriptions of cloud API documentation into a Rust SDK.
//!
//! The pipeline: [`load`] reads and parses the spec files, [`validate`] checks them,
//! [`lower`] turns them into the one [`ir`], and [`emit`] writes Rust source from the IR,
//! formatted with prettyplease. [`generate_dir`] and [`generate_files`] run it all. Bad specs never panic: every
//! problem is a [`SpecError`] naming the file, the line and the key path.

pub mod diff;
pub mod emit;
pub mod error;
pub mod import;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod openapi;
pub mod overrides;
pub mod spec;
pub mod synthetic;
pub mod validate;

pub use emit::{GeneratedFile, HEADER_PREFIX};
pub use error::{SpecError, SpecErrors};

use std::path::Path;

/// Loads, validates and lowers spec files into the IR. `label` is how errors and headers
/// name the spec root (`specs`).
pub fn lower_files(files: &[load::SourceFile], label: &Path) -> Result<ir::Ir, SpecErrors> {
    let (loaded, mut errors) = load::load(files, label);
    let mut services = Vec::new();
    for s in &loaded {
        let found = validate::service(s);
        if !found.is_empty() {
            errors.extend(found);
            continue;
        }
        match lower::service(s, label) {
            Ok(service) => services.push(service),
            Err(found) => errors.extend(found),
        }
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(SpecErrors(errors));
    }
    services.sort_by(|a, b| (&a.vendor, &a.module).cmp(&(&b.vendor, &b.module)));
    let mut features: Vec<(&str, &Path)> = Vec::new();
    for s in &services {
        if let Some((_, first)) = features.iter().find(|(f, _)| *f == s.feature) {
            errors.push(SpecError {
                file: s.spec_file.clone(),
                line: None,
                path: "feature".into(),
                message: format!("feature \"{}\" is already used by {}", s.feature, first.display()),
            });
        }
        features.push((&s.feature, &s.spec_file));
    }
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    Ok(ir::Ir { services })
}

/// Runs the whole pipeline on spec files: the generated files, sorted by path.
pub fn generate_files(files: &[load::SourceFile], label: &Path) -> Result<Vec<GeneratedFile>, SpecErrors> {
    let ir = lower_files(files, label)?;
    emit::emit(&ir).map_err(|message| {
        SpecErrors(vec![SpecError { file: label.to_owned(), line: None, path: String::new(), message }])
    })
}

/// Runs the whole pipeline on a spec directory (`specs/`); errors name files as
/// `label/<path>`.
pub fn generate_dir(dir: &Path, label: &Path) -> Result<Vec<GeneratedFile>, SpecErrors> {
    let files = load::read_dir(dir).map_err(|e| {
        SpecErrors(vec![SpecError {
            file: label.to_owned(),
            line: None,
            path: String::new(),
            message: format!("cannot read the specs: {e}"),
        }])
    })?;
    generate_files(&files, label)
}
