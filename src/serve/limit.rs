//! The rate limit of quotes asked without the token (`--open-quotes`): per client address
//! and for all of them together (GCRA through `governor`). Callers with the token are not
//! limited: they are the service's own users. A refused quote is 429 with `Retry-After`.

use super::error::ApiError;
use axum::http::StatusCode;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Quotes per second without the token: per client address, and for everyone.
#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    pub per_client: u32,
    pub global: u32,
}

pub struct QuoteLimiter {
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    global: DefaultDirectRateLimiter,
}

/// A rate with a burst of twice the rate (a person's page asking a few quotes at once).
fn quota(per_second: u32) -> Quota {
    let rate = NonZeroU32::new(per_second.max(1)).unwrap_or(NonZeroU32::MIN);
    let burst = rate.saturating_mul(NonZeroU32::new(2).unwrap_or(NonZeroU32::MIN));
    Quota::per_second(rate).allow_burst(burst)
}

impl QuoteLimiter {
    pub fn new(l: RateLimits) -> QuoteLimiter {
        QuoteLimiter {
            per_client: DefaultKeyedRateLimiter::keyed(quota(l.per_client)),
            global: DefaultDirectRateLimiter::direct(quota(l.global)),
        }
    }

    /// Admits one quote from `client`, or 429 saying when to retry.
    pub fn check(&self, client: IpAddr) -> Result<(), ApiError> {
        let now = DefaultClock::default().now();
        let refused = match self.per_client.check_key(&client) {
            Err(not_until) => Some(("this address", not_until.wait_time_from(now))),
            Ok(()) => match self.global.check() {
                Err(not_until) => {
                    Some(("all clients without a token", not_until.wait_time_from(now)))
                }
                Ok(()) => None,
            },
        };
        match refused {
            None => Ok(()),
            Some((who, wait)) => Err(ApiError::busy(
                StatusCode::TOO_MANY_REQUESTS,
                wait.as_secs().max(1),
                format!("quotes without a token: too many from {who}; retry later (Retry-After)"),
            )),
        }
    }

    /// Forgets clients not seen lately (called now and then: the map stays small).
    pub fn forget_idle(&self) {
        self.per_client.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_over_its_burst_is_refused_and_others_are_not() {
        let l = QuoteLimiter::new(RateLimits {
            per_client: 1,
            global: 100,
        });
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(l.check(a).is_ok());
        assert!(l.check(a).is_ok());
        let e = l.check(a).unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(l.check(b).is_ok());
    }
}
