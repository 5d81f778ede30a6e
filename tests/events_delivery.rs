//! Scheduled events from the shell to the receiver: the bytes on the wire,
//! retries, and the recorded attempts.

mod common;

use common::{Anticip, Receiver, wait_until};

#[test]
fn a_json_event_is_delivered_as_anticipated_io_documents_it() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    let id = a.create_event(&[
        "--when",
        "now",
        "--url",
        &receiver.url("/events/32days?x=1"),
        "--document",
        r#"{"id":"Y9yJ4qDDMpHGmmYboWt4ZE","customer":"MJvrmWjJ3zZe7pPWHWta7r"}"#,
        "--header",
        "x-customer: 82345",
    ]);
    let got = receiver.wait_for(1);
    let request = &got[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/events/32days?x=1");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-customer"), Some("82345"));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("anticip/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(request.header("accept"), Some("*/*"));
    let event = a.event(&id);
    // The body is exactly {"id","when","build","document"}, document keys in the order given.
    assert_eq!(
        request.body_text(),
        format!(
            r#"{{"id":"{id}","when":"{}","build":"{}","document":{{"id":"Y9yJ4qDDMpHGmmYboWt4ZE","customer":"MJvrmWjJ3zZe7pPWHWta7r"}}}}"#,
            event["when"].as_str().unwrap(),
            env!("CARGO_PKG_VERSION")
        )
    );
    wait_until("the event is delivered", || {
        a.event(&id)["status"] == "delivered"
    });
    let event = a.event(&id);
    assert_eq!(event["processed"], true);
    assert_eq!(event["deleted"], false);
    assert_eq!(event["attempts"][0]["outcome"], "delivered");
    assert_eq!(event["attempts"][0]["status_code"], 200);
    assert_eq!(event["attempts"][0]["response"], "ok");
}

#[test]
fn an_xml_event_sends_the_document_string() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    a.create_event(&[
        "--type",
        "xml",
        "--method",
        "put",
        "--when",
        "now",
        "--url",
        &receiver.url("/x"),
        "--document",
        "<xml><customer>82345</customer></xml>",
        "--header",
        "x-customer: 82345",
    ]);
    let request = &receiver.wait_for(1)[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.header("content-type"), Some("application/xml"));
    assert_eq!(request.header("x-customer"), Some("82345"));
    assert_eq!(request.body_text(), "<xml><customer>82345</customer></xml>");
}

#[test]
fn every_method_and_no_body_for_get() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    for method in ["get", "post", "put", "patch", "delete"] {
        a.create_event(&[
            "--method",
            method,
            "--when",
            "now",
            "--url",
            &receiver.url(&format!("/{method}")),
        ]);
    }
    let got = receiver.wait_for(5);
    for request in got {
        let method = request.path.trim_start_matches('/').to_uppercase();
        assert_eq!(request.method, method);
        if method == "GET" {
            assert!(request.body.is_empty(), "GET carries no body");
            assert_eq!(request.header("content-type"), None);
        } else {
            assert_eq!(request.json()["document"], serde_json::json!({}));
        }
    }
}

#[test]
fn transient_failures_are_retried_and_every_attempt_recorded() {
    // 503, then 429 with Retry-After: 1, then 200.
    let receiver = Receiver::with(|_, n| match n {
        0 => (503, vec![], "down for maintenance".into()),
        1 => (429, vec![("retry-after", "1".into())], "slow down".into()),
        _ => (200, vec![], "ok".into()),
    });
    let a = Anticip::new();
    let _serve = a.serve(&["--retry-base", "100ms"]);
    let id = a.create_event(&["--when", "now", "--url", &receiver.url("/flaky")]);
    let got = receiver.wait_for(3);
    wait_until("the event is delivered", || {
        a.event(&id)["status"] == "delivered"
    });
    // Retry-After: 1 held the third attempt back by at least a second.
    let gap = got[2].at.duration_since(got[1].at).unwrap();
    assert!(
        gap.as_millis() >= 900,
        "Retry-After ignored: retried after {gap:?}"
    );
    let attempts = a.event(&id)["attempts"].as_array().unwrap().clone();
    let summary: Vec<(String, i64)> = attempts
        .iter()
        .map(|a| {
            (
                a["outcome"].as_str().unwrap().to_string(),
                a["status_code"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("retry".to_string(), 503),
            ("retry".to_string(), 429),
            ("delivered".to_string(), 200)
        ]
    );
    assert_eq!(attempts[0]["error"], "HTTP 503 Service Unavailable");
    assert_eq!(attempts[0]["response"], "down for maintenance");
    assert_eq!(receiver.count(), 3);
}

#[test]
fn a_client_error_fails_at_once_and_retry_requeues_it() {
    let receiver = Receiver::with(|_, n| {
        if n == 0 {
            (404, vec![], "no such hook".into())
        } else {
            (200, vec![], "ok".into())
        }
    });
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    let id = a.create_event(&["--when", "now", "--url", &receiver.url("/gone")]);
    wait_until("the event fails", || a.event(&id)["status"] == "failed");
    let event = a.event(&id);
    assert_eq!(event["attempt_count"], 1);
    assert_eq!(event["last_error"], "HTTP 404 Not Found");
    assert_eq!(event["processed"], true);
    assert_eq!(receiver.count(), 1);

    a.ok(&["event", "retry", &id]);
    wait_until("the retried event is delivered", || {
        a.event(&id)["status"] == "delivered"
    });
    assert_eq!(a.event(&id)["attempt_count"], 2);
    assert_eq!(receiver.count(), 2);
}

#[test]
fn attempts_run_out_and_the_event_fails() {
    let receiver = Receiver::with(|_, _| (500, vec![], "boom".into()));
    let a = Anticip::new();
    let _serve = a.serve(&["--retry-base", "50ms", "--retry-cap", "100ms"]);
    let id = a.create_event(&[
        "--when",
        "now",
        "--max-attempts",
        "3",
        "--url",
        &receiver.url("/boom"),
    ]);
    wait_until("the event fails", || a.event(&id)["status"] == "failed");
    assert_eq!(receiver.count(), 3);
    let event = a.event(&id);
    let outcomes: Vec<&str> = event["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["retry", "retry", "failed"]);
}

#[test]
fn a_timeout_and_a_refused_connection_are_retried() {
    let slow = Receiver::with(|_, n| {
        if n == 0 {
            std::thread::sleep(std::time::Duration::from_secs(2));
        }
        (200, vec![], "ok".into())
    });
    let a = Anticip::new();
    let _serve = a.serve(&["--retry-base", "100ms"]);
    let timed_out = a.create_event(&[
        "--when",
        "now",
        "--timeout",
        "500ms",
        "--url",
        &slow.url("/slow"),
    ]);
    // Nothing listens on port 9 of the loopback.
    let refused = a.create_event(&[
        "--when",
        "now",
        "--max-attempts",
        "2",
        "--url",
        "http://127.0.0.1:9/nobody",
    ]);
    wait_until("the slow event is delivered", || {
        a.event(&timed_out)["status"] == "delivered"
    });
    let first = &a.event(&timed_out)["attempts"][0];
    assert_eq!(first["outcome"], "retry");
    assert_eq!(first["error"], "timed out after 500ms");
    wait_until("the refused event fails", || {
        a.event(&refused)["status"] == "failed"
    });
    let error = a.event(&refused)["last_error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(error.starts_with("could not connect"), "{error}");
}

#[test]
fn a_proxy_named_in_the_environment_carries_plain_http_deliveries() {
    // The receiver plays the proxy: it gets the request in absolute form.
    let proxy = Receiver::start();
    let a = Anticip::new();
    let proxy_url = proxy.url("");
    let _serve = a.serve_with_env(
        &[],
        &[("HTTP_PROXY", &proxy_url), ("http_proxy", &proxy_url)],
    );
    let id = a.create_event(&[
        "--when",
        "now",
        "--url",
        "http://hooks.anticip.invalid/orders?x=1",
        "--document",
        r#"{"customer":"82345"}"#,
    ]);
    let request = &proxy.wait_for(1)[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "http://hooks.anticip.invalid/orders?x=1");
    assert_eq!(request.header("host"), Some("hooks.anticip.invalid"));
    assert_eq!(request.json()["document"]["customer"], "82345");
    wait_until("the event is delivered", || {
        a.event(&id)["status"] == "delivered"
    });
}

#[test]
fn credentials_in_the_url_become_basic_auth_and_the_fragment_stays_home() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    let url = receiver
        .url("/hooks?x=1#section")
        .replace("http://", "http://hook-user:s3cret@");
    let id = a.create_event(&["--when", "now", "--url", &url]);
    let request = &receiver.wait_for(1)[0];
    assert_eq!(request.path, "/hooks?x=1");
    // base64("hook-user:s3cret")
    assert_eq!(
        request.header("authorization"),
        Some("Basic aG9vay11c2VyOnMzY3JldA==")
    );
    wait_until("the event is delivered", || {
        a.event(&id)["status"] == "delivered"
    });
}

#[test]
fn a_deleted_event_never_fires() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    let doomed = a.create_event(&["--when", "in 2 seconds", "--url", &receiver.url("/doomed")]);
    let kept = a.create_event(&["--when", "in 2 seconds", "--url", &receiver.url("/kept")]);
    let deleted = a.json(&["event", "delete", &doomed]);
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["status"], "deleted");
    let got = receiver.wait_for(1);
    wait_until("the kept event is delivered", || {
        a.event(&kept)["status"] == "delivered"
    });
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/kept");
    assert_eq!(
        receiver
            .requests()
            .iter()
            .filter(|r| r.path == "/doomed")
            .count(),
        0
    );
    // Deleting twice: not found.
    let again = a.run(&["event", "delete", &doomed]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains(&format!("no event with id \"{doomed}\""))
    );
}
