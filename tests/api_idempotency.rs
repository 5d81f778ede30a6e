//! `Idempotency-Key` on POST /v1/event: a retry returns the same event and
//! schedules nothing; the same key with a different body is refused.

mod common;

use common::{Anticip, Api};
use serde_json::{Value, json};

fn post(api: &Api, key: &str, body: &str) -> common::Answer {
    Api::send(
        api.request("POST", "/v1/event")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .body(body.to_string()),
    )
}

fn body(url: &str) -> Value {
    json!({"type": "json", "when": "in 10 minutes",
           "details": {"url": url, "document": {"order": 7}}})
}

#[test]
fn a_retry_returns_the_same_event_and_schedules_nothing() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let first_body = body("https://example.com/a");
    let first = post(&api, "order-7", &first_body.to_string());
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), None);
    let id = first.json()["event"]["id"].clone();

    // The same JSON, formatted differently, is the same request.
    let pretty = serde_json::to_string_pretty(&first_body).unwrap();
    for text in [first_body.to_string(), pretty] {
        let again = post(&api, "order-7", &text);
        assert_eq!(again.status, 200, "{}", again.text);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.json()["event"]["id"], id);
        assert_eq!(again.json()["event"]["when"], first.json()["event"]["when"]);
    }
    assert_eq!(a.event_count(), 1);
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM jobs WHERE kind = 'event'"),
        1
    );

    // Another key is another event; no key at all is always a new event.
    assert_eq!(post(&api, "order-8", &first_body.to_string()).status, 201);
    assert_eq!(api.post("/v1/event", &first_body).status, 201);
    assert_eq!(api.post("/v1/event", &first_body).status, 201);
    assert_eq!(a.event_count(), 4);
}

#[test]
fn the_same_key_with_another_body_is_422_and_stores_nothing() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    assert_eq!(
        post(&api, "k1", &body("https://example.com/a").to_string()).status,
        201
    );
    let conflict = post(&api, "k1", &body("https://example.com/b").to_string());
    assert_eq!(conflict.status, 422, "{}", conflict.text);
    assert_eq!(
        conflict.error(),
        (
            "idempotency_conflict".into(),
            Some("Idempotency-Key".into())
        )
    );
    assert!(
        conflict.json()["message"]
            .as_str()
            .unwrap()
            .contains("\"k1\"")
    );
    assert_eq!(a.event_count(), 1);
    // A bad body with a used key is a 400 about the body, still nothing stored.
    let bad = post(&api, "k1", r#"{"type":"json"}"#);
    assert_eq!(bad.status, 400);
    assert_eq!(a.event_count(), 1);
}

#[test]
fn concurrent_duplicates_make_one_event() {
    const CLIENTS: usize = 16;
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let text = body("https://example.com/same").to_string();
    let barrier = std::sync::Barrier::new(CLIENTS);
    let answers: Vec<(u16, Value)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..CLIENTS)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let answer = post(&api, "once", &text);
                    (answer.status, answer.json()["event"]["id"].clone())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let created = answers.iter().filter(|(s, _)| *s == 201).count();
    let replayed = answers.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!((created, replayed), (1, CLIENTS - 1), "{answers:?}");
    assert!(answers.iter().all(|(_, id)| *id == answers[0].1));
    assert_eq!(a.event_count(), 1);
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM jobs WHERE kind = 'event'"),
        1
    );
}
