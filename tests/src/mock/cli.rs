//! `cargo xtask mock` (the `cloudsdk-mock` program): runs the mock server until Ctrl-C. The program only calls
//! [`run`]; the options, the banner and the server live here.

use super::{Mock, MockConfig, TestCredentials};

/// Usage of `cargo xtask mock`.
pub const USAGE: &str = "\
usage: cargo xtask mock [--port <N>] [--access-key-id <ID>] [--access-key-secret <SECRET>]
                        [--security-token <TOKEN>]

Runs the spec-driven mock server on 127.0.0.1 until Ctrl-C.
  --port                port to listen on (default 0: a free port)
  --access-key-id       the access key id requests must be signed with
  --access-key-secret   the access key secret requests must be signed with
  --security-token      an STS token requests must carry (default: none)
";

/// The options of `cargo xtask mock`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The port (0: a free one).
    pub port: u16,
    /// The credentials requests must be signed with.
    pub credentials: TestCredentials,
    /// Whether `--help` was asked for.
    pub help: bool,
}

impl Options {
    /// Parses the arguments after `mock` (`--port 9000`, `--port=9000`, …).
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Self::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (arg.as_str(), None),
            };
            if matches!(flag, "-h" | "--help") {
                options.help = true;
                continue;
            }
            let mut value = || inline.clone().or_else(|| args.next().cloned()).ok_or(format!("{flag} needs a value"));
            match flag {
                "--port" => options.port = value()?.parse().map_err(|_| format!("{arg}: not a port number"))?,
                "--access-key-id" => options.credentials.access_key_id = value()?,
                "--access-key-secret" => options.credentials.access_key_secret = value()?,
                "--security-token" => options.credentials.security_token = Some(value()?),
                other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
            }
        }
        Ok(options)
    }
}

/// Parses `args`, starts the mock, prints [`banner`], and serves until Ctrl-C. Returns
/// the last words to print (the usage, with `--help`).
pub async fn run(args: &[String]) -> Result<String, String> {
    let options = Options::parse(args)?;
    if options.help {
        return Ok(USAGE.trim_end().to_owned());
    }
    let config = MockConfig::new().port(options.port).credentials(options.credentials);
    let mock = Mock::start(config).await.map_err(|e| e.to_string())?;
    println!("{}", banner(&mock));
    tokio::signal::ctrl_c().await.map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    mock.stop().await;
    Ok("mock server stopped".to_owned())
}

/// What the mock serves, the credentials it accepts, and how to point the SDK and curl at it.
pub fn banner(mock: &Mock) -> String {
    let url = mock.url();
    let c = mock.credentials();
    let services: Vec<String> = mock
        .ir()
        .services
        .iter()
        .map(|s| {
            // Hundreds of operations do not fit a banner: the first few, and how many.
            const SHOWN: usize = 4;
            let ops: Vec<&str> = s.operations.iter().take(SHOWN).map(|o| o.name.as_str()).collect();
            let more = match s.operations.len().saturating_sub(SHOWN) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!(
                "  {}/{} {} ({}): {} operations: {}{more}",
                s.vendor,
                s.module,
                s.api_version,
                s.signing_algorithms.iter().map(|a| a.spec_name()).collect::<Vec<_>>().join(", "),
                s.operations.len(),
                ops.join(", ")
            )
        })
        .collect();
    let token = match &c.security_token {
        Some(t) => format!("  security token:    {t}\n"),
        None => "  security token:    none (requests must not carry one)\n".to_owned(),
    };
    let with_token = c.security_token.as_ref().map(|t| format!(".with_security_token({t:?})")).unwrap_or_default();
    format!(
        "cloudsdk mock server listening on {url}

services:
{services}

credentials it accepts:
  access key id:     {id}
  access key secret: {secret}
{token}
point the SDK at it:
    let config = cloudsdk::Config::builder()
        .credentials(cloudsdk::Credentials::new({id:?}, {secret:?}){with_token})
        .region(\"cn-hangzhou\")
        .endpoint_url({url:?})
        .build();

drive it with curl:
    curl -X POST '{url}/__mock/fail?count=2&kind=unavailable'
    curl -X POST '{url}/__mock/delay?ms=500&count=1'
    curl -X POST '{url}/__mock/paginate?operation=DescribeInstances&items=25'
    curl '{url}/__mock/requests'
    curl '{url}/__mock' (every endpoint)

press Ctrl-C to stop",
        services = services.join("\n"),
        id = c.access_key_id,
        secret = c.access_key_secret,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn options() {
        let o = parse(&["--port", "9000", "--access-key-id=ID", "--access-key-secret", "S"]).unwrap();
        assert_eq!(
            (o.port, o.credentials.access_key_id.as_str(), o.credentials.access_key_secret.as_str()),
            (9000, "ID", "S")
        );
        assert_eq!(parse(&[]).unwrap(), Options::default());
        assert!(parse(&["--help"]).unwrap().help);
        assert_eq!(parse(&["--port", "x"]).unwrap_err(), "--port: not a port number");
        assert_eq!(parse(&["--port"]).unwrap_err(), "--port needs a value");
        assert!(parse(&["--verbose"]).unwrap_err().starts_with("unknown option `--verbose`"));
    }

    #[tokio::test]
    async fn banner_names_the_url_credentials_and_services() {
        let mock = Mock::start(MockConfig::new()).await.unwrap();
        let text = banner(&mock);
        assert!(text.contains(mock.url()));
        assert!(text.contains(super::super::TEST_ACCESS_KEY_SECRET));
        let ecs = mock.ir().services.iter().find(|s| s.module == "ecs").unwrap();
        let first: Vec<&str> = ecs.operations.iter().take(4).map(|o| o.name.as_str()).collect();
        let line = format!(
            "aliyun/ecs 2014-05-26 (acs3-hmac-sha256, hmac-sha1): {} operations: {} and {} more",
            ecs.operations.len(),
            first.join(", "),
            ecs.operations.len() - 4
        );
        assert!(ecs.operations.len() > 200, "{}", ecs.operations.len());
        assert!(text.contains(&line), "{text}");
        assert!(text.contains("AcceptInquiredSystemEvent, AddTags"), "{text}");
        assert!(text.contains("jdcloud/vm v1"));
    }
}
