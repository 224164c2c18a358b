//! Access keys.

use crate::Error;

/// Whose documented credential sources to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vendor {
    /// Alibaba Cloud.
    Aliyun,
    /// JD Cloud.
    Jdcloud,
}
use std::fmt;
use std::path::Path;

/// An access key pair, with an optional STS security token.
///
/// `Debug` shows the key id and never the secret or the token.
///
/// When [`Config`](crate::Config) has no credentials, each request resolves them when it
/// is sent, in this order:
/// 1. the vendor's environment variables: Alibaba Cloud `ALIBABA_CLOUD_ACCESS_KEY_ID`,
///    `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and optionally `ALIBABA_CLOUD_SECURITY_TOKEN`;
///    JD Cloud `JDCLOUD_ACCESS_KEY` and `JDCLOUD_SECRET_KEY` (an empty value counts as
///    unset; setting only one of a pair is an error);
/// 2. for Alibaba Cloud, the Alibaba Cloud CLI file `$HOME/.aliyun/config.json`: the
///    profile named by `ALIBABA_CLOUD_PROFILE`, else the file's `current` profile, in mode
///    `AK` or `StsToken`.
///
/// If none is found the request fails with [`Error::Credentials`](crate::Error::Credentials)
/// naming what was tried.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    /// An access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self { access_key_id: access_key_id.into(), access_key_secret: access_key_secret.into(), security_token: None }
    }

    /// Adds an STS security token (temporary credentials).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret. Handle with care: never log it.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field("security_token", &self.security_token.as_ref().map(|_| "** redacted **"))
            .finish()
    }
}

/// Alibaba Cloud's access key id variable.
pub(crate) const ALIYUN_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Alibaba Cloud's access key secret variable.
pub(crate) const ALIYUN_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Alibaba Cloud's STS token variable (optional).
pub(crate) const ALIYUN_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// Selects a profile of the CLI file other than its `current` one, as the official
/// credentials library does.
pub(crate) const ALIYUN_PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
/// JD Cloud's access key variable.
pub(crate) const JDCLOUD_ID_VAR: &str = "JDCLOUD_ACCESS_KEY";
/// JD Cloud's secret key variable.
pub(crate) const JDCLOUD_SECRET_VAR: &str = "JDCLOUD_SECRET_KEY";

/// The credentials a request of `vendor` is signed with: `explicit` (from
/// [`Config`](crate::Config)) if set; else the vendor's environment variables; else, for
/// Alibaba Cloud, the current profile of the Alibaba Cloud CLI file `~/.aliyun/config.json`.
pub(crate) fn resolve(vendor: Vendor, explicit: Option<&Credentials>) -> Result<Credentials, Error> {
    resolve_with(vendor, explicit, |name| std::env::var(name).ok())
}

/// [`resolve`] with the environment read through `var` (an empty value counts as unset).
pub(crate) fn resolve_with(
    vendor: Vendor,
    explicit: Option<&Credentials>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Credentials, Error> {
    if let Some(credentials) = explicit {
        return Ok(credentials.clone());
    }
    let var = |name: &str| var(name).filter(|v| !v.is_empty());
    match vendor {
        Vendor::Aliyun => aliyun(&var),
        Vendor::Jdcloud => jdcloud(&var),
    }
}

fn credentials_error(message: String) -> Error {
    Error::Credentials { message }
}

/// A key pair from two variables; `Ok(None)` when neither is set.
fn pair_from_env(
    var: &dyn Fn(&str) -> Option<String>,
    id_var: &str,
    secret_var: &str,
) -> Result<Option<Credentials>, Error> {
    match (var(id_var), var(secret_var)) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::new(id, secret))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(credentials_error(format!("{id_var} is set but {secret_var} is not; set both"))),
        (None, Some(_)) => Err(credentials_error(format!("{secret_var} is set but {id_var} is not; set both"))),
    }
}

fn jdcloud(var: &dyn Fn(&str) -> Option<String>) -> Result<Credentials, Error> {
    pair_from_env(var, JDCLOUD_ID_VAR, JDCLOUD_SECRET_VAR)?.ok_or_else(|| {
        credentials_error(format!(
            "for JD Cloud: tried Config::credentials (not set) and the environment variables \
             {JDCLOUD_ID_VAR} and {JDCLOUD_SECRET_VAR} (not set)"
        ))
    })
}

fn aliyun(var: &dyn Fn(&str) -> Option<String>) -> Result<Credentials, Error> {
    if let Some(credentials) = pair_from_env(var, ALIYUN_ID_VAR, ALIYUN_SECRET_VAR)? {
        return Ok(match var(ALIYUN_TOKEN_VAR) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        });
    }
    let tried_env = format!(
        "for Alibaba Cloud: tried Config::credentials (not set), the environment variables \
         {ALIYUN_ID_VAR} and {ALIYUN_SECRET_VAR} (not set)"
    );
    let Some(home) = var("HOME").or_else(|| var("USERPROFILE")) else {
        return Err(credentials_error(format!(
            "{tried_env}, and the Alibaba Cloud CLI file ~/.aliyun/config.json (HOME is not set)"
        )));
    };
    let path = Path::new(&home).join(".aliyun").join("config.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => cli_profile(&text, &path.display().to_string(), var(ALIYUN_PROFILE_VAR)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(credentials_error(format!(
            "{tried_env}, and the Alibaba Cloud CLI file {} (not found)",
            path.display()
        ))),
        Err(e) => Err(credentials_error(format!("cannot read the Alibaba Cloud CLI file {}: {e}", path.display()))),
    }
}

/// The credentials of the selected profile (`wanted`, else the file's `current`, else
/// `default`) of an Alibaba Cloud CLI config file. Messages never quote a field's value.
fn cli_profile(text: &str, path: &str, wanted: Option<String>) -> Result<Credentials, Error> {
    let doc: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| credentials_error(format!("the Alibaba Cloud CLI file {path} is not valid JSON: {e}")))?;
    let name = wanted
        .or_else(|| doc.get("current").and_then(|c| c.as_str()).filter(|c| !c.is_empty()).map(str::to_owned))
        .unwrap_or_else(|| "default".to_owned());
    let profile = doc
        .get("profiles")
        .and_then(|p| p.as_array())
        .and_then(|profiles| profiles.iter().find(|p| p.get("name").and_then(|n| n.as_str()) == Some(name.as_str())))
        .ok_or_else(|| credentials_error(format!("the Alibaba Cloud CLI file {path} has no profile named {name:?}")))?;
    let field = |key: &str| profile.get(key).and_then(|v| v.as_str()).filter(|v| !v.is_empty());
    let mode = field("mode").unwrap_or("AK");
    let where_ = format!("profile {name:?} of the Alibaba Cloud CLI file {path}");
    let missing = |what: &str| credentials_error(format!("{where_} (mode {mode}) has no {what}"));
    let key_pair = || -> Result<Credentials, Error> {
        let id = field("access_key_id").ok_or_else(|| missing("access_key_id"))?;
        let secret = field("access_key_secret").ok_or_else(|| missing("access_key_secret"))?;
        Ok(Credentials::new(id, secret))
    };
    match mode {
        "AK" => key_pair(),
        "StsToken" => Ok(key_pair()?.with_security_token(field("sts_token").ok_or_else(|| missing("sts_token"))?)),
        other => Err(credentials_error(format!(
            "{where_} uses mode {other:?}, which is not supported: use mode AK or StsToken, or set \
             {ALIYUN_ID_VAR} and {ALIYUN_SECRET_VAR}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    fn message(e: Error) -> String {
        match e {
            Error::Credentials { message } => message,
            other => panic!("not a credentials error: {other:?}"),
        }
    }

    /// A fresh directory under the system temp dir, used as HOME.
    fn temp_home(config: Option<&str>) -> std::path::PathBuf {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir()
            .join(format!("cloudsdk-cred-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(dir.join(".aliyun")).unwrap();
        if let Some(text) = config {
            std::fs::write(dir.join(".aliyun/config.json"), text).unwrap();
        }
        dir
    }

    const CLI_FILE: &str = r#"{"current": "sts", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": "FILEID", "access_key_secret": "FILESECRET", "region_id": "cn-hangzhou"},
        {"name": "sts", "mode": "StsToken", "access_key_id": "STSID", "access_key_secret": "STSSECRET", "sts_token": "STSTOKEN"},
        {"name": "role", "mode": "RamRoleArn", "access_key_id": "X", "access_key_secret": "Y", "ram_role_arn": "acs:ram::1:role/r"},
        {"name": "empty", "mode": "AK", "access_key_id": "X", "access_key_secret": ""}
    ]}"#;

    #[test]
    fn explicit_credentials_win() {
        let explicit = Credentials::new("A", "B");
        let vars = env(&[(ALIYUN_ID_VAR, "E"), (ALIYUN_SECRET_VAR, "F")]);
        assert_eq!(resolve_with(Vendor::Aliyun, Some(&explicit), vars).unwrap(), explicit);
    }

    #[test]
    fn aliyun_env_vars_with_optional_token() {
        let vars = env(&[(ALIYUN_ID_VAR, "E"), (ALIYUN_SECRET_VAR, "F"), (ALIYUN_TOKEN_VAR, "T")]);
        let c = resolve_with(Vendor::Aliyun, None, vars).unwrap();
        assert_eq!((c.access_key_id(), c.access_key_secret(), c.security_token()), ("E", "F", Some("T")));
        let c = resolve_with(Vendor::Aliyun, None, env(&[(ALIYUN_ID_VAR, "E"), (ALIYUN_SECRET_VAR, "F")])).unwrap();
        assert_eq!(c.security_token(), None);
    }

    #[test]
    fn half_set_env_vars_are_an_error() {
        let e = resolve_with(Vendor::Jdcloud, None, env(&[(JDCLOUD_ID_VAR, "E"), (JDCLOUD_SECRET_VAR, "")]));
        assert_eq!(message(e.unwrap_err()), "JDCLOUD_ACCESS_KEY is set but JDCLOUD_SECRET_KEY is not; set both");
        let e = resolve_with(Vendor::Aliyun, None, env(&[(ALIYUN_SECRET_VAR, "F")]));
        assert_eq!(
            message(e.unwrap_err()),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not; set both"
        );
    }

    #[test]
    fn jdcloud_env_vars() {
        let c = resolve_with(Vendor::Jdcloud, None, env(&[(JDCLOUD_ID_VAR, "J"), (JDCLOUD_SECRET_VAR, "K")])).unwrap();
        assert_eq!((c.access_key_id(), c.access_key_secret()), ("J", "K"));
        let home = temp_home(Some(CLI_FILE));
        let e = resolve_with(Vendor::Jdcloud, None, env(&[("HOME", home.to_str().unwrap())])).unwrap_err();
        assert_eq!(
            message(e),
            "for JD Cloud: tried Config::credentials (not set) and the environment variables \
             JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY (not set)"
        );
    }

    #[test]
    fn aliyun_cli_file_current_and_selected_profiles() {
        let home = temp_home(Some(CLI_FILE));
        let h = home.to_str().unwrap();
        let c = resolve_with(Vendor::Aliyun, None, env(&[("HOME", h)])).unwrap();
        assert_eq!((c.access_key_id(), c.access_key_secret(), c.security_token()), ("STSID", "STSSECRET", Some("STSTOKEN")));
        let c = resolve_with(Vendor::Aliyun, None, env(&[("HOME", h), (ALIYUN_PROFILE_VAR, "default")])).unwrap();
        assert_eq!((c.access_key_id(), c.access_key_secret(), c.security_token()), ("FILEID", "FILESECRET", None));
        // Environment variables come before the file.
        let c = resolve_with(Vendor::Aliyun, None, env(&[("HOME", h), (ALIYUN_ID_VAR, "E"), (ALIYUN_SECRET_VAR, "F")]));
        assert_eq!(c.unwrap().access_key_id(), "E");
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn aliyun_cli_file_problems_are_explained_without_values() {
        let home = temp_home(Some(CLI_FILE));
        let h = home.to_str().unwrap();
        let path = home.join(".aliyun/config.json").display().to_string();
        let e = resolve_with(Vendor::Aliyun, None, env(&[("HOME", h), (ALIYUN_PROFILE_VAR, "role")])).unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "profile \"role\" of the Alibaba Cloud CLI file {path} uses mode \"RamRoleArn\", which is not \
                 supported: use mode AK or StsToken, or set ALIBABA_CLOUD_ACCESS_KEY_ID and \
                 ALIBABA_CLOUD_ACCESS_KEY_SECRET"
            )
        );
        let e = resolve_with(Vendor::Aliyun, None, env(&[("HOME", h), (ALIYUN_PROFILE_VAR, "empty")])).unwrap_err();
        assert_eq!(
            message(e),
            format!("profile \"empty\" of the Alibaba Cloud CLI file {path} (mode AK) has no access_key_secret")
        );
        let e = resolve_with(Vendor::Aliyun, None, env(&[("HOME", h), (ALIYUN_PROFILE_VAR, "nope")])).unwrap_err();
        assert_eq!(message(e), format!("the Alibaba Cloud CLI file {path} has no profile named \"nope\""));
        std::fs::write(home.join(".aliyun/config.json"), "{\"current\": \"SECRETVALUE\" ").unwrap();
        let e = message(resolve_with(Vendor::Aliyun, None, env(&[("HOME", h)])).unwrap_err());
        assert!(e.starts_with(&format!("the Alibaba Cloud CLI file {path} is not valid JSON: ")), "{e}");
        assert!(!e.contains("SECRETVALUE"), "{e}");
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn nothing_found_names_everything_tried() {
        let home = temp_home(None);
        let h = home.to_str().unwrap();
        let path = home.join(".aliyun/config.json").display().to_string();
        let e = resolve_with(Vendor::Aliyun, None, env(&[("HOME", h)])).unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "for Alibaba Cloud: tried Config::credentials (not set), the environment variables \
                 ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set), and the \
                 Alibaba Cloud CLI file {path} (not found)"
            )
        );
        let e = resolve_with(Vendor::Aliyun, None, env(&[])).unwrap_err();
        assert!(message(e).ends_with("and the Alibaba Cloud CLI file ~/.aliyun/config.json (HOME is not set)"));
        std::fs::remove_dir_all(home).unwrap();
    }
}
