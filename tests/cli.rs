//! The shell contract: exit codes, stdout for data and stderr for messages,
//! `--json`, bad input, where the database lives, generated files.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Anticip, BIN};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bad_input_exits_2_names_the_value_and_stores_nothing() {
    let a = Anticip::new();
    let url = "https://example.com/hook";
    let cases: &[(&[&str], &str)] = &[
        (
            &["--when", "soonish", "--url", url],
            "invalid value 'soonish' for '--when <WHEN>'",
        ),
        (
            &["--when", "in 20 fortnights", "--url", url],
            "unknown unit \"fortnights\"",
        ),
        (&["--when", "2026-13-01", "--url", url], "not a valid date"),
        (
            &["--when", "tomorrow 25:00", "--url", url],
            "\"25:00\" is not a time of day",
        ),
        (&["--url", url], "--when <WHEN>"),
        (&["--when", "now"], "--url <URL>"),
        (
            &["--when", "now", "--url", "ftp://example.com/x"],
            "--url: \"ftp://example.com/x\" is not an http:// or https:// URL",
        ),
        (
            &["--when", "now", "--url", "example.com"],
            "--url: \"example.com\" is not a URL",
        ),
        (
            &["--when", "now", "--url", url, "--document", "[1]"],
            "--document: must be a JSON object",
        ),
        (
            &["--when", "now", "--url", url, "--document", "{oops"],
            "--document: is not valid JSON",
        ),
        (
            &["--when", "now", "--url", url, "--type", "yaml"],
            "invalid value 'yaml' for '--type <EVENT_TYPE>'",
        ),
        (
            &["--when", "now", "--url", url, "--method", "fetch"],
            "invalid value 'fetch' for '--method <METHOD>'",
        ),
        (
            &["--when", "now", "--url", url, "--header", "nocolon"],
            "\"nocolon\" is not a header",
        ),
        (
            &["--when", "now", "--url", url, "--timeout", "0s"],
            "--timeout: 0s is out of range",
        ),
        (
            &["--when", "now", "--url", url, "--timeout", "fast"],
            "cannot read \"fast\" as a duration",
        ),
        (
            &["--when", "now", "--url", url, "--max-attempts", "0"],
            "--max-attempts: 0 is out of range",
        ),
        (
            &[
                "--when",
                "now",
                "--url",
                url,
                "--document",
                "@/nonexistent/doc.json",
            ],
            "reading the document from /nonexistent/doc.json",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["event", "create"];
        all.extend_from_slice(args);
        let out = a.run(&all);
        let expected = if message.starts_with("reading") { 1 } else { 2 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?} printed data");
    }
    assert_eq!(a.json(&["event", "list"]), serde_json::json!([]));
}

#[test]
fn an_unreadable_when_lists_the_accepted_forms() {
    let a = Anticip::new();
    let out = a.run(&[
        "event",
        "create",
        "--when",
        "whenever",
        "--url",
        "https://example.com",
    ]);
    let text = stderr(&out);
    for form in [
        "RFC 3339",
        "@1767258000",
        "in 20 minutes",
        "32 days from now",
        "1h30m",
        "tomorrow 9am",
        "noon",
    ] {
        assert!(text.contains(form), "missing {form:?}: {text}");
    }
    let help = a.ok(&["event", "create", "--help"]);
    assert!(
        help.contains("Accepted forms:") && help.contains("next friday 8pm"),
        "{help}"
    );
}

#[test]
fn create_prints_the_id_on_stdout_and_the_resolved_time_on_stderr() {
    let a = Anticip::new();
    let out = a.run(&[
        "event",
        "create",
        "--when",
        "2030-01-01T09:00:00+01:00",
        "--url",
        "https://example.com/h",
    ]);
    assert!(out.status.success());
    let id = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(id.trim().len(), 22, "only the id: {id:?}");
    assert!(
        stderr(&out).contains("fires at 2030-01-01T08:00:00.000Z"),
        "{}",
        stderr(&out)
    );

    let past = a.run(&[
        "event",
        "create",
        "--when",
        "2020-01-01T00:00:00Z",
        "--url",
        "https://example.com/h",
    ]);
    assert!(past.status.success());
    assert!(
        stderr(&past).contains("warning: 2020-01-01T00:00:00.000Z is in the past"),
        "{}",
        stderr(&past)
    );
}

#[test]
fn json_on_every_command() {
    let a = Anticip::new();
    let created = a.json(&[
        "event",
        "create",
        "--when",
        "in 1 hour",
        "--url",
        "https://example.com/h",
        "--document",
        r#"{"b":1,"a":2}"#,
    ]);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["type"], "json");
    assert_eq!(created["status"], "scheduled");
    assert_eq!(created["details"]["method"], "post");
    // The document comes back as given, key order kept.
    assert_eq!(
        created["details"]["document"].to_string(),
        r#"{"b":1,"a":2}"#
    );
    assert_eq!(created["company"].as_str().unwrap().len(), 22);

    let listed = a.json(&["event", "list"]);
    assert_eq!(listed[0]["id"], id.as_str());
    let got = a.json(&["event", "get", &id]);
    assert_eq!(got["attempts"], serde_json::json!([]));
    let deleted = a.json(&["event", "delete", &id]);
    assert_eq!(
        (deleted["deleted"].clone(), deleted["status"].clone()),
        (true.into(), "deleted".into())
    );
    assert_eq!(
        a.json(&["event", "list", "--status", "deleted"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        a.json(&["event", "list", "--status", "scheduled"]),
        serde_json::json!([])
    );
}

#[test]
fn listing_filters_by_status_and_orders_by_time() {
    let a = Anticip::new();
    let later = a.create_event(&["--when", "in 2 hours", "--url", "https://example.com/2"]);
    let sooner = a.create_event(&["--when", "in 1 hour", "--url", "https://example.com/1"]);
    let table = a.ok(&["event", "list"]);
    let header = table.lines().next().unwrap();
    for column in ["ID", "TYPE", "METHOD", "WHEN", "STATUS", "ATTEMPTS", "URL"] {
        assert!(header.contains(column), "{header}");
    }
    let sooner_at = table.find(&sooner).unwrap();
    assert!(
        sooner_at < table.find(&later).unwrap(),
        "not in time order:\n{table}"
    );
    let limited = a.json(&["event", "list", "--limit", "1"]);
    assert_eq!(limited.as_array().unwrap().len(), 1);
    assert_eq!(limited[0]["id"], sooner.as_str());
}

#[test]
fn not_found_and_not_retryable_exit_1() {
    let a = Anticip::new();
    let id = a.create_event(&["--when", "in 1 hour", "--url", "https://example.com/h"]);
    let cases: &[(&[&str], &str)] = &[
        (&["event", "get", "nope"], "no event with id \"nope\""),
        (&["event", "delete", "nope"], "no event with id \"nope\""),
        (
            &["event", "retry", &id],
            "is scheduled; only failed events can be retried",
        ),
    ];
    for (args, message) in cases {
        let out = a.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let a = Anticip::new();
    a.insert_events(
        3000,
        "https://example.com/many",
        anticip::time::now_ms() + 3_600_000,
    );
    let mut child = a
        .command()
        .args(["event", "list", "--limit", "3000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then close the pipe, like `| head -1`.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(err.is_empty(), "stderr: {err}");
}

#[test]
fn the_database_path_comes_from_db_then_anticip_db_then_the_data_directory() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str], env: &[(&str, &Path)]| {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("HOME", home.path())
            .env("PATH", std::env::var("PATH").unwrap());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(args)
            .args(["event", "list", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let xdg = home.path().join("xdg");
    let from_env = home.path().join("env.db");
    let from_flag = home.path().join("flag.db");
    let state = home.path().join("state");

    run(&[], &[("XDG_DATA_HOME", &xdg)]);
    assert!(
        xdg.join("anticip/anticip.db").exists(),
        "the XDG data directory is the default"
    );
    run(&[], &[("XDG_DATA_HOME", &xdg), ("ANTICIP_DB", &from_env)]);
    assert!(from_env.exists());
    run(
        &["--db", from_flag.to_str().unwrap()],
        &[("ANTICIP_DB", &from_env)],
    );
    assert!(from_flag.exists());
    std::fs::create_dir(&state).unwrap();
    run(&[], &[("XDG_DATA_HOME", &xdg), ("STATE_DIRECTORY", &state)]);
    assert!(
        state.join("anticip.db").exists(),
        "systemd's StateDirectory is honoured"
    );
}

#[test]
fn a_newer_database_is_refused() {
    let a = Anticip::new();
    a.ok(&["event", "list"]);
    let conn = rusqlite::Connection::open(&a.db).unwrap();
    conn.pragma_update(None, "user_version", 9999).unwrap();
    drop(conn);
    let out = a.run(&["event", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("schema is version 9999, newer than this anticip"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn completions_and_man_pages_are_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["generate"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["completions", "man"] {
        let mut generated: Vec<_> = std::fs::read_dir(dir.path().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        generated.sort();
        let mut committed: Vec<_> = std::fs::read_dir(repo.join(sub))
            .unwrap_or_else(|_| panic!("{sub}/ is missing: run `cargo run -- generate .`"))
            .map(|e| e.unwrap().file_name())
            .collect();
        committed.sort();
        assert_eq!(
            generated, committed,
            "{sub}/ is stale: run `cargo run -- generate .`"
        );
        for name in generated {
            let fresh = std::fs::read(dir.path().join(sub).join(&name)).unwrap();
            let old = std::fs::read(repo.join(sub).join(&name)).unwrap();
            assert!(
                fresh == old,
                "{sub}/{} is stale: run `cargo run -- generate .`",
                name.to_string_lossy()
            );
        }
    }
}

#[test]
fn completions_print_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = Command::new(BIN)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("anticip"),
            "{shell}"
        );
    }
}
