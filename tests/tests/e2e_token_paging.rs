//! Token paging end to end: the mock serves K items across pages named by their token
//! (`page-2`), and the paginator walks them, stopping at the empty token or a repeated one.

mod support;

use cloudsdk::aliyun::ecs;
use cloudsdk_tests::mock::Mock;
use futures::TryStreamExt;
use support::{config, start, statuses};

fn tokens(mock: &Mock) -> Vec<Option<String>> {
    mock.requests().iter().map(|r| r.param("NextToken").map(str::to_owned)).collect()
}

#[tokio::test]
async fn token_paging_streams_every_item_and_stops_at_the_empty_token() {
    let mock = start().await;
    mock.paginate("DescribeNetworkInterfaces", 25).unwrap();
    let client = ecs::Client::new(&config(&mock).build());
    let items: Vec<_> = client
        .describe_network_interfaces()
        .region_id("cn-hangzhou")
        .max_results(10)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 25);
    assert_eq!(tokens(&mock), [None, Some("page-2".into()), Some("page-3".into())]);
    assert_eq!(statuses(&mock), [200; 3]);
}

#[tokio::test]
async fn token_paging_stops_when_the_token_repeats() {
    let mock = start().await;
    mock.paginate("ListTagResources", 4).unwrap();
    mock.repeat_last_page("ListTagResources", true).unwrap();
    let client = ecs::Client::new(&config(&mock).build());
    let pages: Vec<_> = client
        .list_tag_resources()
        .region_id("cn-hangzhou")
        .resource_type("instance")
        .into_paginator()
        .pages()
        .try_collect()
        .await
        .unwrap();
    // One page of four items, whose token names itself: it is followed once, and the
    // repeat ends the walk.
    assert_eq!(pages.len(), 2);
    assert_eq!(tokens(&mock), [None, Some("page-1".into())]);
}
