//! Structs and enums of a service (`<service>::types`), one file per shape.

use super::debug::{self, Shown};
use super::docs;
use super::{id, rust_type, service_path};
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
pub fn shape(s: &Service, shape: &Shape) -> TokenStream {
    let doc = docs::attrs(&match &shape.description {
        Some(d) => docs::sanitize(d),
        None => vec![format!("The `{}` shape.", shape.name)],
    });
    let name = id(&shape.name);
    match &shape.kind {
        ShapeKind::Struct(fields) => {
            let (derive, debug_impl) = struct_debug(&shape.name, fields, &[]);
            let fields = fields.iter().map(|f| field(s, f, &quote!(super)));
            quote! {
                #doc
                #derive
                #[non_exhaustive]
                pub struct #name {
                    #(#fields)*
                }
                #debug_impl
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
/// `request_id`), and its hand-written `Debug` impl when a field is a secret.
pub(crate) fn struct_debug(name: &str, fields: &[Field], first: &[&str]) -> (TokenStream, Option<TokenStream>) {
    let rest = quote!(
        ::std::clone::Clone,
        ::std::cmp::PartialEq,
        ::std::default::Default,
        ::serde::Serialize,
        ::serde::Deserialize
    );
    if !fields.iter().any(|f| f.sensitive) {
        return (debug::derives(true, rest), None);
    }
    let mut shown: Vec<(&str, Shown)> = first.iter().map(|n| (*n, Shown::Plain)).collect();
    shown.extend(fields.iter().map(|f| (f.rust.as_str(), if f.sensitive { Shown::Redacted } else { Shown::Plain })));
    (debug::derives(false, rest), Some(debug::redacting_impl(name, &shown, false)))
}

/// The rustdoc line that says a value is secret.
pub(crate) const SECRET_DOC: &str = "Secret: `Debug` prints it as `** redacted **`.";

/// A struct field with its serde attributes; `types` is the path of the types module as
/// seen from where the struct is emitted.
pub(crate) fn field(s: &Service, f: &Field, types: &TokenStream) -> TokenStream {
    let mut lines = docs::element(&f.docs, &f.wire);
    if f.sensitive {
        lines.push(String::new());
        lines.push(SECRET_DOC.to_owned());
    }
    let doc = docs::attrs(&lines);
    let name = id(&f.rust);
    let rename = (crate::naming::unraw(&f.rust) != f.wire).then(|| {
        let wire = &f.wire;
        quote!(rename = #wire,)
    });
    let ty = rust_type(&f.ty, types);
    let (serde, ty) = match &f.ty {
        Type::Vec(_) => {
            let attrs = match &f.wrapper {
                Some(key) => {
                    let key = id(key);
                    let path = service_path(s);
                    let ser = format!("crate::runtime::serde::ser_wrapped::<{}::wrappers::{}, _, _>", path, key)
                        .replace(' ', "");
                    quote!(deserialize_with = "crate::runtime::serde::wrapped", serialize_with = #ser,)
                }
                None => quote!(deserialize_with = "crate::runtime::serde::list",),
            };
            (quote!(#[serde(#rename default, #attrs skip_serializing_if = "::std::vec::Vec::is_empty")]), ty)
        }
        Type::Enum(_) | Type::Struct(_) => (
            quote!(#[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]),
            quote!(::std::option::Option<#ty>),
        ),
        _ => (
            quote!(#[serde(#rename default, deserialize_with = "crate::runtime::serde::lenient", skip_serializing_if = "::std::option::Option::is_none")]),
            quote!(::std::option::Option<#ty>),
        ),
    };
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}
