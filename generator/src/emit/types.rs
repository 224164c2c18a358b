//! Structs and enums of a service (`<service>::types`), one file per shape.

use super::debug::{self, Shown};
use super::docs;
use super::{id, rust_type};
use crate::ir::{Field, Service, Shape, ShapeKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// `types/mod.rs`: declares and re-exports every shape.
pub fn module(s: &Service) -> TokenStream {
    let mods = s.shapes.iter().map(|sh| id(&sh.module));
    let names = s.shapes.iter().map(|sh| id(&sh.name));
    let mods2 = s.shapes.iter().map(|sh| id(&sh.module));
    quote! {
        #![doc = " Shapes and enums of the service: one entity is one type, shared by every operation that documents it."]
        #(mod #mods;)*
        #(pub use self::#mods2::#names;)*
    }
}

/// One shape's file: a struct as a `crate::shape!` invocation (text) plus, as tokens, its
/// hand-written `Debug` when it holds a secret and its builder when a request sends it; an
/// enum as tokens.
pub fn shape(shape: &Shape) -> super::Emitted {
    let doc_lines = match &shape.description {
        Some(d) => docs::prose(d),
        None => vec![format!("The `{}` shape.", shape.name)],
    };
    let doc = docs::attrs(&doc_lines);
    let name = id(&shape.name);
    match &shape.kind {
        ShapeKind::Struct(fields) => {
            let (_, debug_impl) = struct_debug(&shape.name, fields, &[], false);
            let mut text = String::new();
            super::compact::shape(&mut text, &doc_lines, &shape.name, fields, "super", debug_impl.is_none());
            let builder = shape.input.then(|| builder(&shape.name, fields));
            super::Emitted { text, tokens: quote! { #debug_impl #builder } }
        }
        ShapeKind::Enum(variants) => {
            let idents: Vec<_> = variants.iter().map(|v| id(&v.rust)).collect();
            let wires: Vec<_> = variants.iter().map(|v| v.wire.as_str()).collect();
            let vdocs = variants.iter().map(|v| {
                docs::attrs(&match &v.description {
                    Some(d) => docs::prose(d),
                    None => vec![format!("`{}`", v.wire)],
                })
            });
            quote! {
                #doc
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#vdocs #idents,)*
                    /// A value the documentation does not list, kept as sent.
                    Unknown(::std::string::String),
                }
                impl #name {
                    /// The documented values, as sent on the wire.
                    pub const VALUES: &'static [&'static str] = &[#(#wires),*];
                    /// The value as sent on the wire.
                    #[inline]
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#idents => #wires,)*
                            Self::Unknown(value) => value,
                        }
                    }
                }
                impl ::std::convert::From<&str> for #name {
                    #[inline]
                    fn from(value: &str) -> Self {
                        match value {
                            #(#wires => Self::#idents,)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }
                crate::string_enum!(#name);
            }
            .into()
        }
    }
}

/// The builder of a struct a request sends: `builder()` starts an empty one, one setter
/// per field (named like the field, under the setter rules of operations), `build()` ends
/// the chain. The struct is its own builder: nothing is checked here; `send()` reports a
/// missing required member with its full wire path. A struct of two scalar fields also
/// converts from a pair (`("env", "prod")` for a tag).
fn builder(name: &str, fields: &[Field]) -> TokenStream {
    let ty = id(name);
    let types = quote!(super);
    let setters = fields.iter().map(|f| {
        let field = id(&f.rust);
        let plain = crate::naming::unraw(&f.rust);
        let doc = if f.required {
            format!(" Sets [`Self::{plain}`] (`{}`). **Required** when the struct is sent.", f.wire)
        } else {
            format!(" Sets [`Self::{plain}`] (`{}`).", f.wire)
        };
        let deprecated =
            f.docs.deprecated.as_ref().map(|_| quote!(#[deprecated(note = "deprecated by the documentation")]));
        super::operation::value_setter(&field, &field, &f.ty, false, &types, quote!(#[doc = #doc] #deprecated))
    });
    let start = format!(" An empty `{name}`: set its members with the methods below, then [`Self::build`].");
    let pair = match fields {
        [a, b] if [a, b].iter().all(|f| !matches!(f.ty, Type::Vec(_) | Type::Map(_) | Type::Struct(_))) => {
            let (fa, fb) = (id(&a.rust), id(&b.rust));
            let (ta, tb) = (rust_type(&a.ty, &types), rust_type(&b.ty, &types));
            let doc = format!(" `({}, {})`.", a.wire, b.wire);
            Some(quote! {
                impl<A: ::std::convert::Into<#ta>, B: ::std::convert::Into<#tb>> ::std::convert::From<(A, B)> for #ty {
                    #[doc = #doc]
                    #[inline]
                    fn from((a, b): (A, B)) -> Self {
                        Self { #fa: ::std::option::Option::Some(a.into()), #fb: ::std::option::Option::Some(b.into()) }
                    }
                }
            })
        }
        _ => None,
    };
    quote! {
        impl #ty {
            #[doc = #start]
            #[inline]
            pub fn builder() -> Self {
                ::std::default::Default::default()
            }
            #(#setters)*
            /// Ends the chain: the struct itself, ready for a request's setter.
            #[inline]
            pub fn build(self) -> Self {
                self
            }
        }
        #pair
    }
}

/// The derive attribute of a struct of `fields` (after the plain fields `first`, such as
/// `request_id`), and its hand-written `Debug` impl when a field is a secret. `serde`: also
/// derive `Serialize` and `Deserialize` (for structs converted through another type with
/// `#[serde(from, into)]`); other structs get [`serde_impls`].
pub(crate) fn struct_debug(
    name: &str,
    fields: &[Field],
    first: &[&str],
    serde: bool,
) -> (TokenStream, Option<TokenStream>) {
    let rest = if serde {
        quote!(
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::default::Default,
            ::serde::Serialize,
            ::serde::Deserialize
        )
    } else {
        quote!(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)
    };
    if !fields.iter().any(|f| f.sensitive) {
        return (debug::derives(true, rest), None);
    }
    let mut shown: Vec<(&str, Shown)> = first.iter().map(|n| (*n, Shown::Plain)).collect();
    shown.extend(fields.iter().map(|f| (f.rust.as_str(), if f.sensitive { Shown::Redacted } else { Shown::Plain })));
    (debug::derives(false, rest), Some(debug::redacting_impl(name, &shown, false)))
}

/// `Deserialize` and `Serialize` of a struct through the runtime (`runtime::serde::Fields`):
/// one match arm per field to read it, one call per field to write it. The lenient
/// scalars, wrapped lists and skipping of unset fields are the runtime's, compiled once
/// (a serde derive would expand them for every field of every struct).
pub(crate) fn serde_impls(name: &str, fields: &[Field]) -> TokenStream {
    let ty = id(name);
    let reads = fields.iter().map(|f| {
        let (wire, rust) = (&f.wire, id(&f.rust));
        let how = match (&f.ty, &f.wrapper) {
            (Type::Vec(_), Some(_)) => quote!(wrapped),
            (Type::Vec(_), None) => quote!(vec),
            (Type::Map(_), _) => quote!(map),
            _ => quote!(opt),
        };
        quote!(#wire => read::#how(map, &mut self.#rust)?,)
    });
    let writes = fields.iter().map(|f| {
        let (wire, rust) = (&f.wire, id(&f.rust));
        match (&f.ty, &f.wrapper) {
            (Type::Vec(_), Some(key)) => quote!(write::wrapped(map, #wire, &self.#rust, #key);),
            (Type::Vec(_), None) => quote!(write::vec(map, #wire, &self.#rust);),
            (Type::Map(_), _) => quote!(write::map(map, #wire, &self.#rust);),
            _ => quote!(write::opt(map, #wire, &self.#rust);),
        }
    });
    if fields.is_empty() {
        return quote! {
            impl crate::runtime::serde::Fields for #ty {
                #[inline]
                fn name(&self) -> &'static str {
                    #name
                }
                #[inline]
                fn read(&mut self, _key: &str, _map: &mut dyn crate::runtime::serde::MapReader) -> ::std::result::Result<bool, crate::runtime::serde::Failed> {
                    ::std::result::Result::Ok(false)
                }
                #[inline]
                fn write(&self, _map: &mut dyn crate::runtime::serde::MapWriter) {}
            }
            crate::serde_via_fields!(#ty);
        };
    }
    quote! {
        impl crate::runtime::serde::Fields for #ty {
            #[inline]
            fn name(&self) -> &'static str {
                #name
            }
            #[inline]
            fn read(&mut self, key: &str, map: &mut dyn crate::runtime::serde::MapReader) -> ::std::result::Result<bool, crate::runtime::serde::Failed> {
                use crate::runtime::serde::read;
                match key {
                    #(#reads)*
                    _ => return ::std::result::Result::Ok(false),
                }
                ::std::result::Result::Ok(true)
            }
            #[inline]
            fn write(&self, map: &mut dyn crate::runtime::serde::MapWriter) {
                use crate::runtime::serde::write;
                #(#writes)*
            }
        }
        crate::serde_via_fields!(#ty);
    }
}

/// The rustdoc line that says a value is secret.
pub(crate) const SECRET_DOC: &str = "Secret: `Debug` prints it as `** redacted **`.";

/// The rustdoc of a struct field.
pub(crate) fn field_doc(f: &Field) -> Vec<String> {
    let mut lines = docs::element(&f.docs, &f.wire);
    if f.sensitive {
        lines.push(String::new());
        lines.push(SECRET_DOC.to_owned());
    }
    lines
}

/// A struct field; `types` is the path of the types module as seen from where the struct
/// is emitted. Its wire name and how it is read are in [`serde_impls`].
pub(crate) fn field(f: &Field, types: &TokenStream) -> TokenStream {
    let doc = docs::attrs(&field_doc(f));
    let name = id(&f.rust);
    let ty = rust_type(&f.ty, types);
    let ty = match &f.ty {
        Type::Vec(_) | Type::Map(_) => ty,
        _ => quote!(::std::option::Option<#ty>),
    };
    quote! {
        #doc
        pub #name: #ty,
    }
}
