//! `sqs` events: the JSON document goes onto an Amazon SQS (or SQS-compatible)
//! queue with SendMessage, signed with AWS Signature Version 4 and sent over
//! the shared HTTP client.
//!
//! The wire protocol is SQS's JSON protocol (`X-Amz-Target:
//! AmazonSQS.SendMessage`, `application/x-amz-json-1.0`): what the current AWS
//! SDKs speak, and what moto, LocalStack and ElasticMQ answer.
//!
//! Where things come from, first match wins:
//! - keys: the event's stored credential; `AWS_ACCESS_KEY_ID` +
//!   `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`); the `AWS_PROFILE`
//!   profile (`default`) of `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`);
//! - region: the event's `region`; the credential's `region`; the queue URL's
//!   host; `AWS_REGION`; `AWS_DEFAULT_REGION`; `us-east-1`;
//! - endpoint: the credential's `endpoint`; `AWS_ENDPOINT_URL_SQS`;
//!   `AWS_ENDPOINT_URL`; the queue URL's own scheme, host and port.
//!
//! The environment is that of `anticip serve`, read at each attempt.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use reqwest::StatusCode;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::store::{self, Response};
use super::{Draft, Event, EventType, Invalid, check_url, compact_json_object, invalid};
use crate::credentials::{self, Auth, Credential};
use crate::engine::{BoxFuture, Finished, Job, Outcome, Work};
use crate::outbound;
use crate::time::rfc3339_ms;

/// An SQS message holds at most 1 MiB, message attributes included; this
/// leaves room for the attributes anticip adds.
pub const MAX_DOCUMENT_BYTES: usize = 1_048_576 - 1024;

/// The message attributes every message carries.
pub const ATTRIBUTE_EVENT_ID: &str = "anticip-event-id";
pub const ATTRIBUTE_WHEN: &str = "anticip-when";

const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
const TARGET: &str = "AmazonSQS.SendMessage";
const DEFAULT_REGION: &str = "us-east-1";

/// anticip's extensions to anticipated.io's SQS details (`url`, `document`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SqsOptions {
    /// A stored AWS credential: its name or id as asked for, its id once
    /// stored. `None`: keys from the environment of `anticip serve`.
    pub credential: Option<String>,
    /// The message group (FIFO queues; default: the event id).
    pub message_group_id: Option<String>,
    /// The signing region, over the credential's and the queue URL's.
    pub region: Option<String>,
}

/// What a queue URL tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub url: String,
    pub name: String,
    /// From a host such as `sqs.eu-west-1.amazonaws.com`.
    pub region: Option<String>,
    /// `scheme://host[:port]/`: where SendMessage goes without an endpoint override.
    pub origin: String,
}

impl Queue {
    pub fn fifo(&self) -> bool {
        self.name.ends_with(".fifo")
    }
}

const AWS_FORM: &str =
    "AWS queue URLs look like https://sqs.eu-west-1.amazonaws.com/123456789012/orders";

/// An http(s) queue URL whose last path segment is a valid queue name. On an
/// AWS host it must be the AWS form, `https://sqs.<region>.amazonaws.com/<account>/<queue>`;
/// any other host is an SQS-compatible server.
pub fn check_queue_url(field: &'static str, url: &str) -> Result<Queue, Invalid> {
    let url = check_url(field, url)
        .map_err(|e| invalid(field, e.message.replace("URL to call", "SQS queue URL")))?;
    let parsed = reqwest::Url::parse(&url).expect("checked above");
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid(
            field,
            format!("{url:?} is not a queue URL: it has a query or fragment"),
        ));
    }
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let segments: Vec<&str> = parsed
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let Some(name) = segments.last().copied() else {
        return Err(invalid(
            field,
            format!("{url:?} names no queue; {AWS_FORM}"),
        ));
    };
    check_queue_name(field, &url, name)?;
    let aws = host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn");
    let region = region_of_host(&host);
    if aws {
        let account_ok = segments.len() == 2
            && segments[0].len() == 12
            && segments[0].bytes().all(|b| b.is_ascii_digit());
        if parsed.scheme() != "https" || region.is_none() || !account_ok {
            return Err(invalid(
                field,
                format!("{url:?} is not an SQS queue URL; {AWS_FORM}"),
            ));
        }
    }
    let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
    let origin = format!(
        "{}://{}{port}/",
        parsed.scheme(),
        parsed.host_str().unwrap_or_default()
    );
    Ok(Queue {
        name: name.to_string(),
        region,
        origin,
        url,
    })
}

/// 1 to 80 letters, digits, `-` and `_`, with an optional `.fifo` ending.
fn check_queue_name(field: &'static str, url: &str, name: &str) -> Result<(), Invalid> {
    let stem = name.strip_suffix(".fifo").unwrap_or(name);
    let ok = !stem.is_empty()
        && name.len() <= 80
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!(
                "{url:?} does not end in a queue name: {name:?} is not 1 to 80 letters, digits, - or _ (with .fifo for FIFO queues)"
            ),
        ))
    }
}

/// `sqs.<region>.…`, `sqs-fips.<region>.…`, `<region>.queue.amazonaws.com`,
/// or `queue.amazonaws.com` (us-east-1).
fn region_of_host(host: &str) -> Option<String> {
    if host == "queue.amazonaws.com" {
        return Some(DEFAULT_REGION.into());
    }
    let mut labels = host.split('.');
    let (first, second) = (labels.next()?, labels.next()?);
    let region = match (first, second) {
        ("sqs" | "sqs-fips", region) => region,
        (region, "queue") if host.ends_with(".queue.amazonaws.com") => region,
        _ => return None,
    };
    is_region(region).then(|| region.to_string())
}

/// Like `eu-west-1`, `us-gov-west-1`, `cn-north-1`.
fn is_region(s: &str) -> bool {
    s.len() <= 32
        && s.contains('-')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.ends_with(|c: char| c.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The parts of a draft only an `sqs` event has. Returns the document, compacted.
pub(super) fn check_draft(draft: &Draft) -> Result<String, Invalid> {
    if let Some((name, _)) = draft.headers.first() {
        return Err(invalid(
            "headers",
            format!(
                "{name:?}: sqs events send no HTTP headers; put what the consumer needs in the document"
            ),
        ));
    }
    let document = compact_json_object("document", &draft.document)?;
    if document.len() > MAX_DOCUMENT_BYTES {
        return Err(invalid(
            "document",
            format!(
                "is {} bytes; an SQS message holds at most 1 MiB, so keep the document within {MAX_DOCUMENT_BYTES} bytes",
                document.len()
            ),
        ));
    }
    let options = &draft.sqs;
    if let Some(credential) = &options.credential
        && credential.trim().is_empty()
    {
        return Err(invalid(
            "credential",
            "is empty: give the name of an AWS credential, or leave it out to use the keys of anticip serve's environment",
        ));
    }
    if let Some(group) = &options.message_group_id {
        let ok = (1..=128).contains(&group.len())
            && group
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b.is_ascii_punctuation());
        if !ok {
            return Err(invalid(
                "message_group_id",
                format!(
                    "{group:?} is not a message group id: use 1 to 128 letters, digits and punctuation"
                ),
            ));
        }
    }
    if let Some(region) = &options.region
        && !is_region(region)
    {
        return Err(invalid(
            "region",
            format!("{region:?} is not an AWS region name like eu-west-1"),
        ));
    }
    Ok(document)
}

/// SQS options on a json or xml event are a mistake worth saying so.
pub(super) fn check_unused(options: &SqsOptions, event_type: EventType) -> Result<(), Invalid> {
    let given = [
        ("credential", options.credential.is_some()),
        ("message_group_id", options.message_group_id.is_some()),
        ("region", options.region.is_some()),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((field, _)) => Err(invalid(
            field,
            format!("only sqs events take it, and this is a {event_type} event"),
        )),
        None => Ok(()),
    }
}

/// One SendMessage attempt.
pub struct SqsAttempt {
    client: reqwest::Client,
    event: Event,
    /// The event's credential as loaded with the job; `Err` if it is gone.
    credential: Option<Result<Credential, String>>,
    response: Response,
}

impl SqsAttempt {
    /// Inside the claim transaction: the event and its credential.
    pub fn load(
        conn: &Connection,
        client: reqwest::Client,
        event: Event,
    ) -> rusqlite::Result<SqsAttempt> {
        let credential = match &event.sqs.credential {
            None => None,
            Some(id) => Some(credentials::store::find(conn, id)?.ok_or_else(|| {
                format!(
                    "the event's credential ({id}) was deleted; schedule the event again with another credential"
                )
            })),
        };
        Ok(SqsAttempt {
            client,
            event,
            credential,
            response: Response::default(),
        })
    }
}

impl Work for SqsAttempt {
    fn run(&mut self) -> BoxFuture<'_, Outcome> {
        Box::pin(async move {
            let credential = match &self.credential {
                None => None,
                Some(Ok(c)) => Some(c),
                Some(Err(e)) => return Outcome::Fail { error: e.clone() },
            };
            let target = match Target::resolve(&self.event, credential, &process_env) {
                Ok(target) => target,
                Err(error) => return Outcome::Fail { error },
            };
            let (outcome, response) = send(&self.client, &self.event, &target).await;
            self.response = response;
            outcome
        })
    }

    fn record(&self, conn: &Connection, job: &Job, finished: &Finished) -> rusqlite::Result<()> {
        store::record_attempt(conn, self.event.seq, job, finished, &self.response)
    }
}

/// A variable of `anticip serve`'s environment; empty counts as unset.
fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Access keys, and where they were found (for messages, never the keys).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Keys {
    /// Always `Auth::AwsAccessKey`.
    auth: Auth,
    from: String,
}

/// Where and how one attempt sends.
#[derive(Debug)]
struct Target {
    queue: Queue,
    keys: Keys,
    region: String,
    endpoint: reqwest::Url,
}

impl Target {
    fn resolve(
        event: &Event,
        credential: Option<&Credential>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Target, String> {
        let queue = check_queue_url("url", &event.url).map_err(|e| e.to_string())?;
        let keys = keys(credential, env)?;
        let setting = |key: &str| credential.and_then(|c| c.setting(key).map(str::to_string));
        let region = event
            .sqs
            .region
            .clone()
            .or_else(|| setting("region"))
            .or_else(|| queue.region.clone())
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| DEFAULT_REGION.into());
        let endpoint = match setting("endpoint") {
            Some(url) => ("the credential's endpoint", url),
            None => ["AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL"]
                .into_iter()
                .find_map(|name| env(name).map(|url| (name, url)))
                .unwrap_or(("the queue URL", queue.origin.clone())),
        };
        let endpoint = check_url("endpoint", &endpoint.1)
            .ok()
            .and_then(|url| reqwest::Url::parse(&url).ok())
            .ok_or_else(|| format!("{} {:?} is not an http(s) URL", endpoint.0, endpoint.1))?;
        Ok(Target {
            queue,
            keys,
            region,
            endpoint,
        })
    }

    /// Said after an error, so that a wrong region, endpoint or key is easy to spot.
    fn context(&self) -> String {
        format!(
            "[region {}, endpoint {}, keys from {}]",
            self.region, self.endpoint, self.keys.from
        )
    }
}

const NO_KEYS_HELP: &str = "give the event a credential (anticip credential add aws), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE for anticip serve";

fn keys(
    credential: Option<&Credential>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Keys, String> {
    if let Some(c) = credential {
        return match &c.auth {
            Auth::AwsAccessKey { .. } => Ok(Keys {
                auth: c.auth.clone(),
                from: format!("credential {:?}", c.name),
            }),
            other => Err(format!(
                "credential {:?} holds {} secrets, not AWS access keys",
                c.name,
                other.kind()
            )),
        };
    }
    match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        (Some(access_key_id), Some(secret_access_key)) => {
            return Ok(Keys {
                auth: Auth::AwsAccessKey {
                    access_key_id,
                    secret_access_key,
                    session_token: env("AWS_SESSION_TOKEN"),
                },
                from: "AWS_ACCESS_KEY_ID".into(),
            });
        }
        (Some(_), None) => {
            return Err(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both for anticip serve"
                    .into(),
            );
        }
        (None, Some(_)) => {
            return Err(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both for anticip serve"
                    .into(),
            );
        }
        (None, None) => {}
    }
    let profile = env("AWS_PROFILE").unwrap_or_else(|| "default".into());
    let home = env("HOME");
    let path = match env("AWS_SHARED_CREDENTIALS_FILE") {
        Some(path) => match (path.strip_prefix("~/"), &home) {
            (Some(rest), Some(home)) => format!("{home}/{rest}"),
            _ => path,
        },
        None => match home {
            Some(home) => format!("{home}/.aws/credentials"),
            None => return Err(format!("no AWS credentials: {NO_KEYS_HELP}")),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "no AWS credentials: the event has no credential, AWS_ACCESS_KEY_ID is not set and {path} does not exist; {NO_KEYS_HELP}"
            ));
        }
        Err(e) => return Err(format!("reading AWS credentials from {path}: {e}")),
    };
    let section = profile_section(&text, &profile).ok_or_else(|| {
        format!("no AWS credentials: {path} has no [{profile}] profile; {NO_KEYS_HELP}")
    })?;
    let get = |key: &str| {
        section
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(access_key_id), Some(secret_access_key)) => Ok(Keys {
            auth: Auth::AwsAccessKey {
                access_key_id,
                secret_access_key,
                session_token: get("aws_session_token"),
            },
            from: format!("profile {profile:?} in {path}"),
        }),
        _ => Err(format!(
            "the [{profile}] profile in {path} lacks aws_access_key_id or aws_secret_access_key"
        )),
    }
}

/// The `key = value` pairs of `[profile]` in an AWS credentials file (INI).
fn profile_section(text: &str, profile: &str) -> Option<Vec<(String, String)>> {
    let mut found = None;
    let mut current: Option<&str> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim());
            if current == Some(profile) {
                found.get_or_insert_with(Vec::new);
            }
            continue;
        }
        if current == Some(profile)
            && let (Some(pairs), Some((k, v))) = (found.as_mut(), line.split_once('='))
        {
            let pairs: &mut Vec<(String, String)> = pairs;
            pairs.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    found
}

/// The SendMessage request body: the document as the message body, the
/// event id and scheduled time as message attributes, and for FIFO queues a
/// group and the event id as deduplication id, so a retried send is dropped
/// by SQS instead of delivered twice.
fn send_message_body(event: &Event, queue: &Queue) -> String {
    let attribute = |value: String| json!({"DataType": "String", "StringValue": value});
    let mut body = json!({
        "QueueUrl": queue.url,
        "MessageBody": event.document,
        "MessageAttributes": {
            ATTRIBUTE_EVENT_ID: attribute(event.id.clone()),
            ATTRIBUTE_WHEN: attribute(rfc3339_ms(event.when_at)),
        },
    });
    let group = event.sqs.message_group_id.clone();
    if queue.fifo() {
        body["MessageGroupId"] = group.unwrap_or_else(|| event.id.clone()).into();
        body["MessageDeduplicationId"] = event.id.clone().into();
    } else if let Some(group) = group {
        // Standard queues take a group too: it makes them "fair queues".
        body["MessageGroupId"] = group.into();
    }
    body.to_string()
}

/// The SigV4 headers (`authorization`, `x-amz-date`, `x-amz-security-token`)
/// for a SendMessage POST of `body` to `url`.
fn signature_headers(
    keys: &Keys,
    region: &str,
    url: &reqwest::Url,
    body: &str,
    time: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    let Auth::AwsAccessKey {
        access_key_id,
        secret_access_key,
        session_token,
    } = &keys.auth
    else {
        unreachable!("keys are AWS access keys")
    };
    let identity: Identity = Credentials::new(
        access_key_id,
        secret_access_key,
        session_token.clone(),
        None,
        "anticip",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("sqs")
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("signing the request: {e}"))?
        .into();
    let headers = [("content-type", CONTENT_TYPE), ("x-amz-target", TARGET)];
    let request = SignableRequest::new(
        "POST",
        url.as_str(),
        headers.into_iter(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .map_err(|e| format!("signing the request: {e}"))?;
    let (instructions, _signature) = sign(request, &params)
        .map_err(|e| format!("signing the request: {e}"))?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect())
}

/// Send one message; the outcome and what to record of the answer.
async fn send(client: &reqwest::Client, event: &Event, target: &Target) -> (Outcome, Response) {
    let redact = |text: String| credentials::redact(&text, &target.keys.auth);
    let body = send_message_body(event, &target.queue);
    let signature = match signature_headers(
        &target.keys,
        &target.region,
        &target.endpoint,
        &body,
        SystemTime::now(),
    ) {
        Ok(headers) => headers,
        Err(error) => {
            let error = redact(error);
            return (Outcome::Fail { error }, Response::default());
        }
    };
    let timeout = Duration::from_millis(event.timeout_ms as u64);
    let mut request = client
        .post(target.endpoint.clone())
        .header("content-type", CONTENT_TYPE)
        .header("x-amz-target", TARGET)
        .timeout(timeout)
        .body(body);
    for (name, value) in signature {
        request = request.header(name, value);
    }
    let mut response = match request.send().await {
        Ok(response) => response,
        Err(e) => {
            let error = redact(format!(
                "{} {}",
                outbound::describe(&e, timeout),
                target.context()
            ));
            return (
                Outcome::Retry {
                    error,
                    retry_after: None,
                },
                Response::default(),
            );
        }
    };
    let status = response.status();
    let retry_after = outbound::retry_after(response.headers());
    let query_error = response
        .headers()
        .get("x-amzn-query-error")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = outbound::excerpt(&mut response).await;
    let (outcome, excerpt) = classify(status, query_error.as_deref(), text.as_deref(), retry_after);
    let outcome = match outcome {
        Outcome::Succeeded => Outcome::Succeeded,
        // classify never continues; nothing to redact.
        Outcome::Continue { at } => Outcome::Continue { at },
        Outcome::Retry { error, retry_after } => Outcome::Retry {
            error: redact(format!("{error} {}", target.context())),
            retry_after,
        },
        Outcome::Fail { error } => Outcome::Fail {
            error: redact(format!("{error} {}", target.context())),
        },
    };
    let response = Response {
        status_code: Some(status.as_u16()),
        excerpt: excerpt.map(redact),
    };
    (outcome, response)
}

/// AWS error codes worth another try; any 5xx, 408 and 429 are too.
const RETRYABLE_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
    "KmsThrottled",
    "KMS.ThrottlingException",
    "ServiceUnavailable",
    "InternalError",
    "InternalFailure",
    "RequestTimeout",
    "RequestTimeoutException",
];

/// The outcome of an answer, and the excerpt to record with the attempt:
/// the MessageId on success, the error's code and message on failure.
fn classify(
    status: StatusCode,
    query_error: Option<&str>,
    body: Option<&str>,
    retry_after: Option<Duration>,
) -> (Outcome, Option<String>) {
    let json: Option<Value> = body.and_then(|b| serde_json::from_str(b).ok());
    if status.is_success() {
        let field = |k: &str| {
            json.as_ref()
                .and_then(|j| j[k].as_str().map(str::to_string))
        };
        let excerpt = match (field("MessageId"), field("SequenceNumber")) {
            (Some(id), Some(seq)) => Some(format!("MessageId: {id}, SequenceNumber: {seq}")),
            (Some(id), None) => Some(format!("MessageId: {id}")),
            _ => body.map(str::to_string),
        };
        return (Outcome::Succeeded, excerpt);
    }
    let (code, message) = aws_error(query_error, json.as_ref(), body);
    let code_text = code.as_deref().unwrap_or_default();
    let error = match (&code, &message) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.clone(),
        (None, _) => {
            let reason = status.canonical_reason().unwrap_or("");
            let detail = body
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|b| !b.is_empty())
                .map(|b| format!(": {}", b.chars().take(200).collect::<String>()))
                .unwrap_or_default();
            format!("HTTP {} {reason}{detail}", status.as_u16())
        }
    };
    let retry = status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || RETRYABLE_CODES.contains(&code_text)
        || code_text.ends_with("Throttled")
        || code_text.ends_with("ThrottlingException");
    let outcome = if retry {
        Outcome::Retry { error, retry_after }
    } else {
        Outcome::Fail { error }
    };
    (outcome, None)
}

/// The code and message of an AWS error answer: the query-compatible code
/// from `x-amzn-query-error` (`AWS.SimpleQueueService.NonExistentQueue`),
/// else the JSON `__type`, else an XML `<Code>`.
fn aws_error(
    query_error: Option<&str>,
    json: Option<&Value>,
    body: Option<&str>,
) -> (Option<String>, Option<String>) {
    let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let from_header = query_error.and_then(|h| non_empty(h.split(';').next().unwrap_or(h)));
    let from_json = json.and_then(|j| {
        let t = j["__type"].as_str().or(j["code"].as_str())?;
        // "com.amazonaws.sqs#QueueDoesNotExist", sometimes with ":http://…" after it.
        let t = t.rsplit('#').next().unwrap_or(t);
        non_empty(t.split(':').next().unwrap_or(t))
    });
    let xml = |tag: &str| {
        let body = body?;
        let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
        let end = body[start..].find(&format!("</{tag}>"))? + start;
        non_empty(&body[start..end])
    };
    let code = from_header.or(from_json).or_else(|| xml("Code"));
    let message = json
        .and_then(|j| j["message"].as_str().or(j["Message"].as_str()))
        .and_then(non_empty)
        .or_else(|| xml("Message"));
    (code, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Method, Status};

    #[test]
    fn queue_urls() {
        let q = check_queue_url(
            "url",
            "https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
        )
        .unwrap();
        assert_eq!(q.name, "orders");
        assert_eq!(q.region.as_deref(), Some("eu-west-1"));
        assert_eq!(q.origin, "https://sqs.eu-west-1.amazonaws.com/");
        assert!(!q.fifo());
        let q = check_queue_url("url", "http://127.0.0.1:4566/000000000000/jobs.fifo").unwrap();
        assert_eq!((q.region.as_deref(), q.fifo()), (None, true));
        assert_eq!(q.origin, "http://127.0.0.1:4566/");
        let q = check_queue_url(
            "url",
            "http://sqs.us-east-2.localhost.localstack.cloud:4566/000000000000/q",
        )
        .unwrap();
        assert_eq!(q.region.as_deref(), Some("us-east-2"));
        for (url, region) in [
            (
                "https://eu-west-1.queue.amazonaws.com/123456789012/q",
                "eu-west-1",
            ),
            ("https://queue.amazonaws.com/123456789012/q", "us-east-1"),
            (
                "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q",
                "cn-north-1",
            ),
            (
                "https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/q",
                "us-gov-west-1",
            ),
        ] {
            assert_eq!(
                check_queue_url("url", url).unwrap().region.as_deref(),
                Some(region),
                "{url}"
            );
        }
    }

    #[test]
    fn bad_queue_urls_are_named() {
        for (url, message) in [
            ("", "is required: give the http(s) SQS queue URL"),
            ("sqs.eu-west-1.amazonaws.com/1/q", "not a URL"),
            ("ftp://example.com/1/q", "not an http"),
            ("https://sqs.eu-west-1.amazonaws.com/", "names no queue"),
            (
                "https://sqs.eu-west-1.amazonaws.com/orders",
                "not an SQS queue URL",
            ),
            (
                "http://sqs.eu-west-1.amazonaws.com/123456789012/orders",
                "not an SQS queue URL",
            ),
            (
                "https://sqs.amazonaws.com/123456789012/orders",
                "not an SQS queue URL",
            ),
            (
                "https://s3.eu-west-1.amazonaws.com/123456789012/orders",
                "not an SQS queue URL",
            ),
            (
                "https://sqs.eu-west-1.amazonaws.com/123456789012/a/b",
                "not an SQS queue URL",
            ),
            (
                "https://sqs.eu-west-1.amazonaws.com/12345/orders",
                "not an SQS queue URL",
            ),
            ("http://localhost:9324/q?x=1", "query or fragment"),
            ("http://localhost:9324/000000000000/or ders", "not 1 to 80"),
            ("http://localhost:9324/000000000000/.fifo", "not 1 to 80"),
        ] {
            let err = check_queue_url("url", url).unwrap_err();
            assert_eq!(err.field, "url");
            assert!(err.message.contains(message), "{url}: {}", err.message);
        }
        let long = format!("http://localhost:9324/1/{}", "q".repeat(81));
        assert!(check_queue_url("url", &long).is_err());
    }

    fn draft() -> Draft {
        Draft {
            event_type: EventType::Sqs,
            method: Method::Get,
            url: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders".into(),
            headers: vec![],
            document: r#"{"order":"8812"}"#.into(),
            when_at: 0,
            timeout: super::super::DEFAULT_TIMEOUT,
            max_attempts: 3,
            sqs: SqsOptions::default(),
        }
    }

    #[test]
    fn sqs_drafts() {
        let new = draft().validate().unwrap();
        assert_eq!(
            new.method,
            Method::Post,
            "the method of an sqs event is ignored"
        );
        type Change = fn(&mut Draft);
        let cases: &[(Change, &str, &str)] = &[
            (|d| d.url = String::new(), "url", "SQS queue URL"),
            (|d| d.document = "[1]".into(), "document", "not an array"),
            (
                |d| d.document = "<xml/>".into(),
                "document",
                "not valid JSON",
            ),
            (
                |d| d.document = format!(r#"{{"x":"{}"}}"#, "a".repeat(MAX_DOCUMENT_BYTES)),
                "document",
                "at most 1 MiB",
            ),
            (
                |d| d.headers = vec![("x-a".into(), "1".into())],
                "headers",
                "send no HTTP headers",
            ),
            (
                |d| d.sqs.credential = Some(" ".into()),
                "credential",
                "is empty",
            ),
            (
                |d| d.sqs.message_group_id = Some("a b".into()),
                "message_group_id",
                "\"a b\" is not a message group id",
            ),
            (
                |d| d.sqs.message_group_id = Some("g".repeat(129)),
                "message_group_id",
                "1 to 128",
            ),
            (
                |d| d.sqs.region = Some("Europe".into()),
                "region",
                "\"Europe\" is not an AWS region",
            ),
            (
                |d| {
                    d.event_type = EventType::Json;
                    d.sqs.credential = Some("prod".into());
                },
                "credential",
                "only sqs events",
            ),
            (
                |d| {
                    d.event_type = EventType::Xml;
                    d.sqs.region = Some("eu-west-1".into());
                },
                "region",
                "this is a xml event",
            ),
        ];
        for (change, field, message) in cases {
            let mut d = draft();
            change(&mut d);
            let err = d.validate().unwrap_err();
            assert_eq!(err.field, *field);
            assert!(err.message.contains(message), "{field}: {}", err.message);
        }
    }

    fn event(url: &str) -> Event {
        Event {
            seq: 1,
            id: "Y9yJ4qDDMpHGmmYboWt4ZE".into(),
            event_type: EventType::Sqs,
            method: Method::Post,
            url: url.into(),
            headers: vec![],
            document: r#"{"b":1,"a":2}"#.into(),
            when_at: 1_700_000_000_000,
            created_at: 0,
            timeout_ms: 1000,
            max_attempts: 3,
            status: Status::Scheduled,
            attempt_count: 0,
            next_attempt_at: None,
            finished_at: None,
            last_error: None,
            sqs: SqsOptions::default(),
            credential_name: None,
        }
    }

    fn credential(settings: Value) -> Credential {
        Credential {
            id: "c1".into(),
            name: "prod".into(),
            provider: "aws".into(),
            auth: Auth::AwsAccessKey {
                access_key_id: "AKIDSTORED".into(),
                secret_access_key: "stored-secret-0123456789".into(),
                session_token: None,
            },
            settings: settings.as_object().unwrap().clone(),
            metadata: json!({}),
            created_at: 0,
        }
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    const AWS_URL: &str = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";

    #[test]
    fn keys_region_and_endpoint_come_in_order() {
        let env_keys = [
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ];
        // The credential wins over the environment, its settings over the URL.
        let c = credential(json!({"region": "us-west-2", "endpoint": "http://127.0.0.1:5000"}));
        let t = Target::resolve(&event(AWS_URL), Some(&c), &env(&env_keys)).unwrap();
        assert_eq!(t.keys.from, "credential \"prod\"");
        assert_eq!(
            (t.region.as_str(), t.endpoint.as_str()),
            ("us-west-2", "http://127.0.0.1:5000/")
        );
        // The event's region wins over everything.
        let mut e = event(AWS_URL);
        e.sqs.region = Some("ap-south-1".into());
        assert_eq!(
            Target::resolve(&e, Some(&c), &env(&[])).unwrap().region,
            "ap-south-1"
        );
        // Without a credential: environment keys, the URL's region and host.
        let t = Target::resolve(&event(AWS_URL), None, &env(&env_keys)).unwrap();
        assert_eq!(t.keys.from, "AWS_ACCESS_KEY_ID");
        assert_eq!(
            t.keys.auth,
            Auth::AwsAccessKey {
                access_key_id: "AKIDENV".into(),
                secret_access_key: "env-secret".into(),
                session_token: None
            }
        );
        assert_eq!(
            (t.region.as_str(), t.endpoint.as_str()),
            ("eu-west-1", "https://sqs.eu-west-1.amazonaws.com/")
        );
        // AWS_ENDPOINT_URL_SQS before AWS_ENDPOINT_URL.
        let both = [
            env_keys[0],
            env_keys[1],
            ("AWS_ENDPOINT_URL", "http://general:1"),
            ("AWS_ENDPOINT_URL_SQS", "http://sqs-only:2"),
        ];
        let t = Target::resolve(&event(AWS_URL), None, &env(&both)).unwrap();
        assert_eq!(t.endpoint.as_str(), "http://sqs-only:2/");
        let t = Target::resolve(&event(AWS_URL), None, &env(&both[..3])).unwrap();
        assert_eq!(t.endpoint.as_str(), "http://general:1/");
        // A host that names no region: AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1.
        let local = "http://127.0.0.1:9324/000000000000/q";
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut vars = env_keys.to_vec();
            vars.extend_from_slice(extra);
            Target::resolve(&event(local), None, &env(&vars))
                .unwrap()
                .region
        };
        assert_eq!(with(&[]), "us-east-1");
        assert_eq!(with(&[("AWS_DEFAULT_REGION", "eu-north-1")]), "eu-north-1");
        assert_eq!(
            with(&[
                ("AWS_DEFAULT_REGION", "eu-north-1"),
                ("AWS_REGION", "sa-east-1")
            ]),
            "sa-east-1"
        );
        let bad = [
            env_keys[0],
            env_keys[1],
            ("AWS_ENDPOINT_URL_SQS", "localhost:4566"),
        ];
        let err = Target::resolve(&event(AWS_URL), None, &env(&bad)).unwrap_err();
        assert_eq!(
            err,
            "AWS_ENDPOINT_URL_SQS \"localhost:4566\" is not an http(s) URL"
        );
    }

    #[test]
    fn keys_from_a_profile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        std::fs::write(
            &path,
            "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n\
             [ci]\naws_access_key_id=AKIDCI\naws_secret_access_key=ci-secret\naws_session_token = tok\n\
             [half]\naws_access_key_id = AKIDHALF\n",
        )
        .unwrap();
        let file = path.to_str().unwrap();
        let resolve = |vars: &[(&str, &str)]| {
            let mut all = vec![("AWS_SHARED_CREDENTIALS_FILE", file)];
            all.extend_from_slice(vars);
            keys(None, &env(&all))
        };
        let k = resolve(&[]).unwrap();
        assert_eq!(k.from, format!("profile \"default\" in {file}"));
        assert!(
            matches!(&k.auth, Auth::AwsAccessKey { access_key_id, .. } if access_key_id == "AKIDDEFAULT")
        );
        let k = resolve(&[("AWS_PROFILE", "ci")]).unwrap();
        assert_eq!(
            k.auth,
            Auth::AwsAccessKey {
                access_key_id: "AKIDCI".into(),
                secret_access_key: "ci-secret".into(),
                session_token: Some("tok".into())
            }
        );
        // Environment keys come before any profile.
        let k = resolve(&[
            ("AWS_ACCESS_KEY_ID", "A"),
            ("AWS_SECRET_ACCESS_KEY", "B"),
            ("AWS_PROFILE", "ci"),
        ])
        .unwrap();
        assert_eq!(k.from, "AWS_ACCESS_KEY_ID");
        assert!(
            resolve(&[("AWS_PROFILE", "nope")])
                .unwrap_err()
                .contains("has no [nope] profile")
        );
        assert!(
            resolve(&[("AWS_PROFILE", "half")])
                .unwrap_err()
                .contains("lacks aws_access_key_id or aws_secret_access_key")
        );
        assert!(
            resolve(&[("AWS_ACCESS_KEY_ID", "A")])
                .unwrap_err()
                .contains("AWS_SECRET_ACCESS_KEY is not")
        );
        // The default file is ~/.aws/credentials.
        let home = dir.path().to_str().unwrap();
        let err = keys(None, &env(&[("HOME", home)])).unwrap_err();
        assert!(
            err.contains(&format!("{home}/.aws/credentials does not exist")),
            "{err}"
        );
        assert!(err.contains("anticip credential add aws"), "{err}");
    }

    #[test]
    fn a_stored_credential_must_hold_aws_keys() {
        let mut c = credential(json!({}));
        c.auth = Auth::Bearer {
            token: "t0123456789abcdefghij".into(),
        };
        let err = Target::resolve(&event(AWS_URL), Some(&c), &env(&[])).unwrap_err();
        assert_eq!(
            err,
            "credential \"prod\" holds bearer secrets, not AWS access keys"
        );
    }

    #[test]
    fn the_message() {
        let mut e = event("https://sqs.eu-west-1.amazonaws.com/123456789012/orders");
        let queue = check_queue_url("url", &e.url).unwrap();
        let body: Value = serde_json::from_str(&send_message_body(&e, &queue)).unwrap();
        assert_eq!(
            body,
            json!({
                "QueueUrl": e.url,
                "MessageBody": "{\"b\":1,\"a\":2}",
                "MessageAttributes": {
                    "anticip-event-id": {"DataType": "String", "StringValue": "Y9yJ4qDDMpHGmmYboWt4ZE"},
                    "anticip-when": {"DataType": "String", "StringValue": "2023-11-14T22:13:20.000Z"},
                },
            })
        );
        e.url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo".into();
        let fifo = check_queue_url("url", &e.url).unwrap();
        let body: Value = serde_json::from_str(&send_message_body(&e, &fifo)).unwrap();
        assert_eq!(body["MessageGroupId"], "Y9yJ4qDDMpHGmmYboWt4ZE");
        assert_eq!(body["MessageDeduplicationId"], "Y9yJ4qDDMpHGmmYboWt4ZE");
        e.sqs.message_group_id = Some("customer-82345".into());
        let body: Value = serde_json::from_str(&send_message_body(&e, &fifo)).unwrap();
        assert_eq!(body["MessageGroupId"], "customer-82345");
        let body: Value = serde_json::from_str(&send_message_body(&e, &queue)).unwrap();
        assert_eq!(body["MessageGroupId"], "customer-82345");
        assert_eq!(body.get("MessageDeduplicationId"), None);
    }

    #[test]
    fn what_the_signature_covers() {
        // Whether the signature is right is for a server to say: tests/sqs.rs
        // has moto check it. Here: the headers it signs and adds.
        let keys = Keys {
            auth: Auth::AwsAccessKey {
                access_key_id: "AKIDEXAMPLE".into(),
                secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
                session_token: Some("session-token-0123456789".into()),
            },
            from: "test".into(),
        };
        let url = reqwest::Url::parse("https://sqs.eu-west-1.amazonaws.com/").unwrap();
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        let headers = signature_headers(&keys, "eu-west-1", &url, "{}", time).unwrap();
        let get = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(
            get("x-amz-security-token"),
            Some("session-token-0123456789")
        );
        let auth = get("authorization").unwrap();
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="),
            "{auth}"
        );
        assert!(!auth.contains("wJalrXUtnFEMI"), "the secret never travels");
    }

    #[test]
    fn answers_are_classified() {
        let ok = r#"{"MD5OfMessageBody":"x","MessageId":"40daa41f-5b5e-4eac-b4d5-f739fad0228f"}"#;
        assert_eq!(
            classify(StatusCode::OK, None, Some(ok), None),
            (
                Outcome::Succeeded,
                Some("MessageId: 40daa41f-5b5e-4eac-b4d5-f739fad0228f".into())
            )
        );
        let fifo = r#"{"MessageId":"m1","SequenceNumber":"1875"}"#;
        assert_eq!(
            classify(StatusCode::OK, None, Some(fifo), None)
                .1
                .as_deref(),
            Some("MessageId: m1, SequenceNumber: 1875")
        );
        let fail = |error: &str| {
            (
                Outcome::Fail {
                    error: error.into(),
                },
                None,
            )
        };
        let retry = |error: &str| {
            (
                Outcome::Retry {
                    error: error.into(),
                    retry_after: None,
                },
                None,
            )
        };
        let missing = r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#;
        assert_eq!(
            classify(
                StatusCode::BAD_REQUEST,
                Some("AWS.SimpleQueueService.NonExistentQueue;Sender"),
                Some(missing),
                None
            ),
            fail("AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist.")
        );
        assert_eq!(
            classify(StatusCode::BAD_REQUEST, None, Some(missing), None),
            fail("QueueDoesNotExist: The specified queue does not exist.")
        );
        let token = r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"The security token included in the request is invalid."}"#;
        assert_eq!(
            classify(
                StatusCode::BAD_REQUEST,
                Some("InvalidClientTokenId;Sender"),
                Some(token),
                None
            ),
            fail("InvalidClientTokenId: The security token included in the request is invalid.")
        );
        let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Access to the resource is denied.</Message></Error></ErrorResponse>";
        assert_eq!(
            classify(StatusCode::FORBIDDEN, None, Some(xml), None),
            fail("AccessDenied: Access to the resource is denied.")
        );
        let throttled =
            r#"{"__type":"com.amazonaws.sqs#RequestThrottled","message":"Rate exceeded"}"#;
        assert_eq!(
            classify(StatusCode::BAD_REQUEST, None, Some(throttled), None),
            retry("RequestThrottled: Rate exceeded")
        );
        assert_eq!(
            classify(
                StatusCode::BAD_REQUEST,
                Some("ThrottlingException;Sender"),
                Some("{}"),
                None
            ),
            retry("ThrottlingException")
        );
        assert_eq!(
            classify(
                StatusCode::SERVICE_UNAVAILABLE,
                None,
                Some("upstream\n  down"),
                None
            ),
            retry("HTTP 503 Service Unavailable: upstream down")
        );
        assert_eq!(
            classify(StatusCode::BAD_GATEWAY, None, None, None),
            retry("HTTP 502 Bad Gateway")
        );
        let after = classify(
            StatusCode::TOO_MANY_REQUESTS,
            None,
            None,
            Some(Duration::from_secs(3)),
        );
        assert_eq!(
            after.0,
            Outcome::Retry {
                error: "HTTP 429 Too Many Requests".into(),
                retry_after: Some(Duration::from_secs(3))
            }
        );
        assert_eq!(
            classify(StatusCode::NOT_FOUND, None, Some(""), None),
            fail("HTTP 404 Not Found")
        );
    }
}
