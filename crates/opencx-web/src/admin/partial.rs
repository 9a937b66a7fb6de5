//! A screen is a page wrapping a partial, and one URL serves both.
//!
//! Every screen of the app renders its content inside the page around it (the document head,
//! the header with the workspace and the navigation, `<main>`). Asked with `?partial=1`, the
//! same URL answers with the content alone: what a script swaps into the page it already shows
//! (the dashboard's live update does). The middlewares read the flag once, into
//! [`SignedIn::view`](super::auth::SignedIn); [`Chrome`](super::chrome::Chrome) carries it to
//! the page template, which leaves out the frame. Handlers do nothing, and the partial is
//! authorised exactly as the page: it is the same route.

/// How a request wants its screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// The whole page.
    #[default]
    Page,
    /// The screen's content alone, without the page around it.
    Partial,
}

/// The query parameter that asks for the partial.
pub const PARTIAL_PARAMETER: &str = "partial";

impl View {
    /// The view a query string asks for: `partial=1` (any value but `0` or empty) is the
    /// partial.
    pub fn of(query: Option<&str>) -> View {
        let asked = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (name == PARTIAL_PARAMETER).then_some(value)
            })
            .any(|value| !value.is_empty() && value != "0");
        if asked { View::Partial } else { View::Page }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_is_read_from_the_query() {
        assert_eq!(View::of(None), View::Page);
        assert_eq!(View::of(Some("from=2026-01-01")), View::Page);
        assert_eq!(View::of(Some("partial=1")), View::Partial);
        assert_eq!(View::of(Some("by=week&partial=true")), View::Partial);
        assert_eq!(View::of(Some("partial=0")), View::Page);
        assert_eq!(View::of(Some("partial=")), View::Page);
        assert_eq!(View::of(Some("partially=1")), View::Page);
    }
}
