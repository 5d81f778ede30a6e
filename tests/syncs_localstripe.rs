//! A Stripe sync against localstripe, a Stripe emulator, on 127.0.0.1.
//! Install it with `scripts/install-localstripe.sh` (into target/localstripe,
//! or point ANTICIP_LOCALSTRIPE_PYTHON at its python). Where it is missing
//! the test is skipped with a message, unless ANTICIP_REQUIRE_LOCALSTRIPE=1 (CI).

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use common::{Anticip, wait_until};
use serde_json::Value;

const SECRET: &str = "sk_test_localstripe0123456789";

/// Serve localstripe on 127.0.0.1 only, on a free port, without its habit
/// of saving its state to /tmp after every request.
const LAUNCH: &str = "
import socket
from aiohttp import web
from localstripe import server, resources
resources.store.dump_to_disk = lambda: None
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.bind(('127.0.0.1', 0))
print(sock.getsockname()[1], flush=True)
web.run_app(server.app, sock=sock, print=None)
";

struct Localstripe {
    child: Child,
    url: String,
}

impl Drop for Localstripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> PathBuf {
    match std::env::var_os("ANTICIP_LOCALSTRIPE_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/localstripe/bin/python"),
    }
}

/// localstripe, or `None` (skip) where it is not installed and not required.
fn localstripe() -> Option<Localstripe> {
    let python = python();
    let available = Command::new(&python)
        .args(["-c", "import localstripe.server"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        let message = format!(
            "localstripe is not installed at {} (run scripts/install-localstripe.sh or set ANTICIP_LOCALSTRIPE_PYTHON)",
            python.display()
        );
        if std::env::var("ANTICIP_REQUIRE_LOCALSTRIPE").as_deref() == Ok("1") {
            panic!("{message}; ANTICIP_REQUIRE_LOCALSTRIPE=1 requires it");
        }
        eprintln!("SKIPPED: {message}");
        return None;
    }
    let mut child = Command::new(&python)
        .args(["-c", LAUNCH])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start localstripe");
    let mut port = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .expect("localstripe prints its port");
    let url = format!("http://127.0.0.1:{}", port.trim());
    Some(Localstripe { child, url })
}

/// A Stripe API call, as a Stripe client makes it (form-encoded, key as basic auth).
fn stripe(method: &str, url: &str, form: &[(&str, &str)]) -> Value {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let request = match method {
            "DELETE" => client.delete(url),
            _ => client.post(url).form(form),
        };
        let response = request.basic_auth(SECRET, Some("")).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{method} {url}: {}",
            response.status()
        );
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    })
}

fn events(a: &Anticip, sync: &str) -> Vec<Value> {
    a.ok(&[
        "sync", "events", "--sync", sync, "--limit", "100000", "--json",
    ])
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect()
}

#[test]
fn a_stripe_sync_against_localstripe() {
    let Some(ls) = localstripe() else { return };
    wait_until("localstripe answers", || {
        std::net::TcpStream::connect(ls.url.trim_start_matches("http://")).is_ok()
    });
    let mut ids = Vec::new();
    for i in 0..130 {
        let email = format!("c{i}@example.com");
        let c = stripe(
            "POST",
            &format!("{}/v1/customers", ls.url),
            &[("email", &email)],
        );
        ids.push(c["id"].as_str().unwrap().to_string());
    }
    for name in ["Basic", "Pro"] {
        stripe(
            "POST",
            &format!("{}/v1/products", ls.url),
            &[("name", name), ("type", "service")],
        );
    }
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "stripe",
        "--name",
        "test",
        "--secret",
        SECRET,
    ]);
    let id = a
        .ok(&[
            "sync",
            "create",
            "--provider",
            "stripe",
            "--credential",
            "test",
            "--name",
            "localstripe",
            "--collections",
            "stripe:customer,stripe:product",
            "--base-url",
            &ls.url,
            "--every",
            "1s",
        ])
        .trim()
        .to_string();
    let done = a.json(&["sync", "run", &id]);
    assert_eq!(done["collections"][0]["records"], 130, "{done}");
    assert_eq!(done["collections"][1]["records"], 2, "{done}");
    assert_eq!(done["collections"][0]["progress"]["pages"], 2, "100 a page");
    assert_eq!(events(&a, &id).len(), 132);

    std::thread::sleep(std::time::Duration::from_millis(1100)); // a later second than the backfill
    stripe(
        "POST",
        &format!("{}/v1/customers/{}", ls.url, ids[3]),
        &[("name", "Renamed")],
    );
    stripe(
        "DELETE",
        &format!("{}/v1/customers/{}", ls.url, ids[4]),
        &[],
    );
    let _serve = a.serve(&[]);
    wait_until("the update and the deletion arrive", || {
        events(&a, &id).len() >= 134
    });
    std::thread::sleep(std::time::Duration::from_millis(2000));
    let all = events(&a, &id);
    let tail: Vec<(&str, &str)> = all[132..]
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap(),
                e["upstream_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tail,
        [("updated", ids[3].as_str()), ("deleted", ids[4].as_str())],
        "exactly these, once"
    );
    assert_eq!(all[132]["data"]["name"], "Renamed");
}
