//! One operation's file: its static description, its request builder (fields, setters, wire
//! parameters, `send`, `into_paginator`), and its output type.

use super::debug::{self, Shown};
use super::docs;
use super::types::{field, serde_impls, struct_debug, SECRET_DOC};
use super::{id, rust_type};
use crate::ir::{Location, Operation, PagingKind, Param, ParamKind, Service, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole file of one operation.
pub fn operation(s: &Service, op: &Operation) -> TokenStream {
    let types = quote!(super::types);
    let request = id(&op.request_type);
    let output = id(&op.output_type);
    let (name, method, path) = (&op.name, &op.http_method, &op.http_path);
    let required = super::required_patterns(s, op);
    let idempotent = op.idempotent;
    let idempotency_token = match op.params.iter().find(|p| p.idempotency_token) {
        Some(p) if p.location == Location::Body => {
            let wire = &p.wire;
            quote!(::std::option::Option::Some(crate::runtime::Token::Body(#wire)))
        }
        Some(p) => {
            let wire = &p.wire;
            quote!(::std::option::Option::Some(crate::runtime::Token::Query(#wire)))
        }
        None => quote!(::std::option::Option::None),
    };

    let region = s.region_parameter.as_ref().is_some_and(|r| op.params.iter().any(|p| &p.wire == r));
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
        let items = id(&pg.items);
        let item_ty = rust_type(&pg.item_ty, &types);
        let (request_impl, output_impl, stops) = match &pg.kind {
            PagingKind::PageNumber { page_number, total_count, total_count_ty, .. } => {
                let page_number = id(page_number);
                let total = id(total_count);
                let total_expr = match total_count_ty {
                    Type::I64 => quote!(self.#total),
                    _ => quote!(self.#total.map(i64::from)),
                };
                (
                    quote! {
                        fn page_number(&self) -> ::std::option::Option<i32> {
                            self.#page_number
                        }
                        fn set_page_number(&mut self, page: i32) {
                            self.#page_number = ::std::option::Option::Some(page);
                        }
                    },
                    quote! {
                        fn total_count(&self) -> ::std::option::Option<i64> {
                            #total_expr
                        }
                    },
                    "It stops at the documented total count, an empty page, or a repeated page.",
                )
            }
            PagingKind::Token { token, next_token, .. } => {
                let token = id(token);
                let next = id(next_token);
                (
                    quote! {
                        fn set_token(&mut self, token: ::std::string::String) {
                            self.#token = ::std::option::Option::Some(token);
                        }
                    },
                    quote! {
                        const TOKEN: bool = true;
                        fn next_token(&self) -> ::std::option::Option<&str> {
                            self.#next.as_deref()
                        }
                    },
                    "It follows the next-page token and stops when the token is empty, absent or repeats.",
                )
            }
        };
        let doc = format!(" Walks every page: `.items()` streams every element, `.pages()` every output. {stops}");
        quote! {
            impl #request {
                #[doc = #doc]
                pub fn into_paginator(self) -> crate::Paginator<Self> {
                    crate::Paginator::new(self)
                }
            }
            impl crate::runtime::paginate::PagedRequest for #request {
                type Output = #output;
                #request_impl
                fn send_page(self) -> ::futures::future::BoxFuture<'static, ::std::result::Result<#output, crate::Error>> {
                    ::std::boxed::Box::pin(self.send())
                }
            }
            impl crate::runtime::paginate::PagedOutput for #output {
                type Item = #item_ty;
                #output_impl
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
                    #[allow(unused_variables)]
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

    let (request_derive, request_debug) = if op.params.iter().any(|p| p.sensitive) {
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
            region: #region,
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

/// How a builder's `Debug` shows a parameter (a struct redacts its own secret members).
fn shown(p: &Param) -> Shown {
    if p.sensitive {
        Shown::Redacted
    } else {
        Shown::Plain
    }
}

/// How the builder stores a value of type `ty`: lists and maps as themselves (empty when
/// unset), everything else in an `Option`.
pub(crate) fn storage(ty: &Type, types: &TokenStream) -> TokenStream {
    let t = rust_type(ty, types);
    match ty {
        Type::Vec(_) | Type::Map(_) => t,
        _ => quote!(::std::option::Option<#t>),
    }
}

/// How the builder stores a parameter.
fn storage_type(p: &Param, types: &TokenStream) -> TokenStream {
    match &p.kind {
        ParamKind::Json(ty) => {
            let t = rust_type(ty, types);
            quote!(::std::option::Option<#t>)
        }
        _ => storage(&p.ty(), types),
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
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#field = ::std::option::Option::Some(#value);
                    self
                }
            }
        }
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
        kind => {
            let ty = p.ty();
            if matches!(ty, Type::Vec(_)) {
                lines.push(String::new());
                lines.push("Takes any iterator and replaces the list.".to_owned());
            }
            let doc = docs::attrs(&lines);
            value_setter(&name, &name, &ty, matches!(kind, ParamKind::Json(_)), types, quote!(#doc #deprecated))
        }
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

/// The statement that writes a parameter into `params`.
fn write_param(p: &Param) -> TokenStream {
    let name = id(&p.rust);
    let wire = &p.wire;
    match (&p.kind, p.location) {
        (_, Location::Body) => quote!(params.body(#wire, &self.#name);),
        (_, Location::Header) => quote!(params.header(#wire, &self.#name);),
        (ParamKind::Simple(_), Location::Path) => quote!(params.path(#wire, &self.#name);),
        (ParamKind::Simple(_), _) => quote!(params.simple(#wire, &self.#name);),
        (ParamKind::Comma { .. }, _) => quote!(params.comma(#wire, &self.#name);),
        (ParamKind::Json(_), _) => quote!(params.json(#wire, &self.#name);),
        (ParamKind::Numbered(_) | ParamKind::Dotted(_), _) => quote!(params.flat(#wire, &self.#name);),
    }
}
