//! Nothing is lost: kill -9 mid-burst, two serve processes on one file,
//! downtime, and a clean shutdown.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{Anticip, Receiver, delivered_ids, wait_until};

#[test]
fn kill_9_mid_burst_then_restart_delivers_everything() {
    const EVENTS: usize = 2000;
    const CONCURRENCY: usize = 32;
    // A little slow, so that the kill lands with deliveries in flight.
    let receiver = Receiver::with(|_, _| {
        std::thread::sleep(Duration::from_millis(2));
        (200, vec![], "ok".into())
    });
    let a = Anticip::new();
    let ids = a.insert_events(EVENTS, &receiver.url("/burst"), anticip::time::now_ms());

    let mut serve = a.serve(&["--concurrency", &CONCURRENCY.to_string()]);
    wait_until("a third of the burst arrived", || {
        receiver.count() >= EVENTS / 3
    });
    serve.kill9();
    let before_kill = receiver.count();
    assert!(
        before_kill < EVENTS,
        "the kill came too late to test anything"
    );

    let _serve = a.serve(&["--concurrency", &CONCURRENCY.to_string()]);
    wait_until("every event arrived", || {
        delivered_ids(&receiver).len() == EVENTS
    });
    wait_until("every event is recorded as delivered", || {
        a.query::<i64>("SELECT count(*) FROM events WHERE status = 'delivered'") == EVENTS as i64
    });

    let seen = delivered_ids(&receiver);
    assert_eq!(
        seen.keys().cloned().collect::<HashSet<_>>(),
        ids.into_iter().collect::<HashSet<_>>()
    );
    // Only requests in flight at the kill may arrive twice: at most one per slot.
    let duplicates = seen.values().filter(|n| **n > 1).count();
    assert!(
        duplicates <= CONCURRENCY,
        "{duplicates} duplicates with {CONCURRENCY} slots"
    );
    assert!(
        seen.values().all(|n| *n <= 2),
        "an event arrived three times"
    );
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM jobs WHERE kind = 'event'"),
        0,
        "no job is left behind"
    );
}

#[test]
fn two_serve_processes_never_deliver_one_event_twice() {
    const EVENTS: usize = 2000;
    let receiver = Receiver::start();
    let a = Anticip::new();
    let first = a.serve(&["--concurrency", "16"]);
    let second = a.serve(&["--concurrency", "16"]);
    // Due a moment from now, so that both processes are up and racing for them.
    let ids = a.insert_events(
        EVENTS,
        &receiver.url("/shared"),
        anticip::time::now_ms() + 500,
    );
    wait_until("every event arrived", || {
        delivered_ids(&receiver).len() == EVENTS
    });
    wait_until("every event is recorded as delivered", || {
        a.query::<i64>("SELECT count(*) FROM events WHERE status = 'delivered'") == EVENTS as i64
    });
    let seen = delivered_ids(&receiver);
    assert_eq!(seen.len(), ids.len());
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered twice: {twice:?}");
    assert_eq!(a.query::<i64>("SELECT count(*) FROM engines"), 2);
    drop((first, second));
}

#[test]
fn events_that_came_due_while_serve_was_down_fire_on_start_with_their_lateness() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let id = a.create_event(&["--when", "in 1 second", "--url", &receiver.url("/late")]);
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(receiver.count(), 0);
    let _serve = a.serve(&[]);
    receiver.wait_for(1);
    wait_until("the event is delivered", || {
        a.event(&id)["status"] == "delivered"
    });
    let lateness = a.event(&id)["attempts"][0]["lateness_ms"].as_i64().unwrap();
    assert!(
        lateness >= 1400,
        "lateness {lateness} ms does not show the downtime"
    );
}

#[test]
fn sigterm_finishes_in_flight_deliveries_and_exits_0() {
    let receiver = Receiver::with(|_, _| {
        std::thread::sleep(Duration::from_millis(1500));
        (200, vec![], "ok".into())
    });
    let a = Anticip::new();
    let ids: Vec<String> = (0..3)
        .map(|i| {
            a.create_event(&[
                "--when",
                "now",
                "--url",
                &receiver.url(&format!("/slow/{i}")),
            ])
        })
        .collect();
    let mut serve = a.serve(&[]);
    receiver.wait_for(3); // all three are in flight now
    let status = serve.signal("TERM");
    assert_eq!(status.code(), Some(0), "log:\n{}", serve.log());
    assert!(
        serve.log().contains("waiting for in-flight work"),
        "{}",
        serve.log()
    );
    for id in &ids {
        assert_eq!(a.event(id)["status"], "delivered", "{id} was cut off");
    }
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM engines"),
        0,
        "serve unregistered itself"
    );
}

#[test]
fn past_the_grace_period_leases_are_released_and_the_work_runs_again() {
    let receiver = Receiver::with(|_, n| {
        if n == 0 {
            std::thread::sleep(Duration::from_secs(5));
        }
        (200, vec![], "ok".into())
    });
    let a = Anticip::new();
    let id = a.create_event(&["--when", "now", "--url", &receiver.url("/stuck")]);
    let mut serve = a.serve(&["--shutdown-grace", "300ms"]);
    receiver.wait_for(1);
    let status = serve.signal("INT");
    assert_eq!(status.code(), Some(0), "log:\n{}", serve.log());
    assert!(
        serve.log().contains("releasing its leases"),
        "{}",
        serve.log()
    );
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM jobs WHERE kind = 'event' AND lease_owner IS NULL"),
        1
    );
    assert_eq!(a.event(&id)["status"], "scheduled");

    let _serve = a.serve(&[]);
    wait_until("the released event is delivered", || {
        a.event(&id)["status"] == "delivered"
    });
    assert_eq!(receiver.count(), 2);
}

#[test]
fn an_event_created_by_the_cli_wakes_an_idle_serve() {
    let receiver = Receiver::start();
    let a = Anticip::new();
    let _serve = a.serve(&[]);
    // serve is idle with nothing scheduled: it sleeps until something wakes it.
    std::thread::sleep(Duration::from_millis(300));
    let id = a.create_event(&["--when", "in 1 second", "--url", &receiver.url("/wake")]);
    let got = receiver.wait_for(1);
    let due = chrono::DateTime::parse_from_rfc3339(a.event(&id)["when"].as_str().unwrap()).unwrap();
    let arrived: chrono::DateTime<chrono::Utc> = got[0].at.into();
    assert!(arrived >= due, "fired before its time");
}
