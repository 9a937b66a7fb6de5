//! The OpenAPI document, written by hand in `openapi.json` beside this file and served as is.
//! A test checks that it lists exactly the operations the router serves.

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI 3.1 document of the API.
pub const DOCUMENT: &str = include_str!("openapi.json");

/// `GET /api/v1/openapi.json`
pub async fn get_openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_lists_exactly_the_served_operations() {
        let document: serde_json::Value =
            serde_json::from_str(DOCUMENT).expect("openapi.json is JSON");
        let mut listed: Vec<(String, String)> = Vec::new();
        for (path, item) in document["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                    listed.push((method.clone(), path.clone()));
                }
            }
        }
        listed.sort();
        let mut served: Vec<(String, String)> = crate::api::OPERATIONS
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
            .collect();
        served.sort();
        assert_eq!(listed, served);
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                assert!(
                    operation["operationId"].is_string(),
                    "{method} {path} has no operationId"
                );
                assert!(
                    operation["responses"].is_object(),
                    "{method} {path} has no responses"
                );
            }
        }
    }
}
