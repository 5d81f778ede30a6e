//! Sync status in Prometheus text, for `/metrics`.

use std::fmt::Write;

use rusqlite::Connection;

use super::{State, store};
use crate::time::now_ms;

/// Label values are quoted; backslashes, quotes and newlines escaped.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Append every sync's status per collection to `out`.
pub fn render(conn: &Connection, out: &mut String) -> rusqlite::Result<()> {
    let now = now_ms();
    let mut rows = Vec::new();
    for sync in store::list(conn)? {
        for status in store::statuses(conn, &sync)? {
            let c = &status.collection;
            let labels = format!(
                "sync_id=\"{}\",sync=\"{}\",collection=\"{}\"",
                label(&sync.id),
                label(&sync.name),
                label(&c.collection_id)
            );
            rows.push((
                labels,
                c.state(sync.paused, now),
                status.record_count,
                c.clone(),
            ));
        }
    }
    let gauge = |out: &mut String, name: &str, help: &str| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} gauge");
    };
    gauge(
        out,
        "anticip_sync_state",
        "1 for the state each sync collection is in.",
    );
    for (labels, state, _, _) in &rows {
        for s in State::ALL {
            let _ = writeln!(
                out,
                "anticip_sync_state{{{labels},state=\"{}\"}} {}",
                s.as_str(),
                (s == *state) as u8
            );
        }
    }
    gauge(out, "anticip_sync_records", "Records in the copy.");
    for (labels, _, count, _) in &rows {
        let _ = writeln!(out, "anticip_sync_records{{{labels}}} {count}");
    }
    gauge(
        out,
        "anticip_sync_pass_pages",
        "Pages fetched by the pass under way (the backfill's progress).",
    );
    for (labels, _, _, c) in &rows {
        let _ = writeln!(out, "anticip_sync_pass_pages{{{labels}}} {}", c.pages);
    }
    gauge(
        out,
        "anticip_sync_lag_seconds",
        "Time since the last complete pass or poll began.",
    );
    for (labels, _, _, c) in &rows {
        if let Some(lag) = c.lag_ms(now) {
            let _ = writeln!(
                out,
                "anticip_sync_lag_seconds{{{labels}}} {}",
                lag as f64 / 1000.0
            );
        }
    }
    gauge(
        out,
        "anticip_sync_last_poll_timestamp_seconds",
        "When the last poll succeeded (Unix time).",
    );
    for (labels, _, _, c) in &rows {
        if let Some(at) = c.last_poll_at {
            let _ = writeln!(
                out,
                "anticip_sync_last_poll_timestamp_seconds{{{labels}}} {}",
                at as f64 / 1000.0
            );
        }
    }
    let events: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM sync_events", [], |r| {
        r.get(0)
    })?;
    gauge(
        out,
        "anticip_sync_events_seq",
        "The newest change event's sequence number.",
    );
    let _ = writeln!(out, "anticip_sync_events_seq {events}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syncs::{Draft, Provider};

    #[test]
    fn each_collection_has_its_state_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::open(&dir.path().join("a.db")).unwrap();
        let new = Draft {
            provider: Provider::JsonServer,
            name: "blog \"main\"".into(),
            collections: vec!["posts".into()],
            config_toml: None,
            base_url: Some("http://127.0.0.1:3000".into()),
            credential: None,
            rate_limit: None,
            max_concurrent: 0,
            every: crate::syncs::DEFAULT_EVERY,
            metadata: serde_json::json!({}),
        }
        .validate()
        .unwrap();
        let sync = store::insert(&conn, &new, 0).unwrap();
        let mut out = String::new();
        render(&conn, &mut out).unwrap();
        let labels = format!(
            "sync_id=\"{}\",sync=\"blog \\\"main\\\"\",collection=\"posts\"",
            sync.id
        );
        for line in [
            format!("anticip_sync_state{{{labels},state=\"backfilling\"}} 1"),
            format!("anticip_sync_state{{{labels},state=\"polling\"}} 0"),
            format!("anticip_sync_records{{{labels}}} 0"),
            "# TYPE anticip_sync_lag_seconds gauge".to_string(),
            "anticip_sync_events_seq 0".to_string(),
        ] {
            assert!(
                out.lines().any(|l| l == line),
                "missing {line:?} in:\n{out}"
            );
        }
    }
}
