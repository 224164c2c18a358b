//! Credentials from the vendor's environment variables.

use super::{
    credentials_error, found_or_error, Credentials, Env, Lookup, ProvideCredentials, Source, ALIYUN_ID_VAR,
    ALIYUN_SECRET_VAR, ALIYUN_TOKEN_VAR, JDCLOUD_ID_VAR, JDCLOUD_SECRET_VAR,
};
use crate::Error;
use futures::future::BoxFuture;

/// Credentials from a vendor's documented environment variables, read at each lookup.
///
/// - [`aliyun`](Self::aliyun): `ALIBABA_CLOUD_ACCESS_KEY_ID`,
///   `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, and optionally `ALIBABA_CLOUD_SECURITY_TOKEN`.
/// - [`jdcloud`](Self::jdcloud): `JDCLOUD_ACCESS_KEY` and `JDCLOUD_SECRET_KEY` (as JD
///   Cloud's Terraform and Packer providers read them).
///
/// An empty value counts as unset. Neither variable of the pair set: not configured (in a
/// [`ChainProvider`](super::ChainProvider) the next provider tries). Only one of them set:
/// an [`Error::Credentials`] naming both.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EnvironmentProvider {
    vars: Vars,
    env: Env,
}

/// The variables of one vendor.
#[derive(Debug, Clone, Copy)]
struct Vars {
    id: &'static str,
    secret: &'static str,
    token: Option<&'static str>,
}

impl EnvironmentProvider {
    /// Alibaba Cloud's variables.
    pub fn aliyun() -> Self {
        Self::aliyun_with(Env::process())
    }

    /// JD Cloud's variables.
    pub fn jdcloud() -> Self {
        Self::jdcloud_with(Env::process())
    }

    pub(crate) fn aliyun_with(env: Env) -> Self {
        Self { vars: Vars { id: ALIYUN_ID_VAR, secret: ALIYUN_SECRET_VAR, token: Some(ALIYUN_TOKEN_VAR) }, env }
    }

    pub(crate) fn jdcloud_with(env: Env) -> Self {
        Self { vars: Vars { id: JDCLOUD_ID_VAR, secret: JDCLOUD_SECRET_VAR, token: None }, env }
    }

    fn find(&self) -> Result<Lookup, Error> {
        let Vars { id: id_var, secret: secret_var, token } = self.vars;
        let credentials = match (self.env.var(id_var), self.env.var(secret_var)) {
            (Some(id), Some(secret)) => Credentials::new(id, secret),
            (None, None) => {
                return Ok(Lookup::NotFound(vec![format!(
                    "the environment variables {id_var} and {secret_var} (not set)"
                )]))
            }
            (Some(_), None) => {
                return Err(credentials_error(format!("{id_var} is set but {secret_var} is not; set both")))
            }
            (None, Some(_)) => {
                return Err(credentials_error(format!("{secret_var} is set but {id_var} is not; set both")))
            }
        };
        Ok(Lookup::Found(match token.and_then(|name| self.env.var(name)) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        }))
    }
}

impl Source for EnvironmentProvider {
    fn lookup(&self) -> BoxFuture<'_, Result<Lookup, Error>> {
        Box::pin(futures::future::ready(self.find()))
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(futures::future::ready(found_or_error(self.find())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::message;

    fn aliyun(pairs: &[(&str, &str)]) -> EnvironmentProvider {
        EnvironmentProvider::aliyun_with(Env::fixed(pairs))
    }

    fn jdcloud(pairs: &[(&str, &str)]) -> EnvironmentProvider {
        EnvironmentProvider::jdcloud_with(Env::fixed(pairs))
    }

    #[tokio::test]
    async fn aliyun_env_vars_with_optional_token() {
        let vars = aliyun(&[(ALIYUN_ID_VAR, "E"), (ALIYUN_SECRET_VAR, "F"), (ALIYUN_TOKEN_VAR, "T")]);
        let c = vars.provide_credentials().await.unwrap();
        assert_eq!((c.access_key_id(), c.access_key_secret(), c.security_token()), ("E", "F", Some("T")));
        let c = aliyun(&[(ALIYUN_ID_VAR, "E"), (ALIYUN_SECRET_VAR, "F"), (ALIYUN_TOKEN_VAR, "")]);
        assert_eq!(c.provide_credentials().await.unwrap().security_token(), None);
    }

    #[tokio::test]
    async fn jdcloud_env_vars() {
        let c = jdcloud(&[(JDCLOUD_ID_VAR, "J"), (JDCLOUD_SECRET_VAR, "K"), (ALIYUN_TOKEN_VAR, "T")]);
        let c = c.provide_credentials().await.unwrap();
        assert_eq!((c.access_key_id(), c.access_key_secret(), c.security_token()), ("J", "K", None));
    }

    #[tokio::test]
    async fn half_set_env_vars_are_an_error() {
        let e = jdcloud(&[(JDCLOUD_ID_VAR, "E"), (JDCLOUD_SECRET_VAR, "")]).lookup().await.unwrap_err();
        assert_eq!(message(e), "JDCLOUD_ACCESS_KEY is set but JDCLOUD_SECRET_KEY is not; set both");
        let e = aliyun(&[(ALIYUN_SECRET_VAR, "F")]).provide_credentials().await.unwrap_err();
        assert_eq!(
            message(e),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not; set both"
        );
    }

    #[tokio::test]
    async fn unset_is_not_found_and_empty_counts_as_unset() {
        let lookup = aliyun(&[(ALIYUN_ID_VAR, ""), (ALIYUN_TOKEN_VAR, "T")]).lookup().await.unwrap();
        let Lookup::NotFound(tried) = lookup else { panic!("{lookup:?}") };
        assert_eq!(
            tried,
            ["the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)"]
        );
        let e = jdcloud(&[]).provide_credentials().await.unwrap_err();
        assert_eq!(message(e), "tried the environment variables JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY (not set)");
    }
}
