//! Every answer that is not a success: a status code and a JSON body. Input problems are
//! 400 with `{"error": "field: what is wrong", "errors": [...]}` (the problems found, each
//! naming its field, at most [`SHOWN`] as in the CLI, with `"problems"` counting them
//! all); the others say what happened in `error`. Refusals of the order book's rules
//! ([`Refusal`]) become their status codes here, at the HTTP edge.

use crate::load::SHOWN;
use crate::store::rules::Refusal;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
    /// Extra headers (`WWW-Authenticate` on 401, `Retry-After` on 429 and 503).
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: json!({ "error": message.into() }),
            headers: Vec::new(),
        }
    }

    /// 400 listing the problems found (each starts with the field it is about): the first
    /// [`SHOWN`], then how many more.
    pub fn bad_request(mut problems: Vec<String>) -> ApiError {
        let total = problems.len();
        if total > SHOWN {
            problems.truncate(SHOWN);
            problems.push(format!("… and {} more problems", total - SHOWN));
        }
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error": problems.join("; "), "errors": problems, "problems": total }),
            headers: Vec::new(),
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

    /// 401, with the scheme to use (RFC 6750).
    pub fn unauthorized(message: &str) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
            .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"promise\"")
    }

    /// 503 or 429 with `Retry-After: seconds`.
    pub fn busy(status: StatusCode, retry_after: u64, message: impl Into<String>) -> ApiError {
        ApiError::new(status, message).with_header(header::RETRY_AFTER, &retry_after.to_string())
    }

    /// The writer is gone (the service is shutting down).
    pub fn unavailable() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the service is shutting down; nothing was stored",
        )
    }

    fn with_header(mut self, name: HeaderName, value: &str) -> ApiError {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.push((name, v));
        }
        self
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> ApiError {
        match r {
            Refusal::Invalid(problems) => ApiError::bad_request(problems),
            Refusal::UnknownOrder(id) => ApiError::not_found(format!("order \"{id}\" not found")),
            Refusal::Status(m) => ApiError::new(StatusCode::CONFLICT, m),
            Refusal::Unkeepable {
                order_id,
                earliest,
                promised,
                reason,
            } => ApiError {
                status: StatusCode::CONFLICT,
                body: json!({
                    "order_id": order_id,
                    "earliest_delivery": earliest,
                    "promised_date": promised,
                    "reason": reason,
                }),
                headers: Vec::new(),
            },
            Refusal::Storage(m) => ApiError::internal(m),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = json_response(self.status, &self.body);
        for (name, value) in self.headers {
            r.headers_mut().insert(name, value);
        }
        r
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
