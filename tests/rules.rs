//! Rules from the shell: runs, amounts, signatures, retries, schedules, crashes.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Anticip, Received, Receiver, wait_until};
use serde_json::Value;

/// `rule create … --json` with the given arguments.
fn create_rule(a: &Anticip, args: &[&str]) -> Value {
    let mut all = vec!["rule", "create", "--name", "test rule"];
    all.extend_from_slice(args);
    a.json(&all)
}

fn runs(a: &Anticip, rule: &str) -> Vec<Value> {
    a.json(&["rule", "runs", rule]).as_array().unwrap().clone()
}

fn run(a: &Anticip, rule: &str, request_id: &str) -> Value {
    runs(a, rule)
        .into_iter()
        .find(|r| r["requestId"] == request_id)
        .unwrap_or_else(|| panic!("no run {request_id}"))
}

fn wait_for_status(a: &Anticip, rule: &str, request_id: &str, status: &str) -> Value {
    wait_until(&format!("run {request_id} is {status}"), || {
        run(a, rule, request_id)["status"] == status
    });
    run(a, rule, request_id)
}

/// The request carries a valid Standard Webhooks signature made with `token`,
/// and Sequence's `x-sequence-signature: Bearer <token>`.
fn assert_signed(request: &Received, token: &str) {
    assert_eq!(
        request.header("x-sequence-signature"),
        Some(format!("Bearer {token}").as_str())
    );
    let id = request.header("webhook-id").expect("webhook-id");
    let timestamp: i64 = request
        .header("webhook-timestamp")
        .expect("webhook-timestamp")
        .parse()
        .unwrap();
    let expected = anticip::secrets::webhook_signature(token, id, timestamp, &request.body);
    assert_eq!(request.header("webhook-signature"), Some(expected.as_str()));
    assert!(
        (anticip::time::now_ms() / 1000 - timestamp).abs() < 300,
        "a fresh timestamp"
    );
}

#[test]
fn a_fixed_amount_rule_fired_by_hand_calls_its_action_signed() {
    let action = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "remote",
            "--action-url",
            &action.url("/transfers"),
            "--amount-cents",
            "2500",
        ],
    );
    let (id, token) = (
        rule["id"].as_str().unwrap(),
        rule["signingToken"].as_str().unwrap(),
    );
    assert!(token.starts_with("whsec_"));
    assert!(rule["triggerSecret"].as_str().unwrap().starts_with("rts_"));
    assert_eq!(
        rule["triggerUrl"],
        format!("http://127.0.0.1:7878/api/remote-api/rules/{id}/trigger").as_str()
    );

    let request_id = a.ok(&["rule", "trigger", id]).trim().to_string();
    let got = action.wait_for(1);
    let call = &got[0];
    assert_eq!(call.method, "POST");
    assert_eq!(call.header("content-type"), Some("application/json"));
    assert_eq!(call.header("idempotency-key"), Some(request_id.as_str()));
    assert_signed(call, token);
    let body = call.json();
    assert_eq!(body["ruleId"], id);
    assert_eq!(body["requestId"], request_id.as_str());
    assert_eq!(body["amountInCents"], 2500);
    assert_eq!(body["trigger"], "manual");
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ruleId",
            "requestId",
            "amountInCents",
            "trigger",
            "triggeredAt"
        ]
    );

    let done = wait_for_status(&a, id, &request_id, "succeeded");
    assert_eq!(done["amountInCents"], 2500);
    assert_eq!(done["attempts"][0]["step"], "action");
    assert_eq!(done["attempts"][0]["statusCode"], 200);
    // Secrets are never shown again.
    let again = a.ok(&["rule", "get", id, "--json"]);
    assert!(!again.contains(token) && !again.contains(rule["triggerSecret"].as_str().unwrap()));
}

#[test]
fn the_amount_is_asked_from_the_remote_service() {
    let amount = Receiver::with(|_, _| (200, vec![], r#"{"amountInCents": 25000}"#.into()));
    let action = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "remote",
            "--action-url",
            &action.url("/transfers"),
            "--amount-from",
            &amount.url("/amount"),
        ],
    );
    let (id, token) = (
        rule["id"].as_str().unwrap(),
        rule["signingToken"].as_str().unwrap(),
    );
    let request_id = a.ok(&["rule", "trigger", id]).trim().to_string();
    let asked = &amount.wait_for(1)[0];
    assert_signed(asked, token);
    let question = asked.json();
    let keys: Vec<&str> = question
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["ruleId", "requestId", "triggeredAt"]);
    assert_eq!(question["requestId"], request_id.as_str());
    assert_eq!(action.wait_for(1)[0].json()["amountInCents"], 25000);
    let done = wait_for_status(&a, id, &request_id, "succeeded");
    let steps: Vec<&str> = done["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["amount", "action"]);
}

/// (path, status, body, the reason the run records)
const BAD_AMOUNTS: &[(&str, u16, &str, &str)] = &[
    (
        "/float",
        200,
        r#"{"amountInCents": 2500.5}"#,
        "not a whole number",
    ),
    (
        "/negative",
        200,
        r#"{"amountInCents": -100}"#,
        "is negative",
    ),
    (
        "/string",
        200,
        r#"{"amountInCents": "2500"}"#,
        "a string, not an integer",
    ),
    ("/missing", 200, r#"{"amount": 2500}"#, "no amountInCents"),
    ("/not-json", 200, "twenty-five dollars", "not JSON"),
    (
        "/server-error",
        500,
        r#"{"amountInCents": 2500}"#,
        "HTTP 500",
    ),
    (
        "/redirect",
        302,
        "",
        "redirect to https://elsewhere.example/ is not followed",
    ),
    (
        "/capped",
        200,
        r#"{"amountInCents": 5001}"#,
        "above the rule's cap of 5000",
    ),
    (
        "/slow",
        200,
        r#"{"amountInCents": 1}"#,
        "timed out after 500ms",
    ),
];

#[test]
fn a_bad_amount_fails_the_run_with_its_reason_and_no_action_call() {
    let amount = Receiver::with(|request, _| {
        let (path, status, body, _) = BAD_AMOUNTS
            .iter()
            .find(|c| c.0 == request.path)
            .expect("a known case");
        if *path == "/slow" {
            std::thread::sleep(Duration::from_secs(2));
        }
        let headers = if *status == 302 {
            vec![("location", "https://elsewhere.example/".to_string())]
        } else {
            vec![]
        };
        (*status, headers, body.to_string())
    });
    let action = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    let mut started = Vec::new();
    for (path, _, _, reason) in BAD_AMOUNTS {
        let rule = create_rule(
            &a,
            &[
                "--trigger",
                "manual",
                "--action-url",
                &action.url("/transfers"),
                "--amount-from",
                &amount.url(path),
                "--amount-cap-cents",
                "5000",
                "--timeout",
                "500ms",
            ],
        );
        let id = rule["id"].as_str().unwrap().to_string();
        let request_id = a.ok(&["rule", "trigger", &id]).trim().to_string();
        started.push((id, request_id, *path, *reason));
    }
    for (id, request_id, path, reason) in started {
        let failed = wait_for_status(&a, &id, &request_id, "failed");
        let error = failed["error"].as_str().unwrap();
        assert!(
            error.starts_with("amount query: ") && error.contains(reason),
            "{path}: {error}"
        );
        assert_eq!(
            failed["attempts"].as_array().unwrap().len(),
            1,
            "{path}: only the amount query"
        );
    }
    assert_eq!(action.count(), 0, "no action was called");
}

#[test]
fn a_failing_action_is_retried_with_the_same_request_id() {
    let action = Receiver::with(|_, n| {
        if n < 2 {
            (503, vec![], "busy".into())
        } else {
            (200, vec![], "ok".into())
        }
    });
    let a = Anticip::new();
    let _serve = a.serve(&["--retry-base", "100ms"]);
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "manual",
            "--action-url",
            &action.url("/t"),
            "--amount-cents",
            "1",
        ],
    );
    let id = rule["id"].as_str().unwrap();
    let request_id = a.ok(&["rule", "trigger", id]).trim().to_string();
    let done = wait_for_status(&a, id, &request_id, "succeeded");
    let calls = action.requests();
    assert_eq!(calls.len(), 3);
    for call in &calls {
        assert_eq!(call.header("idempotency-key"), Some(request_id.as_str()));
        assert_eq!(
            call.header("webhook-id"),
            Some(request_id.as_str()),
            "one message, retried"
        );
    }
    let outcomes: Vec<&str> = done["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["retry", "retry", "succeeded"]);
    assert_eq!(done["attemptCount"], 3);
}

#[test]
fn an_idempotency_key_makes_one_run() {
    let action = Receiver::start();
    let a = Anticip::new();
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "manual",
            "--action-url",
            &action.url("/t"),
            "--amount-cents",
            "1",
        ],
    );
    let id = rule["id"].as_str().unwrap();
    let first = a.json(&[
        "rule",
        "trigger",
        id,
        "--idempotency-key",
        "63d46d6e-16dd-4489-81d3-17c8ffc95c45",
    ]);
    let again = a.run(&[
        "rule",
        "trigger",
        id,
        "--idempotency-key",
        "63d46d6e-16dd-4489-81d3-17c8ffc95c45",
        "--json",
    ]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("no new run"));
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(first, again);
    assert_eq!(first["code"], "OK");
    assert_eq!(runs(&a, id).len(), 1);
    a.ok(&["rule", "trigger", id]);
    assert_eq!(runs(&a, id).len(), 2, "without a key every call runs");
    let bad = a.run(&["rule", "trigger", id, "--idempotency-key", "has space"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn one_run_of_a_rule_at_a_time() {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (now, max) = (in_flight.clone(), most.clone());
    let action = Receiver::with(move |_, _| {
        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
        max.fetch_max(n, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(300));
        now.fetch_sub(1, Ordering::SeqCst);
        (200, vec![], "ok".into())
    });
    let a = Anticip::new();
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "manual",
            "--action-url",
            &action.url("/t"),
            "--amount-cents",
            "1",
        ],
    );
    let id = rule["id"].as_str().unwrap();
    for _ in 0..4 {
        a.ok(&["rule", "trigger", id]);
    }
    let _serve = a.serve(&[]);
    action.wait_for(4);
    wait_until("all runs succeeded", || {
        runs(&a, id).iter().all(|r| r["status"] == "succeeded")
    });
    assert_eq!(most.load(Ordering::SeqCst), 1, "runs overlapped");
}

#[test]
fn a_run_cut_off_by_kill_9_is_marked_interrupted_not_run_again() {
    let action = Receiver::with(|_, _| {
        std::thread::sleep(Duration::from_secs(3));
        (200, vec![], "ok".into())
    });
    let a = Anticip::new();
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "manual",
            "--action-url",
            &action.url("/t"),
            "--amount-cents",
            "1",
        ],
    );
    let id = rule["id"].as_str().unwrap();
    let first = a.ok(&["rule", "trigger", id]).trim().to_string();
    let second = a.ok(&["rule", "trigger", id]).trim().to_string();
    let mut serve = a.serve(&[]);
    action.wait_for(1);
    serve.kill9();
    let _serve = a.serve(&[]);
    let interrupted = wait_for_status(&a, id, &first, "interrupted");
    assert!(
        interrupted["error"]
            .as_str()
            .unwrap()
            .contains("not run again"),
        "{interrupted}"
    );
    // The queue moves on: the next run goes.
    wait_for_status(&a, id, &second, "succeeded");
    let firsts = action
        .requests()
        .iter()
        .filter(|r| r.json()["requestId"] == first.as_str())
        .count();
    assert_eq!(firsts, 1, "the interrupted run was called again");
}

#[test]
fn schedules_fire_and_a_long_downtime_fires_once() {
    let action = Receiver::start();
    let a = Anticip::new();
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "schedule",
            "--every",
            "1h",
            "--action-url",
            &action.url("/t"),
            "--amount-cents",
            "7",
        ],
    );
    let id = rule["id"].as_str().unwrap();
    assert_eq!(rule["schedule"], "every 1h");
    assert_eq!(rule["nextFireTimes"].as_array().unwrap().len(), 5);
    // As if serve had been down for a day: the schedule is 24 slots behind.
    let conn = rusqlite::Connection::open(&a.db).unwrap();
    let day_ago = anticip::time::now_ms() - 86_400_000;
    conn.execute(
        "UPDATE jobs SET due_at = ?1, scheduled_at = ?1 WHERE kind = 'rule_schedule'",
        [day_ago],
    )
    .unwrap();
    drop(conn);
    let _serve = a.serve(&[]);
    action.wait_for(1);
    wait_until("the run succeeded", || {
        runs(&a, id).iter().any(|r| r["status"] == "succeeded")
    });
    std::thread::sleep(Duration::from_millis(500));
    let all = runs(&a, id);
    assert_eq!(all.len(), 1, "one run for the missed slots, not one each");
    assert_eq!(all[0]["trigger"], "schedule");
    assert_eq!(action.requests()[0].json()["amountInCents"], 7);
    let next = a.json(&["rule", "get", id])["nextFireTimes"][0]
        .as_str()
        .unwrap()
        .to_string();
    let next = chrono::DateTime::parse_from_rfc3339(&next)
        .unwrap()
        .timestamp_millis();
    assert!(
        next > anticip::time::now_ms() + 3_000_000,
        "the next fire is an hour on"
    );
}

#[test]
fn cron_schedules_show_their_next_fire_times_in_their_zone() {
    let a = Anticip::new();
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "schedule",
            "--cron",
            "0 9 * * MON",
            "--tz",
            "Europe/Berlin",
            "--action-url",
            "https://bank.example/transfers",
            "--amount-cents",
            "2500",
        ],
    );
    assert_eq!(rule["schedule"], "cron 0 9 * * MON Europe/Berlin");
    let times: Vec<chrono::DateTime<chrono_tz::Tz>> = rule["nextFireTimes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            chrono::DateTime::parse_from_rfc3339(t.as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono_tz::Europe::Berlin)
        })
        .collect();
    assert_eq!(times.len(), 5);
    for t in times {
        assert_eq!(t.format("%a %H:%M").to_string(), "Mon 09:00");
    }
    assert!(
        rule.get("triggerUrl").is_none_or(Value::is_null),
        "a scheduled rule has no trigger URL"
    );
}

#[test]
fn a_disabled_rule_refuses_triggers() {
    let a = Anticip::new();
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "manual",
            "--action-url",
            "https://x.example/t",
            "--amount-cents",
            "1",
        ],
    );
    let id = rule["id"].as_str().unwrap();
    a.ok(&["rule", "disable", id]);
    let out = a.run(&["rule", "trigger", id]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is disabled"));
    a.ok(&["rule", "enable", id]);
    a.ok(&["rule", "trigger", id]);
}

#[test]
fn bad_rule_definitions_exit_2() {
    let a = Anticip::new();
    let base = ["--name", "r", "--action-url", "https://x.example/t"];
    let cases: &[(&[&str], &str)] = &[
        (
            &["--trigger", "remote"],
            "--amount-cents <CENTS>|--amount-from <URL>",
        ),
        (
            &[
                "--trigger",
                "remote",
                "--amount-cents",
                "1",
                "--amount-from",
                "https://a.example",
            ],
            "cannot be used with",
        ),
        (
            &["--trigger", "remote", "--amount-cents", "-5"],
            "--amount-cents: -5 is negative",
        ),
        (
            &["--trigger", "telepathy", "--amount-cents", "1"],
            "invalid value 'telepathy'",
        ),
        (
            &["--trigger", "schedule", "--amount-cents", "1"],
            "needs --cron EXPR",
        ),
        (
            &[
                "--trigger",
                "remote",
                "--amount-cents",
                "1",
                "--every",
                "1h",
            ],
            "are for --trigger schedule",
        ),
        (
            &[
                "--trigger",
                "schedule",
                "--amount-cents",
                "1",
                "--cron",
                "0 9 * *",
            ],
            "not a 5-field cron",
        ),
        (
            &[
                "--trigger",
                "schedule",
                "--amount-cents",
                "1",
                "--cron",
                "0 9 * * MON",
                "--tz",
                "Mars/Base",
            ],
            "IANA",
        ),
        (
            &[
                "--trigger",
                "schedule",
                "--amount-cents",
                "1",
                "--every",
                "10ms",
            ],
            "at least 1s",
        ),
        (
            &[
                "--trigger",
                "remote",
                "--amount-cents",
                "1",
                "--rate-limit",
                "fast",
            ],
            "N/INTERVAL",
        ),
        (
            &[
                "--trigger",
                "remote",
                "--amount-cents",
                "1",
                "--idempotency-ttl",
                "1h",
            ],
            "kept at least 24h",
        ),
        (
            &["--trigger", "remote", "--amount-from", "ftp://a.example"],
            "--amount-from: \"ftp://a.example\" is not an http",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["rule", "create"];
        all.extend_from_slice(&base);
        all.extend_from_slice(args);
        let out = a.run(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let bad_url = a.run(&[
        "rule",
        "create",
        "--name",
        "r",
        "--action-url",
        "nope",
        "--trigger",
        "manual",
        "--amount-cents",
        "1",
    ]);
    assert_eq!(bad_url.status.code(), Some(2));
    assert_eq!(a.json(&["rule", "list"]), serde_json::json!([]));
}

#[test]
fn credentials_in_an_action_url_are_sent_as_basic_auth_and_kept_out_of_the_log() {
    let action = Receiver::start();
    let a = Anticip::new();
    let serve = a.serve(&[]);
    let url = action
        .url("/transfers?token=q-s3cret")
        .replace("http://", "http://bank:p4ssw0rd@");
    let rule = create_rule(
        &a,
        &[
            "--trigger",
            "remote",
            "--action-url",
            &url,
            "--amount-cents",
            "100",
        ],
    );
    let id = rule["id"].as_str().unwrap();
    let request_id = a.ok(&["rule", "trigger", id]).trim().to_string();
    let call = &action.wait_for(1)[0];
    // base64("bank:p4ssw0rd")
    assert_eq!(
        call.header("authorization"),
        Some("Basic YmFuazpwNHNzdzByZA==")
    );
    assert_eq!(call.path, "/transfers?token=q-s3cret");
    wait_for_status(&a, id, &request_id, "succeeded");
    let log = serve.log();
    assert!(
        log.contains("rule call"),
        "serve logs its calls at debug level:\n{log}"
    );
    for secret in ["p4ssw0rd", "q-s3cret"] {
        assert!(!log.contains(secret), "{secret} was logged:\n{log}");
    }
}
