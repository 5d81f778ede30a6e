//! `anticip credential`: stored once, never shown again.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::Anticip;

const STRIPE_SECRET: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn secrets_are_masked_in_every_listing() {
    let a = Anticip::new();
    let add = a.run(&[
        "credential",
        "add",
        "stripe",
        "--name",
        "prod",
        "--secret",
        STRIPE_SECRET,
    ]);
    assert!(add.status.success());
    assert!(!output_text(&add).contains(STRIPE_SECRET));
    let id = String::from_utf8(add.stdout).unwrap().trim().to_string();
    assert_eq!(id.len(), 36, "a uuid: {id}");
    a.ok(&[
        "credential",
        "add",
        "aws",
        "--name",
        "queues",
        "--access-key-id",
        "AKIAIOSFODNN7EXAMPLE",
        "--secret-access-key",
        AWS_SECRET,
        "--region",
        "eu-west-1",
    ]);

    for args in [
        vec!["credential", "list"],
        vec!["credential", "list", "--json"],
        vec!["credential", "get", "prod"],
        vec!["credential", "get", &id, "--json"],
        vec!["credential", "get", "queues"],
        vec!["credential", "get", "queues", "--json"],
    ] {
        let out = a.run(&args);
        assert!(out.status.success(), "{args:?}");
        let text = output_text(&out);
        assert!(
            !text.contains(STRIPE_SECRET) && !text.contains(AWS_SECRET),
            "{args:?} leaked: {text}"
        );
    }
    let prod = a.json(&["credential", "get", "prod"]);
    assert_eq!(prod["id"], id.as_str());
    assert_eq!(prod["provider"], "stripe");
    assert_eq!(prod["kind"], "stripe_secret_key");
    assert_eq!(prod["auth"]["secret_key"], "sk_…p7dc");
    let queues = a.json(&["credential", "get", "queues"]);
    assert_eq!(queues["settings"]["region"], "eu-west-1");
    assert_eq!(queues["auth"]["secret_access_key"], "…EKEY");
    let listing = a.ok(&["credential", "list"]);
    assert!(listing.contains("secret_key=sk_…p7dc"), "{listing}");
}

#[test]
fn a_secret_can_come_from_stdin() {
    let a = Anticip::new();
    let mut child = a
        .command()
        .args([
            "credential",
            "add",
            "http",
            "--name",
            "crm",
            "--bearer",
            "-",
            "--json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"tok_0123456789abcdefXYZ\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", output_text(&out));
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        view["auth"],
        serde_json::json!({"kind": "bearer", "token": "tok_…fXYZ"})
    );
}

#[test]
fn deleting_a_credential() {
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "http",
        "--name",
        "crm",
        "--header",
        "X-Api-Key: abcdefghijklmnopqrstuvwxyz",
    ]);
    a.ok(&["credential", "delete", "crm"]);
    let again = a.run(&["credential", "get", "crm"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("no credential with id or name \"crm\"")
    );
}

#[test]
fn bad_input_is_refused_and_nothing_is_stored() {
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "stripe",
        "--name",
        "taken",
        "--secret",
        STRIPE_SECRET,
    ]);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &[
                "credential",
                "add",
                "stripe",
                "--name",
                "taken",
                "--secret",
                STRIPE_SECRET,
            ],
            1,
            "already exists",
        ),
        (
            &[
                "credential",
                "add",
                "stripe",
                "--name",
                " ",
                "--secret",
                STRIPE_SECRET,
            ],
            2,
            "--name",
        ),
        (&["credential", "add", "http", "--name", "x"], 2, "required"),
        (
            &[
                "credential",
                "add",
                "http",
                "--name",
                "x",
                "--bearer",
                "a",
                "--basic",
                "u:p",
            ],
            2,
            "cannot be used with",
        ),
        (
            &[
                "credential",
                "add",
                "http",
                "--name",
                "x",
                "--basic",
                "nocolon",
            ],
            2,
            "USER:PASSWORD",
        ),
        (
            &["credential", "add", "http", "--name", "x", "--query", "=v"],
            2,
            "NAME=VALUE",
        ),
        (
            &[
                "credential",
                "add",
                "http",
                "--name",
                "x",
                "--header",
                "bad header: v",
            ],
            2,
            "not a valid header name",
        ),
        (
            &[
                "credential",
                "add",
                "http",
                "--name",
                "x",
                "--bearer",
                "t",
                "--metadata",
                "[1]",
            ],
            2,
            "JSON object",
        ),
        (
            &[
                "credential",
                "add",
                "aws",
                "--name",
                "x",
                "--access-key-id",
                "a",
                "--secret-access-key",
                "b",
                "--endpoint",
                "nope",
            ],
            2,
            "--endpoint",
        ),
        (
            &["credential", "add", "ftp", "--name", "x"],
            2,
            "unrecognized subcommand",
        ),
    ];
    for (args, code, message) in cases {
        let out = a.run(args);
        assert_eq!(
            out.status.code(),
            Some(*code),
            "{args:?}: {}",
            output_text(&out)
        );
        assert!(
            output_text(&out).contains(message),
            "{args:?}: {}",
            output_text(&out)
        );
    }
    assert_eq!(a.json(&["credential", "list"]).as_array().unwrap().len(), 1);
}
