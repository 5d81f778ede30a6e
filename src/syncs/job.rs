//! The engine job that keeps one collection in step: each run is one small
//! step (one page of a pass, or one events poll) and its records, change
//! events and checkpoint commit together in the write that finishes the job.
//! After a crash the step runs again from the last committed checkpoint.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::Connection;

use super::config::{CollectionSpec, Deletes, duration_ms};
use super::fetch::{EventChanges, EventsPoll, FetchError, Fetcher, Page, Pass, PassKind};
use super::limits::{self, InFlight, Slot};
use super::store::{self, JOB_KIND, Progress, Sweep};
use super::{Collection, Feed, Phase, Sync};
use crate::credentials;
use crate::engine::{BoxFuture, Finished, Job, JobKind, Outcome, Work};
use crate::store::Db;
use crate::time::now_ms;

/// A re-scan after the events window was exceeded deletes at most this share.
const RESCAN_MAX_SHARE: f64 = 0.1;
/// A wait for a rate-limit slot shorter than this happens in place.
const WAIT_IN_PLACE: Duration = Duration::from_secs(2);
/// Within an events poll (committed only when complete), a later page waits
/// in place this long, so that a poll of more pages than the limit allows
/// per interval still completes.
const WAIT_IN_POLL: Duration = Duration::from_secs(60);

pub struct SyncJobs {
    db: Db,
    client: reqwest::Client,
    in_flight: Arc<InFlight>,
    feed: Feed,
}

impl SyncJobs {
    /// `feed` hears of every committed step that changed records.
    pub fn new(db: Db, client: reqwest::Client, feed: Feed) -> SyncJobs {
        SyncJobs {
            db,
            client,
            in_flight: Arc::default(),
            feed,
        }
    }
}

impl JobKind for SyncJobs {
    fn name(&self) -> &'static str {
        JOB_KIND
    }

    fn load(&self, conn: &Connection, job: &Job) -> rusqlite::Result<Option<Box<dyn Work>>> {
        let Some(collection) = store::collection(conn, job.subject)? else {
            return Ok(None);
        };
        let Some(sync) = store::get_by_seq(conn, collection.sync_seq)? else {
            return Ok(None);
        };
        if sync.paused {
            return Ok(None);
        }
        let Some(spec) = sync.config.collection(&collection.collection_id).cloned() else {
            return Ok(None);
        };
        let bucket_window = limits::bucket_window(conn, sync.credential_id.as_deref())?;
        let auth = match &sync.credential_id {
            Some(id) => match credentials::store::find(conn, id)? {
                Some(c) => Some(c.auth),
                None => return Ok(None),
            },
            None => None,
        };
        Ok(Some(Box::new(Step {
            db: self.db.clone(),
            in_flight: self.in_flight.clone(),
            fetcher: Fetcher {
                client: self.client.clone(),
                config: sync.config.clone(),
                auth,
            },
            sync,
            spec,
            collection,
            bucket_window,
            feed: self.feed.clone(),
            changed: AtomicBool::new(false),
            plan: Plan::Wait { until: 0 },
            result: None,
            started_at: 0,
        })))
    }
}

/// What this step does.
#[derive(Debug, Clone)]
enum Plan {
    /// Fetch the page `pass` is at (a new pass when it has fetched none).
    Page { pass: Pass, new: bool },
    /// Read the events endpoint since `since`.
    Events { since: i64 },
    /// Nothing to fetch yet: the rate limit or a pause says wait.
    Wait { until: i64 },
}

enum Fetched {
    Page(Page),
    Events(EventChanges),
    Throttled { until: i64 },
    Failed(FetchError),
}

struct Step {
    db: Db,
    in_flight: Arc<InFlight>,
    fetcher: Fetcher,
    sync: Sync,
    spec: CollectionSpec,
    collection: Collection,
    /// How long the credential's request times must be kept.
    bucket_window: Option<i64>,
    feed: Feed,
    /// Whether `record` wrote change events.
    changed: AtomicBool,
    plan: Plan,
    result: Option<Fetched>,
    started_at: i64,
}

impl Step {
    /// Decide the step from the checkpoint.
    fn decide(&self, now: i64) -> Plan {
        let c = &self.collection;
        if let Some(pass) = &c.pass {
            return Plan::Page {
                pass: pass.clone(),
                new: false,
            };
        }
        let full = |c: &Collection| Plan::Page {
            pass: new_pass(PassKind::Full, None, now),
            new: c.pass.is_none(),
        };
        if c.phase == Phase::Backfilling {
            return full(c);
        }
        match (&self.spec.deletes, &self.spec.incremental, c.watermark) {
            (Deletes::Events(events), _, Some(watermark)) => {
                let window = duration_ms(&events.window).unwrap_or(30 * 86_400_000);
                if watermark < now - window {
                    full(c)
                } else {
                    Plan::Events { since: watermark }
                }
            }
            (_, Some(inc), Some(watermark)) => {
                let lag = duration_ms(&inc.lag).unwrap_or(0);
                Plan::Page {
                    pass: new_pass(PassKind::Incremental, Some(watermark - lag), now),
                    new: true,
                }
            }
            _ => full(c),
        }
    }

    /// Wait for a request slot: the sync's concurrency bound, then its
    /// credential's rate limit and pause. `Err(until)` when the wait is long.
    async fn slot(
        &self,
        in_place: Duration,
    ) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, i64> {
        let permit = match self
            .in_flight
            .semaphore(&self.sync.id, self.sync.max_concurrent)
        {
            Some(semaphore) => semaphore.acquire_owned().await.ok(),
            None => None,
        };
        loop {
            let (bucket, limit, keep) =
                (self.sync.bucket(), self.sync.rate_limit, self.bucket_window);
            let taken_at = now_ms();
            let slot = if limit.is_none() && keep.is_none() {
                // No limit on this credential: only a pause can hold the request.
                self.db
                    .read(move |conn| {
                        Ok::<_, rusqlite::Error>(
                            match limits::paused_until(conn, &bucket, taken_at)? {
                                Some(at) => Slot::WaitUntil { at, paused: true },
                                None => Slot::Granted,
                            },
                        )
                    })
                    .await
            } else {
                self.db
                    .write(move |conn| limits::take(conn, &bucket, limit, keep, taken_at))
                    .await
            };
            match slot {
                // The window is kept on the times slots were taken: a request
                // must go out soon after, or take another (the stale one only
                // makes the limit stricter).
                Ok(Slot::Granted) if now_ms() - taken_at <= limits::GUARD_MS / 2 => {
                    return Ok(permit);
                }
                Ok(Slot::Granted) => continue,
                Ok(Slot::WaitUntil { at, paused }) => {
                    let wait = Duration::from_millis((at - now_ms()).max(0) as u64);
                    if paused || wait > in_place {
                        return Err(at);
                    }
                    tokio::time::sleep(wait).await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not take a rate-limit slot; retrying");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }
}

impl Step {
    /// Read the events endpoint page by page, each request in its own
    /// rate-limit slot. Nothing is committed until the poll is complete.
    async fn poll_events(&self, since: i64) -> Fetched {
        let Deletes::Events(events) = &self.spec.deletes else {
            unreachable!("planned only for the events strategy")
        };
        let mut poll = EventsPoll::new(since);
        loop {
            let in_place = if poll.pages() == 0 {
                WAIT_IN_PLACE
            } else {
                WAIT_IN_POLL
            };
            let _permit = match self.slot(in_place).await {
                Ok(permit) => permit,
                Err(until) => return Fetched::Throttled { until },
            };
            match self
                .fetcher
                .events_page(&self.spec, events, &mut poll)
                .await
            {
                Ok(true) => continue,
                Ok(false) => return Fetched::Events(poll.finish()),
                Err(e) => return Fetched::Failed(e),
            }
        }
    }
}

fn new_pass(kind: PassKind, since: Option<i64>, now: i64) -> Pass {
    Pass {
        kind,
        began_at: now,
        upstream_began_at: None,
        next: None,
        since,
        pages: 0,
        records: 0,
        errors: 0,
        last_page_hash: None,
    }
}

impl Work for Step {
    fn run(&mut self) -> BoxFuture<'_, Outcome> {
        Box::pin(async move {
            let now = now_ms();
            self.started_at = now;
            self.plan = self.decide(now);
            let fetched = match self.plan.clone() {
                Plan::Page { pass, .. } => match self.slot(WAIT_IN_PLACE).await {
                    Err(until) => Fetched::Throttled { until },
                    Ok(_permit) => match self.fetcher.page(&self.spec, &pass).await {
                        Ok(page) => Fetched::Page(page),
                        Err(e) => Fetched::Failed(e),
                    },
                },
                Plan::Events { since } => self.poll_events(since).await,
                Plan::Wait { until } => Fetched::Throttled { until },
            };
            if let Fetched::Throttled { until } = &fetched {
                self.plan = Plan::Wait { until: *until };
            }
            let outcome = match &fetched {
                Fetched::Page(page) if page.next.is_some() => Outcome::Continue { at: now_ms() },
                Fetched::Page(_) | Fetched::Events(_) => Outcome::Continue {
                    at: now_ms() + self.sync.every_ms,
                },
                Fetched::Throttled { until } => Outcome::Continue { at: *until },
                // A re-scan replaces the poll, right away.
                Fetched::Failed(FetchError::TooManyEvents) => Outcome::Continue { at: now_ms() },
                Fetched::Failed(e @ FetchError::Throttled { retry_after, .. }) => Outcome::Retry {
                    error: e.message(),
                    retry_after: *retry_after,
                },
                Fetched::Failed(e @ FetchError::Transient { .. }) => Outcome::Retry {
                    error: e.message(),
                    retry_after: None,
                },
                Fetched::Failed(e) => Outcome::Fail { error: e.message() },
            };
            if let Fetched::Failed(e) = &fetched
                && *e != FetchError::TooManyEvents
            {
                tracing::warn!(sync = %self.sync.name, collection = %self.collection.collection_id, error = %e.message(), status = ?e.status(), "sync request failed");
            }
            self.result = Some(fetched);
            outcome
        })
    }

    fn committed(&self) {
        if self.changed.load(Ordering::Relaxed) {
            self.feed.changed();
        }
    }

    fn record(&self, conn: &Connection, _job: &Job, finished: &Finished) -> rusqlite::Result<()> {
        let now = now_ms();
        let seq = self.collection.seq;
        let Some(current) = store::collection(conn, seq)? else {
            return Ok(()); // the sync was deleted meanwhile
        };
        if current.step != self.collection.step {
            // Another step committed since this one loaded: its page is stale.
            tracing::debug!(collection = seq, "discarding a stale sync step");
            return Ok(());
        }
        match self.result.as_ref() {
            None => Ok(()),
            Some(Fetched::Throttled { until }) => store::set_throttled(conn, seq, Some(*until)),
            Some(Fetched::Page(page)) => {
                let Plan::Page { pass, new } = &self.plan else {
                    return Ok(());
                };
                self.record_page(conn, pass, *new, page, now)
            }
            Some(Fetched::Events(changes)) => self.record_events(conn, changes, now),
            Some(Fetched::Failed(FetchError::TooManyEvents)) => {
                // Too far behind for the events endpoint: re-scan everything.
                let pass = new_pass(PassKind::Full, None, now);
                store::advance(
                    conn,
                    seq,
                    &Progress {
                        pass: Some(Some(pass)),
                        pass_no: Some(current.pass_no + 1),
                        pages: Some(0),
                        records: Some(0),
                        ..Progress::default()
                    },
                )
            }
            Some(Fetched::Failed(e)) => {
                let mut message = e.message();
                if let FetchError::Throttled { retry_after, .. } = e {
                    let until = match (retry_after, finished.next) {
                        (Some(after), _) => Some(now + after.as_millis() as i64),
                        (None, crate::engine::Next::RetryAt(at)) => Some(at),
                        _ => None,
                    };
                    if let Some(until) = until {
                        if retry_after.is_some() {
                            limits::pause(conn, &self.sync.bucket(), until)?;
                        }
                        store::set_throttled(conn, seq, Some(until))?;
                    }
                    message = format!("{message}; throttled");
                } else {
                    store::count_pass_error(conn, seq)?;
                }
                store::record_error(conn, seq, &message, e.status(), e.body(), now)
            }
        }
    }
}

impl Step {
    /// Remember whether `applied` wrote change events (for `committed`).
    fn note(&self, applied: &store::Applied) {
        if applied.created + applied.updated + applied.deleted > 0 {
            self.changed.store(true, Ordering::Relaxed);
        }
    }

    fn record_page(
        &self,
        conn: &Connection,
        pass: &Pass,
        new: bool,
        page: &Page,
        now: i64,
    ) -> rusqlite::Result<()> {
        let seq = self.collection.seq;
        let pass_no = if new && pass.kind == PassKind::Full {
            self.collection.pass_no + 1
        } else {
            self.collection.pass_no
        };
        let seen = (pass.kind == PassKind::Full).then_some(pass_no);
        let applied = store::apply(conn, seq, &page.items, seen, false, now)?;
        self.note(&applied);
        let mut next_pass = pass.clone();
        next_pass.pages += 1;
        next_pass.records += page.items.len() as u64;
        next_pass.last_page_hash = Some(page.hash);
        next_pass.upstream_began_at.get_or_insert(page.fetched_at);
        next_pass.next = page.next.clone();
        let mut progress = Progress {
            pass_no: Some(pass_no),
            pages: Some(next_pass.pages as i64),
            records: Some(next_pass.records as i64),
            estimated_total: page.total.map(Some),
            clear_error: true,
            ..Progress::default()
        };
        if new {
            progress.estimated_total = Some(page.total);
        }
        tracing::debug!(collection = %self.collection.collection_id, page = next_pass.pages, ?applied, "page");
        if page.next.is_some() {
            progress.pass = Some(Some(next_pass));
            return store::advance(conn, seq, &progress);
        }
        // The pass is complete.
        let began_upstream = next_pass.upstream_began_at.unwrap_or(next_pass.began_at);
        progress.pass = Some(None);
        progress.synced_through = Some(next_pass.began_at);
        progress.last_poll_at = Some(now);
        progress.watermark = Some(match &self.spec.deletes {
            Deletes::Events(events) => began_upstream - duration_ms(&events.lag).unwrap_or(0),
            _ => began_upstream,
        });
        if self.collection.phase == Phase::Backfilling {
            progress.phase = Some(Phase::Polling);
            progress.backfilled_at = Some(now);
        }
        let mut sweep_note = None;
        if pass.kind == PassKind::Full {
            let max_share = match &self.spec.deletes {
                Deletes::Sweep { max_share } => Some(*max_share),
                Deletes::Events(_) => Some(RESCAN_MAX_SHARE),
                _ => None,
            };
            if let Some(max_share) = max_share {
                if next_pass.errors > 0 {
                    sweep_note = Some(format!(
                        "deletions not checked: the last full pass had {} failed request(s); the next clean pass will",
                        next_pass.errors
                    ));
                } else {
                    match store::sweep(conn, seq, pass_no, max_share, now)? {
                        Sweep::Deleted(n) => {
                            if n > 0 {
                                self.changed.store(true, Ordering::Relaxed);
                                tracing::info!(collection = %self.collection.collection_id, deleted = n, "sweep");
                            }
                        }
                        Sweep::Refused { missing, total } => {
                            sweep_note = Some(format!(
                                "sweep refused: {missing} of {total} records ({:.1}%) were missing from the last full pass, more than the allowed {:.1}%; nothing was deleted",
                                missing as f64 * 100.0 / total as f64,
                                max_share * 100.0
                            ));
                        }
                    }
                }
            }
        }
        store::advance(conn, seq, &progress)?;
        if let Some(note) = sweep_note {
            tracing::warn!(sync = %self.sync.name, collection = %self.collection.collection_id, "{note}");
            store::record_error(conn, seq, &note, None, None, now)?;
        }
        Ok(())
    }

    fn record_events(
        &self,
        conn: &Connection,
        changes: &EventChanges,
        now: i64,
    ) -> rusqlite::Result<()> {
        let Deletes::Events(events) = &self.spec.deletes else {
            return Ok(());
        };
        let applied = store::apply(conn, self.collection.seq, &changes.items, None, true, now)?;
        self.note(&applied);
        tracing::debug!(collection = %self.collection.collection_id, ?applied, requests = changes.requests, "events poll");
        let lag = duration_ms(&events.lag).unwrap_or(0);
        store::advance(
            conn,
            self.collection.seq,
            &Progress {
                watermark: Some(changes.fetched_at - lag),
                synced_through: Some(self.started_at),
                last_poll_at: Some(now),
                clear_error: true,
                ..Progress::default()
            },
        )
    }
}
