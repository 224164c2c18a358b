//! The module tree and each service's `mod.rs`: the static service description and the
//! `Client` whose methods return request builders.

use super::docs;
use super::id;
use crate::ir::{Ir, Service, Signer};
use proc_macro2::TokenStream;
use quote::quote;

/// `services/mod.rs`.
pub fn root(ir: &Ir) -> TokenStream {
    let mut vendors: Vec<_> = ir.services.iter().map(|s| s.vendor.as_str()).collect();
    vendors.dedup();
    let vendors = vendors.into_iter().map(id);
    quote! {
        //! The generated service modules, one per vendor.
        #(pub mod #vendors;)*
    }
}

/// `services/<vendor>/mod.rs`: one module per service, behind its Cargo feature.
pub fn vendor(services: &[&Service]) -> TokenStream {
    let vendor = services.first().map(|s| s.vendor.as_str()).unwrap_or_default();
    let doc = format!(" Services of `{vendor}`.");
    let items = services.iter().map(|s| {
        let m = id(&s.module);
        let feature = &s.feature;
        quote! {
            #[cfg(feature = #feature)]
            pub mod #m;
        }
    });
    quote! {
        #![doc = #doc]
        #(#items)*
    }
}

/// `services/<vendor>/<service>/mod.rs`.
pub fn service(s: &Service) -> TokenStream {
    let mut module_doc = vec![format!("{}, API version {}.", s.title, s.api_version)];
    if let Some(d) = &s.description {
        module_doc.push(String::new());
        module_doc.extend(docs::prose(d));
    }
    module_doc.push(String::new());
    module_doc.push(format!("Cargo feature: `{}`. Start with [`Client`].", s.feature));
    module_doc.extend(operations_by_group(s));
    let module_doc = module_doc.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });

    let mods: Vec<_> = s.operations.iter().map(|o| id(&o.method)).collect();
    let requests = s.operations.iter().map(|o| id(&o.request_type));
    let outputs = s.operations.iter().map(|o| id(&o.output_type));

    let protocol = id(s.protocol.runtime_name());
    let signers = s.signing_algorithms.iter().map(|a| signer(*a));
    let default_signer = signer(s.signing_default);
    let (name, version, scheme, pattern) = (&s.signing_name, &s.api_version, &s.scheme, &s.endpoint_pattern);
    let regions = s.endpoint_regions.iter().map(|(r, h)| quote!((#r, #h)));
    let region_parameter = match &s.region_parameter {
        Some(p) => quote!(::std::option::Option::Some(#p)),
        None => quote!(::std::option::Option::None),
    };

    let methods = s.operations.iter().map(|o| {
        let method = id(&o.method);
        let request = id(&o.request_type);
        let mut lines = docs::prose(&o.summary);
        lines.push(String::new());
        lines.push(format!("Set parameters on the returned [`{}`], then call `send()`.", o.request_type));
        let doc = docs::attrs(&lines);
        quote! {
            #doc
            #[inline]
            pub fn #method(&self) -> #request {
                #request::new(self.handle.clone())
            }
        }
    });
    let client_doc = format!(" Client for {}.", s.title);

    quote! {
        #(#![doc = #module_doc])*

        #(mod #mods;)*
        pub mod types;

        #(pub use self::#mods::{#requests, #outputs};)*

        pub(crate) static SERVICE: crate::runtime::Service = crate::runtime::Service {
            protocol: &crate::runtime::protocol::#protocol,
            name: #name,
            api_version: #version,
            scheme: #scheme,
            endpoint_pattern: #pattern,
            endpoint_regions: &[#(#regions),*],
            region_parameter: #region_parameter,
            signers: &[#(#signers),*],
            default_signer: #default_signer,
        };

        #[doc = #client_doc]
        ///
        /// Cheap to clone; `Send + Sync + 'static`. Requests run on a Tokio 1.x runtime.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub struct Client {
            handle: crate::runtime::Handle,
        }

        impl Client {
            /// A client with a copy of `config`.
            pub fn new(config: &crate::Config) -> Self {
                Self { handle: crate::runtime::Handle::new(config) }
            }

            #(#methods)*
        }
    }
}

/// `crate::runtime::signing::Signer::<Variant>`.
/// The operations as the reference groups its pages (`Instances`, `Security groups`, …), each
/// group in name order and each operation a link to its `Client` method; operations whose
/// page names no group come last.
fn operations_by_group(s: &Service) -> Vec<String> {
    let mut groups: std::collections::BTreeMap<&str, Vec<&crate::ir::Operation>> = Default::default();
    let mut other = Vec::new();
    for o in &s.operations {
        match &o.group {
            Some(g) => groups.entry(g.as_str()).or_default().push(o),
            None => other.push(o),
        }
    }
    let mut lines = vec![String::new(), format!("# Operations ({})", s.operations.len())];
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(g, _)| g.to_lowercase());
    let titled = groups.into_iter().chain((!other.is_empty()).then_some(("Other operations", other)));
    for (group, ops) in titled {
        lines.push(String::new());
        lines.push(format!("## {group} ({})", ops.len()));
        lines.push(String::new());
        for o in ops {
            lines.push(format!("- [`{name}`](Client::{method})", name = o.name, method = o.method));
        }
    }
    lines
}

fn signer(s: Signer) -> TokenStream {
    let variant = id(s.runtime_name());
    quote!(crate::runtime::signing::Signer::#variant)
}
