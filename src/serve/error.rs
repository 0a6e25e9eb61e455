//! Every answer that is not a success: a status code and a JSON body. Input problems are
//! 400 with `{"error": "field: what is wrong", "errors": [...]}` (every problem found,
//! each naming its field); the others say what happened in `error`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: json!({ "error": message.into() }),
        }
    }

    /// 400 listing every problem found (each starts with the field it is about).
    pub fn bad_request(problems: Vec<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error": problems.join("; "), "errors": problems }),
        }
    }

    pub fn field(field: &str, message: impl std::fmt::Display) -> ApiError {
        ApiError::bad_request(vec![format!("{field}: {message}")])
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn internal(message: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {message}"),
        )
    }

    /// The writer is gone (the service is shutting down).
    pub fn unavailable() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the service is shutting down; nothing was stored",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body)
    }
}

/// A JSON body with its status code.
pub fn json_response<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => bytes_response(status, bytes),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("{{\"error\": \"cannot write JSON: {e}\"}}"),
        )
            .into_response(),
    }
}

/// JSON already serialized.
pub fn bytes_response(status: StatusCode, bytes: Vec<u8>) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        bytes,
    )
        .into_response()
}
