//! Rust SDK for Alibaba Cloud ECS and JD Cloud VM, generated from their documentation.
//!
//! ```no_run
//! # async fn demo() -> Result<(), cloudsdk::Error> {
//! let config = cloudsdk::Config::builder()
//!     .credentials(cloudsdk::Credentials::new("AKID", "SECRET"))
//!     .region("cn-hangzhou")
//!     .build();
//! let ecs = cloudsdk::aliyun::ecs::Client::new(&config);
//! let out = ecs.describe_images().image_owner_alias("self").page_size(10).send().await?;
//! for image in &out.images {
//!     println!("{:?} {:?}", image.image_id, image.status);
//! }
//! # Ok(()) }
//! ```
//!
//! Each service is a Cargo feature (`aliyun-ecs`, `jdcloud-vm`, all on by default). The
//! modules under [`aliyun`] and [`jdcloud`] are generated from `specs/` by
//! `cargo xtask codegen`; the runtime they call (HTTP, signing, retries, errors, pagination)
//! is hand-written.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod config;
pub mod credentials;
mod error;
#[doc(hidden)]
pub mod runtime;
mod services;

pub use config::{AliyunSignature, Config, ConfigBuilder, JdcloudSignature};
pub use credentials::{Credentials, ProvideCredentials};
pub use error::{Error, ServiceError};
pub use runtime::paginate::{Paginator, PageStream, ItemStream};
pub use services::*;
