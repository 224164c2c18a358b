//! Every operation of every service, through its generated client, against the mock over
//! loopback HTTP, under every signature version of its vendor: the mock verifies each
//! signature, validates each parameter against the specs (required ones included) and
//! answers with the documented sample, or with a synthesized minimal answer (marked by a
//! header) when the page documents none. And every documented sample decodes into its
//! output with no field lost. The calls come from `tests/src/every_operation.rs`, which
//! `cargo xtask codegen` writes from the specs.

mod support;

use cloudsdk::runtime::Params;
use cloudsdk::{AliyunSignature, Error, JdcloudSignature};
use cloudsdk_tests::mock::Mock;
use cloudsdk_tests::{every_operation, json_samples, normalize, Calls, Samples};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;
use support::{config, start};

/// Checks each answer; every problem is collected and reported at the end.
#[derive(Default)]
struct Answers {
    calls: usize,
    failures: Vec<String>,
}

impl Calls for Answers {
    fn call<O>(&mut self, operation: &'static str, _sent: Params, result: Result<O, Error>)
    where
        O: DeserializeOwned + Serialize + PartialEq + Debug,
    {
        self.calls += 1;
        match result {
            Ok(out) => {
                if let Some(sample) = json_samples(operation).into_iter().next() {
                    match serde_json::from_value::<O>(sample) {
                        Ok(want) if want == out => {}
                        Ok(_) => self.failures.push(format!("{operation}: the answer is not the documented sample")),
                        Err(e) => self.failures.push(format!("{operation}: the sample does not decode: {e}")),
                    }
                }
            }
            Err(Error::Service(e)) => {
                self.failures.push(format!("{operation}: {} {}: {}", e.status(), e.code(), e.message()))
            }
            Err(e) => self.failures.push(format!("{operation}: {e}")),
        }
    }
}

fn report(what: &str, answers: &Answers, mock: &Mock) {
    assert!(
        answers.failures.is_empty(),
        "{what}: {} problem(s):\n{}",
        answers.failures.len(),
        answers.failures.join("\n")
    );
    let requests = mock.requests();
    assert_eq!(requests.len(), answers.calls, "{what}: one request per call (no retry)");
    assert!(requests.iter().all(|r| r.status == 200), "{what}: every answer is 200");
}

#[tokio::test]
async fn every_ecs_operation_under_every_signature() {
    let ir = cloudsdk_tests::specs();
    let count = ir.services.iter().find(|s| s.module == "ecs").map_or(0, |s| s.operations.len());
    for signature in [AliyunSignature::V3, AliyunSignature::V1] {
        let mock = start().await;
        let client = cloudsdk::aliyun::ecs::Client::new(&config(&mock).aliyun_signature(signature).build());
        let mut answers = Answers::default();
        every_operation::aliyun_ecs(&client, &mut answers).await;
        assert_eq!(answers.calls, count, "every ECS operation is called");
        report(&format!("{signature:?}"), &answers, &mock);
        let operations: std::collections::BTreeSet<_> =
            mock.requests().iter().filter_map(|r| r.operation.clone()).collect();
        assert_eq!(operations.len(), count, "{signature:?}: the mock routed each call to a distinct operation");
    }
}

#[tokio::test]
async fn every_vm_operation_under_every_signature() {
    let ir = cloudsdk_tests::specs();
    let count = ir.services.iter().find(|s| s.module == "vm").map_or(0, |s| s.operations.len());
    for signature in [JdcloudSignature::V2, JdcloudSignature::V3] {
        let mock = start().await;
        let client = cloudsdk::jdcloud::vm::Client::new(&config(&mock).jdcloud_signature(signature).build());
        let mut answers = Answers::default();
        every_operation::jdcloud_vm(&client, &mut answers).await;
        assert_eq!(answers.calls, count, "every VM operation is called");
        report(&format!("{signature:?}"), &answers, &mock);
        let operations: std::collections::BTreeSet<_> =
            mock.requests().iter().filter_map(|r| r.operation.clone()).collect();
        assert_eq!(operations.len(), count, "{signature:?}: the mock routed each call to a distinct operation");
    }
}

/// Decodes every documented sample into its output and encodes it back.
#[derive(Default)]
struct RoundTrip {
    samples: usize,
    failures: Vec<String>,
}

impl Samples for RoundTrip {
    fn sample<O>(&mut self, operation: &'static str)
    where
        O: DeserializeOwned + Serialize + PartialEq + Debug,
    {
        for (i, sample) in json_samples(operation).into_iter().enumerate() {
            self.samples += 1;
            let at = format!("{operation} sample {}", i + 1);
            let out: O = match serde_json::from_value(sample.clone()) {
                Ok(out) => out,
                Err(e) => {
                    self.failures.push(format!("{at}: does not decode: {e}"));
                    continue;
                }
            };
            let back = serde_json::to_value(&out).expect("an output encodes");
            let (want, got) = (normalize(&sample), normalize(&back));
            let mut lost = Vec::new();
            missing(want.as_ref(), got.as_ref(), "", &mut lost);
            if !lost.is_empty() {
                self.failures.push(format!("{at}: lost or changed {}", lost.join(", ")));
                continue;
            }
            match serde_json::from_value::<O>(back) {
                Ok(again) if again == out => {}
                other => self.failures.push(format!("{at}: its encoding decodes differently: {other:?}")),
            }
        }
    }
}

/// The paths below `at` where `want` has something `got` does not have, or differs.
fn missing(want: Option<&serde_json::Value>, got: Option<&serde_json::Value>, at: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    match (want, got) {
        (Some(Value::Object(w)), Some(Value::Object(g))) => {
            for (k, v) in w {
                missing(Some(v), g.get(k), &format!("{at}/{k}"), out);
            }
        }
        (Some(Value::Array(w)), Some(Value::Array(g))) if w.len() == g.len() => {
            for (i, (v, h)) in w.iter().zip(g).enumerate() {
                missing(Some(v), Some(h), &format!("{at}/{i}"), out);
            }
        }
        // The decoder reads a wrapped list given bare (`"Demands": [...]` for
        // `"Demands": {"Demand": [...]}`) and a list given as its lone element; the encoder
        // writes the wire's form. Neither loses anything.
        (Some(w @ Value::Array(_)), Some(Value::Object(g))) if g.len() == 1 && g.values().all(Value::is_array) => {
            let (key, inner) = g.iter().next().expect("one key");
            missing(Some(w), Some(inner), &format!("{at}/{key}"), out);
        }
        (Some(w), Some(Value::Array(g))) if g.len() == 1 && !w.is_array() => missing(Some(w), g.first(), at, out),
        (Some(w), Some(g)) if w == g || same_scalar(w, g) => {}
        (Some(_), _) => out.push(if at.is_empty() { "/".into() } else { at.to_owned() }),
        (None, _) => {}
    }
}

/// A scalar the page's sample writes as text (`"5"`, `"True"`) and the output holds typed,
/// as the lenient decoding reads it: the same value.
fn same_scalar(want: &serde_json::Value, got: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (want, got) {
        (Value::String(w), Value::Number(g)) => w.trim().parse::<f64>().ok() == g.as_f64(),
        (Value::String(w), Value::Bool(g)) => w.trim().eq_ignore_ascii_case(if *g { "true" } else { "false" }),
        (Value::Number(w), Value::String(g)) => g.trim().parse::<f64>().ok() == w.as_f64(),
        (Value::Bool(w), Value::String(g)) => g.trim().eq_ignore_ascii_case(if *w { "true" } else { "false" }),
        _ => false,
    }
}

#[test]
fn every_documented_sample_round_trips() {
    let mut run = RoundTrip::default();
    every_operation::aliyun_ecs_samples(&mut run);
    every_operation::jdcloud_vm_samples(&mut run);
    // A page whose table documents fewer fields than its sample shows, or whose sample is
    // wrong, has its decision in the spec (`x-added` fields, an `x-body` correction).
    assert!(
        run.failures.is_empty(),
        "of {} samples, {} lose something (add the field as `x-added`, or correct the sample with `x-body`):\n{}",
        run.samples,
        run.failures.len(),
        run.failures.join("\n"),
    );
    let documented: usize =
        cloudsdk_tests::specs().services.iter().flat_map(|s| &s.operations).map(|o| o.json_samples.len()).sum();
    assert_eq!(run.samples, documented, "every sample of every operation is checked");
    assert!(run.samples > 200, "the specs document {} samples", run.samples);
}
