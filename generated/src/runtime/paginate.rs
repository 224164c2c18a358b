//! Pagination over any paged operation: PageNumber/PageSize/TotalCount, or NextToken.

use crate::Error;
use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A request builder of a paged operation (generated for operations with `pagination`).
///
/// Page-number operations implement `page_number` and `set_page_number`; token-paged ones
/// `set_token` (and their outputs [`PagedOutput::next_token`]).
pub trait PagedRequest: Clone + Send + 'static {
    /// The operation's output.
    type Output: PagedOutput;
    /// The page number the request asks for (`None`: the service default, page 1).
    fn page_number(&self) -> Option<i32> {
        None
    }
    /// Asks for another page by number.
    fn set_page_number(&mut self, _page: i32) {}
    /// Asks for the page after the one that returned `token`.
    fn set_token(&mut self, _token: String) {}
    /// Sends the request.
    fn send_page(self) -> BoxFuture<'static, Result<Self::Output, Error>>;
}

/// The output of a paged operation.
pub trait PagedOutput: Send + 'static {
    /// One element of the page.
    type Item: PartialEq + Clone + Send + 'static;
    /// The documented total count, if the service sent it (page-number paging).
    fn total_count(&self) -> Option<i64> {
        None
    }
    /// The token of the next page; `None` or empty on the last page (token paging).
    fn next_token(&self) -> Option<&str> {
        None
    }
    /// Whether the operation pages by token rather than by number.
    const TOKEN: bool = false;
    /// The elements of this page.
    fn items(&self) -> &[Self::Item];
    /// Takes the elements of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Walks every page of a paged operation. Made by `into_paginator()` on a request builder.
#[derive(Debug, Clone)]
pub struct Paginator<R> {
    request: R,
}

struct State<R: PagedRequest> {
    request: R,
    next_page: i32,
    seen: i64,
    previous: Option<Vec<<R::Output as PagedOutput>::Item>>,
    /// Token paging: every token followed so far (a repeat ends the walk).
    tokens: std::collections::HashSet<String>,
    done: bool,
}

impl<R: PagedRequest> Paginator<R> {
    /// A paginator that starts at the request's page number (1 when unset).
    pub fn new(request: R) -> Self {
        Self { request }
    }

    /// Every page, as whole outputs. Page numbers: stops after the page that reaches
    /// TotalCount, at an empty page, at a page that repeats the previous one. Tokens: stops
    /// after the page whose next token is empty, absent, or one already followed. Both stop
    /// after the first error.
    pub fn pages(self) -> PageStream<R::Output> {
        let first = self.request.page_number().unwrap_or(1);
        let state = State {
            request: self.request,
            next_page: first,
            seen: 0,
            previous: None,
            tokens: Default::default(),
            done: false,
        };
        let s = stream::unfold(state, |mut st| async move {
            if st.done {
                return None;
            }
            let mut req = st.request.clone();
            if !<R::Output as PagedOutput>::TOKEN {
                req.set_page_number(st.next_page);
            }
            match req.send_page().await {
                Err(e) => {
                    st.done = true;
                    Some((Err(e), st))
                }
                Ok(page) if <R::Output as PagedOutput>::TOKEN => {
                    match page.next_token().filter(|t| !t.is_empty()) {
                        Some(token) if st.tokens.insert(token.to_owned()) => st.request.set_token(token.to_owned()),
                        _ => st.done = true,
                    }
                    Some((Ok(page), st))
                }
                Ok(page) => {
                    let items = page.items();
                    if items.is_empty() || st.previous.as_deref() == Some(items) {
                        return None;
                    }
                    st.seen += items.len() as i64;
                    st.previous = Some(items.to_vec());
                    if page.total_count().is_some_and(|total| st.seen >= total) {
                        st.done = true;
                    }
                    st.next_page += 1;
                    Some((Ok(page), st))
                }
            }
        });
        PageStream { inner: s.boxed() }
    }

    /// Every element of every page (see [`Paginator::pages`] for when it stops).
    pub fn items(self) -> ItemStream<<R::Output as PagedOutput>::Item> {
        let s = self.pages().flat_map(|page| match page {
            Ok(page) => stream::iter(page.into_items().into_iter().map(Ok).collect::<Vec<_>>()),
            Err(e) => stream::iter(vec![Err(e)]),
        });
        ItemStream { inner: s.boxed() }
    }
}

/// A stream of pages; `Send + Unpin + 'static`.
pub struct PageStream<O> {
    inner: BoxStream<'static, Result<O, Error>>,
}

impl<O> Stream for PageStream<O> {
    type Item = Result<O, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<O> std::fmt::Debug for PageStream<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageStream")
    }
}

/// A stream of the elements of every page; `Send + Unpin + 'static`.
pub struct ItemStream<T> {
    inner: BoxStream<'static, Result<T, Error>>,
}

impl<T> Stream for ItemStream<T> {
    type Item = Result<T, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ItemStream")
    }
}
