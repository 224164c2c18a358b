//! Missing credentials: nothing is sent, and the error says what was tried.
//!
//! This binary holds one test only, because it sets environment variables: no other test
//! runs in its process.

mod support;

use cloudsdk::jdcloud::vm;
use cloudsdk::Error;

#[tokio::test]
async fn half_set_credentials_are_a_credentials_error_and_nothing_is_sent() {
    // Whatever the machine's environment, this makes the outcome certain.
    std::env::set_var("JDCLOUD_ACCESS_KEY", "id-without-secret");
    std::env::remove_var("JDCLOUD_SECRET_KEY");
    let mock = support::start().await;
    let config = cloudsdk::Config::builder().endpoint_url(mock.url()).region("cn-north-1").build();
    let e = vm::Client::new(&config).describe_image_constraints().image_id("img-1").send().await.unwrap_err();
    assert!(matches!(e, Error::Credentials { .. }), "{e:?}");
    assert_eq!(mock.calls(), 0);
    insta::assert_snapshot!("credentials", e);
}
