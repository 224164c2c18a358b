//! Lenient deserializers the generated types use.
//!
//! Services do not always send what their documentation says: a documented Integer may come
//! as `"60"`, a Boolean as `"False"`, a String as a number; arrays come wrapped in a one-key
//! object (`"Images": {"Image": [...]}`), or as `null`. These functions accept all of that
//! and keep strings exactly as sent (`""` stays `Some("")`).

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
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

/// One element or many: a service sometimes sends a lone value where a list is documented;
/// `null` is an empty list. Read with a visitor of its own rather than an untagged enum, so
/// that no value is buffered and nothing per element type is compiled beyond this visitor.
struct ManyVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for ManyVisitor<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ManyVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list or one element")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(vec![T::deserialize(de::value::MapAccessDeserializer::new(map))?])
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize(de::value::BorrowedStrDeserializer::new(v))?])
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize(de::IntoDeserializer::into_deserializer(v.to_owned()))?])
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize(de::IntoDeserializer::into_deserializer(v))?])
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize(de::IntoDeserializer::into_deserializer(v))?])
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize(de::IntoDeserializer::into_deserializer(v))?])
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(vec![T::deserialize(de::IntoDeserializer::into_deserializer(v))?])
    }
}

struct WrappedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for WrappedVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list, or an object with one key holding a list")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Some services send "" for an empty collection.
        if v.is_empty() {
            Ok(Vec::new())
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(_key) = map.next_key::<de::IgnoredAny>()? {
            out.extend(map.next_value_seed(ManyVisitor(PhantomData))?);
        }
        Ok(out)
    }
}

/// Reads a list that may be wrapped in a one-key object, bare, `null` or absent.
pub fn wrapped<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(WrappedVisitor(PhantomData))
}

/// Reads a bare list that may be `null` or absent.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(ManyVisitor(PhantomData))
}

/// A struct the runtime reads from and writes to a JSON object, field by field: what a
/// generated struct implements instead of deriving `Deserialize` and `Serialize`, so that
/// the per-field work (lenient scalars, wrapped lists, skipping what is unset) is compiled
/// once here rather than once per field of every struct.
pub trait Fields: Default {
    /// The struct's name, for error messages (`expected struct Image`).
    const NAME: &'static str;
    /// Reads the value of the member `key` into its field, with the helpers of [`read`];
    /// `Ok(false)` when `key` is not a field (the value is then skipped).
    fn read<'de, A: de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
    /// Writes every field that is set, with the helpers of [`write`].
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// `Deserialize` and `Serialize` of a [`Fields`] struct, by [`de_struct`] and [`ser_struct`];
/// generated code calls it once per struct.
#[macro_export]
#[doc(hidden)]
macro_rules! serde_via_fields {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::serde::de_struct(d)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::serde::ser_struct(self, s)
            }
        }
    };
}

/// Reads a [`Fields`] struct from an object; absent members keep their default, unknown
/// ones are ignored, `null` members are unset.
pub fn de_struct<'de, D: Deserializer<'de>, T: Fields>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(StructVisitor(PhantomData))
}

/// Writes a [`Fields`] struct as an object of the fields that are set.
pub fn ser_struct<T: Fields, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    value.write(&mut map)?;
    map.end()
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if !out.read(&key, &mut map)? {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(out)
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
    use super::{de, Deserialize, Deserializer, Lenient, PhantomData};

    macro_rules! seed {
        ($(#[$doc:meta])* $name:ident, $seed:ident, $out:ty, $bound:path, $read:path) => {
            struct $seed<T>(PhantomData<T>);
            impl<'de, T: $bound> de::DeserializeSeed<'de> for $seed<T> {
                type Value = $out;
                fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                    $read(d)
                }
            }
            $(#[$doc])*
            pub fn $name<'de, A: de::MapAccess<'de>, T: $bound>(map: &mut A) -> Result<$out, A::Error> {
                map.next_value_seed($seed(PhantomData))
            }
        };
    }
    seed!(
        /// An optional scalar, read leniently ([`super::lenient`]).
        lenient, LenientSeed, Option<T>, Lenient, super::lenient
    );
    seed!(
        /// A list that may be wrapped in a one-key object ([`super::wrapped`]).
        wrapped, WrappedSeed, Vec<T>, Deserialize<'de>, super::wrapped
    );
    seed!(
        /// A bare list that may be `null` ([`super::list`]).
        list, ListSeed, Vec<T>, Deserialize<'de>, super::list
    );

    /// A map with string keys that may be `null` or absent.
    pub fn map<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
    ) -> Result<std::collections::BTreeMap<String, T>, A::Error> {
        Ok(map.next_value::<Option<std::collections::BTreeMap<String, T>>>()?.unwrap_or_default())
    }

    /// Any other value (an optional struct or enum), as its `Deserialize` reads it.
    pub fn plain<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<T, A::Error> {
        map.next_value()
    }
}

/// What a generated [`Fields::write`] calls for each field.
pub mod write {
    use super::{Serialize, SerializeMap};

    /// An optional value, skipped when unset.
    pub fn opt<M: SerializeMap, T: Serialize>(map: &mut M, key: &str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(v) => map.serialize_entry(key, v),
            None => Ok(()),
        }
    }

    /// A list, skipped when empty.
    pub fn list<M: SerializeMap, T: Serialize>(map: &mut M, key: &str, items: &[T]) -> Result<(), M::Error> {
        if items.is_empty() {
            return Ok(());
        }
        map.serialize_entry(key, items)
    }

    /// A map, skipped when empty.
    pub fn map<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &str,
        entries: &std::collections::BTreeMap<String, T>,
    ) -> Result<(), M::Error> {
        if entries.is_empty() {
            return Ok(());
        }
        map.serialize_entry(key, entries)
    }

    /// A list in its one-key wrapper (`"Images": {"Image": [...]}`), skipped when empty.
    pub fn wrapped<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &str,
        inner: &'static str,
        items: &[T],
    ) -> Result<(), M::Error> {
        if items.is_empty() {
            return Ok(());
        }
        map.serialize_entry(key, &Wrapped { inner, items })
    }

    struct Wrapped<'a, T> {
        inner: &'static str,
        items: &'a [T],
    }

    impl<T: Serialize> Serialize for Wrapped<'_, T> {
        fn serialize<S: super::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(self.inner, self.items)?;
            map.end()
        }
    }
}
