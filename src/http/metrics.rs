//! Requests served, by route and status, and how long they took.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;

use crate::engine::metrics::{Histogram, family};

#[derive(Default)]
pub struct HttpMetrics {
    requests: Mutex<HashMap<(String, String, u16), u64>>,
    durations: Mutex<HashMap<String, Arc<Histogram>>>,
}

impl HttpMetrics {
    pub fn observe(&self, method: &str, route: &str, status: StatusCode, took: Duration) {
        {
            let mut requests = self.requests.lock().expect("metrics lock");
            let key = (method.to_owned(), route.to_owned(), status.as_u16());
            *requests.entry(key).or_default() += 1;
        }
        let histogram = {
            let mut durations = self.durations.lock().expect("metrics lock");
            match durations.get(route) {
                Some(h) => h.clone(),
                None => durations.entry(route.to_owned()).or_default().clone(),
            }
        };
        histogram.observe(took);
    }

    pub fn render(&self, out: &mut String) {
        family(
            out,
            "anticip_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route and status code.",
        );
        let mut requests: Vec<_> = self
            .requests
            .lock()
            .expect("metrics lock")
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        requests.sort();
        for ((method, route, code), n) in requests {
            let _ = writeln!(
                out,
                "anticip_http_requests_total{{method=\"{method}\",route=\"{route}\",code=\"{code}\"}} {n}"
            );
        }
        family(
            out,
            "anticip_http_request_duration_seconds",
            "histogram",
            "How long requests took to answer, by route.",
        );
        let mut durations: Vec<_> = self
            .durations
            .lock()
            .expect("metrics lock")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        durations.sort_by(|a, b| a.0.cmp(&b.0));
        for (route, histogram) in durations {
            histogram.render(
                out,
                "anticip_http_request_duration_seconds",
                &format!("route=\"{route}\""),
            );
        }
    }
}
