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
        //! Shapes and enums of the service: one entity is one type, shared by every
        //! operation that documents it.
        #(mod #mods;)*
        #(pub use self::#mods2::#names;)*
    }
}

/// One shape's file.
pub fn shape(shape: &Shape) -> TokenStream {
    let doc = docs::attrs(&match &shape.description {
        Some(d) => docs::sanitize(d),
        None => vec![format!("The `{}` shape.", shape.name)],
    });
    let name = id(&shape.name);
    match &shape.kind {
        ShapeKind::Struct(fields) => {
            let (derive, debug_impl) = struct_debug(&shape.name, fields, &[], false);
            let serde_impls = serde_impls(&shape.name, fields);
            let fields = fields.iter().map(|f| field(f, &quote!(super)));
            quote! {
                #doc
                #derive
                #[non_exhaustive]
                pub struct #name {
                    #(#fields)*
                }
                #debug_impl
                #serde_impls
            }
        }
        ShapeKind::Enum(variants) => {
            let idents: Vec<_> = variants.iter().map(|v| id(&v.rust)).collect();
            let wires: Vec<_> = variants.iter().map(|v| v.wire.as_str()).collect();
            let vdocs = variants.iter().map(|v| {
                docs::attrs(&match &v.description {
                    Some(d) => docs::sanitize(d),
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
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#idents => #wires,)*
                            Self::Unknown(value) => value,
                        }
                    }
                }
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#wires => Self::#idents,)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }
                crate::string_enum!(#name);
            }
        }
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
            (Type::Vec(_), None) => quote!(list),
            (Type::Enum(_) | Type::Struct(_), _) => quote!(plain),
            _ => quote!(lenient),
        };
        quote!(#wire => self.#rust = read::#how(map)?,)
    });
    let writes = fields.iter().map(|f| {
        let (wire, rust) = (&f.wire, id(&f.rust));
        match (&f.ty, &f.wrapper) {
            (Type::Vec(_), Some(key)) => quote!(write::wrapped(map, #wire, #key, &self.#rust)?;),
            (Type::Vec(_), None) => quote!(write::list(map, #wire, &self.#rust)?;),
            _ => quote!(write::opt(map, #wire, &self.#rust)?;),
        }
    });
    quote! {
        impl crate::runtime::serde::Fields for #ty {
            const NAME: &'static str = #name;
            fn read<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::std::result::Result<bool, A::Error> {
                use crate::runtime::serde::read;
                match key {
                    #(#reads)*
                    _ => return ::std::result::Result::Ok(false),
                }
                ::std::result::Result::Ok(true)
            }
            fn write<M: ::serde::ser::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error> {
                use crate::runtime::serde::write;
                #(#writes)*
                ::std::result::Result::Ok(())
            }
        }
        crate::serde_via_fields!(#ty);
    }
}

/// The rustdoc line that says a value is secret.
pub(crate) const SECRET_DOC: &str = "Secret: `Debug` prints it as `** redacted **`.";

/// A struct field; `types` is the path of the types module as seen from where the struct
/// is emitted. Its wire name and how it is read are in [`serde_impls`].
pub(crate) fn field(f: &Field, types: &TokenStream) -> TokenStream {
    let mut lines = docs::element(&f.docs, &f.wire);
    if f.sensitive {
        lines.push(String::new());
        lines.push(SECRET_DOC.to_owned());
    }
    let doc = docs::attrs(&lines);
    let name = id(&f.rust);
    let ty = rust_type(&f.ty, types);
    let ty = match &f.ty {
        Type::Vec(_) => ty,
        _ => quote!(::std::option::Option<#ty>),
    };
    quote! {
        #doc
        pub #name: #ty,
    }
}
