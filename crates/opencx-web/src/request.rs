//! Small readings of a request shared by the respondent pages and the web app: cookies, and
//! whether a form was posted from another site.

use axum::http::{HeaderMap, header};

/// The value of the cookie `name`, if the request carries it.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
}

/// Like [`is_cross_site`], but a post whose `Origin` is the configured public address of the
/// server is this site's even when a reverse proxy rewrote `Host`.
pub fn is_cross_site_for(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    if let (Some(public), Some(origin)) = (
        public_url,
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
    ) && origin == public
        && headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) != Some("cross-site")
    {
        return false;
    }
    is_cross_site(headers)
}

/// Whether a form post comes from another site (by `Sec-Fetch-Site`, or `Origin` against `Host`).
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            origin_host != host
        }
        _ => false,
    }
}
