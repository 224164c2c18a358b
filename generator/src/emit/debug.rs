//! `Debug` for structs that hold secrets (`x-sensitive`): a hand-written impl that prints
//! `crate::runtime::Redacted` in place of each secret. Structs without secrets derive `Debug`.

use super::id;
use proc_macro2::TokenStream;
use quote::quote;

/// How one field is shown.
pub(crate) enum Shown {
    /// Its value.
    Plain,
    /// `crate::runtime::Redacted`.
    Redacted,
}

/// The derives of a struct: `Debug` first unless the struct has a hand-written impl.
pub(crate) fn derives(with_debug: bool, rest: TokenStream) -> TokenStream {
    if with_debug {
        quote!(#[derive(::std::fmt::Debug, #rest)])
    } else {
        quote!(#[derive(#rest)])
    }
}

/// `impl Debug for <name>`; `fields` are (Rust name, how it is shown) in declaration order.
/// `more` marks a struct with fields that are not shown (`finish_non_exhaustive`).
pub(crate) fn redacting_impl(name: &str, fields: &[(&str, Shown)], more: bool) -> TokenStream {
    let ty = id(name);
    let entries = fields.iter().map(|(rust, shown)| {
        let label = crate::naming::unraw(rust);
        let f = id(rust);
        match shown {
            Shown::Plain => quote!(.field(#label, &self.#f)),
            Shown::Redacted => quote!(.field(#label, &crate::runtime::Redacted)),
        }
    });
    let finish = if more { quote!(finish_non_exhaustive) } else { quote!(finish) };
    quote! {
        impl ::std::fmt::Debug for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name)#(#entries)*.#finish()
            }
        }
    }
}
