//! SQS events against a real SQS-compatible server: moto, started per test
//! (see `common::moto` for where it is found, and how a missing moto is
//! skipped or, with ANTICIP_REQUIRE_MOTO=1, fails). The queues are created
//! and read with real SQS API calls; `anticip serve` sends the messages.

mod common;

use common::moto::{ACCOUNT, Moto};
use common::{Anticip, Api, wait_until};
use serde_json::{Value, json};

/// A secret that must never show up anywhere.
const SECRET: &str = "moto+Secret/Key0123456789abcdefWXYZ";

fn status(a: &Anticip, id: &str) -> String {
    a.event(id)["status"].as_str().unwrap().to_string()
}

/// Wait until the event is delivered or failed, and require `want`.
fn wait_for_status(a: &Anticip, id: &str, want: &str) -> Value {
    wait_until(&format!("event {id} is {want}"), || {
        matches!(status(a, id).as_str(), "delivered" | "failed")
    });
    let event = a.event(id);
    assert_eq!(event["status"], want, "{event:#}");
    event
}

/// The message attribute `name` of a received message.
fn attribute<'a>(message: &'a Value, name: &str) -> &'a str {
    message["MessageAttributes"][name]["StringValue"]
        .as_str()
        .unwrap_or_else(|| panic!("no attribute {name} in {message}"))
}

#[test]
fn an_sqs_event_puts_its_document_on_the_queue() {
    let Some(moto) = Moto::start("an_sqs_event_puts_its_document_on_the_queue") else {
        return;
    };
    let queue = moto.create_queue("eu-west-1", "orders");
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "aws",
        "--name",
        "moto",
        "--access-key-id",
        "AKIDMOTO",
        "--secret-access-key",
        SECRET,
        "--endpoint",
        &moto.endpoint,
    ]);
    let serve = a.serve(&[]);
    // The AWS form of the URL: the region comes from it, the endpoint from the credential.
    let url = format!("https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/orders");
    let id = a.create_event(&[
        "--type",
        "sqs",
        "--when",
        "now",
        "--url",
        &url,
        "--document",
        r#"{"order":"8812","customer":"82345"}"#,
        "--credential",
        "moto",
    ]);
    let message = moto.receive("eu-west-1", &queue, 1).remove(0);
    assert_eq!(message["Body"], r#"{"order":"8812","customer":"82345"}"#);
    let event = wait_for_status(&a, &id, "delivered");
    assert_eq!(attribute(&message, "anticip-event-id"), id);
    assert_eq!(attribute(&message, "anticip-when"), event["when"]);
    assert_eq!(
        message["MessageAttributes"]["anticip-event-id"]["DataType"],
        "String"
    );
    // A standard queue: no group, no deduplication id.
    assert_eq!(message["Attributes"].get("MessageGroupId"), None);
    assert_eq!(message["Attributes"].get("MessageDeduplicationId"), None);

    assert_eq!(event["type"], "sqs");
    assert_eq!(
        event["details"],
        json!({"document": {"order": "8812", "customer": "82345"}, "url": url, "credential": "moto"}),
        "anticipated.io's sqs details (url, document) plus the credential; no method or headers"
    );
    assert_eq!(event["attempt_count"], 1);
    let attempt = &event["attempts"][0];
    assert_eq!(attempt["outcome"], "delivered");
    assert_eq!(attempt["status_code"], 200);
    assert_eq!(
        attempt["response"],
        format!("MessageId: {}", message["MessageId"].as_str().unwrap())
    );
    let listing = a.ok(&["event", "get", &id]);
    assert!(listing.contains("credential  moto"), "{listing}");
    for text in [event.to_string(), listing, serve.log(), moto.log()] {
        assert!(!text.contains(SECRET), "the secret leaked: {text}");
    }
}

#[test]
fn fifo_queues_get_a_message_group_and_the_event_id_as_deduplication_id() {
    let Some(moto) =
        Moto::start("fifo_queues_get_a_message_group_and_the_event_id_as_deduplication_id")
    else {
        return;
    };
    let queue = moto.create_queue("us-east-1", "jobs.fifo");
    let a = Anticip::new();
    let _serve = a.serve_with_env(
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDMOTO"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
    );
    let by_default = a.create_event(&["--type", "sqs", "--when", "now", "--url", &queue]);
    let grouped = a.create_event(&[
        "--type",
        "sqs",
        "--when",
        "now",
        "--url",
        &queue,
        "--message-group-id",
        "customer-82345",
        "--document",
        r#"{"n":2}"#,
    ]);
    let messages = moto.receive("us-east-1", &queue, 2);
    let find = |id: &str| {
        messages
            .iter()
            .find(|m| attribute(m, "anticip-event-id") == id)
            .unwrap_or_else(|| panic!("no message for {id}: {messages:?}"))
    };
    let first = find(&by_default);
    assert_eq!(first["Body"], "{}", "the default document");
    assert_eq!(first["Attributes"]["MessageGroupId"], by_default.as_str());
    assert_eq!(
        first["Attributes"]["MessageDeduplicationId"],
        by_default.as_str()
    );
    let second = find(&grouped);
    assert_eq!(second["Body"], r#"{"n":2}"#);
    assert_eq!(second["Attributes"]["MessageGroupId"], "customer-82345");
    assert_eq!(
        second["Attributes"]["MessageDeduplicationId"],
        grouped.as_str()
    );
    let event = wait_for_status(&a, &grouped, "delivered");
    assert_eq!(event["details"]["message_group_id"], "customer-82345");
    let response = event["attempts"][0]["response"].as_str().unwrap();
    assert!(response.contains(", SequenceNumber: "), "{response}");
}

#[test]
fn a_retried_send_to_a_fifo_queue_is_not_duplicated() {
    let Some(moto) = Moto::start("a_retried_send_to_a_fifo_queue_is_not_duplicated") else {
        return;
    };
    let fifo = moto.create_queue("us-east-1", "once.fifo");
    let standard = moto.create_queue("us-east-1", "twice");
    // moto takes the first message to each queue, but anticip sees a 503.
    let proxy = moto.flaky_proxy();
    let a = Anticip::new();
    let _serve = a.serve_with_env(
        &["--retry-base", "100ms"],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDMOTO"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_ENDPOINT_URL_SQS", &proxy.url),
        ],
    );
    let once = a.create_event(&["--type", "sqs", "--when", "now", "--url", &fifo]);
    let twice = a.create_event(&["--type", "sqs", "--when", "now", "--url", &standard]);
    for id in [&once, &twice] {
        let event = wait_for_status(&a, id, "delivered");
        assert_eq!(event["attempt_count"], 2, "{event}");
        let error = event["attempts"][0]["error"].as_str().unwrap();
        assert!(
            error.starts_with("HTTP 503 Service Unavailable: proxy: moto took the message"),
            "{error}"
        );
        assert_eq!(event["attempts"][0]["outcome"], "retry");
        assert_eq!(event["attempts"][1]["outcome"], "delivered");
    }
    // Both queues were sent the message twice, and moto took it both times...
    let forwarded = proxy.forwarded();
    for queue in [&fifo, &standard] {
        let statuses: Vec<u16> = forwarded
            .iter()
            .filter(|(q, _)| q == queue)
            .map(|(_, s)| *s)
            .collect();
        assert_eq!(statuses, [200, 200], "{queue}: {forwarded:?}");
    }
    // ...but the FIFO queue dropped the second copy by its deduplication id.
    assert_eq!(moto.depth("us-east-1", &fifo), 1);
    assert_eq!(
        moto.depth("us-east-1", &standard),
        2,
        "standard queues deliver at least once"
    );
    let message = moto.receive("us-east-1", &fifo, 1).remove(0);
    assert_eq!(attribute(&message, "anticip-event-id"), once);
}

#[test]
fn a_missing_queue_fails_at_once_with_the_aws_error() {
    let Some(moto) = Moto::start("a_missing_queue_fails_at_once_with_the_aws_error") else {
        return;
    };
    let a = Anticip::new();
    let _serve = a.serve_with_env(
        &["--retry-base", "100ms"],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDMOTO"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
    );
    let missing = moto.queue_url("missing");
    let id = a.create_event(&[
        "--type",
        "sqs",
        "--when",
        "now",
        "--url",
        &missing,
        "--max-attempts",
        "5",
    ]);
    let event = wait_for_status(&a, &id, "failed");
    assert_eq!(event["attempt_count"], 1, "not retried: {event}");
    let attempt = &event["attempts"][0];
    assert_eq!(attempt["status_code"], 400);
    assert_eq!(
        attempt["error"],
        format!(
            "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist. \
             [region us-east-1, endpoint {}/, keys from AWS_ACCESS_KEY_ID]",
            moto.endpoint
        )
    );
    assert_eq!(event["last_error"], attempt["error"]);
}

#[test]
fn moto_checks_the_signature_of_keys_from_the_environment_and_from_a_profile() {
    let Some(moto) =
        Moto::start("moto_checks_the_signature_of_keys_from_the_environment_and_from_a_profile")
    else {
        return;
    };
    let admin = moto.user("admin", true);
    let (key, secret) = moto.user("sender", true);
    moto.require_signatures(&admin);
    let queue = moto.create_queue("us-west-2", "signed");
    let url = format!("https://sqs.us-west-2.amazonaws.com/{ACCOUNT}/signed");

    // Environment keys; AWS_ENDPOINT_URL_SQS wins over AWS_ENDPOINT_URL.
    let a = Anticip::new();
    let serve = a.serve_with_env(
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", &key),
            ("AWS_SECRET_ACCESS_KEY", &secret),
            ("AWS_ENDPOINT_URL_SQS", &moto.endpoint),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ],
    );
    let from_env = a.create_event(&[
        "--type",
        "sqs",
        "--when",
        "now",
        "--url",
        &url,
        "--document",
        r#"{"from":"env"}"#,
    ]);
    wait_for_status(&a, &from_env, "delivered");
    assert!(!serve.log().contains(&secret));
    drop(serve);

    // A named profile in a shared credentials file.
    let b = Anticip::new();
    let file = b.dir.path().join("aws-credentials");
    std::fs::write(
        &file,
        format!("[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n\n[ci]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
    )
    .unwrap();
    let _serve = b.serve_with_env(
        &[],
        &[
            ("AWS_SHARED_CREDENTIALS_FILE", file.to_str().unwrap()),
            ("AWS_PROFILE", "ci"),
            ("AWS_ENDPOINT_URL", &moto.endpoint),
        ],
    );
    let from_profile = b.create_event(&[
        "--type",
        "sqs",
        "--when",
        "now",
        "--url",
        &url,
        "--document",
        r#"{"from":"profile"}"#,
    ]);
    let event = wait_for_status(&b, &from_profile, "delivered");
    assert!(
        event["attempts"][0]["response"]
            .as_str()
            .unwrap()
            .starts_with("MessageId: ")
    );

    let bodies: Vec<String> = moto
        .receive("us-west-2", &queue, 2)
        .iter()
        .map(|m| m["Body"].as_str().unwrap().to_string())
        .collect();
    assert!(
        bodies.contains(&r#"{"from":"env"}"#.to_string()),
        "{bodies:?}"
    );
    assert!(
        bodies.contains(&r#"{"from":"profile"}"#.to_string()),
        "{bodies:?}"
    );
}

#[test]
fn bad_credentials_fail_at_once_with_the_aws_error() {
    let Some(moto) = Moto::start("bad_credentials_fail_at_once_with_the_aws_error") else {
        return;
    };
    let admin = moto.user("admin", true);
    let (sender, sender_secret) = moto.user("sender", true);
    let (idle, idle_secret) = moto.user("idle", false);
    moto.require_signatures(&admin);
    let queue = moto.create_queue("us-east-1", "guarded");
    let a = Anticip::new();
    let wrong_secret = format!("{sender_secret}-but-wrong");
    let cases: [(&str, &str, &str, &str); 3] = [
        (
            "unknown",
            "AKIAUNKNOWN000000000",
            SECRET,
            "InvalidClientTokenId: The security token included in the request is invalid.",
        ),
        (
            "wrong-secret",
            &sender,
            &wrong_secret,
            "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.",
        ),
        (
            "not-allowed",
            &idle,
            &idle_secret,
            "AccessDenied: User: arn:aws:iam::123456789012:user/idle is not authorized to perform: sqs:SendMessage",
        ),
    ];
    for (name, key, secret, _) in &cases {
        a.ok(&[
            "credential",
            "add",
            "aws",
            "--name",
            name,
            "--access-key-id",
            key,
            "--secret-access-key",
            secret,
            "--endpoint",
            &moto.endpoint,
        ]);
    }
    let serve = a.serve(&["--retry-base", "100ms"]);
    for (name, _, secret, error) in &cases {
        let id = a.create_event(&[
            "--type",
            "sqs",
            "--when",
            "now",
            "--url",
            &queue,
            "--credential",
            name,
        ]);
        let event = wait_for_status(&a, &id, "failed");
        assert_eq!(event["attempt_count"], 1, "{name}: not retried");
        let attempt = &event["attempts"][0];
        assert_eq!(attempt["status_code"], 403, "{name}");
        let recorded = attempt["error"].as_str().unwrap();
        assert!(recorded.starts_with(error), "{name}: {recorded}");
        assert!(
            recorded.ends_with(&format!("keys from credential \"{name}\"]")),
            "{recorded}"
        );
        assert!(
            !event.to_string().contains(*secret),
            "{name}: the secret leaked"
        );
    }
    assert!(!serve.log().contains(&wrong_secret) && !serve.log().contains(&idle_secret));
    assert_eq!(moto.depth("us-east-1", &queue), 0);
}

#[test]
fn without_keys_the_attempt_fails_and_says_where_keys_come_from() {
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    // Never contacted: there are no keys to sign with.
    let id = a.create_event(&[
        "--type",
        "sqs",
        "--when",
        "now",
        "--url",
        "http://127.0.0.1:9/000000000000/q",
    ]);
    let event = wait_for_status(&a, &id, "failed");
    assert_eq!(event["attempt_count"], 1);
    let error = event["attempts"][0]["error"].as_str().unwrap();
    assert!(
        error.starts_with(
            "no AWS credentials: the event has no credential, AWS_ACCESS_KEY_ID is not set and "
        ),
        "{error}"
    );
    assert!(
        error.contains("no-aws-credentials does not exist"),
        "{error}"
    );
    assert!(error.contains("anticip credential add aws"), "{error}");
    assert_eq!(event["attempts"][0]["status_code"], Value::Null);
}

#[test]
fn a_credential_used_by_a_pending_event_cannot_be_deleted() {
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "aws",
        "--name",
        "prod",
        "--access-key-id",
        "AKIDPROD",
        "--secret-access-key",
        SECRET,
    ]);
    let url = format!("https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/orders");
    let id = a.create_event(&[
        "--type",
        "sqs",
        "--when",
        "in 1 hour",
        "--url",
        &url,
        "--credential",
        "prod",
    ]);
    let out = a.run(&["credential", "delete", "prod"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "credential \"prod\" is used by pending event {id}"
        )),
        "{stderr}"
    );
    assert_eq!(a.json(&["credential", "list"]).as_array().unwrap().len(), 1);
    a.ok(&["event", "delete", &id]);
    a.ok(&["credential", "delete", "prod"]);
    // The event keeps the id of its deleted credential.
    let event = a.event(&id);
    let credential = event["details"]["credential"].as_str().unwrap();
    assert_eq!(credential.len(), 36, "a credential id: {credential}");
}

#[test]
fn bad_sqs_input_is_refused_and_nothing_is_stored() {
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "http",
        "--name",
        "api",
        "--bearer",
        "token-0123456789abcdef",
    ]);
    let aws = format!("https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/orders");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--url", ""],
            "--url: is required: give the http(s) SQS queue URL",
        ),
        (
            &["--url", "https://sqs.eu-west-1.amazonaws.com/orders"],
            "--url: \"https://sqs.eu-west-1.amazonaws.com/orders\" is not an SQS queue URL; AWS queue URLs look like https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
        ),
        (
            &[
                "--url",
                "http://sqs.eu-west-1.amazonaws.com/123456789012/orders",
            ],
            "is not an SQS queue URL",
        ),
        (
            &["--url", "http://localhost:9324/000000000000/bad%20name"],
            "\"bad%20name\" is not 1 to 80 letters, digits, - or _",
        ),
        (
            &["--url", &aws, "--document", "[1,2]"],
            "--document: must be a JSON object like {\"customer\":\"82345\"}, not an array",
        ),
        (
            &["--url", &aws, "--document", "<xml/>"],
            "--document: is not valid JSON",
        ),
        (
            &["--url", &aws, "--method", "get"],
            "--method: sqs events are sent with SQS SendMessage",
        ),
        (
            &["--url", &aws, "--header", "x-customer: 1"],
            "--header: \"x-customer\": sqs events send no HTTP headers",
        ),
        (
            &["--url", &aws, "--credential", "nope"],
            "--credential: no credential named \"nope\"",
        ),
        (
            &["--url", &aws, "--credential", "api"],
            "--credential: \"api\" is a bearer credential; sqs events need AWS access keys",
        ),
        (
            &["--url", &aws, "--message-group-id", "two words"],
            "--message-group-id: \"two words\" is not a message group id",
        ),
        (
            &["--url", &aws, "--region", "EU"],
            "--region: \"EU\" is not an AWS region name",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["event", "create", "--type", "sqs", "--when", "in 1 hour"];
        all.extend_from_slice(args);
        let out = a.run(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    // SQS options on an HTTP event are refused too.
    for (flag, value) in [
        ("--credential", "prod"),
        ("--message-group-id", "g"),
        ("--region", "eu-west-1"),
    ] {
        let out = a.run(&[
            "event",
            "create",
            "--when",
            "in 1 hour",
            "--url",
            "https://example.com/hook",
            flag,
            value,
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "{flag}: only sqs events take it, and this is a json event"
            )),
            "{stderr}"
        );
    }
    assert_eq!(a.json(&["event", "list"]), json!([]));
}

#[test]
fn the_http_api_schedules_sqs_events_with_a_stored_credential() {
    let Some(moto) = Moto::start("the_http_api_schedules_sqs_events_with_a_stored_credential")
    else {
        return;
    };
    let queue = moto.create_queue("eu-west-1", "invoices.fifo");
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "aws",
        "--name",
        "moto",
        "--access-key-id",
        "AKIDMOTO",
        "--secret-access-key",
        SECRET,
        "--endpoint",
        &moto.endpoint,
    ]);
    let key = a.key("sqs");
    let serve = a.serve(&[]);
    let api = Api::new(&serve, &key);
    let url = format!("https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/invoices.fifo");
    let event = api.create(&json!({
        "type": "sqs",
        "when": "now",
        "details": {
            "document": {"invoice": "in_1"},
            "url": url,
            "credential": "moto",
            "message_group_id": "customer-82345"
        }
    }));
    assert_eq!(
        event["details"],
        json!({
            "document": {"invoice": "in_1"},
            "url": url,
            "credential": "moto",
            "message_group_id": "customer-82345"
        })
    );
    let id = event["id"].as_str().unwrap();
    let message = moto.receive("eu-west-1", &queue, 1).remove(0);
    assert_eq!(message["Body"], r#"{"invoice":"in_1"}"#);
    assert_eq!(message["Attributes"]["MessageGroupId"], "customer-82345");
    assert_eq!(attribute(&message, "anticip-event-id"), id);
    wait_for_status(&a, id, "delivered");
    let shown = api.get(&format!("/v1/event/{id}"));
    assert_eq!(shown.status, 200);
    assert!(!shown.text.contains(SECRET), "{}", shown.text);
}
