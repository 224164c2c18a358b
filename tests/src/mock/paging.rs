//! Pages of a paginated operation, made from its documented sample.
//!
//! With [`Hooks::paginate`](super::hooks::Hooks::paginate) set to K items, the sample's
//! first item is cloned K times, its id field (`<Item>Id`: `InstanceId`, `ImageId`) given a
//! suffix `-1` … `-K`, and the page the request asks for (PageNumber/PageSize, with the
//! documented defaults) is served with TotalCount = K; token-paged operations are served
//! the page their token names (`page-2`), with the next token, empty on the last page.

use super::hooks::Paging;
use super::responses::Dialect;
use sdkgen::ir::{Operation, Pagination, PagingKind, Type};
use serde_json::{Map, Value};

/// Rewrites `body` (the documented sample) into the page `params` ask for.
pub(crate) fn page_body(
    dialect: Dialect,
    op: &Operation,
    body: &mut Value,
    paging: Paging,
    params: &[(String, String)],
) {
    let Some(pagination) = &op.pagination else { return };
    let root = match dialect {
        Dialect::Aliyun => Some(body),
        Dialect::Jdcloud => body.get_mut("result"),
    };
    let Some(root) = root.and_then(Value::as_object_mut) else { return };
    let (mut number, size) = requested(op, pagination, params);
    let pages = paging.items.div_ceil(size);
    if paging.repeat_last_page && pages > 0 && number > pages {
        number = pages;
    }
    let start = (number - 1).saturating_mul(size).min(paging.items);
    let end = start.saturating_add(size).min(paging.items);
    let Some(items) = items_mut(op, pagination, root) else { return };
    let template = items.first().cloned().unwrap_or_else(|| Value::Object(Map::new()));
    let id_key = id_key(&pagination.item_ty, &template);
    *items = (start..end).map(|i| numbered(&template, id_key.as_deref(), i + 1)).collect();
    match &pagination.kind {
        PagingKind::PageNumber { wire, .. } => {
            if paging.repeat_last_page {
                root.remove(&wire.total_count);
            } else {
                root.insert(wire.total_count.clone(), Value::from(paging.items));
            }
            for (key, value) in [(&wire.page_number, number), (&wire.page_size, size)] {
                if let Some(slot) = root.get_mut(key.as_str()) {
                    *slot = Value::from(value);
                }
            }
        }
        PagingKind::Token { wire, .. } => {
            // The token names the next page; the last page has an empty one, and a
            // repeating walk keeps handing out the last page's token.
            let next = if number < pages {
                format!("{TOKEN_PREFIX}{}", number + 1)
            } else if paging.repeat_last_page {
                format!("{TOKEN_PREFIX}{pages}")
            } else {
                String::new()
            };
            root.insert(wire.next_token.clone(), Value::from(next));
        }
    }
}

/// What the mock's next-page tokens look like: `page-2` asks for the second page.
const TOKEN_PREFIX: &str = "page-";

/// The page number and size a request asks for, with the documented defaults (else 1 and
/// 10). Validation has already checked that they are integers in range.
fn requested(op: &Operation, pagination: &Pagination, params: &[(String, String)]) -> (usize, usize) {
    let value = |wire: &str, fallback: usize| {
        let given = params.iter().find(|(n, _)| n == wire).map(|(_, v)| v.as_str());
        let default = op.params.iter().find(|p| p.wire == wire).and_then(|p| p.docs.default.as_deref());
        given.or(default).and_then(|v| v.parse::<usize>().ok()).filter(|v| *v > 0).unwrap_or(fallback)
    };
    match &pagination.kind {
        PagingKind::PageNumber { wire, .. } => (value(&wire.page_number, 1), value(&wire.page_size, 10)),
        PagingKind::Token { wire, .. } => {
            let token = params.iter().find(|(n, _)| n == &wire.token).map(|(_, v)| v.as_str());
            let number = token
                .and_then(|t| t.strip_prefix(TOKEN_PREFIX))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n > 0)
                .unwrap_or(1);
            let size = wire.max_results.as_deref().map_or(10, |m| value(m, 10));
            (number, size)
        }
    }
}

/// The items array in the body (inside its wrapper object when the field has one); made
/// when the sample has none.
fn items_mut<'a>(
    op: &Operation,
    pagination: &Pagination,
    root: &'a mut Map<String, Value>,
) -> Option<&'a mut Vec<Value>> {
    let field = op.fields.iter().find(|f| f.wire == pagination.items_wire())?;
    let mut slot = root.entry(field.wire.clone()).or_insert_with(|| Value::Array(Vec::new()));
    if let Some(wrapper) = &field.wrapper {
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        slot = slot.as_object_mut()?.entry(wrapper.clone()).or_insert_with(|| Value::Array(Vec::new()));
    }
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut()
}

/// The id field of an item: `<Item>Id` (any case), else the first key ending in `Id`.
fn id_key(item_ty: &Type, template: &Value) -> Option<String> {
    let object = template.as_object()?;
    let preferred = match item_ty {
        Type::Struct(name) => format!("{name}Id"),
        _ => String::new(),
    };
    let exact = object.keys().find(|k| k.eq_ignore_ascii_case(&preferred));
    exact.or_else(|| object.keys().find(|k| k.ends_with("Id"))).cloned()
}

/// A copy of `template` whose id gets the suffix `-n`.
fn numbered(template: &Value, id_key: Option<&str>, n: usize) -> Value {
    let mut item = template.clone();
    if let (Some(key), Some(object)) = (id_key, item.as_object_mut()) {
        let id = object.get(key).and_then(Value::as_str).unwrap_or("item");
        let id = format!("{id}-{n}");
        object.insert(key.to_owned(), Value::String(id));
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdkgen::ir::Ir;
    use std::sync::OnceLock;

    fn op(name: &str) -> &'static Operation {
        static IR: OnceLock<Ir> = OnceLock::new();
        let ir = IR.get_or_init(crate::specs);
        ir.services.iter().flat_map(|s| &s.operations).find(|o| o.name == name).unwrap()
    }

    fn page(items: usize, repeat: bool, query: &[(&str, &str)]) -> Value {
        let op = op("DescribeInstances");
        let mut body: Value = serde_json::from_str(&op.json_samples[0]).unwrap();
        let params: Vec<(String, String)> = query.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        page_body(Dialect::Aliyun, op, &mut body, Paging { items, repeat_last_page: repeat }, &params);
        body
    }

    fn ids(body: &Value) -> Vec<&str> {
        body["Instances"]["Instance"].as_array().unwrap().iter().map(|i| i["InstanceId"].as_str().unwrap()).collect()
    }

    #[test]
    fn pages_clone_the_first_item_with_numbered_ids() {
        let body = page(25, false, &[("PageNumber", "3")]);
        assert_eq!(
            ids(&body),
            [
                "i-bp1j4i2jdf3owlhe****-21",
                "i-bp1j4i2jdf3owlhe****-22",
                "i-bp1j4i2jdf3owlhe****-23",
                "i-bp1j4i2jdf3owlhe****-24",
                "i-bp1j4i2jdf3owlhe****-25"
            ]
        );
        assert_eq!(
            (body["TotalCount"].as_u64(), body["PageNumber"].as_u64(), body["PageSize"].as_u64()),
            (Some(25), Some(3), Some(10))
        );
        assert_eq!(
            body["Instances"]["Instance"][0]["ImageId"], "centos_7_06_64_20G_alibase_20190711.vhd",
            "only the id varies"
        );
    }

    #[test]
    fn page_size_is_honoured_and_pages_past_the_end_are_empty() {
        assert_eq!(ids(&page(7, false, &[("PageSize", "3"), ("PageNumber", "3")])).len(), 1);
        assert!(ids(&page(7, false, &[("PageSize", "3"), ("PageNumber", "4")])).is_empty());
        assert!(ids(&page(0, false, &[])).is_empty());
    }

    #[test]
    fn repeat_mode_serves_the_last_page_again_without_a_total() {
        let body = page(15, true, &[("PageNumber", "5")]);
        assert_eq!(ids(&body).len(), 5);
        assert_eq!(ids(&body)[0], "i-bp1j4i2jdf3owlhe****-11");
        assert!(body.get("TotalCount").is_none());
    }
}
