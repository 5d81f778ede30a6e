//! Bad input at the HTTP API: 400-family answers in one JSON shape that name
//! the field, and nothing stored.

mod common;

use common::{Anticip, Api};
use serde_json::{Value, json};

/// A valid request with one part replaced.
fn event_with(change: impl FnOnce(&mut Value)) -> String {
    let mut body = json!({
        "type": "json",
        "when": "in 20 minutes",
        "details": {
            "document": {"customer": "82345"},
            "url": "https://example.com/hook",
            "method": "post",
            "headers": [{"x-customer": "82345"}]
        }
    });
    change(&mut body);
    body.to_string()
}

/// A valid sqs event (its queue is never called) with one detail replaced.
fn sqs_with(change: impl FnOnce(&mut Value)) -> String {
    let mut body = json!({
        "type": "sqs",
        "when": "in 20 minutes",
        "details": {
            "document": {"customer": "82345"},
            "url": "https://sqs.eu-west-1.amazonaws.com/123456789012/billing"
        }
    });
    change(&mut body["details"]);
    body.to_string()
}

/// (what, body, status, error code, field, words the message must hold)
type Case = (
    &'static str,
    String,
    u16,
    &'static str,
    Option<&'static str>,
    &'static str,
);

#[test]
fn every_bad_create_is_refused_with_the_field_named_and_nothing_stored() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let cases: Vec<Case> = vec![
        (
            "unknown type",
            event_with(|b| b["type"] = json!("yaml")),
            400,
            "invalid_field",
            Some("type"),
            "unknown type \"yaml\"; use one of: json, xml",
        ),
        (
            "missing type",
            event_with(|b| {
                b.as_object_mut().unwrap().remove("type");
            }),
            400,
            "invalid_field",
            Some("type"),
            "is required",
        ),
        (
            "type not a string",
            event_with(|b| b["type"] = json!(1)),
            400,
            "invalid_field",
            Some("type"),
            "must be a string",
        ),
        (
            "unparseable when",
            event_with(|b| b["when"] = json!("next blursday")),
            400,
            "invalid_field",
            Some("when"),
            "cannot read \"next blursday\" as a time",
        ),
        (
            "missing when",
            event_with(|b| {
                b.as_object_mut().unwrap().remove("when");
            }),
            400,
            "invalid_field",
            Some("when"),
            "is required",
        ),
        (
            "when not a string",
            event_with(|b| b["when"] = json!(1767258000)),
            400,
            "invalid_field",
            Some("when"),
            "must be a string",
        ),
        (
            "missing details",
            event_with(|b| {
                b.as_object_mut().unwrap().remove("details");
            }),
            400,
            "invalid_field",
            Some("details"),
            "is required",
        ),
        (
            "details not an object",
            event_with(|b| b["details"] = json!([])),
            400,
            "invalid_field",
            Some("details"),
            "must be an object",
        ),
        (
            "missing url",
            event_with(|b| {
                b["details"].as_object_mut().unwrap().remove("url");
            }),
            400,
            "invalid_field",
            Some("details.url"),
            "is required",
        ),
        (
            "empty url",
            event_with(|b| b["details"]["url"] = json!("")),
            400,
            "invalid_field",
            Some("details.url"),
            "is required",
        ),
        (
            "ftp url",
            event_with(|b| b["details"]["url"] = json!("ftp://example.com/x")),
            400,
            "invalid_field",
            Some("details.url"),
            "not an http:// or https:// URL",
        ),
        (
            "relative url",
            event_with(|b| b["details"]["url"] = json!("example.com/hook")),
            400,
            "invalid_field",
            Some("details.url"),
            "is not a URL",
        ),
        (
            "url not a string",
            event_with(|b| b["details"]["url"] = json!(42)),
            400,
            "invalid_field",
            Some("details.url"),
            "must be a string",
        ),
        (
            "unknown method",
            event_with(|b| b["details"]["method"] = json!("fetch")),
            400,
            "invalid_field",
            Some("details.method"),
            "unknown method \"fetch\"",
        ),
        (
            "json document an array",
            event_with(|b| b["details"]["document"] = json!([1, 2])),
            400,
            "invalid_field",
            Some("details.document"),
            "must be a JSON object",
        ),
        (
            "json document a string",
            event_with(|b| b["details"]["document"] = json!("<xml/>")),
            400,
            "invalid_field",
            Some("details.document"),
            "not a string",
        ),
        (
            "xml document an object",
            event_with(|b| {
                b["type"] = json!("xml");
                b["details"]["document"] = json!({"a": 1});
            }),
            400,
            "invalid_field",
            Some("details.document"),
            "must be a string of XML",
        ),
        (
            "xml document a number",
            event_with(|b| {
                b["type"] = json!("xml");
                b["details"]["document"] = json!(5);
            }),
            400,
            "invalid_field",
            Some("details.document"),
            "not a number",
        ),
        (
            "headers a string",
            event_with(|b| b["details"]["headers"] = json!("x-a: 1")),
            400,
            "invalid_field",
            Some("details.headers"),
            "must be an array",
        ),
        (
            "header value an object",
            event_with(|b| b["details"]["headers"] = json!([{"x-a": {"b": 1}}])),
            400,
            "invalid_field",
            Some("details.headers"),
            "must be a string",
        ),
        (
            "bad header name",
            event_with(|b| b["details"]["headers"] = json!({"bad header": "v"})),
            400,
            "invalid_field",
            Some("details.headers"),
            "not a valid header name",
        ),
        (
            "timeout zero",
            event_with(|b| b["timeout_ms"] = json!(0)),
            400,
            "invalid_field",
            Some("timeout_ms"),
            "out of range",
        ),
        (
            "max_attempts zero",
            event_with(|b| b["max_attempts"] = json!(0)),
            400,
            "invalid_field",
            Some("max_attempts"),
            "out of range",
        ),
        (
            "body an array",
            "[1]".to_string(),
            400,
            "invalid_field",
            Some("body"),
            "must be a JSON object",
        ),
        (
            "malformed JSON",
            r#"{"type": "json", "when":"#.to_string(),
            400,
            "invalid_json",
            None,
            "not valid JSON",
        ),
        (
            "empty body",
            String::new(),
            400,
            "invalid_json",
            None,
            "not valid JSON",
        ),
        (
            "sqs event with an unknown credential",
            sqs_with(|d| d["credential"] = json!("nope")),
            400,
            "invalid_field",
            Some("details.credential"),
            "no credential named \"nope\"",
        ),
        (
            "sqs credential not a string",
            sqs_with(|d| d["credential"] = json!(7)),
            400,
            "invalid_field",
            Some("details.credential"),
            "must be a string, not a number",
        ),
        (
            "sqs region not a region",
            sqs_with(|d| d["region"] = json!("Mars")),
            400,
            "invalid_field",
            Some("details.region"),
            "\"Mars\" is not an AWS region name",
        ),
        (
            "sqs document not an object",
            sqs_with(|d| d["document"] = json!("<xml/>")),
            400,
            "invalid_field",
            Some("details.document"),
            "must be a JSON object",
        ),
        (
            "sqs url not a queue URL",
            sqs_with(|d| d["url"] = json!("not a url")),
            400,
            "invalid_field",
            Some("details.url"),
            "not a url",
        ),
        (
            "sqs option on a json event",
            event_with(|b| b["details"]["message_group_id"] = json!("g1")),
            400,
            "invalid_field",
            Some("details.message_group_id"),
            "only sqs events take it",
        ),
    ];
    for (what, body, status, code, field, words) in &cases {
        let reply = Api::send(
            api.request("POST", "/v1/event")
                .header("Content-Type", "application/json")
                .body(body.clone()),
        );
        assert_eq!(reply.status, *status, "{what}: {}", reply.text);
        let (got_code, got_field) = reply.error();
        assert_eq!(got_code, *code, "{what}");
        assert_eq!(got_field.as_deref(), *field, "{what}: {}", reply.text);
        let message = reply.json()["message"].as_str().unwrap().to_string();
        assert!(
            message.contains(words),
            "{what}: {message:?} lacks {words:?}"
        );
        assert_eq!(a.event_count(), 0, "{what}: nothing is stored");
    }
}

#[test]
fn content_type_size_route_and_method_errors() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let valid = event_with(|_| {});
    let big = event_with(|b| b["details"]["document"] = json!({"pad": "x".repeat(1 << 20)}));
    let post = |content_type: Option<&str>, body: &str| {
        let mut request = api.request("POST", "/v1/event").body(body.to_string());
        if let Some(ct) = content_type {
            request = request.header("Content-Type", ct);
        }
        Api::send(request)
    };
    // (what, answer, status, code, field)
    let cases = vec![
        (
            "text/plain",
            post(Some("text/plain"), &valid),
            415,
            "unsupported_media_type",
            Some("Content-Type"),
        ),
        (
            "a form, curl's default",
            post(Some("application/x-www-form-urlencoded"), &valid),
            415,
            "unsupported_media_type",
            Some("Content-Type"),
        ),
        (
            "no content type",
            post(None, &valid),
            415,
            "unsupported_media_type",
            Some("Content-Type"),
        ),
        (
            "a body over 1 MiB",
            post(Some("application/json"), &big),
            413,
            "payload_too_large",
            None,
        ),
        (
            "an unknown route",
            api.get("/v1/events/nothing"),
            404,
            "not_found",
            None,
        ),
        (
            "an unknown route without a key",
            Api::send(api.anonymous("GET", "/nowhere")),
            404,
            "not_found",
            None,
        ),
        (
            "PUT on an event",
            Api::send(api.request("PUT", "/v1/event/TBqDft2LrULaSxCzpMDXc6")),
            405,
            "method_not_allowed",
            None,
        ),
        (
            "PATCH on the collection",
            Api::send(api.request("PATCH", "/v1/event")),
            405,
            "method_not_allowed",
            None,
        ),
        (
            "an unknown event",
            api.get("/v1/event/TBqDft2LrULaSxCzpMDXc6"),
            404,
            "not_found",
            None,
        ),
        (
            "deleting an unknown event",
            api.delete("/v1/event/nope"),
            404,
            "not_found",
            None,
        ),
        (
            "a bad Idempotency-Key",
            Api::send(
                api.request("POST", "/v1/event")
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "x".repeat(256))
                    .body(valid.clone()),
            ),
            400,
            "invalid_field",
            Some("Idempotency-Key"),
        ),
        (
            "list: unknown status",
            api.get("/v1/event?status=done"),
            400,
            "invalid_field",
            Some("status"),
        ),
        (
            "list: limit 0",
            api.get("/v1/event?limit=0"),
            400,
            "invalid_field",
            Some("limit"),
        ),
        (
            "list: limit too big",
            api.get("/v1/event?limit=1001"),
            400,
            "invalid_field",
            Some("limit"),
        ),
        (
            "list: bad cursor",
            api.get("/v1/event?cursor=zzz"),
            400,
            "invalid_field",
            Some("cursor"),
        ),
        (
            "list: unknown parameter",
            api.get("/v1/event?sort=when"),
            400,
            "invalid_field",
            Some("sort"),
        ),
    ];
    for (what, reply, status, code, field) in cases {
        assert_eq!(reply.status, status, "{what}: {}", reply.text);
        let (got_code, got_field) = reply.error();
        assert_eq!(got_code, code, "{what}");
        assert_eq!(got_field.as_deref(), field, "{what}");
    }
    let allow = Api::send(api.request("PUT", "/v1/event/x"));
    assert!(allow.header("allow").unwrap().contains("DELETE"));
    assert_eq!(a.event_count(), 0, "nothing is stored");
}
