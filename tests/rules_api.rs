//! Sequence's Remote API on a real `serve`: triggers with secrets and
//! idempotency keys, what is refused and why, rate limits, rotated secrets,
//! run status, and that an acknowledged trigger survives `kill -9`.

mod common;

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use common::{Answer, Anticip, Api, Receiver, Serve, wait_until};
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::HeaderValue;
use serde_json::{Value, json};

/// Sequence's example key.
const REFERENCE_KEY: &str = "63d46d6e-16dd-4489-81d3-17c8ffc95c45";

/// A remote rule: (id, trigger secret).
fn remote_rule(a: &Anticip, action_url: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "rule",
        "create",
        "--name",
        "remote",
        "--trigger",
        "remote",
        "--action-url",
        action_url,
    ];
    if !extra.contains(&"--amount-from") {
        args.extend(["--amount-cents", "2500"]);
    }
    args.extend_from_slice(extra);
    let rule = a.json(&args);
    (
        rule["id"].as_str().unwrap().to_string(),
        rule["triggerSecret"].as_str().unwrap().to_string(),
    )
}

/// A client for one `serve`.
struct Remote {
    base: String,
    client: Client,
}

impl Remote {
    fn new(serve: &Serve) -> Remote {
        Remote {
            base: format!("http://{}", serve.addr()),
            client: Client::builder().timeout(common::PATIENCE).build().unwrap(),
        }
    }

    fn trigger_url(&self, rule: &str) -> String {
        format!("{}/api/remote-api/rules/{rule}/trigger", self.base)
    }

    /// A trigger request with nothing but the method and URL.
    fn post(&self, rule: &str) -> RequestBuilder {
        self.client.post(self.trigger_url(rule))
    }

    /// A trigger as Sequence's example sends it, with `key` if given.
    fn trigger(&self, rule: &str, secret: &str, key: Option<&str>, body: &str) -> Answer {
        let mut request = self
            .post(rule)
            .header("x-sequence-signature", format!("Bearer {secret}"))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        Api::send(request)
    }

    fn status(&self, request_id: &str, secret: &str) -> Answer {
        Api::send(
            self.client
                .get(format!(
                    "{}/api/remote-api/requests/{request_id}",
                    self.base
                ))
                .header("x-sequence-signature", format!("Bearer {secret}")),
        )
    }
}

/// The request id of a 200 reply, checking Sequence's envelope exactly.
fn accepted_id(answer: &Answer) -> String {
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let body = answer.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "message", "data"], "{body}");
    assert_eq!(body["code"], "OK");
    assert!(!body["message"].as_str().unwrap().is_empty());
    let data = body["data"].as_object().unwrap();
    assert_eq!(data.len(), 1, "{body}");
    let id = data["requestId"].as_str().unwrap();
    let parsed = uuid::Uuid::parse_str(id).expect("requestId is a UUID");
    assert_eq!(parsed.get_version_num(), 7, "time-ordered");
    id.to_string()
}

/// The code of an error reply, checking Sequence's envelope exactly.
fn error_code(answer: &Answer) -> String {
    assert!(answer.status >= 400, "{}", answer.text);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let body = answer.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "message", "data"], "{body}");
    assert_eq!(body["data"], json!({}), "{body}");
    assert!(
        !body["message"].as_str().unwrap().is_empty(),
        "an error says what was wrong: {body}"
    );
    assert!(answer.header("x-request-id").is_some());
    body["code"].as_str().unwrap().to_string()
}

fn run_count(a: &Anticip) -> i64 {
    a.query("SELECT count(*) FROM rule_runs")
}

fn saved_keys(a: &Anticip) -> i64 {
    a.query("SELECT count(*) FROM rule_idempotency")
}

fn wait_for_run(remote: &Remote, request_id: &str, secret: &str, status: &str) -> Value {
    wait_until(&format!("run {request_id} is {status}"), || {
        remote.status(request_id, secret).json()["data"]["status"] == status
    });
    remote.status(request_id, secret).json()["data"].clone()
}

#[test]
fn the_reference_curl_example_works_with_only_the_host_changed() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, secret) = remote_rule(&a, &action.url("/transfers"), &[]);
    let remote = Remote::new(&serve);
    let url = remote.trigger_url(&id);
    let signature = format!("x-sequence-signature: Bearer {secret}");
    let key = format!("idempotency-key: {REFERENCE_KEY}");
    // The example's options, in its order; the --silent, --show-error and
    // --write-out options only let the test read the status code.
    let example = [
        "--request",
        "POST",
        "--url",
        &url,
        "--header",
        &signature,
        "--header",
        &key,
        "--header",
        "content-type: application/json",
        "--data",
        "{}",
    ];
    let curl = Command::new("curl")
        .args(["--silent", "--show-error"])
        .args(["--write-out", "\n%{http_code} %{content_type}"])
        .args(example)
        .output();
    let answer = match curl {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            let (body, written) = text.rsplit_once('\n').unwrap();
            let (status, content_type) = written.split_once(' ').unwrap();
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("content-type", content_type.parse().unwrap());
            Answer {
                status: status.parse().unwrap(),
                headers,
                text: body.to_string(),
            }
        }
        // No curl here: the same request, header for header.
        Err(_) => Api::send(
            remote
                .client
                .post(&url)
                .header("x-sequence-signature", format!("Bearer {secret}"))
                .header("idempotency-key", REFERENCE_KEY)
                .header("content-type", "application/json")
                .body("{}"),
        ),
    };
    let request_id = accepted_id(&answer);

    let call = &action.wait_for(1)[0];
    assert_eq!(call.header("idempotency-key"), Some(request_id.as_str()));
    assert_eq!(call.json()["requestId"], request_id.as_str());
    assert_eq!(call.json()["trigger"], "remote");
    assert_eq!(call.json()["amountInCents"], 2500);
    let run = wait_for_run(&remote, &request_id, &secret, "succeeded");
    assert_eq!(run["ruleId"], id.as_str());
    assert_eq!(run["trigger"], "remote");
    assert_eq!(run["idempotencyKey"], REFERENCE_KEY);
}

#[test]
fn a_retry_with_the_same_key_replays_the_first_reply_byte_for_byte() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, secret) = remote_rule(&a, &action.url("/transfers"), &[]);
    let remote = Remote::new(&serve);

    let first = remote.trigger(&id, &secret, Some("key-1"), r#"{"reason":"payday"}"#);
    let request_id = accepted_id(&first);
    assert_eq!(first.header("idempotent-replayed"), None);

    // The same key and body, sent with Authorization this time, and once with
    // other whitespace: the first reply again, and no new run.
    let replay = Api::send(
        remote
            .post(&id)
            .header("authorization", format!("Bearer {secret}"))
            .header("idempotency-key", "key-1")
            .header("content-type", "application/json")
            .body(r#"{"reason":"payday"}"#),
    );
    let spaced = remote.trigger(&id, &secret, Some("key-1"), "{ \"reason\" : \"payday\" }\n");
    for again in [&replay, &spaced] {
        assert_eq!(again.status, 200);
        assert_eq!(again.text, first.text, "byte for byte");
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.header("content-type"), Some("application/json"));
    }
    assert_eq!(run_count(&a), 1);

    // The same key with another body: 422, and still one run.
    let reused = remote.trigger(&id, &secret, Some("key-1"), r#"{"reason":"bonus"}"#);
    assert_eq!(reused.status, 422);
    assert_eq!(error_code(&reused), "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(run_count(&a), 1);

    wait_for_run(&remote, &request_id, &secret, "succeeded");
    let after = remote.trigger(&id, &secret, Some("key-1"), r#"{"reason":"payday"}"#);
    assert_eq!(after.text, first.text);
    assert_eq!(action.count(), 1, "the action ran once");

    // Without a key every call runs, with a request id of its own.
    let one = accepted_id(&remote.trigger(&id, &secret, None, "{}"));
    let two = accepted_id(&remote.trigger(&id, &secret, None, "{}"));
    assert_ne!(one, two);
    assert_eq!(run_count(&a), 3);
    // Keys belong to their rule: another rule's "key-1" is a new run.
    let (other, other_secret) = remote_rule(&a, &action.url("/other"), &[]);
    let elsewhere = remote.trigger(
        &other,
        &other_secret,
        Some("key-1"),
        r#"{"reason":"bonus"}"#,
    );
    assert_ne!(accepted_id(&elsewhere), request_id);
    assert_eq!(run_count(&a), 4);
}

#[test]
fn a_hundred_concurrent_triggers_with_one_key_make_one_run() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, secret) = remote_rule(&a, &action.url("/transfers"), &["--rate-limit", "1000/1s"]);
    let remote = Arc::new(Remote::new(&serve));
    let start = Arc::new(Barrier::new(100));
    let threads: Vec<_> = (0..100)
        .map(|_| {
            let (remote, start, id, secret) =
                (remote.clone(), start.clone(), id.clone(), secret.clone());
            std::thread::spawn(move || {
                start.wait();
                remote.trigger(&id, &secret, Some(REFERENCE_KEY), "{}")
            })
        })
        .collect();
    let answers: Vec<Answer> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let ids: Vec<String> = answers.iter().map(accepted_id).collect();
    assert!(ids.iter().all(|i| *i == ids[0]), "one request id: {ids:?}");
    assert!(answers.iter().all(|a| a.text == answers[0].text));
    let fresh = answers
        .iter()
        .filter(|a| a.header("idempotent-replayed").is_none())
        .count();
    assert_eq!(fresh, 1, "one trigger was accepted, 99 replayed");
    assert_eq!(run_count(&a), 1);
    wait_for_run(&remote, &ids[0], &secret, "succeeded");
    assert_eq!(action.count(), 1);
}

#[test]
fn bad_triggers_are_refused_with_their_code_and_store_nothing() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, secret) = remote_rule(&a, &action.url("/transfers"), &[]);
    let (other, _) = remote_rule(&a, &action.url("/other"), &[]);
    let remote = Remote::new(&serve);
    let key = "fix-and-retry";
    let unknown = uuid::Uuid::new_v4().to_string();
    let signed_with_key = |rule: &str, key: HeaderValue| {
        remote
            .post(rule)
            .header("x-sequence-signature", format!("Bearer {secret}"))
            .header("idempotency-key", key)
    };
    let signed = |rule: &str| signed_with_key(rule, HeaderValue::from_static(key));
    let json_body = |request: RequestBuilder, body: &str| {
        request
            .header("content-type", "application/json")
            .body(body.to_string())
    };
    let big = format!(r#"{{"pad":"{}"}}"#, "x".repeat(64 * 1024));
    let cases: Vec<(&str, RequestBuilder, u16, &str)> = vec![
        (
            "no secret",
            json_body(remote.post(&id).header("idempotency-key", key), "{}"),
            401,
            "UNAUTHORIZED",
        ),
        (
            "a wrong secret",
            json_body(
                remote
                    .post(&id)
                    .header("x-sequence-signature", "Bearer rts_wrong")
                    .header("idempotency-key", key),
                "{}",
            ),
            401,
            "UNAUTHORIZED",
        ),
        (
            "the secret without Bearer",
            json_body(
                remote
                    .post(&id)
                    .header("x-sequence-signature", &secret)
                    .header("idempotency-key", key),
                "{}",
            ),
            401,
            "UNAUTHORIZED",
        ),
        (
            "the secret as Basic credentials",
            json_body(
                remote
                    .post(&id)
                    .header("authorization", format!("Basic {secret}"))
                    .header("idempotency-key", key),
                "{}",
            ),
            401,
            "UNAUTHORIZED",
        ),
        (
            "the secret in the URL",
            json_body(
                remote
                    .client
                    .post(format!(
                        "{}?x-sequence-signature=Bearer%20{secret}&secret={secret}",
                        remote.trigger_url(&id)
                    ))
                    .header("idempotency-key", key),
                "{}",
            ),
            401,
            "UNAUTHORIZED",
        ),
        (
            "an unknown rule and a wrong secret",
            json_body(
                remote
                    .post(&unknown)
                    .header("x-sequence-signature", "Bearer rts_wrong")
                    .header("idempotency-key", key),
                "{}",
            ),
            401,
            "UNAUTHORIZED",
        ),
        (
            "an unknown rule with a valid secret",
            json_body(signed(&unknown), "{}"),
            404,
            "NOT_FOUND",
        ),
        (
            "another rule with this rule's secret",
            json_body(signed(&other), "{}"),
            404,
            "NOT_FOUND",
        ),
        (
            "an empty idempotency-key",
            json_body(signed_with_key(&id, HeaderValue::from_static("")), "{}"),
            400,
            "INVALID_IDEMPOTENCY_KEY",
        ),
        (
            "a 256-character idempotency-key",
            json_body(
                signed_with_key(&id, HeaderValue::from_str(&"k".repeat(256)).unwrap()),
                "{}",
            ),
            400,
            "INVALID_IDEMPOTENCY_KEY",
        ),
        (
            "an idempotency-key with a space",
            json_body(
                signed_with_key(&id, HeaderValue::from_static("two words")),
                "{}",
            ),
            400,
            "INVALID_IDEMPOTENCY_KEY",
        ),
        (
            "a non-ASCII idempotency-key",
            json_body(
                signed_with_key(&id, HeaderValue::from_bytes("café".as_bytes()).unwrap()),
                "{}",
            ),
            400,
            "INVALID_IDEMPOTENCY_KEY",
        ),
        (
            "a text/plain body",
            signed(&id).header("content-type", "text/plain").body("{}"),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "a body without content-type",
            signed(&id).body("{}"),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "a form",
            signed(&id)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("a=1"),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "malformed JSON",
            json_body(signed(&id), "{"),
            400,
            "INVALID_JSON",
        ),
        (
            "a body over 64 KiB",
            json_body(signed(&id), &big),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            "a body over 64 KiB, chunked",
            signed(&id).header("content-type", "application/json").body(
                reqwest::blocking::Body::new(std::io::Cursor::new(big.clone().into_bytes())),
            ),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            "GET on the trigger URL",
            remote
                .client
                .get(remote.trigger_url(&id))
                .header("x-sequence-signature", format!("Bearer {secret}")),
            405,
            "METHOD_NOT_ALLOWED",
        ),
        (
            "an unknown route",
            json_body(
                remote
                    .client
                    .post(format!("{}/api/remote-api/rules/{id}/fire", remote.base))
                    .header("x-sequence-signature", format!("Bearer {secret}")),
                "{}",
            ),
            404,
            "NOT_FOUND",
        ),
    ];
    for (what, request, status, code) in cases {
        let answer = Api::send(request);
        assert_eq!(answer.status, status, "{what}: {}", answer.text);
        assert_eq!(error_code(&answer), code, "{what}");
        if status == 401 {
            assert_eq!(
                answer.text,
                r#"{"code":"UNAUTHORIZED","message":"a valid trigger secret is required: send the rule's secret as x-sequence-signature: Bearer <secret> (or Authorization: Bearer <secret>)","data":{}}"#,
                "{what}: every 401 is the same"
            );
        }
        assert_eq!(run_count(&a), 0, "{what}: no run");
        assert_eq!(saved_keys(&a), 0, "{what}: the key is not saved");
    }

    // Corrected, the same key works, once.
    let fixed = remote.trigger(&id, &secret, Some(key), "{}");
    let request_id = accepted_id(&fixed);
    assert_eq!(fixed.header("idempotent-replayed"), None);
    assert_eq!(run_count(&a), 1);
    let again = remote.trigger(&id, &secret, Some(key), "{}");
    assert_eq!(again.text, fixed.text);
    wait_for_run(&remote, &request_id, &secret, "succeeded");

    // An empty body is `{}`, whatever its content-type: `curl -X POST` works.
    let bare = Api::send(
        remote
            .post(&id)
            .header("x-sequence-signature", format!("Bearer {secret}"))
            .header("idempotency-key", key),
    );
    assert_eq!(bare.text, fixed.text, "the same request as {{}}");
}

#[test]
fn rotated_secrets_work_through_their_grace_period_only() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, first) = remote_rule(&a, &action.url("/transfers"), &[]);
    let remote = Remote::new(&serve);
    accepted_id(&remote.trigger(&id, &first, None, "{}"));

    let second = a
        .ok(&["rule", "rotate-secret", &id, "--grace", "1h"])
        .trim()
        .to_string();
    assert!(second.starts_with("rts_") && second != first);
    // Both work at once: the listener notices the rotation by itself.
    accepted_id(&remote.trigger(&id, &second, None, "{}"));
    accepted_id(&remote.trigger(&id, &first, None, "{}"));

    // No grace: the secret it replaces stops working at once, the one before
    // that is forgotten, the new one works.
    let third = a
        .ok(&["rule", "rotate-secret", &id, "--grace", "0s"])
        .trim()
        .to_string();
    for old in [&first, &second] {
        let refused = remote.trigger(&id, old, None, "{}");
        assert_eq!(refused.status, 401, "{}", refused.text);
        assert_eq!(error_code(&refused), "UNAUTHORIZED");
    }
    accepted_id(&remote.trigger(&id, &third, None, "{}"));

    // A short grace runs out.
    let fourth = a
        .ok(&["rule", "rotate-secret", &id, "--grace", "2s"])
        .trim()
        .to_string();
    accepted_id(&remote.trigger(&id, &fourth, None, "{}"));
    wait_until("the third secret's grace period is over", || {
        remote.trigger(&id, &third, None, "{}").status == 401
    });
    accepted_id(&remote.trigger(&id, &fourth, None, "{}"));
}

#[test]
fn a_disabled_rule_refuses_triggers_until_enabled() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, secret) = remote_rule(&a, &action.url("/transfers"), &[]);
    let remote = Remote::new(&serve);
    let before = remote.trigger(&id, &secret, Some("before"), "{}");
    accepted_id(&before);

    a.ok(&["rule", "disable", &id]);
    let refused = remote.trigger(&id, &secret, Some("during"), "{}");
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(error_code(&refused), "RULE_DISABLED");
    assert!(refused.json()["message"].as_str().unwrap().contains(&id));
    assert_eq!(run_count(&a), 1);
    assert_eq!(saved_keys(&a), 1, "the refused key is not saved");
    // A trigger accepted before is still replayed.
    let replay = remote.trigger(&id, &secret, Some("before"), "{}");
    assert_eq!(replay.text, before.text);

    a.ok(&["rule", "enable", &id]);
    accepted_id(&remote.trigger(&id, &secret, Some("during"), "{}"));
    assert_eq!(run_count(&a), 2);
}

#[test]
fn the_rate_limit_answers_429_with_retry_after() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, secret) = remote_rule(&a, &action.url("/t"), &["--rate-limit", "2/1h"]);
    let (other, other_secret) = remote_rule(&a, &action.url("/u"), &["--rate-limit", "2/1h"]);
    let remote = Remote::new(&serve);
    accepted_id(&remote.trigger(&id, &secret, Some("a"), "{}"));
    accepted_id(&remote.trigger(&id, &secret, Some("b"), "{}"));
    let limited = remote.trigger(&id, &secret, Some("c"), "{}");
    assert_eq!(limited.status, 429, "{}", limited.text);
    assert_eq!(error_code(&limited), "RATE_LIMITED");
    let retry_after: u64 = limited
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("whole seconds");
    // The bucket refills one trigger every 30 minutes.
    assert!((1..=1800).contains(&retry_after), "{retry_after}");
    assert_eq!(run_count(&a), 2);
    assert_eq!(saved_keys(&a), 2, "the limited key is not saved");
    // Each rule has its own bucket; a wrong secret does not spend any.
    for _ in 0..3 {
        assert_eq!(remote.trigger(&other, "rts_wrong", None, "{}").status, 401);
    }
    accepted_id(&remote.trigger(&other, &other_secret, None, "{}"));
    accepted_id(&remote.trigger(&other, &other_secret, None, "{}"));
    assert_eq!(
        remote.trigger(&other, &other_secret, None, "{}").status,
        429
    );
}

#[test]
fn the_request_status_shows_the_run_to_its_rule_only() {
    let amount = Receiver::with(|_, _| (200, vec![], r#"{"amountInCents": 25000}"#.into()));
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let (id, secret) = remote_rule(
        &a,
        &action.url("/transfers"),
        &["--amount-from", &amount.url("/amount")],
    );
    let (_, other_secret) = remote_rule(&a, &action.url("/other"), &[]);
    let remote = Remote::new(&serve);
    let request_id = accepted_id(&remote.trigger(&id, &secret, Some("status-key"), "{}"));

    let run = wait_for_run(&remote, &request_id, &secret, "succeeded");
    let answer = remote.status(&request_id, &secret);
    assert_eq!(answer.json()["code"], "OK");
    assert_eq!(answer.json()["message"], "The run succeeded.");
    assert_eq!(run["requestId"], request_id.as_str());
    assert_eq!(run["ruleId"], id.as_str());
    assert_eq!(run["trigger"], "remote");
    assert_eq!(run["amountInCents"], 25000);
    assert_eq!(run["idempotencyKey"], "status-key");
    assert_eq!(run["attemptCount"], 2);
    let steps: Vec<(&str, &str)> = run["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["step"].as_str().unwrap(), s["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(steps, [("amount", "succeeded"), ("action", "succeeded")]);
    assert!(run["finishedAt"].is_string());
    // The same with Authorization.
    let with_authorization = Api::send(
        remote
            .client
            .get(format!(
                "{}/api/remote-api/requests/{request_id}",
                remote.base
            ))
            .header("authorization", format!("Bearer {secret}")),
    );
    assert_eq!(with_authorization.text, answer.text);

    let by_other = remote.status(&request_id, &other_secret);
    assert_eq!(
        (by_other.status, error_code(&by_other).as_str()),
        (404, "NOT_FOUND")
    );
    let unknown = remote.status(&uuid::Uuid::new_v4().to_string(), &secret);
    assert_eq!(
        (unknown.status, error_code(&unknown).as_str()),
        (404, "NOT_FOUND")
    );
    for (what, answer) in [
        ("a wrong secret", remote.status(&request_id, "rts_wrong")),
        (
            "an unknown id and a wrong secret",
            remote.status(&uuid::Uuid::new_v4().to_string(), "rts_wrong"),
        ),
        (
            "no secret",
            Api::send(remote.client.get(format!(
                "{}/api/remote-api/requests/{request_id}",
                remote.base
            ))),
        ),
    ] {
        assert_eq!(answer.status, 401, "{what}");
        assert_eq!(error_code(&answer), "UNAUTHORIZED", "{what}");
    }
    let post = Api::send(
        remote
            .client
            .post(format!(
                "{}/api/remote-api/requests/{request_id}",
                remote.base
            ))
            .header("x-sequence-signature", format!("Bearer {secret}")),
    );
    assert_eq!(
        (post.status, error_code(&post).as_str()),
        (405, "METHOD_NOT_ALLOWED")
    );
}

#[test]
fn an_acknowledged_trigger_survives_kill_9() {
    // The first run's action is held until released, so the second run
    // waits its turn (one run of a rule at a time) when serve is killed.
    let release = Arc::new(AtomicBool::new(false));
    let held = release.clone();
    let action = Receiver::with(move |_, _| {
        let deadline = std::time::Instant::now() + common::PATIENCE;
        while !held.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        (200, vec![], "ok".into())
    });
    let a = Anticip::new();
    let mut serve = a.serve(&[]);
    let (id, secret) = remote_rule(&a, &action.url("/transfers"), &[]);
    let remote = Remote::new(&serve);
    let blocker = accepted_id(&remote.trigger(&id, &secret, None, "{}"));
    action.wait_for(1);
    // Answered while the first run is still calling its action: the trigger
    // only queues.
    let acknowledged = accepted_id(&remote.trigger(&id, &secret, Some("survive"), "{}"));
    assert_eq!(
        remote.status(&acknowledged, &secret).json()["data"]["status"],
        "queued"
    );
    serve.kill9();
    release.store(true, Ordering::SeqCst);

    let serve = a.serve(&[]);
    let remote = Remote::new(&serve);
    let run = wait_for_run(&remote, &acknowledged, &secret, "succeeded");
    assert_eq!(run["idempotencyKey"], "survive");
    let calls: Vec<String> = action
        .requests()
        .iter()
        .map(|r| r.json()["requestId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(calls, [blocker.clone(), acknowledged.clone()]);
    // The run cut off by the kill is not run again by itself.
    assert_eq!(
        remote.status(&blocker, &secret).json()["data"]["status"],
        "interrupted"
    );
    // And the key still replays the acknowledged reply.
    let replay = remote.trigger(&id, &secret, Some("survive"), "{}");
    assert_eq!(accepted_id(&replay), acknowledged);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
}
