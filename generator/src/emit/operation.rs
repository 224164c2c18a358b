//! One operation's file: its static description, its request builder (fields, setters, wire
//! parameters, `send`, `into_paginator`), and its output type.

use super::debug::{self, Shown};
use super::docs;
use super::types::{field, serde_impls, struct_debug, SECRET_DOC};
use super::{id, rust_type};
use crate::ir::{Operation, Param, ParamKind, Service, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::fmt::Write;

/// The whole file of one operation: the request as a `crate::request!` invocation and an
/// RPC output as a `crate::shape!` one (text); as tokens, what is not the same for every
/// operation (hand-written `Debug` impls, the setters of comma lists, REST envelopes).
pub fn operation(s: &Service, op: &Operation) -> super::Emitted {
    let types = quote!(super::types);
    let request = id(&op.request_type);
    let output = id(&op.output_type);
    let mut request_doc = docs::prose(&op.summary);
    if let Some(d) = &op.description {
        request_doc.push(String::new());
        request_doc.extend(docs::prose(d));
    }
    request_doc.push(String::new());
    request_doc.push(format!(
        "Made by `Client::{}()`; `send()` returns [`{}`]. Spec: `{}`.",
        crate::naming::unraw(&op.method),
        op.output_type,
        op.spec_file.display().to_string().replace('\\', "/"),
    ));
    request_doc.push(String::new());
    request_doc.push(vendor_reference(s, op));
    if !op.errors.is_empty() {
        request_doc.push(String::new());
        request_doc.extend(docs::error_table(&op.errors));
    }
    let comma_setters: Vec<TokenStream> =
        op.params.iter().filter(|p| matches!(p.kind, ParamKind::Comma { .. })).map(|p| setter(p, &types)).collect();
    let comma_setters = (!comma_setters.is_empty()).then(|| quote! { impl #request { #(#comma_setters)* } });

    let output_fields: Vec<TokenStream> = op.fields.iter().map(|f| field(f, &types)).collect();
    let output_doc = format!(" The answer of `{}`: {}", op.name, docs::one_line(&op.summary));
    let mut output_text = String::new();
    let output_def = if s.protocol.is_rest() {
        let result = id(&op.result_type);
        let names: Vec<_> = op.fields.iter().map(|f| id(&f.rust)).collect();
        let envelope = format!("crate::runtime::protocol::jdcloud_rest::Envelope<{}>", op.result_type);
        let (output_derive, output_debug) = struct_debug(&op.output_type, &op.fields, &["request_id"], true);
        let (result_derive, result_debug) = struct_debug(&op.result_type, &op.fields, &[], false);
        let result_serde = serde_impls(&op.result_type, &op.fields);
        quote! {
            #[doc = #output_doc]
            ///
            #[doc = " Reads the raw body (`{\"requestId\": ..., \"result\": {...}}`); the members of `result` are fields of the output."]
            #output_derive
            #[serde(from = #envelope, into = #envelope)]
            #[non_exhaustive]
            pub struct #output {
                /// The request id (`requestId`).
                pub request_id: ::std::option::Option<::std::string::String>,
                #(#output_fields)*
            }
            #output_debug

            /// The `result` object of the answer.
            #[doc(hidden)]
            #result_derive
            pub struct #result {
                #(#output_fields)*
            }
            #result_debug
            #result_serde

            impl crate::runtime::Body for #output {
                #[inline]
                fn decode(&mut self, body: &[u8]) -> ::std::result::Result<(), ::std::string::String> {
                    *self = crate::runtime::decode(body)?;
                    ::std::result::Result::Ok(())
                }
                #[inline]
                fn into_any(self: ::std::boxed::Box<Self>) -> ::std::boxed::Box<dyn ::std::any::Any> {
                    self
                }
            }

            impl ::std::convert::From<crate::runtime::protocol::jdcloud_rest::Envelope<#result>> for #output {
                #[inline]
                fn from(envelope: crate::runtime::protocol::jdcloud_rest::Envelope<#result>) -> Self {
                    #[allow(unused_variables)]
                    let result = envelope.result.unwrap_or_default();
                    Self { request_id: envelope.request_id, #(#names: result.#names,)* }
                }
            }

            impl ::std::convert::From<#output> for crate::runtime::protocol::jdcloud_rest::Envelope<#result> {
                #[inline]
                fn from(output: #output) -> Self {
                    Self { request_id: output.request_id, result: ::std::option::Option::Some(#result { #(#names: output.#names,)* }) }
                }
            }
        }
    } else {
        let (_, debug_impl) = struct_debug(&op.output_type, &op.fields, &[], false);
        super::compact::shape(
            &mut output_text,
            &[output_doc.trim_start().to_owned()],
            &op.output_type,
            &op.fields,
            "super::types",
            debug_impl.is_none(),
        );
        quote!(#debug_impl)
    };

    let request_debug = op.params.iter().any(|p| p.sensitive).then(|| {
        let shown: Vec<(&str, Shown)> = op.params.iter().map(|p| (p.rust.as_str(), shown(p))).collect();
        debug::redacting_impl(&op.request_type, &shown, true)
    });

    let mut text = String::new();
    for line in docs::one_line(&op.summary).lines() {
        let _ = writeln!(text, "//! `{}`: {line}", op.name);
    }
    super::compact::request(&mut text, s, op, &request_doc, request_debug.is_none());
    text.push_str(&output_text);
    super::Emitted {
        text,
        tokens: quote! {
            #request_debug
            #comma_setters
            #output_def
        },
    }
}

/// Where the vendor documents the operation, in words a reader can follow: the API
/// reference and the operation's documented name, and the page's address when the spec
/// records one. The page file a spec was imported from (`source.page`) is a name in the
/// importer's input, not in this repository, so it is not cited.
fn vendor_reference(s: &Service, op: &Operation) -> String {
    let reference =
        format!("Vendor documentation: `{}` in the {} API reference (API version {})", op.name, s.title, s.api_version);
    match &op.source_url {
        Some(url) => format!("{reference}, {}.", docs::inline(url)),
        None => format!("{reference}."),
    }
}

/// How a builder's `Debug` shows a parameter (a struct redacts its own secret members).
fn shown(p: &Param) -> Shown {
    if p.sensitive {
        Shown::Redacted
    } else {
        Shown::Plain
    }
}

/// `impl Into<T>` for strings, enums and structs, `T` for the rest.
fn arg_type(ty: &Type, types: &TokenStream) -> TokenStream {
    let t = rust_type(ty, types);
    match ty {
        Type::String | Type::Enum(_) | Type::Struct(_) => quote!(impl ::std::convert::Into<#t>),
        _ => t,
    }
}

fn into(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::Enum(_) | Type::Struct(_) => quote!(#value.into()),
        _ => value,
    }
}

/// The setter of a value of type `ty` stored in `self.#field`; `wrap` puts the stored value
/// in `Some` (JSON parameters keep "set to empty" apart from "unset").
pub(crate) fn value_setter(
    name: &proc_macro2::Ident,
    field: &proc_macro2::Ident,
    ty: &Type,
    wrap: bool,
    types: &TokenStream,
    attrs: TokenStream,
) -> TokenStream {
    let some = |v: TokenStream| if wrap { quote!(::std::option::Option::Some(#v)) } else { v };
    match ty {
        Type::Vec(item) => {
            let t = rust_type(item, types);
            let store = some(quote!(values.into_iter().map(::std::convert::Into::into).collect()));
            quote! {
                #attrs
                #[inline]
                pub fn #name<I>(mut self, values: I) -> Self
                where
                    I: ::std::iter::IntoIterator,
                    I::Item: ::std::convert::Into<#t>,
                {
                    self.#field = #store;
                    self
                }
            }
        }
        Type::Map(item) => {
            let t = rust_type(item, types);
            let store = some(quote!(entries.into_iter().map(|(k, v)| (k.into(), v.into())).collect()));
            quote! {
                #attrs
                #[inline]
                pub fn #name<I, K, V>(mut self, entries: I) -> Self
                where
                    I: ::std::iter::IntoIterator<Item = (K, V)>,
                    K: ::std::convert::Into<::std::string::String>,
                    V: ::std::convert::Into<#t>,
                {
                    self.#field = #store;
                    self
                }
            }
        }
        _ => {
            let arg = arg_type(ty, types);
            let value = into(ty, quote!(value));
            quote! {
                #attrs
                #[inline]
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#field = ::std::option::Option::Some(#value);
                    self
                }
            }
        }
    }
}

/// The rustdoc of a parameter's setter, and its deprecation note.
pub(crate) fn setter_doc(p: &Param) -> (Vec<String>, Option<String>) {
    let mut lines = docs::element(&p.docs, &wire_display(p));
    if p.required {
        lines.insert(0, String::new());
        lines.insert(0, "**Required.**".to_owned());
    }
    if p.idempotency_token {
        lines.push(String::new());
        lines.push(
            "The client token that makes the request idempotent: when it is not set, a unique token is generated \
             and reused across the retries of this request."
                .to_owned(),
        );
    }
    if p.has_secret() {
        lines.push(String::new());
        lines.push(SECRET_DOC.to_owned());
    }
    if !matches!(p.kind, ParamKind::Comma { .. }) && matches!(p.ty(), Type::Vec(_)) {
        lines.push(String::new());
        lines.push("Takes any iterator and replaces the list.".to_owned());
    }
    let deprecated = p.docs.deprecated.as_ref().map(|notice| {
        if notice.is_empty() {
            "deprecated by the documentation".to_owned()
        } else {
            docs::one_line(notice)
        }
    });
    (lines, deprecated)
}

/// The setters of a comma list: one value, or several (the plural).
fn setter(p: &Param, types: &TokenStream) -> TokenStream {
    let name = id(&p.rust);
    let (lines, deprecated) = setter_doc(p);
    let deprecated = deprecated.map(|note| quote!(#[deprecated(note = #note)]));
    match &p.kind {
        ParamKind::Comma { item, plural } => {
            let plural = id(plural);
            let arg = arg_type(item, types);
            let t = rust_type(item, types);
            let value = into(item, quote!(value));
            let doc = docs::attrs(&lines);
            let plural_doc = format!(
                " Sets several values of [`Self::{}`] at once; they are sent joined by commas.",
                crate::naming::unraw(&p.rust)
            );
            quote! {
                #doc
                #deprecated
                #[inline]
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = ::std::vec![#value];
                    self
                }

                #[doc = #plural_doc]
                #deprecated
                #[inline]
                pub fn #plural<I>(mut self, values: I) -> Self
                where
                    I: ::std::iter::IntoIterator,
                    I::Item: ::std::convert::Into<#t>,
                {
                    self.#name = values.into_iter().map(::std::convert::Into::into).collect();
                    self
                }
            }
        }
        _ => TokenStream::new(),
    }
}

/// The documented wire name of a parameter (`Tag.N`, `AdditionalAttributes.N`).
fn wire_display(p: &Param) -> String {
    match &p.kind {
        ParamKind::Numbered(Type::Struct(_)) => format!("{}.N.*", p.wire),
        ParamKind::Numbered(_) => format!("{}.N", p.wire),
        ParamKind::Dotted(_) => format!("{}.*", p.wire),
        _ => p.wire.clone(),
    }
}
