//! `cargo xtask bench`: runs the divan benches of the generator (`sdkgen`, bench `scale`)
//! and of the runtime (`cloudsdk`, bench `runtime`) and prints one table: each median, and
//! its ratio to the baseline measured in the same run (YAML parsing for the generator,
//! `serde_json::Value` for deserialization), time per operation and growth with size.

use std::process::Command;

/// One bench result: its path (`deserialize/sample_typed`, `generate/2000`) and median in
/// seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Median {
    /// `group/name` or `group/arg`.
    pub name: String,
    /// Median, in seconds.
    pub seconds: f64,
}

/// Medians from divan's tree output.
pub fn parse(output: &str) -> Vec<Median> {
    let mut out = Vec::new();
    let mut group = String::new();
    for line in output.lines() {
        let cols: Vec<&str> = line.split('│').collect();
        // Tree lines: "├─ name  fastest │ slowest │ median │ ..." at the top level,
        // "│  ╰─ arg  ..." one level down; the header line has no branch.
        let Some(branch) = line.chars().position(|c| c == '├' || c == '╰') else { continue };
        let first = line.split(['├', '╰']).nth(1).unwrap_or_default();
        let first = first.split('│').next().unwrap_or_default().trim_start_matches(['─', ' ']);
        let Some(name) = first.split_whitespace().next() else { continue };
        let median = cols.iter().rev().nth(3).and_then(|c| seconds(c.trim()));
        match median {
            None if branch == 0 => group = name.to_owned(),
            None => {}
            Some(s) if branch > 0 => out.push(Median { name: format!("{group}/{name}"), seconds: s }),
            Some(s) => out.push(Median { name: name.to_owned(), seconds: s }),
        }
    }
    out
}

fn seconds(text: &str) -> Option<f64> {
    let (num, unit) = text.split_once(' ')?;
    let v: f64 = num.parse().ok()?;
    let scale = match unit.trim() {
        "ns" => 1e-9,
        "µs" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        _ => return None,
    };
    Some(v * scale)
}

fn human(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.3} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.2} µs", s * 1e6)
    } else {
        format!("{:.0} ns", s * 1e9)
    }
}

fn run_bench(package: &str, bench: &str) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["bench", "--quiet", "--package", package, "--bench", bench])
        .output()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo bench -p {package} --bench {bench} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The table of `generator` (scale bench) and `runtime` medians.
pub fn table(generator: &[Median], runtime: &[Median]) -> String {
    let get = |rows: &[Median], name: &str| rows.iter().find(|m| m.name == name).map(|m| m.seconds);
    let mut out = format!("{:<48} {:>12} {:>28}\n", "bench", "median", "ratio / note");
    let yaml = get(generator, "yaml_parse_baseline/2000");
    for m in generator {
        let note = if let Some(n) = m.name.strip_prefix("generate/").and_then(|n| n.parse::<f64>().ok()) {
            let mut note = format!("{} per operation", human(m.seconds / n));
            if let Some(y) = yaml.filter(|_| n == 2000.0) {
                note.push_str(&format!("; {:.1}× YAML parse", m.seconds / y));
            }
            note
        } else {
            String::new()
        };
        out.push_str(&format!("{:<48} {:>12} {:>28}\n", format!("generator: {}", m.name), human(m.seconds), note));
    }
    if let (Some(a), Some(b)) = (get(generator, "generate/1000"), get(generator, "generate/2000")) {
        out.push_str(&format!(
            "{:<48} {:>12} {:>28}\n",
            "generator: growth 1,000 → 2,000",
            "",
            format!("{:.2}× (linear: 2.00×)", b / a)
        ));
    }
    for m in runtime {
        let note = match m.name.strip_suffix("_typed") {
            Some(base) => get(runtime, &format!("{base}_value_baseline"))
                .map(|v| format!("{:.2}× serde_json::Value", m.seconds / v))
                .unwrap_or_default(),
            None => String::new(),
        };
        out.push_str(&format!("{:<48} {:>12} {:>28}\n", format!("runtime: {}", m.name), human(m.seconds), note));
    }
    out.push_str(
        "reference (SYNTHETIC.md, not from this run): progenitor 0.15.1 generates 200 ops in about 6 s, 2,000 in 69–83 s\n",
    );
    out
}

/// Generates the synthetic service of `n` operations in memory: the seconds it took (from
/// the YAML text to formatted files) and the number of files.
pub fn generate_in_memory(n: usize) -> Result<(f64, usize), String> {
    let files = sdkgen::synthetic::files(n);
    let start = std::time::Instant::now();
    let out = sdkgen::generate_files(&files, std::path::Path::new("specs")).map_err(|e| e.to_string())?;
    Ok((start.elapsed().as_secs_f64(), out.len()))
}

/// The peak resident memory of this process so far (`VmHWM`), in KiB.
pub fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One run of `xtask generate-peak <n>` in its own process (release build): seconds and
/// peak MiB.
fn generate_peak(n: usize) -> Result<(f64, f64), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["run", "--quiet", "--release", "--package", "xtask", "--", "generate-peak", &n.to_string()])
        .output()
        .map_err(|e| format!("cannot run xtask generate-peak: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("xtask generate-peak {n} failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    parse_peak(&text).ok_or_else(|| format!("xtask generate-peak {n}: unexpected output {text:?}"))
}

/// `(seconds, MiB)` from `generate-peak: N operations, F files, S s, peak K KiB`.
fn parse_peak(text: &str) -> Option<(f64, f64)> {
    let line = text.lines().find(|l| l.starts_with("generate-peak:"))?;
    let mut parts = line.split(", ");
    let seconds = parts.nth(2)?.strip_suffix(" s")?.parse().ok()?;
    let kib: f64 = parts.next()?.strip_prefix("peak ")?.strip_suffix(" KiB")?.parse().ok()?;
    Some((seconds, kib / 1024.0))
}

/// Runs both benches and the peak-memory runs, and returns the table.
pub fn run() -> Result<String, String> {
    let generator = parse(&run_bench("sdkgen", "scale")?);
    let runtime = parse(&run_bench("cloudsdk", "runtime")?);
    let mut out = table(&generator, &runtime);
    for n in [200, 2000] {
        let (seconds, mib) = generate_peak(n)?;
        out.push_str(&format!(
            "{:<48} {:>12} {:>28}\n",
            format!("generator: {n} operations, own process"),
            human(seconds),
            format!("peak {mib:.0} MiB (VmHWM)")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_peak_runs() {
        let (s, mib) = parse_peak("generate-peak: 2000 operations, 10007 files, 1.250 s, peak 204800 KiB\n").unwrap();
        assert!((s - 1.25).abs() < 1e-9);
        assert!((mib - 200.0).abs() < 1e-9);
    }

    #[test]
    fn reads_divan_medians() {
        let text = "\
scale                   fastest       │ slowest       │ median        │ mean          │ samples │ iters
├─ generate                           │               │               │               │         │
│  ├─ 200               630 ms        │ 737.9 ms      │ 732 ms        │ 700 ms        │ 3       │ 3
│  ╰─ 2000              7.63 s        │ 7.794 s       │ 7.642 s       │ 7.689 s       │ 3       │ 3
├─ real_specs           24.72 ms      │ 32.5 ms       │ 25.36 ms      │ 26.12 ms      │ 10      │ 10
╰─ deserialize                                          │               │               │               │         │
   ╰─ sample_typed      5.616 µs      │ 54.08 µs      │ 5.998 µs      │ 6.532 µs      │ 100     │ 100
";
        let m = parse(text);
        let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["generate/200", "generate/2000", "real_specs", "deserialize/sample_typed"]);
        assert!((m[1].seconds - 7.642).abs() < 1e-9);
        assert!((m[3].seconds - 5.998e-6).abs() < 1e-12);
    }
}
