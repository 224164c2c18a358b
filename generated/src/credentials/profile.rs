//! Credentials from the Alibaba Cloud CLI file `~/.aliyun/config.json`.

use super::{
    credentials_error, found_or_error, Credentials, EcsRamRoleProvider, Env, Lookup, ProvideCredentials, Source,
    ALIYUN_ID_VAR, ALIYUN_PROFILE_VAR, ALIYUN_SECRET_VAR, ECS_METADATA_DISABLED_VAR,
};
use crate::Error;
use futures::future::BoxFuture;
use std::path::PathBuf;

/// Credentials from a profile of the Alibaba Cloud CLI file, by default
/// `$HOME/.aliyun/config.json` (`%USERPROFILE%` when `HOME` is unset).
///
/// The profile is the one named by [`profile`](Self::profile), else by the
/// `ALIBABA_CLOUD_PROFILE` variable, else the file's `current` profile, else `default`.
/// Supported modes: `AK` (`access_key_id`, `access_key_secret`), `StsToken` (the same and
/// `sts_token`), and `EcsRamRole` (`ram_role_name`, optional: the instance's role is asked
/// for when it is absent), which gets the credentials of the ECS instance RAM role from the
/// instance metadata service with [`EcsRamRoleProvider`] (unless
/// `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is `true`).
///
/// The file is read anew at each lookup, asynchronously (`tokio::fs`). No file: not
/// configured (in a [`ChainProvider`](super::ChainProvider) the next provider tries). A
/// file that is not JSON, a missing profile or field, or an unsupported mode: an
/// [`Error::Credentials`] saying where, which never quotes a value of the file.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ProfileFileProvider {
    path: Option<PathBuf>,
    profile: Option<String>,
    ecs_ram_role: EcsRamRoleProvider,
    env: Env,
}

impl Default for ProfileFileProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProfileFileProvider {
    /// The CLI file in the home directory, the profile chosen as described above, and the
    /// metadata service at its default address for mode `EcsRamRole`.
    pub fn new() -> Self {
        Self::with_env(Env::process())
    }

    pub(crate) fn with_env(env: Env) -> Self {
        Self { path: None, profile: None, ecs_ram_role: EcsRamRoleProvider::builder().env(env.clone()).build(), env }
    }

    /// Reads this file instead of `$HOME/.aliyun/config.json`.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile, whatever `ALIBABA_CLOUD_PROFILE` and the file's `current` say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The metadata service settings (endpoint, timeouts, IMDSv1) for profiles in mode
    /// `EcsRamRole`; the role name comes from the profile when it names one.
    pub fn ecs_ram_role(mut self, provider: EcsRamRoleProvider) -> Self {
        self.ecs_ram_role = provider;
        self
    }

    async fn find(&self) -> Result<Lookup, Error> {
        let path = match &self.path {
            Some(path) => path.clone(),
            None => {
                let Some(home) = self.env.var("HOME").or_else(|| self.env.var("USERPROFILE")) else {
                    return Ok(Lookup::NotFound(vec![
                        "the Alibaba Cloud CLI file ~/.aliyun/config.json (HOME is not set)".to_owned(),
                    ]));
                };
                PathBuf::from(home).join(".aliyun").join("config.json")
            }
        };
        let shown = path.display().to_string();
        let text = match tokio::fs::read_to_string(&path).await {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Lookup::NotFound(vec![format!("the Alibaba Cloud CLI file {shown} (not found)")]))
            }
            Err(e) => return Err(credentials_error(format!("cannot read the Alibaba Cloud CLI file {shown}: {e}"))),
        };
        let wanted = self.profile.clone().or_else(|| self.env.var(ALIYUN_PROFILE_VAR));
        let credentials = match cli_profile(&text, &shown, wanted)? {
            Profile::Static(credentials) => credentials,
            Profile::EcsRamRole { name, role } => {
                let where_ = format!("profile {name:?} of the Alibaba Cloud CLI file {shown} (mode EcsRamRole)");
                if self.env.flag(ECS_METADATA_DISABLED_VAR) {
                    return Err(credentials_error(format!(
                        "{where_} needs the ECS instance metadata service, which \
                         {ECS_METADATA_DISABLED_VAR}=true disables"
                    )));
                }
                let provider = match role {
                    Some(role) => self.ecs_ram_role.clone().with_role_name(role),
                    None => self.ecs_ram_role.clone(),
                };
                provider.fetch().await.map_err(|e| match e {
                    Error::Credentials { message } => credentials_error(format!("{where_}: {message}")),
                    other => other,
                })?
            }
        };
        Ok(Lookup::Found(credentials))
    }
}

impl Source for ProfileFileProvider {
    fn lookup(&self) -> BoxFuture<'_, Result<Lookup, Error>> {
        Box::pin(self.find())
    }
}

impl ProvideCredentials for ProfileFileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async { found_or_error(self.find().await) })
    }
}

/// What a profile holds.
#[derive(Debug)]
enum Profile {
    /// Mode `AK` or `StsToken`.
    Static(Credentials),
    /// Mode `EcsRamRole`, with the role name if the profile gives one.
    EcsRamRole { name: String, role: Option<String> },
}

/// The selected profile (`wanted`, else the file's `current`, else `default`) of an Alibaba
/// Cloud CLI config file. Messages never quote a field's value.
fn cli_profile(text: &str, path: &str, wanted: Option<String>) -> Result<Profile, Error> {
    // Only the position of a syntax error is reported: serde_json's messages for other
    // problems can quote the text.
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
        "AK" => Ok(Profile::Static(key_pair()?)),
        "StsToken" => Ok(Profile::Static(
            key_pair()?.with_security_token(field("sts_token").ok_or_else(|| missing("sts_token"))?),
        )),
        "EcsRamRole" => Ok(Profile::EcsRamRole { role: field("ram_role_name").map(str::to_owned), name }),
        other => Err(credentials_error(format!(
            "{where_} uses mode {other:?}, which is not supported: use mode AK, StsToken or EcsRamRole, or set \
             {ALIYUN_ID_VAR} and {ALIYUN_SECRET_VAR}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{imds_credentials, message, temp_home, Imds, SECRET, STS_TOKEN};

    const CLI_FILE: &str = r#"{"current": "sts", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": "FILEID", "access_key_secret": "FILESECRET", "region_id": "cn-hangzhou"},
        {"name": "sts", "mode": "StsToken", "access_key_id": "STSID", "access_key_secret": "STSSECRET", "sts_token": "STSTOKEN"},
        {"name": "role", "mode": "RamRoleArn", "access_key_id": "X", "access_key_secret": "Y", "ram_role_arn": "acs:ram::1:role/r"},
        {"name": "empty", "mode": "AK", "access_key_id": "X", "access_key_secret": ""},
        {"name": "nosts", "mode": "StsToken", "access_key_id": "X", "access_key_secret": "Y"},
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "app-role"},
        {"name": "ecs-any", "mode": "EcsRamRole"}
    ]}"#;

    fn provider(home: &std::path::Path, pairs: &[(&str, &str)]) -> ProfileFileProvider {
        let mut vars = vec![("HOME", home.to_str().unwrap())];
        vars.extend_from_slice(pairs);
        ProfileFileProvider::with_env(Env::fixed(&vars))
    }

    fn config_path(home: &std::path::Path) -> String {
        home.join(".aliyun").join("config.json").display().to_string()
    }

    #[tokio::test]
    async fn current_and_selected_profiles() {
        let home = temp_home(Some(CLI_FILE));
        let c = provider(&home, &[]).provide_credentials().await.unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret(), c.security_token()),
            ("STSID", "STSSECRET", Some("STSTOKEN"))
        );
        let c = provider(&home, &[(ALIYUN_PROFILE_VAR, "default")]).provide_credentials().await.unwrap();
        assert_eq!((c.access_key_id(), c.access_key_secret(), c.security_token()), ("FILEID", "FILESECRET", None));
        // The builder's profile wins over the variable.
        let c = provider(&home, &[(ALIYUN_PROFILE_VAR, "nope")]).profile("default").provide_credentials().await;
        assert_eq!(c.unwrap().access_key_id(), "FILEID");
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn without_current_the_default_profile_is_used_and_a_path_can_be_given() {
        let home = temp_home(None);
        let file = home.join("elsewhere.json");
        std::fs::write(&file, r#"{"profiles": [{"name": "default", "access_key_id": "D", "access_key_secret": "S"}]}"#)
            .unwrap();
        let c = ProfileFileProvider::with_env(Env::fixed(&[])).path(&file).provide_credentials().await.unwrap();
        assert_eq!((c.access_key_id(), c.security_token()), ("D", None));
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn problems_are_explained_without_values() {
        let home = temp_home(Some(CLI_FILE));
        let path = config_path(&home);
        let e = provider(&home, &[(ALIYUN_PROFILE_VAR, "role")]).lookup().await.unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "profile \"role\" of the Alibaba Cloud CLI file {path} uses mode \"RamRoleArn\", which is not \
                 supported: use mode AK, StsToken or EcsRamRole, or set ALIBABA_CLOUD_ACCESS_KEY_ID and \
                 ALIBABA_CLOUD_ACCESS_KEY_SECRET"
            )
        );
        let e = provider(&home, &[(ALIYUN_PROFILE_VAR, "empty")]).lookup().await.unwrap_err();
        assert_eq!(
            message(e),
            format!("profile \"empty\" of the Alibaba Cloud CLI file {path} (mode AK) has no access_key_secret")
        );
        let e = provider(&home, &[(ALIYUN_PROFILE_VAR, "nosts")]).lookup().await.unwrap_err();
        assert_eq!(
            message(e),
            format!("profile \"nosts\" of the Alibaba Cloud CLI file {path} (mode StsToken) has no sts_token")
        );
        let e = provider(&home, &[(ALIYUN_PROFILE_VAR, "nope")]).lookup().await.unwrap_err();
        assert_eq!(message(e), format!("the Alibaba Cloud CLI file {path} has no profile named \"nope\""));
        std::fs::write(home.join(".aliyun/config.json"), "{\"current\": \"SECRETVALUE\" ").unwrap();
        let e = message(provider(&home, &[]).lookup().await.unwrap_err());
        assert!(e.starts_with(&format!("the Alibaba Cloud CLI file {path} is not valid JSON: ")), "{e}");
        assert!(!e.contains("SECRETVALUE"), "{e}");
        // A directory where the file should be: unreadable, which is broken, not absent.
        std::fs::remove_file(home.join(".aliyun/config.json")).unwrap();
        std::fs::create_dir(home.join(".aliyun/config.json")).unwrap();
        let e = message(provider(&home, &[]).lookup().await.unwrap_err());
        assert!(e.starts_with(&format!("cannot read the Alibaba Cloud CLI file {path}: ")), "{e}");
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn no_file_or_no_home_is_not_found() {
        let home = temp_home(None);
        let Lookup::NotFound(tried) = provider(&home, &[]).lookup().await.unwrap() else { panic!() };
        assert_eq!(tried, [format!("the Alibaba Cloud CLI file {} (not found)", config_path(&home))]);
        let e = ProfileFileProvider::with_env(Env::fixed(&[])).provide_credentials().await.unwrap_err();
        assert_eq!(message(e), "tried the Alibaba Cloud CLI file ~/.aliyun/config.json (HOME is not set)");
        let Lookup::NotFound(_) = ProfileFileProvider::with_env(Env::fixed(&[("USERPROFILE", home.to_str().unwrap())]))
            .lookup()
            .await
            .unwrap()
        else {
            panic!()
        };
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn ecs_ram_role_mode_asks_the_metadata_service() {
        let home = temp_home(Some(CLI_FILE));
        let imds = Imds::start(Imds::instance("app-role", imds_credentials("2026-12-01T12:00:00Z"))).await;
        let ecs = EcsRamRoleProvider::builder().endpoint(&imds.url).env(Env::fixed(&[])).build();
        let c = provider(&home, &[(ALIYUN_PROFILE_VAR, "ecs")]).ecs_ram_role(ecs.clone()).provide_credentials().await;
        let c = c.unwrap();
        assert_eq!((c.access_key_secret(), c.security_token()), (SECRET, Some(STS_TOKEN)));
        assert!(c.expiration().is_some());
        let paths: Vec<String> = imds.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
        assert_eq!(paths, ["PUT /latest/api/token", "GET /latest/meta-data/ram/security-credentials/app-role"]);
        // Without ram_role_name the role is discovered.
        let p = provider(&home, &[(ALIYUN_PROFILE_VAR, "ecs-any")]).ecs_ram_role(ecs.clone());
        assert_eq!(p.provide_credentials().await.unwrap().access_key_secret(), SECRET);
        assert_eq!(imds.requests()[3].path, "/latest/meta-data/ram/security-credentials/");
        std::fs::remove_dir_all(home).unwrap();
    }

    #[tokio::test]
    async fn ecs_ram_role_mode_failures_name_the_profile_and_can_be_disabled() {
        let home = temp_home(Some(CLI_FILE));
        let path = config_path(&home);
        let imds = Imds::start(|_| (500, String::new())).await;
        let ecs = EcsRamRoleProvider::builder().endpoint(&imds.url).env(Env::fixed(&[])).build();
        let e = provider(&home, &[(ALIYUN_PROFILE_VAR, "ecs")]).ecs_ram_role(ecs.clone()).lookup().await.unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "profile \"ecs\" of the Alibaba Cloud CLI file {path} (mode EcsRamRole): cannot get the credentials \
                 of RAM role \"app-role\" from the ECS instance metadata service at {}: HTTP 500",
                imds.url
            )
        );
        let before = imds.requests().len();
        let disabled = provider(&home, &[(ALIYUN_PROFILE_VAR, "ecs"), (ECS_METADATA_DISABLED_VAR, "TRUE")]);
        let e = disabled.ecs_ram_role(ecs).lookup().await.unwrap_err();
        assert_eq!(
            message(e),
            format!(
                "profile \"ecs\" of the Alibaba Cloud CLI file {path} (mode EcsRamRole) needs the ECS instance \
                 metadata service, which ALIBABA_CLOUD_ECS_METADATA_DISABLED=true disables"
            )
        );
        assert_eq!(imds.requests().len(), before);
        std::fs::remove_dir_all(home).unwrap();
    }
}
