//! The macros generated code is written with: one line per field or parameter in the
//! generated files, the code that is the same for every struct and request written once
//! here.
//!
//! Storage kinds (`kind(T)` in a field list): `opt` is `Option<T>` (set from any
//! `impl Into<T>`; `val` is the same set from a `T`, for numbers and booleans), `vec` a bare list
//! `Vec<T>`, `wrapped` a `Vec<T>` sent in a one-key object (`in "Key"` names the key), `map`
//! a `BTreeMap<String, T>`; request parameters also have `jvec` and `jmap` (a list or map
//! kept apart from "unset": `Option<Vec<T>>`, `Option<BTreeMap<String, T>>`) and `comma`
//! (a `Vec<T>` whose setters the generated file writes itself).
//!
//! Every method these macros write is `#[inline]`, and so is every non-generic method the
//! generator writes beside them (enum conversions, client methods, struct builders). A
//! non-generic `#[inline]` function is compiled in the crate that calls it, not in this one:
//! a program that sends three operations compiles the readers, writers and builders of those
//! three, as it would with generics, while this crate's own build only checks them. (Derived
//! `Clone`, `PartialEq` and `Default` are `#[inline]` already; `Debug` stays derived, which
//! type-checks faster than a written impl.) `In` and `Out` of structs are blanket impls over
//! [`crate::runtime::serde::Fields`] for the same reason.

/// The storage type of a field of kind `kind` holding `T`.
#[macro_export]
#[doc(hidden)]
macro_rules! __storage {
    (opt $t:ty) => { ::std::option::Option<$t> };
    (val $t:ty) => { ::std::option::Option<$t> };
    (vec $t:ty) => { ::std::vec::Vec<$t> };
    (wrapped $t:ty) => { ::std::vec::Vec<$t> };
    (comma $t:ty) => { ::std::vec::Vec<$t> };
    (map $t:ty) => { ::std::collections::BTreeMap<::std::string::String, $t> };
    (jvec $t:ty) => { ::std::option::Option<::std::vec::Vec<$t>> };
    (jmap $t:ty) => { ::std::option::Option<::std::collections::BTreeMap<::std::string::String, $t>> };
}

/// The empty value of a field of kind `kind` (no call for the common kinds).
#[macro_export]
#[doc(hidden)]
macro_rules! __init {
    (opt) => {
        ::std::option::Option::None
    };
    (val) => {
        ::std::option::Option::None
    };
    (jvec) => {
        ::std::option::Option::None
    };
    (jmap) => {
        ::std::option::Option::None
    };
    (vec) => {
        ::std::vec::Vec::new()
    };
    (wrapped) => {
        ::std::vec::Vec::new()
    };
    (comma) => {
        ::std::vec::Vec::new()
    };
    (map) => {
        ::std::collections::BTreeMap::new()
    };
}

/// A struct read from and written to a JSON object (an output, a shape): the struct with
/// its public fields and their docs, `Clone`, `PartialEq`, `Default`, `#[non_exhaustive]`,
/// and its `Deserialize`/`Serialize` through [`crate::runtime::serde::Fields`]. `Debug` is
/// derived when the attributes ask for it (a struct with secrets writes its own).
///
/// ```text
/// crate::shape! {
///     /// Docs.
///     #[derive(::std::fmt::Debug)]
///     pub struct Image {
///         /// Docs.
///         image_id: opt(::std::string::String) = "ImageId",
///         disk_device_mappings: wrapped(super::DiskDeviceMapping) = "DiskDeviceMappings" in "DiskDeviceMapping",
///     }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! shape {
    ($(#[$attr:meta])* pub struct $name:ident {}) => {
        $(#[$attr])*
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        #[non_exhaustive]
        pub struct $name {}
        impl $crate::runtime::serde::Fields for $name {
            #[inline]
            fn name(&self) -> &'static str {
                ::std::stringify!($name)
            }
            #[inline]
            fn read(
                &mut self,
                _key: &str,
                _map: &mut dyn $crate::runtime::serde::MapReader,
            ) -> ::std::result::Result<bool, $crate::runtime::serde::Failed> {
                ::std::result::Result::Ok(false)
            }
            #[inline]
            fn write(&self, _map: &mut dyn $crate::runtime::serde::MapWriter) {}
        }
        $crate::serde_via_fields!($name);
    };
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $( $(#[$fattr:meta])* $field:ident : $kind:ident ($t:ty) = $wire:literal $(in $inner:literal)? ),+ $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fattr])* pub $field: $crate::__storage!($kind $t), )*
        }
        impl $crate::runtime::serde::Fields for $name {
            #[inline]
            fn name(&self) -> &'static str {
                ::std::stringify!($name)
            }
            #[inline]
            fn read(
                &mut self,
                key: &str,
                map: &mut dyn $crate::runtime::serde::MapReader,
            ) -> ::std::result::Result<bool, $crate::runtime::serde::Failed> {
                let read = match key {
                    $( $wire => $crate::runtime::serde::read::$kind(map, &mut self.$field), )*
                    _ => return ::std::result::Result::Ok(false),
                };
                read.map(|()| true)
            }
            #[inline]
            fn write(&self, map: &mut dyn $crate::runtime::serde::MapWriter) {
                $( $crate::runtime::serde::write::$kind(map, $wire, &self.$field $(, $inner)?); )*
            }
        }
        $crate::serde_via_fields!($name);
    };
}

/// One setter of a request builder or of a request struct.
#[macro_export]
#[doc(hidden)]
macro_rules! __setter {
    ($(#[$a:meta])* $f:ident opt($t:ty)) => {
        $(#[$a])*
        #[inline]
        pub fn $f(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.$f = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($(#[$a:meta])* $f:ident val($t:ty)) => {
        $(#[$a])*
        #[inline]
        pub fn $f(mut self, value: $t) -> Self {
            self.$f = ::std::option::Option::Some(value);
            self
        }
    };
    ($(#[$a:meta])* $f:ident vec($t:ty)) => { $crate::__setter!($(#[$a])* $f wrapped($t)); };
    ($(#[$a:meta])* $f:ident wrapped($t:ty)) => {
        $(#[$a])*
        #[inline]
        pub fn $f<I>(mut self, values: I) -> Self
        where
            I: ::std::iter::IntoIterator,
            I::Item: ::std::convert::Into<$t>,
        {
            self.$f = values.into_iter().map(::std::convert::Into::into).collect();
            self
        }
    };
    ($(#[$a:meta])* $f:ident jvec($t:ty)) => {
        $(#[$a])*
        #[inline]
        pub fn $f<I>(mut self, values: I) -> Self
        where
            I: ::std::iter::IntoIterator,
            I::Item: ::std::convert::Into<$t>,
        {
            self.$f = ::std::option::Option::Some(values.into_iter().map(::std::convert::Into::into).collect());
            self
        }
    };
    ($(#[$a:meta])* $f:ident map($t:ty)) => {
        $(#[$a])*
        #[inline]
        pub fn $f<I, K, V>(mut self, entries: I) -> Self
        where
            I: ::std::iter::IntoIterator<Item = (K, V)>,
            K: ::std::convert::Into<::std::string::String>,
            V: ::std::convert::Into<$t>,
        {
            self.$f = entries.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
            self
        }
    };
    ($(#[$a:meta])* $f:ident jmap($t:ty)) => {
        $(#[$a])*
        #[inline]
        pub fn $f<I, K, V>(mut self, entries: I) -> Self
        where
            I: ::std::iter::IntoIterator<Item = (K, V)>,
            K: ::std::convert::Into<::std::string::String>,
            V: ::std::convert::Into<$t>,
        {
            self.$f = ::std::option::Option::Some(entries.into_iter().map(|(k, v)| (k.into(), v.into())).collect());
            self
        }
    };
    ($(#[$a:meta])* $f:ident comma($t:ty)) => {};
}

/// The request builder of an operation: its static description (`OPERATION`), the builder
/// struct (private fields, `Clone`; `Debug` when the attributes ask for it), `new`, one
/// setter per parameter (docs and `#[deprecated]` from the attributes), `params()` (each
/// parameter written by the `Params` method named after `=`) and `send()`; with `paginate`,
/// `into_paginator()` and the paging traits.
///
/// ```text
/// crate::request! {
///     /// Docs.
///     #[derive(::std::fmt::Debug)]
///     pub struct DescribeImagesRequest -> DescribeImagesOutput;
///     operation "DescribeImages" "POST" "/" required ["RegionId"] idempotent true region true;
///     params {
///         /// Docs.
///         region_id: opt(::std::string::String) = simple "RegionId",
///     }
///     paginate page_number(page_number, total_count, images: super::types::Image);
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! request {
    (
        $(#[$attr:meta])*
        pub struct $req:ident -> $out:ident;
        operation $name:literal $method:literal $path:literal required [$($required:literal),* $(,)?]
            idempotent $idempotent:literal region $region:literal $(token $tok:ident($twire:literal))?;
        params {
            $( $(#[$pattr:meta])* $field:ident : $kind:ident ($t:ty) = $how:ident $wire:literal ),* $(,)?
        }
        $(paginate $paging:ident($($pg:tt)*);)?
    ) => {
        static OPERATION: $crate::runtime::Operation = $crate::runtime::Operation {
            service: &super::SERVICE,
            name: $name,
            method: $method,
            path: $path,
            required: &[$($required),*],
            idempotent: $idempotent,
            idempotency_token: $crate::__token!($($tok($twire))?),
            region: $region,
        };
        $(#[$attr])*
        #[derive(::std::clone::Clone)]
        #[non_exhaustive]
        pub struct $req {
            handle: $crate::runtime::Handle,
            $( $field: $crate::__storage!($kind $t), )*
        }
        impl $req {
            #[inline]
            pub(crate) fn new(handle: $crate::runtime::Handle) -> Self {
                Self { handle, $( $field: $crate::__init!($kind), )* }
            }
            $( $crate::__setter!($(#[$pattr])* $field $kind($t)); )*
            /// The wire parameters this request sends, in order (without the signature and
            /// the parameters every request carries).
            #[inline]
            pub fn params(&self) -> $crate::runtime::Params {
                let mut params = $crate::runtime::Params::with_required(OPERATION.required);
                $( params.$how($wire, &self.$field); )*
                params
            }
            /// Sends the request. A missing required parameter is [`crate::Error::Build`]
            /// and nothing is sent.
            #[inline]
            pub fn send(self) -> $crate::runtime::Sending<$out> {
                $crate::runtime::Sending::new(&self.handle, &OPERATION, self.params())
            }
        }
        $( $crate::__paginate!($paging $req $out $($pg)*); )?
    };
}

/// The client token of an operation, if it has one.
#[macro_export]
#[doc(hidden)]
macro_rules! __token {
    () => {
        ::std::option::Option::None
    };
    ($tok:ident($wire:literal)) => {
        ::std::option::Option::Some($crate::runtime::Token::$tok($wire))
    };
}

/// `into_paginator()` and the paging traits of a request and its output: by page number
/// (the request's page field, the output's total count field, the items field and type) or
/// by token (the request's token field, the output's next-token field, the items).
#[macro_export]
#[doc(hidden)]
macro_rules! __paginate {
    (page_number $req:ident $out:ident $page:ident, $total:ident, $items:ident: $item:ty) => {
        impl $req {
            /// Walks every page: `.items()` streams every element, `.pages()` every output. It stops at the documented total count, an empty page, or a repeated page.
            #[inline]
            pub fn into_paginator(self) -> $crate::Paginator<Self> {
                $crate::Paginator::new(self)
            }
        }
        impl $crate::runtime::paginate::PagedRequest for $req {
            type Output = $out;
            // The page number may be documented as an Integer or a Long.
            #[inline]
            fn page_number(&self) -> ::std::option::Option<i32> {
                self.$page.and_then(|p| ::std::convert::TryInto::try_into(p).ok())
            }
            #[inline]
            fn set_page_number(&mut self, page: i32) {
                self.$page = ::std::option::Option::Some(::std::convert::Into::into(page));
            }
            #[inline]
            fn send_page(self) -> ::futures::future::BoxFuture<'static, ::std::result::Result<$out, $crate::Error>> {
                ::std::boxed::Box::pin(self.send())
            }
        }
        impl $crate::runtime::paginate::PagedOutput for $out {
            type Item = $item;
            #[inline]
            fn total_count(&self) -> ::std::option::Option<i64> {
                self.$total.map(i64::from)
            }
            $crate::__paginate!(@items $items $item);
        }
    };
    (token $req:ident $out:ident $token:ident, $next:ident, $items:ident: $item:ty) => {
        impl $req {
            /// Walks every page: `.items()` streams every element, `.pages()` every output. It follows the next-page token and stops when the token is empty, absent or repeats.
            #[inline]
            pub fn into_paginator(self) -> $crate::Paginator<Self> {
                $crate::Paginator::new(self)
            }
        }
        impl $crate::runtime::paginate::PagedRequest for $req {
            type Output = $out;
            #[inline]
            fn set_token(&mut self, token: ::std::string::String) {
                self.$token = ::std::option::Option::Some(token);
            }
            #[inline]
            fn send_page(self) -> ::futures::future::BoxFuture<'static, ::std::result::Result<$out, $crate::Error>> {
                ::std::boxed::Box::pin(self.send())
            }
        }
        impl $crate::runtime::paginate::PagedOutput for $out {
            type Item = $item;
            const TOKEN: bool = true;
            #[inline]
            fn next_token(&self) -> ::std::option::Option<&str> {
                self.$next.as_deref()
            }
            $crate::__paginate!(@items $items $item);
        }
    };
    (@items $items:ident $item:ty) => {
        #[inline]
        fn items(&self) -> &[$item] {
            &self.$items
        }
        #[inline]
        fn into_items(self) -> ::std::vec::Vec<$item> {
            self.$items
        }
    };
}
