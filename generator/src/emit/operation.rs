//! One operation's file: its static description, its request builder (fields, setters, wire
//! parameters, `send`, `into_paginator`), and its output type.

use super::debug::{self, Shown};
use super::docs;
use super::types::{field, serde_impls, struct_debug, SECRET_DOC};
use super::{id, rust_type};
use crate::ir::{Operation, Param, ParamKind, Service, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The whole file of one operation.
pub fn operation(s: &Service, op: &Operation) -> TokenStream {
    let types = quote!(super::types);
    let request = id(&op.request_type);
    let output = id(&op.output_type);
    let (name, method, path) = (&op.name, &op.http_method, &op.http_path);
    let required = op.params.iter().filter(|p| p.required).map(|p| p.wire.as_str());
    let idempotent = op.idempotent;
    let idempotency_token = match &op.idempotency_token {
        Some(wire) => quote!(::std::option::Option::Some(#wire)),
        None => quote!(::std::option::Option::None),
    };

    let mut request_doc = docs::sanitize(&op.summary);
    if let Some(d) = &op.description {
        request_doc.push(String::new());
        request_doc.extend(docs::sanitize(d));
    }
    request_doc.push(String::new());
    // The spec file is in the repository; the vendor's page is cited by its address only.
    let source = match &op.source_url {
        Some(url) => format!(" Transcribed from the vendor's page <{url}>."),
        None => String::new(),
    };
    request_doc.push(format!(
        "Made by `Client::{}()`; `send()` returns [`{}`]. Spec: `{}`.{source}",
        crate::naming::unraw(&op.method),
        op.output_type,
        op.spec_file.display().to_string().replace('\\', "/"),
    ));
    if !op.errors.is_empty() {
        request_doc.push(String::new());
        request_doc.extend(docs::error_table(&op.errors));
    }
    let request_doc = docs::attrs(&request_doc);

    let fields = op.params.iter().map(|p| {
        let f = id(&p.rust);
        let ty = storage_type(p, &types);
        quote!(#f: #ty,)
    });
    let inits = op.params.iter().map(|p| {
        let f = id(&p.rust);
        quote!(#f: ::std::default::Default::default(),)
    });
    let setters = op.params.iter().map(|p| setter(p, &types));
    let writes = op.params.iter().map(write_param);

    let paginate = op.pagination.as_ref().map(|pg| {
        let page_number = id(&pg.page_number);
        let items = id(&pg.items);
        let total = id(&pg.total_count);
        let item_ty = rust_type(&pg.item_ty, &types);
        let total_expr = match pg.total_count_ty {
            Type::I64 => quote!(self.#total),
            _ => quote!(self.#total.map(i64::from)),
        };
        quote! {
            impl #request {
                /// Walks every page: `.items()` streams every element, `.pages()` every output.
                /// It stops at the documented total count, an empty page, or a repeated page.
                pub fn into_paginator(self) -> crate::Paginator<Self> {
                    crate::Paginator::new(self)
                }
            }
            impl crate::runtime::paginate::PagedRequest for #request {
                type Output = #output;
                fn page_number(&self) -> ::std::option::Option<i32> {
                    self.#page_number
                }
                fn set_page_number(&mut self, page: i32) {
                    self.#page_number = ::std::option::Option::Some(page);
                }
                fn send_page(self) -> ::futures::future::BoxFuture<'static, ::std::result::Result<#output, crate::Error>> {
                    ::std::boxed::Box::pin(self.send())
                }
            }
            impl crate::runtime::paginate::PagedOutput for #output {
                type Item = #item_ty;
                fn total_count(&self) -> ::std::option::Option<i64> {
                    #total_expr
                }
                fn items(&self) -> &[#item_ty] {
                    &self.#items
                }
                fn into_items(self) -> ::std::vec::Vec<#item_ty> {
                    self.#items
                }
            }
        }
    });

    let output_fields: Vec<TokenStream> = op.fields.iter().map(|f| field(f, &types)).collect();
    let output_doc = format!(" The answer of `{}`: {}", op.name, docs::sanitize(&op.summary).join(" "));
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
            /// Reads the raw body (`{"requestId": ..., "result": {...}}`); the members of
            /// `result` are fields of the output.
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

            impl ::std::convert::From<crate::runtime::protocol::jdcloud_rest::Envelope<#result>> for #output {
                fn from(envelope: crate::runtime::protocol::jdcloud_rest::Envelope<#result>) -> Self {
                    let result = envelope.result.unwrap_or_default();
                    Self { request_id: envelope.request_id, #(#names: result.#names,)* }
                }
            }

            impl ::std::convert::From<#output> for crate::runtime::protocol::jdcloud_rest::Envelope<#result> {
                fn from(output: #output) -> Self {
                    Self { request_id: output.request_id, result: ::std::option::Option::Some(#result { #(#names: output.#names,)* }) }
                }
            }
        }
    } else {
        let (derive, debug_impl) = struct_debug(&op.output_type, &op.fields, &[], false);
        let serde = serde_impls(&op.output_type, &op.fields);
        quote! {
            #[doc = #output_doc]
            #derive
            #[non_exhaustive]
            pub struct #output {
                #(#output_fields)*
            }
            #debug_impl
            #serde
        }
    };

    let (request_derive, request_debug) = if op.params.iter().any(Param::has_secret) {
        let shown: Vec<(&str, Shown)> = op.params.iter().map(|p| (p.rust.as_str(), shown(p))).collect();
        (
            debug::derives(false, quote!(::std::clone::Clone)),
            Some(debug::redacting_impl(&op.request_type, &shown, true)),
        )
    } else {
        (debug::derives(true, quote!(::std::clone::Clone)), None)
    };

    let module_doc = format!(" `{}`: {}", op.name, docs::sanitize(&op.summary).join(" "));
    quote! {
        #![doc = #module_doc]

        static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
            service: &super::SERVICE,
            name: #name,
            method: #method,
            path: #path,
            required: &[#(#required),*],
            idempotent: #idempotent,
            idempotency_token: #idempotency_token,
        };

        #request_doc
        #request_derive
        #[non_exhaustive]
        pub struct #request {
            handle: crate::runtime::Handle,
            #(#fields)*
        }
        #request_debug

        impl #request {
            pub(crate) fn new(handle: crate::runtime::Handle) -> Self {
                Self { handle, #(#inits)* }
            }

            #(#setters)*

            /// The wire parameters this request sends, in order (without the signature and
            /// the parameters every request carries).
            pub fn params(&self) -> crate::runtime::Params {
                let mut params = crate::runtime::Params::new();
                #(#writes)*
                params
            }

            /// Sends the request. A missing required parameter is [`crate::Error::Build`]
            /// and nothing is sent.
            pub async fn send(self) -> ::std::result::Result<#output, crate::Error> {
                let params = self.params();
                crate::runtime::send(&self.handle, &OPERATION, params).await
            }
        }

        #paginate

        #output_def
    }
}

/// How a builder's `Debug` shows a parameter.
fn shown(p: &Param) -> Shown {
    match &p.kind {
        _ if p.sensitive => Shown::Redacted,
        ParamKind::Group(members) if members.iter().any(|m| m.sensitive) => {
            Shown::Rows(members.iter().map(|m| m.sensitive).collect())
        }
        _ => Shown::Plain,
    }
}

/// How the builder stores a parameter.
fn storage_type(p: &Param, types: &TokenStream) -> TokenStream {
    match &p.kind {
        ParamKind::Simple(ty) => {
            let ty = rust_type(ty, types);
            quote!(::std::option::Option<#ty>)
        }
        ParamKind::Comma { item, .. } | ParamKind::Numbered(item) => {
            let ty = rust_type(item, types);
            quote!(::std::vec::Vec<#ty>)
        }
        ParamKind::Json(item) => {
            let ty = rust_type(item, types);
            quote!(::std::option::Option<::std::vec::Vec<#ty>>)
        }
        ParamKind::Group(members) => {
            let tys = members.iter().map(|m| rust_type(&m.ty, types));
            quote!(::std::vec::Vec<(#(#tys,)*)>)
        }
    }
}

/// `impl Into<T>` for strings and enums, `T` for the rest.
fn arg_type(ty: &Type, types: &TokenStream) -> TokenStream {
    let t = rust_type(ty, types);
    match ty {
        Type::String | Type::Enum(_) => quote!(impl ::std::convert::Into<#t>),
        _ => t,
    }
}

fn into(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::Enum(_) => quote!(#value.into()),
        _ => value,
    }
}

fn setter(p: &Param, types: &TokenStream) -> TokenStream {
    let name = id(&p.rust);
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
    let deprecated = p.docs.deprecated.as_ref().map(|notice| {
        let note = if notice.is_empty() {
            "deprecated by the documentation".to_owned()
        } else {
            docs::sanitize(notice).join(" ")
        };
        quote!(#[deprecated(note = #note)])
    });
    match &p.kind {
        ParamKind::Simple(ty) => {
            let arg = arg_type(ty, types);
            let value = into(ty, quote!(value));
            let doc = docs::attrs(&lines);
            quote! {
                #doc
                #deprecated
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = ::std::option::Option::Some(#value);
                    self
                }
            }
        }
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
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = ::std::vec![#value];
                    self
                }

                #[doc = #plural_doc]
                #deprecated
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
        ParamKind::Json(item) | ParamKind::Numbered(item) => {
            let t = rust_type(item, types);
            lines.push(String::new());
            lines.push("Takes any iterator and replaces the list.".to_owned());
            let doc = docs::attrs(&lines);
            let store = match &p.kind {
                ParamKind::Json(_) => {
                    quote!(::std::option::Option::Some(values.into_iter().map(::std::convert::Into::into).collect()))
                }
                _ => quote!(values.into_iter().map(::std::convert::Into::into).collect()),
            };
            quote! {
                #doc
                #deprecated
                pub fn #name<I>(mut self, values: I) -> Self
                where
                    I: ::std::iter::IntoIterator,
                    I::Item: ::std::convert::Into<#t>,
                {
                    self.#name = #store;
                    self
                }
            }
        }
        ParamKind::Group(members) => {
            let generics: Vec<_> = (0..members.len()).map(|i| format_ident!("M{}", i)).collect();
            let vars: Vec<_> = (0..members.len()).map(|i| format_ident!("m{}", i)).collect();
            let bounds = members.iter().zip(&generics).map(|(m, g)| {
                let t = rust_type(&m.ty, types);
                quote!(#g: ::std::convert::Into<#t>)
            });
            let names: Vec<String> = members.iter().map(|m| format!("`{}`", m.wire)).collect();
            lines.push(String::new());
            lines.push(format!(
                "Each item is a tuple ({}); takes any iterator and replaces the list.",
                names.join(", ")
            ));
            for m in members {
                lines.push(String::new());
                lines.push(format!(
                    "`{}`: {}",
                    m.wire,
                    m.docs.description.as_deref().map(|d| docs::sanitize(d).join(" ")).unwrap_or_default()
                ));
                if let Some(e) = &m.docs.example {
                    lines.push(format!("Example: {}.", docs::code(e)));
                }
            }
            let doc = docs::attrs(&lines);
            quote! {
                #doc
                #deprecated
                pub fn #name<I, #(#generics),*>(mut self, items: I) -> Self
                where
                    I: ::std::iter::IntoIterator<Item = (#(#generics,)*)>,
                    #(#bounds,)*
                {
                    self.#name = items.into_iter().map(|(#(#vars,)*)| (#(#vars.into(),)*)).collect();
                    self
                }
            }
        }
    }
}

/// The documented wire name of a parameter (`Tag.N.Key`, `AdditionalAttributes.N`).
fn wire_display(p: &Param) -> String {
    match &p.kind {
        ParamKind::Numbered(_) => format!("{}.N", p.wire),
        ParamKind::Group(members) => {
            members.iter().map(|m| format!("{}.N.{}", p.wire, m.wire)).collect::<Vec<_>>().join(", ")
        }
        _ => p.wire.clone(),
    }
}

/// The statement that writes a parameter into `params`.
fn write_param(p: &Param) -> TokenStream {
    let name = id(&p.rust);
    let wire = &p.wire;
    match &p.kind {
        ParamKind::Simple(_) if p.path => quote!(params.path(#wire, &self.#name);),
        ParamKind::Simple(_) => quote!(params.simple(#wire, &self.#name);),
        ParamKind::Comma { .. } => quote!(params.comma(#wire, &self.#name);),
        ParamKind::Json(_) => quote!(params.json(#wire, &self.#name);),
        ParamKind::Numbered(_) => quote!(params.numbered(#wire, &self.#name);),
        ParamKind::Group(members) => {
            let wires = members.iter().map(|m| m.wire.as_str());
            let vars: Vec<_> = (0..members.len()).map(|i| format_ident!("m{}", i)).collect();
            quote! {
                params.numbered_group(
                    #wire,
                    &[#(#wires),*],
                    self.#name.iter().map(|(#(#vars,)*)| ::std::vec![#(crate::runtime::WireValue::to_wire(#vars)),*]),
                );
            }
        }
    }
}
