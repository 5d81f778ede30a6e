//! The anticipated.io event API over real HTTP: the reference's curl examples,
//! the envelope, get / delete / list, delivery, and durability.

mod common;

use std::collections::HashSet;
use std::process::Command;

use chrono::DateTime;
use common::{Anticip, Api, Receiver, delivered_ids, wait_until};
use serde_json::{Value, json};

/// The API key printed in the reference's curl example.
const REFERENCE_KEY: &str = "FobaLivkMxCRx4V4b4DB6yUBbRyY2BwTYaBMfexLA7Vq";

fn millis(time: &Value) -> i64 {
    DateTime::parse_from_rfc3339(time.as_str().expect("a time string"))
        .unwrap_or_else(|e| panic!("{time} is not RFC 3339: {e}"))
        .timestamp_millis()
}

fn curl_installed() -> bool {
    Command::new("curl").arg("--version").output().is_ok()
}

/// Run curl; return (status, body) from its `-i` output.
fn curl(args: &[&str]) -> (u16, Value) {
    let out = Command::new("curl").args(args).output().expect("run curl");
    assert!(out.status.success(), "curl failed: {out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers and a body");
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    (status, body)
}

/// The envelope of the reference's responses, key for key.
fn assert_envelope(body: &Value, company: &str) {
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["request", "context", "message", "now", "event"]);
    assert!(anticip::ids::is_short_id(
        body["request"]["id"].as_str().unwrap()
    ));
    assert_eq!(
        body["context"],
        json!({"user": null, "company": company}),
        "{body}"
    );
    assert_eq!(body["message"], "");
    millis(&body["now"]);
    let event_keys: Vec<&str> = body["event"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .take(8)
        .collect();
    assert_eq!(
        event_keys,
        [
            "id",
            "company",
            "type",
            "when",
            "created",
            "details",
            "processed",
            "deleted"
        ],
        "anticipated.io's event fields come first, in its order"
    );
    assert_eq!(body["event"]["company"], company);
}

#[test]
fn the_reference_curl_example_works_with_only_the_host_changed() {
    if !curl_installed() {
        eprintln!("SKIPPED: curl is not installed; install curl to run the reference's example");
        return;
    }
    let a = Anticip::new();
    a.import_key("reference", REFERENCE_KEY);
    let serve = a.serve(&[]);
    let url = serve.url("/v1/event");
    // As written in the reference, host changed.
    let (status, body) = curl(&[
        "-i",
        "--header",
        "Content-Type: application/json",
        "--header",
        "X-API-Key: FobaLivkMxCRx4V4b4DB6yUBbRyY2BwTYaBMfexLA7Vq",
        "--request",
        "POST",
        "--data",
        r#"{
    "type": "json",
    "when": "in 20 seconds",
    "details": {
      "document": {
        "id": "Y9yJ4qDDMpHGmmYboWt4ZE",
        "customer": "MJvrmWjJ3zZe7pPWHWta7r"
      },
      "url": "https://diagnostics.anticipated.io/v1/post",
      "method": "post",
      "headers": []
    }
}"#,
        &url,
    ]);
    assert_eq!(status, 201, "{body}");
    let company = a.query::<String>("SELECT value FROM meta WHERE key = 'installation_id'");
    assert_envelope(&body, &company);
    let event = &body["event"];
    assert_eq!(event["type"], "json");
    assert_eq!(
        event["details"],
        json!({
            "document": {"id": "Y9yJ4qDDMpHGmmYboWt4ZE", "customer": "MJvrmWjJ3zZe7pPWHWta7r"},
            "url": "https://diagnostics.anticipated.io/v1/post",
            "method": "post",
            "headers": []
        })
    );
    let lead = millis(&event["when"]) - millis(&event["created"]);
    assert!(
        (19_000..=21_000).contains(&lead),
        "when is 20 s after created: {lead} ms"
    );
    assert_eq!(event["processed"], false);
    assert_eq!(event["deleted"], false);

    // Delete it (the documented DELETE, by curl too) so that it never fires.
    let id = event["id"].as_str().unwrap();
    let (status, deleted) = curl(&[
        "-i",
        "--header",
        "X-API-Key: FobaLivkMxCRx4V4b4DB6yUBbRyY2BwTYaBMfexLA7Vq",
        "--request",
        "DELETE",
        &format!("{url}/{id}"),
    ]);
    assert_eq!(status, 200, "{deleted}");
    assert_envelope(&deleted, &company);
    assert_eq!(deleted["event"]["deleted"], true);
    assert_eq!(deleted["event"]["processed"], false);
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM jobs WHERE kind = 'event'"),
        0
    );
}

#[test]
fn the_reference_example_payload_32_days_from_now_round_trips() {
    if !curl_installed() {
        eprintln!("SKIPPED: curl is not installed; install curl to run the reference's example");
        return;
    }
    let a = Anticip::new();
    a.import_key("reference", REFERENCE_KEY);
    let serve = a.serve(&[]);
    let url = serve.url("/v1/event");
    let payload = r#"{
    "type": "json",
    "when": "32 days from now",
    "details": {
        "document": {
            "id": "Y9yJ4qDDMpHGmmYboWt4ZE",
            "customer": "MJvrmWjJ3zZe7pPWHWta7r"
        },
        "url": "https://myplatform.com/events/32days",
        "method": "post",
        "headers": []
    }
}"#;
    let key = format!("X-API-Key: {REFERENCE_KEY}");
    let (status, created) = curl(&[
        "-i",
        "--header",
        "Content-Type: application/json",
        "--header",
        &key,
        "--request",
        "POST",
        "--data",
        payload,
        &url,
    ]);
    assert_eq!(status, 201, "{created}");
    let event = &created["event"];
    let lead = millis(&event["when"]) - millis(&event["created"]);
    assert!(
        (32 * 86_400_000 - 1000..=32 * 86_400_000 + 1000).contains(&lead),
        "{lead}"
    );

    // GET, as the reference shows it.
    let id = event["id"].as_str().unwrap();
    let (status, got) = curl(&["-i", "--header", &key, &format!("{url}/{id}")]);
    assert_eq!(status, 200, "{got}");
    let company = event["company"].as_str().unwrap();
    assert_envelope(&got, company);
    for field in ["id", "company", "type", "when", "created", "details"] {
        assert_eq!(got["event"][field], event[field], "{field}");
    }
    assert_eq!(got["event"]["processed"], false);
    assert_eq!(got["event"]["deleted"], false);
    assert_eq!(got["event"]["attempts"], json!([]));

    let (status, deleted) = curl(&[
        "-i",
        "--header",
        &key,
        "-X",
        "DELETE",
        &format!("{url}/{id}"),
    ]);
    assert_eq!(status, 200);
    assert_eq!(deleted["event"]["deleted"], true);
}

#[test]
fn headers_are_taken_as_an_array_or_an_object_and_shown_as_the_array() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    for headers in [
        json!([{"x-customer": "82345"}, {"x-tenant": "t1"}]),
        json!({"x-customer": "82345", "x-tenant": "t1"}),
    ] {
        let event = api.create(&json!({
            "type": "json", "when": "in 1 hour",
            "details": {"url": "https://example.com/hook", "method": "put",
                        "document": {"b": 1, "a": 2}, "headers": headers}
        }));
        assert_eq!(
            event["details"]["headers"],
            json!([{"x-customer": "82345"}, {"x-tenant": "t1"}])
        );
        assert_eq!(event["details"]["method"], "put");
        // Key order of the document is kept.
        assert_eq!(
            serde_json::to_string(&event["details"]["document"]).unwrap(),
            r#"{"b":1,"a":2}"#
        );
    }
}

#[test]
fn get_delete_and_list() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let xml = api.create(&json!({
        "type": "xml", "when": "2099-01-01T00:00:00Z",
        "details": {"url": "https://example.com/x", "method": "post",
                    "document": "<xml><customer>82345</customer></xml>"}
    }));
    assert_eq!(xml["when"], "2099-01-01T00:00:00.000Z");
    assert_eq!(
        xml["details"]["document"],
        "<xml><customer>82345</customer></xml>"
    );
    let id = xml["id"].as_str().unwrap();

    let got = api.get(&format!("/v1/event/{id}"));
    assert_eq!(got.status, 200);
    assert_eq!(got.json()["event"]["status"], "scheduled");

    let deleted = api.delete(&format!("/v1/event/{id}"));
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.json()["event"]["deleted"], true);
    assert_eq!(deleted.json()["event"]["status"], "deleted");
    // Still readable, marked deleted; deleting again is "not found".
    let got = api.get(&format!("/v1/event/{id}"));
    assert_eq!(got.status, 200);
    assert_eq!(got.json()["event"]["deleted"], true);
    let again = api.delete(&format!("/v1/event/{id}"));
    assert_eq!(again.status, 404);
    assert_eq!(again.error(), ("not_found".into(), None));
    let unknown = api.get("/v1/event/TBqDft2LrULaSxCzpMDXc6");
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.json()["message"]
            .as_str()
            .unwrap()
            .contains("TBqDft2LrULaSxCzpMDXc6")
    );

    // Five more, listed two at a time in time order.
    let mut made = Vec::new();
    for hours in [5, 1, 4, 2, 3] {
        let e = api.create(&json!({
            "type": "json", "when": format!("in {hours} hours"),
            "details": {"url": "https://example.com/y"}
        }));
        made.push((hours, e["id"].as_str().unwrap().to_string()));
    }
    made.sort();
    let expected: Vec<String> = made.into_iter().map(|(_, id)| id).collect();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/event?status=scheduled&limit=2&cursor={c}"),
            None => "/v1/event?status=scheduled&limit=2".to_string(),
        };
        let page = api.get(&path);
        assert_eq!(page.status, 200, "{}", page.text);
        let page = page.json();
        pages += 1;
        for e in page["events"].as_array().unwrap() {
            assert_eq!(e["status"], "scheduled");
            seen.push(e["id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
        assert!(pages < 10, "pagination does not end");
    }
    assert_eq!(seen, expected);
    let deleted = api.get("/v1/event?status=deleted").json();
    assert_eq!(deleted["events"].as_array().unwrap().len(), 1);
    assert_eq!(deleted["next_cursor"], Value::Null);
    let all = api.get("/v1/event").json();
    assert_eq!(all["events"].as_array().unwrap().len(), 6);
}

#[test]
fn an_event_created_over_http_is_delivered_to_the_receiver() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let event = api.create(&json!({
        "type": "json", "when": "now",
        "details": {"url": receiver.url("/events/now"), "method": "post",
                    "document": {"customer": "82345"},
                    "headers": [{"x-customer": "82345"}]}
    }));
    let id = event["id"].as_str().unwrap();
    let request = &receiver.wait_for(1)[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/events/now");
    assert_eq!(request.header("x-customer"), Some("82345"));
    assert_eq!(
        request.body_text(),
        format!(
            r#"{{"id":"{id}","when":"{}","build":"{}","document":{{"customer":"82345"}}}}"#,
            event["when"].as_str().unwrap(),
            env!("CARGO_PKG_VERSION")
        )
    );
    wait_until("the API shows it delivered", || {
        api.get(&format!("/v1/event/{id}")).json()["event"]["status"] == "delivered"
    });
    let got = api.get(&format!("/v1/event/{id}")).json();
    assert_eq!(got["event"]["processed"], true);
    assert_eq!(got["event"]["attempts"][0]["outcome"], "delivered");
    assert_eq!(got["event"]["attempts"][0]["status_code"], 200);
}

#[test]
fn events_acknowledged_just_before_kill_9_still_fire_after_restart() {
    const EVENTS: usize = 100;
    let receiver = Receiver::start();
    let a = Anticip::new();
    let key = a.key("tests");
    let mut serve = a.serve(&[]);
    let api = Api::new(&serve, &key);
    let when = anticip::time::rfc3339_ms(anticip::time::now_ms() + 1500);
    let acknowledged: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    (0..EVENTS / 4)
                        .map(|_| {
                            api.create(&json!({
                                "type": "json", "when": when,
                                "details": {"url": receiver.url("/durable")}
                            }))["id"]
                                .as_str()
                                .unwrap()
                                .to_string()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    // Killed the moment the last 201 arrived: no clean shutdown, no flush.
    serve.kill9();
    assert_eq!(acknowledged.len(), EVENTS);

    let _serve = a.serve(&[]);
    wait_until("every acknowledged event arrived", || {
        delivered_ids(&receiver).len() == EVENTS
    });
    assert_eq!(
        delivered_ids(&receiver).into_keys().collect::<HashSet<_>>(),
        acknowledged.into_iter().collect::<HashSet<_>>()
    );
}
