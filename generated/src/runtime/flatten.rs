//! Request values written straight from their fields: flattened into query pairs
//! (`DataDisk.1.Size=40`) or built as JSON values for a body, through the erased
//! [`Sink`] of [`super::serde`], with no `serde_json::Value` in between and nothing
//! instantiated per struct.
//!
//! The pairs are those the vendors' SDKs send, in the order a JSON object of the value
//! would give: members of a struct sorted by wire name (byte order), list items numbered
//! from 1, map entries in key order. Unset members are skipped; so are empty lists, maps
//! and structs, at any depth.

use super::serde::{Entries, Failed, Fields, List, ListOut, MapWriter, Out, Sink, Slice};
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// A request parameter that is written as a whole value (flattened, or as a body member):
/// an `Option` of a value, a list or a map. It hands over the value only when it is set
/// and, for lists and maps, not empty.
pub trait Flat {
    /// Calls `f` with the value when there is one.
    fn with_value(&self, f: &mut dyn FnMut(&dyn Out));
}

impl<T: Out> Flat for Option<T> {
    fn with_value(&self, f: &mut dyn FnMut(&dyn Out)) {
        if let Some(v) = self {
            f(v);
        }
    }
}

impl<T: Out> Flat for Vec<T> {
    fn with_value(&self, f: &mut dyn FnMut(&dyn Out)) {
        if !self.is_empty() {
            f(&ListOut(&Slice(self)));
        }
    }
}

impl<T: Out> Flat for BTreeMap<String, T> {
    fn with_value(&self, f: &mut dyn FnMut(&dyn Out)) {
        if !self.is_empty() {
            f(self);
        }
    }
}

/// Appends the pairs of `value` below `prefix` to `out`.
pub(crate) fn flatten_into(prefix: &str, value: &dyn Out, out: &mut Vec<(String, String)>) {
    let mut pairs = Pairs { prefix: String::with_capacity(prefix.len() + 24), out };
    pairs.prefix.push_str(prefix);
    // The pair writer does not fail: every scalar has a text.
    let _ = value.out(&mut pairs);
}

/// The value as JSON; `None` when it is empty (an empty list, map or struct).
pub(crate) fn json_value(value: &dyn Out) -> Option<Value> {
    match ValueOut::of(value).ok()? {
        Value::Null => None,
        Value::Array(a) if a.is_empty() => None,
        Value::Object(o) if o.is_empty() => None,
        v => Some(v),
    }
}

/// Writes pairs below a prefix that grows and shrinks as the writer descends.
struct Pairs<'a> {
    prefix: String,
    out: &'a mut Vec<(String, String)>,
}

impl Pairs<'_> {
    fn push(&mut self, value: String) {
        self.out.push((self.prefix.clone(), value));
    }

    /// Writes `value` below `prefix.step`.
    fn below(&mut self, step: &str, value: &dyn Out) -> Result<(), Failed> {
        let len = self.prefix.len();
        self.prefix.push('.');
        self.prefix.push_str(step);
        let done = value.out(self);
        self.prefix.truncate(len);
        done
    }
}

impl Sink for Pairs<'_> {
    fn str(&mut self, v: &str) -> Result<(), Failed> {
        self.push(v.to_owned());
        Ok(())
    }

    fn int(&mut self, v: i64) -> Result<(), Failed> {
        self.push(v.to_string());
        Ok(())
    }

    fn float(&mut self, v: f64) -> Result<(), Failed> {
        // As JSON writes it (`1.0`, `0.5`); a non-finite number is JSON `null`: not sent.
        if let Some(n) = Number::from_f64(v) {
            self.push(n.to_string());
        }
        Ok(())
    }

    fn bool(&mut self, v: bool) -> Result<(), Failed> {
        self.push(if v { "true" } else { "false" }.to_owned());
        Ok(())
    }

    fn structure(&mut self, v: &dyn Fields) -> Result<(), Failed> {
        let base = self.out.len();
        let mut members = Members { pairs: self, groups: Vec::new(), failed: false };
        v.write(&mut members);
        let Members { groups, failed, .. } = members;
        if failed {
            return Err(Failed);
        }
        sort_members(self.out, base, self.prefix.len() + 1, &groups);
        Ok(())
    }

    fn list(&mut self, v: &dyn List) -> Result<(), Failed> {
        let mut n = 0usize;
        v.each(&mut |item| {
            n += 1;
            self.below(&n.to_string(), item)
        })
    }

    fn wrapped(&mut self, inner: &str, v: &dyn List) -> Result<(), Failed> {
        let len = self.prefix.len();
        self.prefix.push('.');
        self.prefix.push_str(inner);
        let done = self.list(v);
        self.prefix.truncate(len);
        done
    }

    fn map(&mut self, v: &dyn Entries) -> Result<(), Failed> {
        v.each(&mut |key, item| self.below(key, item))
    }
}

/// The members of one struct being flattened: where each member's pairs start, and the
/// length of its wire name (the pairs' names are `prefix.Name…`).
struct Members<'p, 'a> {
    pairs: &'p mut Pairs<'a>,
    groups: Vec<(usize, usize)>,
    failed: bool,
}

impl MapWriter for Members<'_, '_> {
    fn entry(&mut self, key: &str, value: &dyn Out) {
        if self.failed {
            return;
        }
        self.groups.push((self.pairs.out.len(), key.len()));
        self.failed = self.pairs.below(key, value).is_err();
    }
}

/// Reorders the pairs written since `base` so that the members come in wire-name order, as
/// they would from a JSON object. `name_at` is where a member's name starts in a pair's name;
/// `groups` are (first pair, name length) per member, in the order they were written.
fn sort_members(out: &mut Vec<(String, String)>, base: usize, name_at: usize, groups: &[(usize, usize)]) {
    // Members that wrote nothing do not take part.
    let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(groups.len());
    for (i, &(start, name_len)) in groups.iter().enumerate() {
        let end = groups.get(i + 1).map_or(out.len(), |g| g.0);
        if end > start {
            spans.push((start, end, name_len));
        }
    }
    let name = |out: &[(String, String)], &(start, _, len): &(usize, usize, usize)| -> String {
        out[start].0.get(name_at..name_at + len).unwrap_or_default().to_owned()
    };
    let sorted = spans.windows(2).all(|w| {
        let a = &out[w[0].0].0;
        let b = &out[w[1].0].0;
        a.get(name_at..name_at + w[0].2) <= b.get(name_at..name_at + w[1].2)
    });
    if sorted {
        return;
    }
    let mut keyed: Vec<(String, (usize, usize, usize))> = spans.iter().map(|s| (name(out, s), *s)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tail: Vec<Option<(String, String)>> = out.drain(base..).map(Some).collect();
    for (_, (start, end, _)) in keyed {
        for slot in &mut tail[start - base..end - base] {
            if let Some(pair) = slot.take() {
                out.push(pair);
            }
        }
    }
}

/// Builds one JSON value.
struct ValueOut(Option<Value>);

impl ValueOut {
    fn of(value: &dyn Out) -> Result<Value, Failed> {
        let mut sink = ValueOut(None);
        value.out(&mut sink)?;
        Ok(sink.0.unwrap_or(Value::Null))
    }

    fn set(&mut self, v: Value) -> Result<(), Failed> {
        self.0 = Some(v);
        Ok(())
    }
}

impl Sink for ValueOut {
    fn str(&mut self, v: &str) -> Result<(), Failed> {
        self.set(Value::String(v.to_owned()))
    }

    fn int(&mut self, v: i64) -> Result<(), Failed> {
        self.set(Value::from(v))
    }

    fn float(&mut self, v: f64) -> Result<(), Failed> {
        self.set(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn bool(&mut self, v: bool) -> Result<(), Failed> {
        self.set(Value::Bool(v))
    }

    fn structure(&mut self, v: &dyn Fields) -> Result<(), Failed> {
        let mut members = ObjectOut { map: Map::new(), failed: false };
        v.write(&mut members);
        if members.failed {
            return Err(Failed);
        }
        self.set(Value::Object(members.map))
    }

    fn list(&mut self, v: &dyn List) -> Result<(), Failed> {
        let mut items = Vec::with_capacity(v.len());
        v.each(&mut |item| {
            items.push(ValueOut::of(item)?);
            Ok(())
        })?;
        self.set(Value::Array(items))
    }

    fn wrapped(&mut self, inner: &str, v: &dyn List) -> Result<(), Failed> {
        let list = ValueOut::of(&ListOut(v))?;
        let mut map = Map::new();
        map.insert(inner.to_owned(), list);
        self.set(Value::Object(map))
    }

    fn map(&mut self, v: &dyn Entries) -> Result<(), Failed> {
        let mut map = Map::new();
        v.each(&mut |key, item| {
            map.insert(key.to_owned(), ValueOut::of(item)?);
            Ok(())
        })?;
        self.set(Value::Object(map))
    }
}

/// The members of one struct as a JSON object.
struct ObjectOut {
    map: Map<String, Value>,
    failed: bool,
}

impl MapWriter for ObjectOut {
    fn entry(&mut self, key: &str, value: &dyn Out) {
        if self.failed {
            return;
        }
        match ValueOut::of(value) {
            Ok(v) => {
                self.map.insert(key.to_owned(), v);
            }
            Err(Failed) => self.failed = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Params;
    use std::collections::BTreeMap;

    crate::shape! {
        pub struct Tag {
            value: opt(::std::string::String) = "Value",
            key: opt(::std::string::String) = "Key",
        }
    }
    crate::shape! {
        pub struct Disk {
            size: opt(i64) = "Size",
            category: opt(::std::string::String) = "Category",
            ratio: opt(f64) = "Ratio",
            encrypted: opt(bool) = "Encrypted",
            tags: vec(Tag) = "Tag",
            wrapped_tags: wrapped(Tag) = "Tags" in "Tag",
            labels: map(::std::string::String) = "Labels",
            empty: opt(Tag) = "AEmpty",
        }
    }

    fn tag(k: &str, v: &str) -> Tag {
        Tag { key: Some(k.into()), value: Some(v.into()) }
    }

    fn pairs(p: &Params) -> Vec<(&str, &str)> {
        p.query().iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
    }

    #[test]
    fn members_come_in_wire_name_order_lists_numbered_from_one_empty_values_skipped() {
        let disk = Disk {
            size: Some(40),
            category: Some("cloud_essd".into()),
            ratio: Some(1.0),
            encrypted: Some(false),
            tags: vec![tag("k1", "v1"), Tag::default(), tag("k3", "v3")],
            wrapped_tags: vec![tag("w", "x")],
            labels: BTreeMap::from([("b".to_owned(), "2".to_owned()), ("a".to_owned(), "1".to_owned())]),
            empty: Some(Tag::default()),
        };
        let mut p = Params::new();
        p.flat("DataDisk", &vec![disk, Disk::default(), Disk { size: Some(20), ..Disk::default() }]);
        assert_eq!(
            pairs(&p),
            [
                ("DataDisk.1.Category", "cloud_essd"),
                ("DataDisk.1.Encrypted", "false"),
                ("DataDisk.1.Labels.a", "1"),
                ("DataDisk.1.Labels.b", "2"),
                // JSON's text of the number, as the SDKs send it.
                ("DataDisk.1.Ratio", "1.0"),
                ("DataDisk.1.Size", "40"),
                ("DataDisk.1.Tag.1.Key", "k1"),
                ("DataDisk.1.Tag.1.Value", "v1"),
                // The empty second tag keeps its number.
                ("DataDisk.1.Tag.3.Key", "k3"),
                ("DataDisk.1.Tag.3.Value", "v3"),
                ("DataDisk.1.Tags.Tag.1.Key", "w"),
                ("DataDisk.1.Tags.Tag.1.Value", "x"),
                ("DataDisk.3.Size", "20"),
            ]
        );
    }

    #[test]
    fn unset_and_empty_parameters_send_nothing_and_non_finite_numbers_are_skipped() {
        let mut p = Params::new();
        p.flat("A", &Vec::<Tag>::new());
        p.flat("B", &None::<Disk>);
        p.flat("C", &Some(Disk::default()));
        p.flat("D", &Some(Disk { ratio: Some(f64::NAN), size: Some(-3), ..Disk::default() }));
        p.flat("E", &vec!["x".to_owned(), "y".to_owned()]);
        assert_eq!(pairs(&p), [("D.Size", "-3"), ("E.1", "x"), ("E.2", "y")]);
        assert!(!p.has("C") && p.has("D") && !p.has("D.Ratio"));
    }

    #[test]
    fn required_members_are_found_with_or_without_the_operations_patterns() {
        static REQUIRED: &[&str] = &["DataDisk.N.Size"];
        let disks =
            vec![Disk { size: Some(1), ..Disk::default() }, Disk { category: Some("x".into()), ..Disk::default() }];
        let mut all = Params::new();
        let mut some = Params::with_required(REQUIRED);
        for p in [&mut all, &mut some] {
            p.flat("DataDisk", &disks);
            p.flat("Tag", &vec![tag("k", "v")]);
            assert_eq!(p.missing_member("DataDisk.N.Size").as_deref(), Some("DataDisk.2.Size"));
        }
        // Only the parameter a pattern reaches into keeps its structure; both send the same.
        assert_eq!(all.missing_member("Tag.N.Owner").as_deref(), Some("Tag.1.Owner"));
        assert_eq!(some.missing_member("Tag.N.Owner"), None);
        assert_eq!(all, some);
    }

    #[test]
    fn body_members_are_json_values_of_what_is_set() {
        let mut p = Params::new();
        p.body("name", &Some("web".to_owned()));
        p.body("count", &Some(2));
        p.body("disks", &vec![Disk { size: Some(5), tags: vec![tag("k", "v")], ..Disk::default() }]);
        p.body("none", &None::<String>);
        p.body("nothing", &Vec::<Disk>::new());
        let body: Vec<(&str, String)> = p.body_members().iter().map(|(n, v)| (*n, v.to_string())).collect();
        assert_eq!(
            body,
            [
                ("name", r#""web""#.to_owned()),
                ("count", "2".to_owned()),
                ("disks", r#"[{"Size":5,"Tag":[{"Key":"k","Value":"v"}]}]"#.to_owned()),
            ]
        );
    }
}
