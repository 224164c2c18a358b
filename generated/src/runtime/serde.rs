//! How generated types are read from and written to JSON.
//!
//! Services do not always send what their documentation says: a documented Integer may come
//! as `"60"`, a Boolean as `"False"`, a String as a number; arrays come wrapped in a one-key
//! object (`"Images": {"Image": [...]}`), as a lone element, or as `null`. The readers here
//! accept all of that and keep strings exactly as sent (`""` stays `Some("")`).
//!
//! The reading and writing are type-erased: a generated struct implements [`Fields`], whose
//! `read` and `write` are not generic; they reach the deserializer through `&mut dyn`
//! [`MapReader`] and the serializer through `&mut dyn` [`MapWriter`], and each value's
//! destination is a `&mut dyn` [`Slot`]. The adapters between serde's generic traits and
//! these objects are compiled once per deserializer and serializer type, not once per
//! struct: generated code instantiates nothing of serde_json per struct (compile cost:
//! BENCHMARKS.md). The deserializer's own error (with its position, and the path that
//! `serde_path_to_error` tracks) is kept by the adapter and handed back unchanged.

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::{self, SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A scalar type that [`lenient`] can read from a number, a string or a boolean.
pub trait Lenient: Sized {
    /// What the type is called in error messages.
    const EXPECTED: &'static str;
    /// From a JSON string.
    fn from_str_lenient(s: &str) -> Option<Self>;
    /// From a JSON integer.
    fn from_i64(v: i64) -> Option<Self>;
    /// From a JSON unsigned integer.
    fn from_u64(v: u64) -> Option<Self>;
    /// From a JSON float.
    fn from_f64(v: f64) -> Option<Self>;
    /// From a JSON boolean.
    fn from_bool(v: bool) -> Option<Self>;
}

impl Lenient for String {
    const EXPECTED: &'static str = "a string";
    fn from_str_lenient(s: &str) -> Option<Self> {
        Some(s.to_owned())
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v.to_string())
    }
}

impl Lenient for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_str_lenient(s: &str) -> Option<Self> {
        match s.trim() {
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
    fn from_i64(v: i64) -> Option<Self> {
        match v {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn from_u64(v: u64) -> Option<Self> {
        Self::from_i64(i64::try_from(v).ok()?)
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
}

macro_rules! lenient_int {
    ($($t:ty => $name:literal),*) => {$(
        impl Lenient for $t {
            const EXPECTED: &'static str = $name;
            fn from_str_lenient(s: &str) -> Option<Self> {
                let s = s.trim();
                s.parse().ok().or_else(|| {
                    let f: f64 = s.parse().ok()?;
                    Self::from_f64(f)
                })
            }
            fn from_i64(v: i64) -> Option<Self> {
                v.try_into().ok()
            }
            fn from_u64(v: u64) -> Option<Self> {
                v.try_into().ok()
            }
            fn from_f64(v: f64) -> Option<Self> {
                let in_range = v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64;
                (v.fract() == 0.0 && in_range).then_some(v as $t)
            }
            fn from_bool(_: bool) -> Option<Self> {
                None
            }
        }
    )*};
}
lenient_int!(i32 => "a 32-bit integer", i64 => "a 64-bit integer");

impl Lenient for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_str_lenient(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

struct LenientVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for LenientVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}, as a JSON value or a string", T::EXPECTED)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::from_str_lenient(v).map(Some).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::from_i64(v).map(Some).ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::from_u64(v).map(Some).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::from_f64(v).map(Some).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::from_bool(v).map(Some).ok_or_else(|| E::invalid_value(de::Unexpected::Bool(v), &self))
    }
}

/// Reads an optional scalar leniently: `null` is `None`; numbers, numeric strings and
/// boolean strings (`"true"`, `"False"`) are accepted where they make sense.
pub fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    d.deserialize_option(LenientVisitor(PhantomData))
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/// A read failed; the deserializer's error is kept by the adapter that reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failed;

/// Why a [`Slot`] refused what it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reject {
    /// A value of another kind (an object where a number is expected).
    Type,
    /// A value of the right kind that does not fit (`"abc"` for an integer).
    Value,
    /// A nested read failed; its error is kept by the reader.
    Failed,
}

impl From<Failed> for Reject {
    fn from(_: Failed) -> Self {
        Reject::Failed
    }
}

/// What a slot asks the deserializer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Any value (`deserialize_any`).
    Any,
    /// A value that may be `null` (`deserialize_option`); when present, read with
    /// [`Slot::some_hint`].
    Option,
    /// An object (`deserialize_map`).
    Map,
}

/// The destination of one value: what a field, a list element or a map value is read into.
/// Each method is one thing the deserializer may have found; the defaults refuse it.
pub trait Slot {
    /// What the slot expects, for error messages.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// How to ask for the value.
    fn hint(&self) -> Hint;
    /// How to ask for a value found present after [`Hint::Option`].
    fn some_hint(&self) -> Hint {
        Hint::Any
    }
    /// `null` (or absent, for formats that say so).
    fn none(&mut self) -> Result<(), Reject> {
        Err(Reject::Type)
    }
    /// A string.
    fn str(&mut self, _v: &str) -> Result<(), Reject> {
        Err(Reject::Type)
    }
    /// A signed integer.
    fn int(&mut self, _v: i64) -> Result<(), Reject> {
        Err(Reject::Type)
    }
    /// An unsigned integer.
    fn uint(&mut self, _v: u64) -> Result<(), Reject> {
        Err(Reject::Type)
    }
    /// A floating-point number.
    fn float(&mut self, _v: f64) -> Result<(), Reject> {
        Err(Reject::Type)
    }
    /// A boolean.
    fn bool(&mut self, _v: bool) -> Result<(), Reject> {
        Err(Reject::Type)
    }
    /// An object.
    fn map(&mut self, _map: &mut dyn MapReader) -> Result<(), Reject> {
        Err(Reject::Type)
    }
    /// An array.
    fn seq(&mut self, _seq: &mut dyn SeqReader) -> Result<(), Reject> {
        Err(Reject::Type)
    }
}

/// An object being read.
pub trait MapReader {
    /// The next key into `key`; `false` at the end of the object.
    fn next_key(&mut self, key: &mut String) -> Result<bool, Failed>;
    /// The value of the key just read, into `slot`.
    fn value(&mut self, slot: &mut dyn Slot) -> Result<(), Failed>;
    /// Skips the value of the key just read.
    fn skip(&mut self) -> Result<(), Failed>;
}

/// An array being read.
pub trait SeqReader {
    /// The next element into `slot`; `false` at the end of the array.
    fn element(&mut self, slot: &mut dyn Slot) -> Result<bool, Failed>;
}

/// Where one value comes from: a map's value, an array's next element, or a lone value
/// that stands for a one-element list.
pub trait Source {
    /// Reads the value into `slot`; `false` when there is none (the end of an array).
    fn read(&mut self, slot: &mut dyn Slot) -> Result<bool, Reject>;
}

struct MapValue<'a>(&'a mut dyn MapReader);

impl Source for MapValue<'_> {
    fn read(&mut self, slot: &mut dyn Slot) -> Result<bool, Reject> {
        self.0.value(slot)?;
        Ok(true)
    }
}

struct SeqElement<'a>(&'a mut dyn SeqReader);

impl Source for SeqElement<'_> {
    fn read(&mut self, slot: &mut dyn Slot) -> Result<bool, Reject> {
        Ok(self.0.element(slot)?)
    }
}

/// A value found where a list was documented: one element.
enum Lone<'a> {
    Str(&'a str),
    Int(i64),
    Uint(u64),
    Float(f64),
    Bool(bool),
    Map(&'a mut dyn MapReader),
}

impl Source for Lone<'_> {
    fn read(&mut self, slot: &mut dyn Slot) -> Result<bool, Reject> {
        match self {
            Lone::Str(v) => slot.str(v),
            Lone::Int(v) => slot.int(*v),
            Lone::Uint(v) => slot.uint(*v),
            Lone::Float(v) => slot.float(*v),
            Lone::Bool(v) => slot.bool(*v),
            Lone::Map(m) => slot.map(*m),
        }?;
        Ok(true)
    }
}

/// A type the readers can read: the scalars, generated structs and enums, lists and maps
/// of them. Its one function is the only code generated per type.
pub trait In: Sized {
    /// Reads a value from `src` into `place` (`None` for `null`); `false` when `src` had
    /// no value (the end of an array).
    fn read(place: &mut Option<Self>, src: &mut dyn Source) -> Result<bool, Reject>;
}

/// An optional scalar, read leniently.
struct Opt<'a, T>(&'a mut Option<T>);

impl<T: Lenient> Slot for Opt<'_, T> {
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, as a JSON value or a string", T::EXPECTED)
    }
    fn hint(&self) -> Hint {
        Hint::Option
    }
    fn none(&mut self) -> Result<(), Reject> {
        *self.0 = None;
        Ok(())
    }
    fn str(&mut self, v: &str) -> Result<(), Reject> {
        *self.0 = Some(T::from_str_lenient(v).ok_or(Reject::Value)?);
        Ok(())
    }
    fn int(&mut self, v: i64) -> Result<(), Reject> {
        *self.0 = Some(T::from_i64(v).ok_or(Reject::Value)?);
        Ok(())
    }
    fn uint(&mut self, v: u64) -> Result<(), Reject> {
        *self.0 = Some(T::from_u64(v).ok_or(Reject::Value)?);
        Ok(())
    }
    fn float(&mut self, v: f64) -> Result<(), Reject> {
        *self.0 = Some(T::from_f64(v).ok_or(Reject::Value)?);
        Ok(())
    }
    fn bool(&mut self, v: bool) -> Result<(), Reject> {
        *self.0 = Some(T::from_bool(v).ok_or(Reject::Value)?);
        Ok(())
    }
}

macro_rules! lenient_in {
    ($($t:ty),*) => {$(
        impl In for $t {
            fn read(place: &mut Option<Self>, src: &mut dyn Source) -> Result<bool, Reject> {
                src.read(&mut Opt(place))
            }
        }
    )*};
}
lenient_in!(String, bool, i32, i64, f64);

/// Reads a string enum: any scalar, as text (`null` is `None`).
pub fn read_enum<T: for<'a> From<&'a str>>(place: &mut Option<T>, src: &mut dyn Source) -> Result<bool, Reject> {
    let mut text: Option<String> = None;
    let found = src.read(&mut Opt(&mut text))?;
    *place = text.map(|t| T::from(t.as_str()));
    Ok(found)
}

/// A struct: its fields read from an object; `null` when `optional`.
struct StructSlot<'a> {
    fields: &'a mut dyn Fields,
    optional: bool,
    null: bool,
}

impl Slot for StructSlot<'_> {
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.fields.name())
    }
    fn hint(&self) -> Hint {
        if self.optional {
            Hint::Option
        } else {
            Hint::Map
        }
    }
    fn some_hint(&self) -> Hint {
        Hint::Map
    }
    fn none(&mut self) -> Result<(), Reject> {
        if !self.optional {
            return Err(Reject::Type);
        }
        self.null = true;
        Ok(())
    }
    fn map(&mut self, map: &mut dyn MapReader) -> Result<(), Reject> {
        read_fields(self.fields, map)?;
        Ok(())
    }
}

/// Reads the members of an object into `fields`: absent members keep their value, unknown
/// ones are skipped.
fn read_fields(fields: &mut dyn Fields, map: &mut dyn MapReader) -> Result<(), Failed> {
    let mut key = String::new();
    while map.next_key(&mut key)? {
        if !fields.read(&key, map)? {
            map.skip()?;
        }
    }
    Ok(())
}

/// Reads a struct into `fields` from `src`: `Some(true)` when an object was read,
/// `Some(false)` when `src` had no value (the end of an array), `None` for `null`. What a
/// generated struct's [`In::read`] calls, so that only creating the struct is per type.
pub fn read_into(fields: &mut dyn Fields, src: &mut dyn Source) -> Result<Option<bool>, Reject> {
    let mut slot = StructSlot { fields, optional: true, null: false };
    let found = src.read(&mut slot)?;
    Ok(match (found, slot.null) {
        (false, _) => Some(false),
        (true, true) => None,
        (true, false) => Some(true),
    })
}

/// Adds one element read from a source; `false` when the source had none.
type Push<'a> = dyn FnMut(&mut dyn Source) -> Result<bool, Reject> + 'a;

/// A list: an array, a lone element, `null` (empty); `wrapped`: also an object whose keys
/// each hold such a list (`{"Image": [...]}`), and `""`.
struct ListSlot<'a, 'p> {
    push: &'a mut Push<'p>,
    wrapped: bool,
}

impl Slot for ListSlot<'_, '_> {
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.wrapped {
            "a list, or an object with one key holding a list"
        } else {
            "a list or one element"
        })
    }
    fn hint(&self) -> Hint {
        Hint::Option
    }
    fn none(&mut self) -> Result<(), Reject> {
        Ok(())
    }
    fn str(&mut self, v: &str) -> Result<(), Reject> {
        if !self.wrapped {
            (self.push)(&mut Lone::Str(v))?;
        } else if !v.is_empty() {
            // Some services send "" for an empty collection.
            return Err(Reject::Type);
        }
        Ok(())
    }
    fn int(&mut self, v: i64) -> Result<(), Reject> {
        self.lone(Lone::Int(v))
    }
    fn uint(&mut self, v: u64) -> Result<(), Reject> {
        self.lone(Lone::Uint(v))
    }
    fn float(&mut self, v: f64) -> Result<(), Reject> {
        self.lone(Lone::Float(v))
    }
    fn bool(&mut self, v: bool) -> Result<(), Reject> {
        self.lone(Lone::Bool(v))
    }
    fn map(&mut self, map: &mut dyn MapReader) -> Result<(), Reject> {
        if !self.wrapped {
            (self.push)(&mut Lone::Map(map))?;
            return Ok(());
        }
        let mut key = String::new();
        while map.next_key(&mut key)? {
            map.value(&mut ListSlot { push: &mut *self.push, wrapped: false })?;
        }
        Ok(())
    }
    fn seq(&mut self, seq: &mut dyn SeqReader) -> Result<(), Reject> {
        while (self.push)(&mut SeqElement(&mut *seq))? {}
        Ok(())
    }
}

impl ListSlot<'_, '_> {
    fn lone(&mut self, v: Lone<'_>) -> Result<(), Reject> {
        if self.wrapped {
            return Err(Reject::Type);
        }
        let mut v = v;
        (self.push)(&mut v)?;
        Ok(())
    }
}

fn push_one<T: In>(items: &mut Vec<T>, src: &mut dyn Source) -> Result<bool, Reject> {
    let mut item = None;
    let found = T::read(&mut item, src)?;
    if let Some(item) = item {
        items.push(item);
    }
    Ok(found)
}

impl<T: In> In for Vec<T> {
    fn read(place: &mut Option<Self>, src: &mut dyn Source) -> Result<bool, Reject> {
        let items = place.insert(Vec::new());
        let mut push = |s: &mut dyn Source| push_one(items, s);
        src.read(&mut ListSlot { push: &mut push, wrapped: false })
    }
}

/// Adds one entry: its key and the source of its value.
type Insert<'a> = dyn FnMut(String, &mut dyn Source) -> Result<(), Reject> + 'a;

/// A map with string keys; `null` is empty.
struct MapSlot<'a, 'p>(&'a mut Insert<'p>);

impl Slot for MapSlot<'_, '_> {
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }
    fn hint(&self) -> Hint {
        Hint::Option
    }
    fn some_hint(&self) -> Hint {
        Hint::Map
    }
    fn none(&mut self) -> Result<(), Reject> {
        Ok(())
    }
    fn map(&mut self, map: &mut dyn MapReader) -> Result<(), Reject> {
        let mut key = String::new();
        while map.next_key(&mut key)? {
            (self.0)(key.clone(), &mut MapValue(&mut *map))?;
        }
        Ok(())
    }
}

impl<T: In> In for BTreeMap<String, T> {
    fn read(place: &mut Option<Self>, src: &mut dyn Source) -> Result<bool, Reject> {
        let entries = place.insert(BTreeMap::new());
        let mut insert = |key: String, s: &mut dyn Source| {
            let mut value = None;
            T::read(&mut value, s)?;
            if let Some(value) = value {
                entries.insert(key, value);
            }
            Ok(())
        };
        src.read(&mut MapSlot(&mut insert))
    }
}

/// A struct the runtime reads from and writes to a JSON object, field by field: what a
/// generated struct implements instead of deriving `Deserialize` and `Serialize`. Neither
/// method is generic, so nothing of serde is instantiated per struct.
pub trait Fields {
    /// The struct's name, for error messages (`expected struct Image`).
    fn name(&self) -> &'static str;
    /// Reads the value of the member `key` into its field, with the helpers of [`read`];
    /// `Ok(false)` when `key` is not a field (the value is then skipped).
    fn read(&mut self, key: &str, map: &mut dyn MapReader) -> Result<bool, Failed>;
    /// Writes every field that is set, with the helpers of [`write`] (the writer keeps the
    /// first error and ignores what follows it).
    fn write(&self, map: &mut dyn MapWriter);
}

/// `Deserialize` and `Serialize` of a [`Fields`] struct; generated code calls it once per
/// struct ([`In`] and [`Out`] come from the blanket impls over [`Fields`]).
#[macro_export]
#[doc(hidden)]
macro_rules! serde_via_fields {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let mut out = <Self as ::std::default::Default>::default();
                $crate::runtime::serde::de_fields(d, &mut out)?;
                ::std::result::Result::Ok(out)
            }
        }
        impl ::serde::Serialize for $name {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::serde::ser_fields(self, s)
            }
        }
    };
}

/// Every [`Fields`] struct is read as an object: one generic impl, instantiated only where a
/// struct is read, instead of one per struct in the generated code.
impl<T: Fields + Default> In for T {
    fn read(place: &mut Option<Self>, src: &mut dyn Source) -> Result<bool, Reject> {
        let mut value = T::default();
        match read_into(&mut value, src)? {
            Some(true) => {
                *place = Some(value);
                Ok(true)
            }
            Some(false) => Ok(false),
            None => {
                *place = None;
                Ok(true)
            }
        }
    }
}

/// Every [`Fields`] struct is written as an object of the fields that are set.
impl<T: Fields> Out for T {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.structure(self)
    }
}

/// Reads an object into `fields` from any deserializer (what a generated struct's
/// `Deserialize` calls); generic over the deserializer only.
pub fn de_fields<'de, D: Deserializer<'de>>(d: D, fields: &mut dyn Fields) -> Result<(), D::Error> {
    let mut slot = StructSlot { fields, optional: false, null: false };
    SlotSeed::new(&mut slot).deserialize(d)
}

/// Writes `fields` as an object of the fields that are set, to any serializer.
pub fn ser_fields<S: Serializer>(fields: &dyn Fields, s: S) -> Result<S::Ok, S::Error> {
    let mut sink = SerSink::new(s);
    let done = sink.structure(fields);
    sink.finish(done)
}

/// Drives a [`Slot`] from a deserializer.
struct SlotSeed<'s, 'a> {
    slot: &'s mut (dyn Slot + 'a),
    hint: Hint,
}

impl<'s, 'a> SlotSeed<'s, 'a> {
    fn new(slot: &'s mut (dyn Slot + 'a)) -> Self {
        let hint = slot.hint();
        SlotSeed { slot, hint }
    }
}

impl<'de> de::DeserializeSeed<'de> for SlotSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let hint = self.hint;
        let visitor = SlotVisitor(self.slot);
        match hint {
            Hint::Any => d.deserialize_any(visitor),
            Hint::Option => d.deserialize_option(visitor),
            Hint::Map => d.deserialize_map(visitor),
        }
    }
}

struct SlotVisitor<'s, 'a>(&'s mut (dyn Slot + 'a));

struct Expecting<'s, 'a>(&'s (dyn Slot + 'a));

impl de::Expected for Expecting<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

impl SlotVisitor<'_, '_> {
    fn done<E: de::Error>(&self, r: Result<(), Reject>, found: de::Unexpected<'_>, kept: Option<E>) -> Result<(), E> {
        match r {
            Ok(()) => Ok(()),
            Err(Reject::Type) => Err(E::invalid_type(found, &Expecting(&*self.0))),
            Err(Reject::Value) => Err(E::invalid_value(found, &Expecting(&*self.0))),
            Err(Reject::Failed) => Err(kept.unwrap_or_else(|| E::custom("the value could not be read"))),
        }
    }
}

impl<'de> Visitor<'de> for SlotVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        let r = self.0.none();
        self.done(r, de::Unexpected::Option, None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        let r = self.0.none();
        self.done(r, de::Unexpected::Unit, None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let hint = self.0.some_hint();
        SlotSeed { slot: self.0, hint }.deserialize(d)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        let r = self.0.str(v);
        self.done(r, de::Unexpected::Str(v), None)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        let r = self.0.int(v);
        self.done(r, de::Unexpected::Signed(v), None)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        let r = self.0.uint(v);
        self.done(r, de::Unexpected::Unsigned(v), None)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        let r = self.0.float(v);
        self.done(r, de::Unexpected::Float(v), None)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        let r = self.0.bool(v);
        self.done(r, de::Unexpected::Bool(v), None)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut reader = MapAdapter { map, error: None };
        let r = self.0.map(&mut reader);
        self.done(r, de::Unexpected::Map, reader.error)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let mut reader = SeqAdapter { seq, error: None };
        let r = self.0.seq(&mut reader);
        self.done(r, de::Unexpected::Seq, reader.error)
    }
}

struct MapAdapter<A: Sized, E> {
    map: A,
    error: Option<E>,
}

impl<'de, A: de::MapAccess<'de>> MapReader for MapAdapter<A, A::Error> {
    fn next_key(&mut self, key: &mut String) -> Result<bool, Failed> {
        match self.map.next_key_seed(KeySeed) {
            Ok(Some(k)) => {
                key.clear();
                key.push_str(&k);
                Ok(true)
            }
            Ok(None) => Ok(false),
            Err(e) => {
                self.error = Some(e);
                Err(Failed)
            }
        }
    }

    fn value(&mut self, slot: &mut dyn Slot) -> Result<(), Failed> {
        self.map.next_value_seed(SlotSeed::new(slot)).map_err(|e| {
            self.error = Some(e);
            Failed
        })
    }

    fn skip(&mut self) -> Result<(), Failed> {
        match self.map.next_value::<de::IgnoredAny>() {
            Ok(_) => Ok(()),
            Err(e) => {
                self.error = Some(e);
                Err(Failed)
            }
        }
    }
}

struct SeqAdapter<A: Sized, E> {
    seq: A,
    error: Option<E>,
}

impl<'de, A: de::SeqAccess<'de>> SeqReader for SeqAdapter<A, A::Error> {
    fn element(&mut self, slot: &mut dyn Slot) -> Result<bool, Failed> {
        match self.seq.next_element_seed(SlotSeed::new(slot)) {
            Ok(found) => Ok(found.is_some()),
            Err(e) => {
                self.error = Some(e);
                Err(Failed)
            }
        }
    }
}

/// An object key, borrowed from the input when it holds no escapes.
struct KeySeed;

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v))
    }
}

/// What a generated [`Fields::read`] calls for each field's value.
pub mod read {
    use super::{Failed, In, ListSlot, MapReader, MapValue, Reject, Source};
    use std::collections::BTreeMap;

    fn failed(r: Result<bool, Reject>) -> Result<(), Failed> {
        // A slot's own refusal has become the deserializer's error inside the reader.
        r.map(|_| ()).map_err(|_| Failed)
    }

    /// An optional value: a scalar read leniently, a struct, an enum (`null` is `None`).
    pub fn opt<T: In>(map: &mut dyn MapReader, place: &mut Option<T>) -> Result<(), Failed> {
        failed(T::read(place, &mut MapValue(map)))
    }

    fn items<T: In>(map: &mut dyn MapReader, place: &mut Vec<T>, wrapped: bool) -> Result<(), Failed> {
        place.clear();
        let mut push = |s: &mut dyn Source| super::push_one(place, s);
        failed(MapValue(map).read(&mut ListSlot { push: &mut push, wrapped }))
    }

    /// A bare list that may be `null`, absent or a lone element.
    pub fn vec<T: In>(map: &mut dyn MapReader, place: &mut Vec<T>) -> Result<(), Failed> {
        items(map, place, false)
    }

    /// A list that may be wrapped in a one-key object, bare, `null` or absent.
    pub fn wrapped<T: In>(map: &mut dyn MapReader, place: &mut Vec<T>) -> Result<(), Failed> {
        items(map, place, true)
    }

    /// A map with string keys that may be `null` or absent.
    pub fn map<T: In>(map: &mut dyn MapReader, place: &mut BTreeMap<String, T>) -> Result<(), Failed> {
        let mut read = None;
        let r = failed(BTreeMap::read(&mut read, &mut MapValue(map)));
        *place = read.unwrap_or_default();
        r
    }
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// Where a value is written: one serializer, erased.
pub trait Sink {
    /// A string.
    fn str(&mut self, v: &str) -> Result<(), Failed>;
    /// An integer.
    fn int(&mut self, v: i64) -> Result<(), Failed>;
    /// A floating-point number.
    fn float(&mut self, v: f64) -> Result<(), Failed>;
    /// A boolean.
    fn bool(&mut self, v: bool) -> Result<(), Failed>;
    /// A struct, as an object of the fields that are set.
    fn structure(&mut self, v: &dyn Fields) -> Result<(), Failed>;
    /// A list, as an array.
    fn list(&mut self, v: &dyn List) -> Result<(), Failed>;
    /// A list in its one-key wrapper (`{"Image": [...]}`).
    fn wrapped(&mut self, inner: &str, v: &dyn List) -> Result<(), Failed>;
    /// A map, as an object.
    fn map(&mut self, v: &dyn Entries) -> Result<(), Failed>;
}

/// A value the writers can write (what [`In`] is to reading).
pub trait Out {
    /// Writes the value to `s`.
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed>;
}

/// A list of values, erased.
pub trait List {
    /// The number of items.
    fn len(&self) -> usize;
    /// Whether there is none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Calls `f` on each item, in order.
    fn each(&self, f: &mut dyn FnMut(&dyn Out) -> Result<(), Failed>) -> Result<(), Failed>;
}

/// The entries of a map, erased.
pub trait Entries {
    /// The number of entries.
    fn len(&self) -> usize;
    /// Whether there is none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Calls `f` on each entry, in key order.
    fn each(&self, f: &mut dyn FnMut(&str, &dyn Out) -> Result<(), Failed>) -> Result<(), Failed>;
}

/// An object being written. It keeps the first error; entries after it are ignored.
pub trait MapWriter {
    /// Writes one member.
    fn entry(&mut self, key: &str, value: &dyn Out);
}

impl Out for String {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.str(self)
    }
}

impl Out for bool {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.bool(*self)
    }
}

impl Out for i32 {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.int(i64::from(*self))
    }
}

impl Out for i64 {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.int(*self)
    }
}

impl Out for f64 {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.float(*self)
    }
}

/// A slice as a [`List`].
pub(crate) struct Slice<'a, T>(pub(crate) &'a [T]);

impl<T: Out> List for Slice<'_, T> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn each(&self, f: &mut dyn FnMut(&dyn Out) -> Result<(), Failed>) -> Result<(), Failed> {
        self.0.iter().try_for_each(|item| f(item))
    }
}

impl<T: Out> Out for Vec<T> {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.list(&Slice(self))
    }
}

impl<T: Out> Entries for BTreeMap<String, T> {
    fn len(&self) -> usize {
        BTreeMap::len(self)
    }
    fn each(&self, f: &mut dyn FnMut(&str, &dyn Out) -> Result<(), Failed>) -> Result<(), Failed> {
        self.iter().try_for_each(|(k, v)| f(k, v))
    }
}

impl<T: Out> Out for BTreeMap<String, T> {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.map(self)
    }
}

/// A [`List`] as a value.
pub(crate) struct ListOut<'a>(pub(crate) &'a dyn List);

impl Out for ListOut<'_> {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.list(self.0)
    }
}

/// A list in its wrapper, as a value.
struct WrappedOut<'a> {
    inner: &'a str,
    items: &'a dyn List,
}

impl Out for WrappedOut<'_> {
    fn out(&self, s: &mut dyn Sink) -> Result<(), Failed> {
        s.wrapped(self.inner, self.items)
    }
}

/// An [`Out`] value as `Serialize`, for any serializer.
struct Erased<'a>(&'a dyn Out);

impl Serialize for Erased<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut sink = SerSink::new(s);
        let done = self.0.out(&mut sink);
        sink.finish(done)
    }
}

/// A serializer as a [`Sink`]: it writes one value, and keeps the result.
struct SerSink<S: Serializer> {
    ser: Option<S>,
    ok: Option<S::Ok>,
    error: Option<S::Error>,
}

impl<S: Serializer> SerSink<S> {
    fn new(s: S) -> Self {
        SerSink { ser: Some(s), ok: None, error: None }
    }

    fn finish(mut self, done: Result<(), Failed>) -> Result<S::Ok, S::Error> {
        match (done, self.ok.take()) {
            (Ok(()), Some(ok)) => Ok(ok),
            _ => Err(self.error.take().unwrap_or_else(|| ser::Error::custom("the value was not written"))),
        }
    }

    fn take(&mut self) -> Result<S, Failed> {
        self.ser.take().ok_or(Failed)
    }

    fn keep(&mut self, r: Result<S::Ok, S::Error>) -> Result<(), Failed> {
        match r {
            Ok(ok) => {
                self.ok = Some(ok);
                Ok(())
            }
            Err(e) => {
                self.error = Some(e);
                Err(Failed)
            }
        }
    }

    fn fail(&mut self, e: S::Error) -> Failed {
        self.error = Some(e);
        Failed
    }
}

impl<S: Serializer> Sink for SerSink<S> {
    fn str(&mut self, v: &str) -> Result<(), Failed> {
        let r = self.take()?.serialize_str(v);
        self.keep(r)
    }

    fn int(&mut self, v: i64) -> Result<(), Failed> {
        let r = self.take()?.serialize_i64(v);
        self.keep(r)
    }

    fn float(&mut self, v: f64) -> Result<(), Failed> {
        let r = self.take()?.serialize_f64(v);
        self.keep(r)
    }

    fn bool(&mut self, v: bool) -> Result<(), Failed> {
        let r = self.take()?.serialize_bool(v);
        self.keep(r)
    }

    fn structure(&mut self, v: &dyn Fields) -> Result<(), Failed> {
        let map = self.take()?.serialize_map(None).map_err(|e| self.fail(e))?;
        let mut w = MapAdapterOut { map, error: None };
        v.write(&mut w);
        if let Some(e) = w.error {
            return Err(self.fail(e));
        }
        let r = w.map.end();
        self.keep(r)
    }

    fn list(&mut self, v: &dyn List) -> Result<(), Failed> {
        let mut seq = self.take()?.serialize_seq(Some(v.len())).map_err(|e| self.fail(e))?;
        let mut error = None;
        let done = v.each(&mut |item| {
            seq.serialize_element(&Erased(item)).map_err(|e| {
                error = Some(e);
                Failed
            })
        });
        if done.is_err() {
            return Err(match error {
                Some(e) => self.fail(e),
                None => Failed,
            });
        }
        let r = seq.end();
        self.keep(r)
    }

    fn wrapped(&mut self, inner: &str, v: &dyn List) -> Result<(), Failed> {
        let mut map = self.take()?.serialize_map(Some(1)).map_err(|e| self.fail(e))?;
        map.serialize_entry(inner, &Erased(&ListOut(v))).map_err(|e| self.fail(e))?;
        let r = map.end();
        self.keep(r)
    }

    fn map(&mut self, v: &dyn Entries) -> Result<(), Failed> {
        let mut map = self.take()?.serialize_map(Some(v.len())).map_err(|e| self.fail(e))?;
        let mut error = None;
        let done = v.each(&mut |k, item| {
            map.serialize_entry(k, &Erased(item)).map_err(|e| {
                error = Some(e);
                Failed
            })
        });
        if done.is_err() {
            return Err(match error {
                Some(e) => self.fail(e),
                None => Failed,
            });
        }
        let r = map.end();
        self.keep(r)
    }
}

struct MapAdapterOut<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> MapWriter for MapAdapterOut<M> {
    fn entry(&mut self, key: &str, value: &dyn Out) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, &Erased(value)) {
                self.error = Some(e);
            }
        }
    }
}

/// What a generated [`Fields::write`] calls for each field.
pub mod write {
    use super::{ListOut, MapWriter, Out, Slice, WrappedOut};
    use std::collections::BTreeMap;

    /// An optional value, skipped when unset.
    pub fn opt<T: Out>(map: &mut dyn MapWriter, key: &str, value: &Option<T>) {
        if let Some(v) = value {
            map.entry(key, v);
        }
    }

    /// A list, skipped when empty.
    pub fn vec<T: Out>(map: &mut dyn MapWriter, key: &str, items: &[T]) {
        if !items.is_empty() {
            map.entry(key, &ListOut(&Slice(items)));
        }
    }

    /// A map, skipped when empty.
    pub fn map<T: Out>(map: &mut dyn MapWriter, key: &str, entries: &BTreeMap<String, T>) {
        if !entries.is_empty() {
            map.entry(key, entries);
        }
    }

    /// A list in its one-key wrapper (`"Images": {"Image": [...]}`), skipped when empty.
    pub fn wrapped<T: Out>(map: &mut dyn MapWriter, key: &str, items: &[T], inner: &str) {
        if !items.is_empty() {
            map.entry(key, &WrappedOut { inner, items: &Slice(items) });
        }
    }
}
