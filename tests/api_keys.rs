//! API keys: made, listed and revoked at the CLI; required by every /v1 route.

mod common;

use common::{Anticip, Api, wait_until};
use serde_json::json;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_key_is_shown_once_and_never_listed() {
    let a = Anticip::new();
    let created = a.json(&["key", "create", "--name", "billing"]);
    let key = created["key"].as_str().unwrap();
    assert!(key.starts_with("ak_") && key.len() == 47, "{key}");
    assert_eq!(created["name"], "billing");
    assert!(anticip::ids::is_short_id(created["id"].as_str().unwrap()));
    assert!(created["created"].is_string());
    assert_eq!(created["last_used"], json!(null));

    let plain = a.run(&["key", "create", "--name", "reports"]);
    assert!(plain.status.success());
    let second = String::from_utf8(plain.stdout.clone()).unwrap();
    assert!(
        second.trim().starts_with("ak_"),
        "stdout is the key alone: {second}"
    );
    assert!(stderr(&plain).contains("shown only now"));

    let table = a.ok(&["key", "list"]);
    let listed = a.json(&["key", "list"]);
    for secret in [key, second.trim()] {
        assert!(!table.contains(secret) && !listed.to_string().contains(secret));
    }
    assert!(
        table.contains("billing") && table.contains("never"),
        "{table}"
    );
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["id"], created["id"]);
    assert!(listed[0].get("key").is_none());
    // Only the hash is stored.
    let stored: i64 = a.query(&format!(
        "SELECT count(*) FROM api_keys WHERE hash = X'{}'",
        anticip::secrets::hash(key)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ));
    assert_eq!(stored, 1);
    assert_eq!(
        a.query::<i64>(&format!(
            "SELECT count(*) FROM api_keys WHERE instr(CAST(hash AS TEXT), '{key}') OR instr(name, '{key}')"
        )),
        0
    );
}

#[test]
fn bad_key_commands_exit_2_or_1() {
    let a = Anticip::new();
    a.key("billing");
    for (args, code, words) in [
        (
            vec!["key", "create", "--name", ""],
            2,
            "not a usable key name",
        ),
        (
            vec!["key", "create", "--name", "billing"],
            2,
            "already exists",
        ),
        (
            vec!["key", "revoke", "nope"],
            1,
            "no API key with id or name \"nope\"",
        ),
    ] {
        let out = a.run(&args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
    }
    let short = a
        .command()
        .args(["key", "import", "--name", "x"])
        .stdin(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(short.status.code(), Some(2), "an empty key is refused");
}

#[test]
fn every_v1_route_needs_a_valid_key_and_says_nothing_about_why() {
    let a = Anticip::new();
    let (serve, api) = a.serve_api();
    let revoked = a.key("leaving");
    let body =
        json!({"type": "json", "when": "in 1 hour", "details": {"url": "https://example.com/x"}});
    let post = |request: reqwest::blocking::RequestBuilder| {
        Api::send(
            request
                .header("Content-Type", "application/json")
                .body(body.to_string()),
        )
    };

    // Accepted: X-API-Key, or Authorization: Bearer (any case of "bearer").
    assert_eq!(post(api.request("POST", "/v1/event")).status, 201);
    for scheme in ["Bearer", "bearer"] {
        let reply = post(
            api.anonymous("POST", "/v1/event")
                .header("Authorization", format!("{scheme} {}", api.key)),
        );
        assert_eq!(reply.status, 201, "{scheme}: {}", reply.text);
    }
    assert_eq!(
        post(
            api.anonymous("POST", "/v1/event")
                .header("X-API-Key", &revoked)
        )
        .status,
        201
    );

    a.ok(&["key", "revoke", "leaving"]);
    wait_until("the revoked key is refused", || {
        Api::send(
            api.anonymous("GET", "/v1/event")
                .header("X-API-Key", &revoked),
        )
        .status
            == 401
    });
    assert_eq!(
        post(
            api.anonymous("POST", "/v1/event")
                .header("X-API-Key", &revoked)
        )
        .status,
        401
    );

    let wrong = format!("ak_{}", "x".repeat(44));
    let refused = [
        ("no key", api.anonymous("GET", "/v1/event")),
        (
            "a wrong key",
            api.anonymous("GET", "/v1/event")
                .header("X-API-Key", &wrong),
        ),
        (
            "a revoked key",
            api.anonymous("GET", "/v1/event")
                .header("X-API-Key", &revoked),
        ),
        (
            "an empty key",
            api.anonymous("GET", "/v1/event").header("X-API-Key", ""),
        ),
        (
            "Basic auth",
            api.anonymous("GET", "/v1/event")
                .basic_auth("user", Some(&api.key)),
        ),
        (
            "the key in the query",
            api.anonymous("GET", &format!("/v1/event?api_key={}", api.key)),
        ),
        (
            "the key as ?key=",
            api.anonymous("GET", &format!("/v1/event/x?key={}", api.key)),
        ),
        ("no key on delete", api.anonymous("DELETE", "/v1/event/x")),
    ];
    let mut messages = Vec::new();
    for (what, request) in refused {
        let reply = Api::send(request);
        assert_eq!(reply.status, 401, "{what}: {}", reply.text);
        assert_eq!(reply.error(), ("unauthorized".into(), None), "{what}");
        messages.push(reply.json()["message"].as_str().unwrap().to_string());
    }
    messages.dedup();
    assert_eq!(
        messages.len(),
        1,
        "one message whatever was wrong: {messages:?}"
    );
    // Only the first four creates were stored.
    assert_eq!(a.event_count(), 4);

    // Keys never reach the log, even with debug logging on.
    for secret in [&api.key, &revoked, &wrong] {
        assert!(!serve.log().contains(secret.as_str()), "a key was logged");
    }
}

#[test]
fn a_key_made_while_serve_runs_works_at_once_and_last_used_is_recorded() {
    let a = Anticip::new();
    let (mut serve, _api) = a.serve_api();
    let fresh = a.key("fresh");
    let api = Api::new(&serve, &fresh);
    assert_eq!(api.get("/v1/event").status, 200);
    wait_until("key list shows it used", || {
        let keys = a.json(&["key", "list"]);
        keys.as_array()
            .unwrap()
            .iter()
            .any(|k| k["name"] == "fresh" && k["last_used"].is_string())
    });
    assert!(serve.signal("TERM").success());
    let keys = a.json(&["key", "list"]);
    let unused = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "tests")
        .unwrap();
    assert_eq!(unused["last_used"], json!(null));
}
