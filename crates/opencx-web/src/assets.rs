//! Static assets embedded in the binary, with content-hashed names for cache busting.

use sha2::{Digest, Sha256};

/// The respondent page's stylesheet.
pub const SURVEY_CSS: &str = include_str!("../assets/survey.css");
/// The web app's stylesheet.
pub const APP_CSS: &str = include_str!("../assets/app.css");

/// The dashboard's live-update script (an ES module).
pub const DASHBOARD_JS: &str = include_str!("../assets/dashboard.js");
/// The survey builder's script (an ES module): it only enhances the builder's forms.
pub const BUILDER_JS: &str = include_str!("../assets/builder.js");

/// Moves the progress bar of a background job while its page is open (an ES module).
pub const PROGRESS_JS: &str = include_str!("../assets/progress.js");

/// An embedded file: its hashed name, address, type and bytes.
#[derive(Debug, Clone)]
pub struct Asset {
    /// `survey-<hash>.css`
    pub name: String,
    /// `/assets/survey-<hash>.css`
    pub url: String,
    pub content_type: &'static str,
    pub body: &'static str,
}

impl Asset {
    fn new(stem: &str, extension: &str, content_type: &'static str, body: &'static str) -> Asset {
        let digest = Sha256::digest(body.as_bytes());
        let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
        let name = format!("{stem}-{hash}.{extension}");
        Asset {
            url: format!("/assets/{name}"),
            name,
            content_type,
            body,
        }
    }
}

/// Names and addresses of the embedded assets.
#[derive(Debug, Clone)]
pub struct Assets {
    /// `survey-<hash>.css`
    pub css_name: String,
    /// `/assets/survey-<hash>.css`
    pub css_url: String,
    /// The web app's stylesheet.
    pub app_css: Asset,
    /// The dashboard's script.
    pub dashboard_js: Asset,
    /// The survey builder's script.
    pub builder_js: Asset,
    /// The background jobs' progress script.
    pub progress_js: Asset,
    all: Vec<Asset>,
}

impl Assets {
    /// Computes the hashed names.
    pub fn new() -> Self {
        let survey_css = Asset::new("survey", "css", "text/css; charset=utf-8", SURVEY_CSS);
        let app_css = Asset::new("app", "css", "text/css; charset=utf-8", APP_CSS);
        let dashboard_js = Asset::new(
            "dashboard",
            "js",
            "text/javascript; charset=utf-8",
            DASHBOARD_JS,
        );
        let builder_js = Asset::new(
            "builder",
            "js",
            "text/javascript; charset=utf-8",
            BUILDER_JS,
        );
        let progress_js = Asset::new(
            "progress",
            "js",
            "text/javascript; charset=utf-8",
            PROGRESS_JS,
        );
        Assets {
            css_name: survey_css.name.clone(),
            css_url: survey_css.url.clone(),
            app_css: app_css.clone(),
            dashboard_js: dashboard_js.clone(),
            builder_js: builder_js.clone(),
            progress_js: progress_js.clone(),
            all: vec![survey_css, app_css, dashboard_js, builder_js, progress_js],
        }
    }

    /// The asset with this hashed name.
    pub fn find(&self, name: &str) -> Option<&Asset> {
        self.all.iter().find(|a| a.name == name)
    }
}

impl Default for Assets {
    fn default() -> Self {
        Self::new()
    }
}
