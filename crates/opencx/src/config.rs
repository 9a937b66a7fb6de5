//! Configuration: built-in defaults, then a TOML file, then `OPENCX_*` environment variables,
//! then command-line flags (clap reads flags and environment variables together).

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use opencx_web::client_ip::TrustedProxies;
use serde::Deserialize;

/// The example configuration, printed by `opencx config example`.
pub const EXAMPLE: &str = include_str!("../opencx.example.toml");

/// Settings from a configuration file; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub demo: Option<bool>,
    pub log_format: Option<String>,
    /// Reverse proxies (IPs or CIDR networks) whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Option<Vec<String>>,
    pub public_url: Option<String>,
}

impl FileConfig {
    /// Reads `path`, or `opencx.toml` in the working folder when no path is given and it exists.
    pub fn load(path: Option<&Path>) -> anyhow::Result<FileConfig> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if Path::new("opencx.toml").exists() => PathBuf::from("opencx.toml"),
            None => return Ok(FileConfig::default()),
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("the configuration file {} is not valid", path.display()))
    }
}

/// The settings in force.
#[derive(Clone)]
pub struct Settings {
    pub listen: String,
    pub database_url: String,
    pub demo: bool,
    pub json_logs: bool,
    pub trusted_proxies: TrustedProxies,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password.
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field(
                "database_url",
                &opencx_store::redact_url(&self.database_url),
            )
            .field("demo", &self.demo)
            .field("trusted_proxies", &self.trusted_proxies)
            .finish()
    }
}

/// Checks the address people reach the server at: `http(s)://host[:port]`, no path; returns it
/// without a trailing slash.
pub fn check_public_url(url: &str) -> anyhow::Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| anyhow!("the public URL must start with http:// or https://: {url}"))?;
    let valid = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    if !valid {
        bail!("the public URL must be a scheme and a host (and port), without a path: {url}");
    }
    Ok(url.to_owned())
}

/// Merges flags/environment (`Some` when given) over the file over defaults.
pub fn resolve(
    file: FileConfig,
    listen: Option<String>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    no_demo: bool,
    log_format: Option<String>,
    trusted_proxies: Option<Vec<String>>,
) -> anyhow::Result<Settings> {
    let listen = listen
        .or(file.listen)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let data_dir = data_dir
        .or(file.data_dir)
        .unwrap_or_else(|| PathBuf::from("data"));
    let database_url = match database_url.or(file.database_url) {
        Some(url) => url,
        None => format!("sqlite://{}", data_dir.join("opencx.db").display()),
    };
    if !(database_url.starts_with("sqlite:")
        || database_url.starts_with("postgres:")
        || database_url.starts_with("postgresql:"))
    {
        bail!("the database URL must start with sqlite:// or postgres://");
    }
    let log_format = log_format
        .or(file.log_format)
        .unwrap_or_else(|| "text".to_owned());
    let json_logs = match log_format.as_str() {
        "json" => true,
        "text" => false,
        other => bail!("log format must be text or json, not {other}"),
    };
    let trusted_proxies =
        TrustedProxies::parse(&trusted_proxies.or(file.trusted_proxies).unwrap_or_default())
            .map_err(|e| anyhow!("trusted proxies: {e}"))?;
    Ok(Settings {
        listen,
        database_url,
        demo: !no_demo && file.demo.unwrap_or(true),
        json_logs,
        trusted_proxies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_file_beats_defaults() {
        let file = FileConfig {
            listen: Some("0.0.0.0:9000".into()),
            data_dir: Some("/var/lib/x".into()),
            ..Default::default()
        };
        let s = resolve(file, None, None, None, false, None, None).unwrap();
        assert_eq!(s.listen, "0.0.0.0:9000");
        assert_eq!(s.database_url, "sqlite:///var/lib/x/opencx.db");
        let s = resolve(
            FileConfig::default(),
            Some("127.0.0.1:1".into()),
            None,
            None,
            true,
            None,
            None,
        )
        .unwrap();
        assert_eq!(s.listen, "127.0.0.1:1");
        assert!(!s.demo);
        assert!(
            resolve(
                FileConfig::default(),
                None,
                Some("mysql://x".into()),
                None,
                false,
                None,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn public_urls_are_checked() {
        assert_eq!(
            check_public_url("https://cx.example.com/").unwrap(),
            "https://cx.example.com"
        );
        assert_eq!(
            check_public_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "cx.example.com",
            "https://",
            "https://x/path",
            "ftp://x",
            "https://a b",
        ] {
            assert!(check_public_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn trusted_proxies_from_file_or_flags() {
        let file = || FileConfig {
            trusted_proxies: Some(vec!["10.0.0.0/8".into()]),
            ..Default::default()
        };
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let s = resolve(file(), None, None, None, false, None, None).unwrap();
        assert!(s.trusted_proxies.contains(ip("10.1.1.1")));
        // Flags and the environment replace the file's list; they do not add to it.
        let s = resolve(
            file(),
            None,
            None,
            None,
            false,
            None,
            Some(vec!["192.168.0.1".into(), "fd00::/8".into()]),
        )
        .unwrap();
        assert!(!s.trusted_proxies.contains(ip("10.1.1.1")));
        assert!(s.trusted_proxies.contains(ip("192.168.0.1")));
        assert!(s.trusted_proxies.contains(ip("fd00::1")));
        let s = resolve(FileConfig::default(), None, None, None, false, None, None).unwrap();
        assert!(s.trusted_proxies.is_empty());
        let error = resolve(
            FileConfig::default(),
            None,
            None,
            None,
            false,
            None,
            Some(vec!["proxy.local".into()]),
        )
        .unwrap_err();
        assert!(error.to_string().contains("proxy.local"), "{error}");
    }

    #[test]
    fn example_config_parses() {
        let file: FileConfig = toml::from_str(EXAMPLE).unwrap();
        assert!(
            resolve(file, None, None, None, false, None, None).is_ok(),
            "the example's values are valid"
        );
    }
}
