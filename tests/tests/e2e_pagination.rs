//! Pagination end to end: the mock serves K items across pages (PageNumber/PageSize,
//! TotalCount = K) and the paginator walks them, stopping at TotalCount, at a repeated page,
//! or at the first error.

mod support;

use cloudsdk::aliyun::ecs;
use cloudsdk_tests::mock::{Fault, Mock};
use futures::{StreamExt, TryStreamExt};
use support::{config, start};

fn client(mock: &Mock) -> ecs::Client {
    ecs::Client::new(&config(mock).build())
}

fn page_numbers(mock: &Mock) -> Vec<Option<String>> {
    mock.requests().iter().map(|r| r.param("PageNumber").map(str::to_owned)).collect()
}

#[tokio::test]
async fn items_across_three_pages_stop_at_total_count() {
    let mock = start().await;
    mock.paginate("DescribeInstances", 25).unwrap();
    let items: Vec<_> =
        client(&mock).describe_instances().page_size(10).into_paginator().items().try_collect().await.unwrap();
    let ids: Vec<String> = items.iter().map(|i| i.instance_id.clone().unwrap_or_default()).collect();
    let expected: Vec<String> = (1..=25).map(|n| format!("i-bp1j4i2jdf3owlhe****-{n}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(page_numbers(&mock), [Some("1".into()), Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn pages_are_whole_outputs() {
    let mock = start().await;
    mock.paginate("DescribeInstances", 30).unwrap();
    let pages: Vec<_> =
        client(&mock).describe_instances().page_size(10).into_paginator().pages().try_collect().await.unwrap();
    let shape: Vec<_> = pages.iter().map(|p| (p.page_number, p.instances.len(), p.total_count)).collect();
    assert_eq!(shape, [(Some(1), 10, Some(30)), (Some(2), 10, Some(30)), (Some(3), 10, Some(30))]);
    assert_eq!(mock.calls(), 3, "no request for a fourth page once TotalCount is reached");
}

#[tokio::test]
async fn wrapped_items_of_describe_images_page_too() {
    let mock = start().await;
    mock.paginate("DescribeImages", 3).unwrap();
    let stream = client(&mock).describe_images().page_size(1).into_paginator().items();
    // The stream is Send + 'static: it can run on another task.
    let items: Vec<_> = tokio::spawn(stream.try_collect::<Vec<_>>()).await.unwrap().unwrap();
    let ids: Vec<_> = items.iter().filter_map(|i| i.image_id.clone()).collect();
    assert_eq!(ids, ["m-bp1g7004ksh0oeuc****-1", "m-bp1g7004ksh0oeuc****-2", "m-bp1g7004ksh0oeuc****-3"]);
    assert_eq!(mock.calls(), 3);
}

#[tokio::test]
async fn a_repeated_page_stops_the_paginator() {
    let mock = start().await;
    mock.paginate("DescribeInstances", 15).unwrap();
    mock.repeat_last_page("DescribeInstances", true).unwrap();
    let items: Vec<_> = client(&mock).describe_instances().into_paginator().items().try_collect().await.unwrap();
    assert_eq!(items.len(), 15, "the repeated page is not yielded again");
    assert_eq!(page_numbers(&mock), [Some("1".into()), Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_it_is_yielded() {
    let mock = start().await;
    mock.paginate("DescribeInstances", 25).unwrap();
    let mut pages = client(&mock).describe_instances().into_paginator().pages();
    assert!(pages.next().await.unwrap().is_ok());
    mock.fail_next(1, Fault::documented("InvalidStatus.NotFound"));
    let e = pages.next().await.unwrap().unwrap_err();
    assert_eq!(e.as_service().map(|s| s.code()), Some("InvalidStatus.NotFound"));
    assert!(pages.next().await.is_none());
    assert_eq!(mock.calls(), 2);
}

#[tokio::test]
async fn without_the_hook_the_sample_is_served_as_documented() {
    let mock = start().await;
    let out = client(&mock).describe_instances().page_number(7).send().await.unwrap();
    assert_eq!((out.page_number, out.total_count, out.instances.len()), (Some(1), Some(58), 1));
}
