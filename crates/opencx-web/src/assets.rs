//! Static assets embedded in the binary, with content-hashed names for cache busting.

use sha2::{Digest, Sha256};

/// The respondent page's stylesheet.
pub const SURVEY_CSS: &str = include_str!("../assets/survey.css");

/// Names and addresses of the embedded assets.
#[derive(Debug, Clone)]
pub struct Assets {
    /// `survey-<hash>.css`
    pub css_name: String,
    /// `/assets/survey-<hash>.css`
    pub css_url: String,
}

impl Assets {
    /// Computes the hashed names.
    pub fn new() -> Self {
        let digest = Sha256::digest(SURVEY_CSS.as_bytes());
        let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
        let css_name = format!("survey-{hash}.css");
        Assets {
            css_url: format!("/assets/{css_name}"),
            css_name,
        }
    }
}

impl Default for Assets {
    fn default() -> Self {
        Self::new()
    }
}
