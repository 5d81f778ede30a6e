//! What the listener keeps in memory so that a remote trigger is checked
//! without reading the store: every remote rule's id, the hashes of its
//! trigger secrets and its rate limit, with each rule's token bucket.
//!
//! Reloaded every second, and when a trigger matches nothing (so a rule
//! created or a secret rotated a moment ago by the CLI works at once; failing
//! triggers arriving together share one reload of the small `rules` table).
//! The store stays the authority: the transaction that accepts a trigger
//! checks the secret again (`store::trigger_remote`), so a secret rotated
//! without grace or a rule deleted a moment ago is refused at once.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use super::RateLimit;
use super::store::{self, RemoteRule};
use crate::store::Db;
use crate::time::now_ms;

/// How often the rules are reloaded in the background.
const REFRESH: Duration = Duration::from_secs(1);

/// Who is calling, as far as the trigger secret tells.
pub enum Caller {
    /// The secret is the rule's own.
    Owner(Arc<RemoteRule>),
    /// The secret belongs to another rule: the caller may learn that this id
    /// is not theirs (404), not whether it exists.
    OtherRule,
    /// The secret is no rule's (or none was sent): 401, whatever the id.
    Stranger,
}

pub struct RuleRing {
    db: Db,
    rules: RwLock<Arc<HashMap<String, Arc<RemoteRule>>>>,
    /// When the last reload started, in nanoseconds after `epoch`.
    loaded_from: AtomicU64,
    epoch: Instant,
    reloading: tokio::sync::Mutex<()>,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

impl RuleRing {
    pub async fn load(db: Db) -> rusqlite::Result<Arc<RuleRing>> {
        let ring = Arc::new(RuleRing {
            db,
            rules: RwLock::default(),
            loaded_from: AtomicU64::new(0),
            epoch: Instant::now(),
            reloading: tokio::sync::Mutex::new(()),
            buckets: Mutex::default(),
        });
        ring.reload().await?;
        Ok(ring)
    }

    fn snapshot(&self) -> Arc<HashMap<String, Arc<RemoteRule>>> {
        self.rules.read().expect("rule ring lock").clone()
    }

    fn since_epoch(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
    }

    async fn reload(&self) -> rusqlite::Result<()> {
        let started = self.since_epoch();
        let rows = self.db.read(store::remote_rules).await?;
        let rules: HashMap<String, Arc<RemoteRule>> = rows
            .into_iter()
            .map(|rule| (rule.id.clone(), Arc::new(rule)))
            .collect();
        let live: HashSet<i64> = rules.values().map(|r| r.seq).collect();
        self.buckets
            .lock()
            .expect("rate limit lock")
            .retain(|seq, _| live.contains(seq));
        *self.rules.write().expect("rule ring lock") = Arc::new(rules);
        self.loaded_from.fetch_max(started, SeqCst);
        Ok(())
    }

    /// Reload unless a reload started after `arrived`.
    async fn refresh_since(&self, arrived: u64) {
        let _one_at_a_time = self.reloading.lock().await;
        if self.loaded_from.load(SeqCst) < arrived
            && let Err(e) = self.reload().await
        {
            tracing::warn!(error = %e, "could not reload rules");
        }
    }

    /// The rule `rule_id`, if `presented` is its secret now.
    fn own(&self, rule_id: &str, presented: &[u8; 32]) -> Option<Arc<RemoteRule>> {
        let rule = self.snapshot().get(rule_id)?.clone();
        rule.secrets.accept(presented, now_ms()).then_some(rule)
    }

    /// The rule whose secret `presented` is: every rule is compared, in
    /// constant time, without stopping at a match.
    fn find_owner(&self, presented: &[u8; 32]) -> Option<Arc<RemoteRule>> {
        let now = now_ms();
        let mut found = None;
        for rule in self.snapshot().values() {
            if rule.secrets.accept(presented, now) {
                found = Some(rule.clone());
            }
        }
        found
    }

    /// Who presents `presented` (the hash of the secret sent) to rule `rule_id`.
    /// An unknown id and a wrong secret take the same way: a reload, then a
    /// search for the secret's own rule.
    pub async fn authenticate(&self, rule_id: &str, presented: &[u8; 32]) -> Caller {
        let arrived = self.since_epoch();
        if let Some(rule) = self.own(rule_id, presented) {
            return Caller::Owner(rule);
        }
        self.refresh_since(arrived).await;
        if let Some(rule) = self.own(rule_id, presented) {
            return Caller::Owner(rule);
        }
        match self.find_owner(presented) {
            Some(_) => Caller::OtherRule,
            None => Caller::Stranger,
        }
    }

    /// The rule whose secret `presented` is, if any, after a reload: asked
    /// when the store refused the secret or nothing matched, so the copy in
    /// memory may be out of date.
    pub async fn owner(&self, presented: &[u8; 32]) -> Option<Arc<RemoteRule>> {
        self.refresh_since(self.since_epoch()).await;
        self.find_owner(presented)
    }

    /// Take one request from the rule's token bucket: `Err(wait)` when it is
    /// empty, with how long until the next request would be allowed.
    pub fn admit(&self, rule: &RemoteRule) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().expect("rate limit lock");
        let bucket = buckets
            .entry(rule.seq)
            .or_insert_with(|| Bucket::full(rule.rate_limit, now));
        if bucket.rate != rule.rate_limit {
            *bucket = Bucket::full(rule.rate_limit, now);
        }
        bucket.take(now)
    }

    /// Reload the rules every second until `stop`.
    pub fn refresh_until(self: &Arc<Self>, stop: CancellationToken) {
        let ring = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = tokio::time::sleep(REFRESH) => {}
                    () = stop.cancelled() => return,
                }
                if let Err(e) = ring.reload().await {
                    tracing::warn!(error = %e, "could not reload rules");
                }
            }
        });
    }
}

/// A token bucket: holds up to `rate.requests` requests and refills
/// continuously at `rate.requests` per `rate.interval`, so a burst of a whole
/// interval's allowance is accepted at once and later requests are spaced
/// out. Kept as the time at which the bucket would be full again (the generic
/// cell rate algorithm), which is exact in integer time.
#[derive(Debug)]
struct Bucket {
    rate: RateLimit,
    /// When every request so far would have been paid back.
    full_at: Instant,
}

impl Bucket {
    fn full(rate: RateLimit, now: Instant) -> Bucket {
        Bucket { rate, full_at: now }
    }

    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let each = self.rate.interval / self.rate.requests;
        let burst = self.rate.interval - each;
        let full_at = self.full_at.max(now);
        let owed = full_at - now;
        if owed > burst {
            return Err(owed - burst);
        }
        self.full_at = full_at + each;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_takes_a_burst_then_refills_at_its_rate() {
        let start = Instant::now();
        let rate = RateLimit {
            requests: 3,
            interval: Duration::from_secs(60),
        };
        let mut bucket = Bucket::full(rate, start);
        for _ in 0..3 {
            assert!(bucket.take(start).is_ok());
        }
        // One request every 20s after the burst.
        assert_eq!(bucket.take(start), Err(Duration::from_secs(20)));
        let later = start + Duration::from_secs(10);
        assert_eq!(bucket.take(later), Err(Duration::from_secs(10)));
        assert!(bucket.take(start + Duration::from_secs(20)).is_ok());
        // A long pause refills it to the burst size, not beyond.
        let much_later = start + Duration::from_secs(3600);
        for _ in 0..3 {
            assert!(bucket.take(much_later).is_ok());
        }
        assert!(bucket.take(much_later).is_err());
    }
}
