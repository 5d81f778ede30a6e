//! Requests served, by route, method and status, and how long they took.
//! Counting a request allocates nothing once its route has been seen.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::http::StatusCode;

use crate::engine::metrics::{Histogram, family};

#[derive(Default)]
pub struct HttpMetrics {
    routes: RwLock<HashMap<String, Arc<RouteStats>>>,
}

#[derive(Default)]
struct RouteStats {
    duration: Histogram,
    /// (method, status code, count): a handful per route.
    counts: Mutex<Vec<(String, u16, u64)>>,
}

impl HttpMetrics {
    pub fn observe(&self, method: &str, route: &str, status: StatusCode, took: Duration) {
        let known = self
            .routes
            .read()
            .expect("metrics lock")
            .get(route)
            .cloned();
        let stats = match known {
            Some(stats) => stats,
            None => self
                .routes
                .write()
                .expect("metrics lock")
                .entry(route.to_owned())
                .or_default()
                .clone(),
        };
        stats.duration.observe(took);
        let code = status.as_u16();
        let mut counts = stats.counts.lock().expect("metrics lock");
        match counts
            .iter_mut()
            .find(|(m, c, _)| m == method && *c == code)
        {
            Some((_, _, n)) => *n += 1,
            None => counts.push((method.to_owned(), code, 1)),
        }
    }

    pub fn render(&self, out: &mut String) {
        let mut routes: Vec<(String, Arc<RouteStats>)> = self
            .routes
            .read()
            .expect("metrics lock")
            .iter()
            .map(|(route, stats)| (route.clone(), stats.clone()))
            .collect();
        routes.sort_by(|a, b| a.0.cmp(&b.0));
        family(
            out,
            "anticip_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route and status code.",
        );
        for (route, stats) in &routes {
            let mut counts = stats.counts.lock().expect("metrics lock").clone();
            counts.sort();
            for (method, code, n) in counts {
                let _ = writeln!(
                    out,
                    "anticip_http_requests_total{{method=\"{method}\",route=\"{route}\",code=\"{code}\"}} {n}"
                );
            }
        }
        family(
            out,
            "anticip_http_request_duration_seconds",
            "histogram",
            "How long requests took to answer, by route.",
        );
        for (route, stats) in &routes {
            stats.duration.render(
                out,
                "anticip_http_request_duration_seconds",
                &format!("route=\"{route}\""),
            );
        }
    }
}
