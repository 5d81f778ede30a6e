//! Routes for operators, without authentication: `/healthz` for probes,
//! `/metrics` for Prometheus, `/openapi.json` for people and code generators.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::AppState;
use crate::engine::jobs;
use crate::engine::metrics::{self as engine_metrics, QueueSnapshot, family};

/// The API described as OpenAPI 3.1; a test checks real responses against it.
pub const OPENAPI: &str = include_str!("../../openapi.json");

/// How long `/healthz` waits for the store.
const STORE_DEADLINE: Duration = Duration::from_secs(5);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
}

/// 200 when the store answers a read and a write and the engine's loop runs
/// with a fresh heartbeat; 503 with the reason otherwise.
async fn healthz(State(app): State<AppState>) -> Response {
    let read = tokio::time::timeout(
        STORE_DEADLINE,
        app.db
            .read(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))),
    );
    let write = tokio::time::timeout(
        STORE_DEADLINE,
        app.db.write(|_| Ok::<_, rusqlite::Error>(())),
    );
    let store = match (read.await, write.await) {
        (Ok(Ok(_)), Ok(Ok(()))) => Ok(()),
        (Ok(Err(e)), _) | (_, Ok(Err(e))) => Err(format!("the store failed: {e}")),
        _ => Err(format!(
            "the store did not answer within {}s",
            STORE_DEADLINE.as_secs()
        )),
    };
    let engine = app.engine.health();
    let healthy = store.is_ok() && engine.is_ok();
    let describe = |r: &Result<(), String>| match r {
        Ok(()) => "ok".to_string(),
        Err(e) => e.clone(),
    };
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if healthy { "ok" } else { "unavailable" },
        "store": describe(&store),
        "engine": describe(&engine),
        "version": env!("CARGO_PKG_VERSION"),
    });
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

/// Prometheus text format. The store is read through counters and indexes
/// only, so a scrape costs the same with a million events waiting.
async fn metrics(State(app): State<AppState>) -> Result<Response, super::ApiError> {
    let (events, queue, syncs) = app
        .db
        .read(|c| {
            let events = crate::events::store::status_counts(c)?;
            let queue = QueueSnapshot {
                counts: jobs::counts(c)?,
                next_due: jobs::next_due(c)?,
            };
            let mut syncs = String::new();
            crate::syncs::metrics::render(c, &mut syncs)?;
            Ok::<_, rusqlite::Error>((events, queue, syncs))
        })
        .await?;
    let mut out = String::with_capacity(8192);
    family(
        &mut out,
        "anticip_build_info",
        "gauge",
        "The running version of anticip.",
    );
    out.push_str(&format!(
        "anticip_build_info{{version=\"{}\"}} 1\n",
        env!("CARGO_PKG_VERSION")
    ));
    crate::events::api::render_metrics(&mut out, &events);
    out.push_str(&syncs);
    engine_metrics::render(&mut out, &app.engine, &queue);
    app.metrics.render(&mut out);
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, super::error::JSON)], OPENAPI).into_response()
}
