//! The schema, as an ordered list of migrations. `PRAGMA user_version` counts
//! how many have been applied. Append only: never edit a released entry.
//! Times are integer UTC milliseconds.

pub const ALL: &[&str] = &[
    // 1: engine jobs and scheduled events.
    "
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Every piece of due work, whatever its domain. A free job (lease_owner
    -- NULL) may run at due_at; a claimed job's due_at is its lease expiry.
    CREATE TABLE jobs (
        id           INTEGER PRIMARY KEY,
        kind         TEXT    NOT NULL,
        subject      INTEGER NOT NULL,
        due_at       INTEGER NOT NULL,
        scheduled_at INTEGER NOT NULL,
        attempt      INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        lease_ms     INTEGER NOT NULL,
        lease_owner  TEXT,
        UNIQUE (kind, subject)
    );
    CREATE INDEX jobs_ready ON jobs (due_at) WHERE lease_owner IS NULL;
    CREATE INDEX jobs_leased ON jobs (lease_owner) WHERE lease_owner IS NOT NULL;

    -- Running serve processes, so that the leases of a dead one are taken back.
    CREATE TABLE engines (
        owner        TEXT PRIMARY KEY,
        host         TEXT    NOT NULL,
        pid          INTEGER NOT NULL,
        started_at   INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE events (
        seq             INTEGER PRIMARY KEY,
        id              TEXT    NOT NULL UNIQUE,
        type            TEXT    NOT NULL,
        method          TEXT    NOT NULL,
        url             TEXT    NOT NULL,
        headers         TEXT    NOT NULL,  -- JSON array of [name, value]
        document        TEXT    NOT NULL,  -- JSON text, or the XML string
        when_at         INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        timeout_ms      INTEGER NOT NULL,
        max_attempts    INTEGER NOT NULL,
        status          TEXT    NOT NULL,
        attempt_count   INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        finished_at     INTEGER,
        last_error      TEXT
    );
    CREATE INDEX events_when ON events (when_at, seq);
    CREATE INDEX events_status_when ON events (status, when_at, seq);

    CREATE TABLE event_attempts (
        event_seq    INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        n            INTEGER NOT NULL,
        scheduled_at INTEGER NOT NULL,
        started_at   INTEGER NOT NULL,
        duration_ms  INTEGER NOT NULL,
        outcome      TEXT    NOT NULL,  -- delivered | retry | failed
        status_code  INTEGER,
        error        TEXT,
        response     TEXT,
        PRIMARY KEY (event_seq, n)
    ) WITHOUT ROWID;
    ",
    // 2: credentials for outbound services (AWS, Stripe, any HTTP API).
    "
    CREATE TABLE credentials (
        seq        INTEGER PRIMARY KEY,
        id         TEXT    NOT NULL UNIQUE,
        name       TEXT    NOT NULL UNIQUE,
        provider   TEXT    NOT NULL,
        auth       TEXT    NOT NULL,  -- JSON: {kind, ...secret fields}
        settings   TEXT    NOT NULL,  -- JSON object, nothing secret
        metadata   TEXT    NOT NULL,  -- JSON, the user's own
        created_at INTEGER NOT NULL
    );
    ",
    // 3: rules, their runs, and trigger idempotency keys.
    "
    CREATE TABLE rules (
        seq                   INTEGER PRIMARY KEY,
        id                    TEXT    NOT NULL UNIQUE,
        name                  TEXT    NOT NULL,
        enabled               INTEGER NOT NULL,
        trigger               TEXT    NOT NULL,  -- remote | schedule | manual
        cron                  TEXT,
        tz                    TEXT,
        every_ms              INTEGER,
        action_url            TEXT    NOT NULL,
        amount_cents          INTEGER,           -- fixed amount, or
        amount_url            TEXT,              -- ask this URL
        amount_cap_cents      INTEGER,
        timeout_ms            INTEGER NOT NULL,
        max_attempts          INTEGER NOT NULL,
        max_concurrent_runs   INTEGER NOT NULL,
        active_runs           INTEGER NOT NULL DEFAULT 0,
        rate_limit            INTEGER NOT NULL,
        rate_interval_ms      INTEGER NOT NULL,
        idempotency_ttl_ms    INTEGER NOT NULL,
        secret_hash           BLOB,              -- SHA-256 of the trigger secret
        previous_secret_hash  BLOB,
        previous_secret_until INTEGER,
        signing_token         TEXT    NOT NULL,  -- whsec_…, signs outbound calls
        created_at            INTEGER NOT NULL
    );
    CREATE INDEX rules_name ON rules (name);

    CREATE TABLE rule_runs (
        seq             INTEGER PRIMARY KEY,
        request_id      TEXT    NOT NULL UNIQUE,
        rule_seq        INTEGER NOT NULL REFERENCES rules (seq) ON DELETE CASCADE,
        trigger         TEXT    NOT NULL,
        triggered_at    INTEGER NOT NULL,
        status          TEXT    NOT NULL,  -- queued | running | succeeded | failed | interrupted
        dispatched      INTEGER NOT NULL DEFAULT 0,  -- has an engine job
        amount_cents    INTEGER,
        attempt_count   INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        started_at      INTEGER,
        finished_at     INTEGER,
        error           TEXT,
        idempotency_key TEXT
    );
    CREATE INDEX rule_runs_by_rule ON rule_runs (rule_seq, seq);
    CREATE INDEX rule_runs_waiting ON rule_runs (rule_seq, seq) WHERE status = 'queued' AND dispatched = 0;

    CREATE TABLE rule_run_attempts (
        run_seq     INTEGER NOT NULL REFERENCES rule_runs (seq) ON DELETE CASCADE,
        n           INTEGER NOT NULL,
        step        TEXT    NOT NULL,  -- amount | action
        started_at  INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        outcome     TEXT    NOT NULL,  -- succeeded | retry | failed
        status_code INTEGER,
        error       TEXT,
        response    TEXT,
        PRIMARY KEY (run_seq, n)
    ) WITHOUT ROWID;

    CREATE TABLE rule_idempotency (
        rule_seq     INTEGER NOT NULL REFERENCES rules (seq) ON DELETE CASCADE,
        key          TEXT    NOT NULL,
        request_hash BLOB    NOT NULL,
        run_seq      INTEGER NOT NULL,
        response     TEXT    NOT NULL,  -- replayed byte for byte
        expires_at   INTEGER NOT NULL,
        PRIMARY KEY (rule_seq, key)
    ) WITHOUT ROWID;
    CREATE INDEX rule_idempotency_expiry ON rule_idempotency (expires_at);
    ",
    // 4: sqs events: the stored credential that signs them, and their options.
    "
    ALTER TABLE events ADD COLUMN credential_id TEXT;     -- credentials.id
    ALTER TABLE events ADD COLUMN message_group_id TEXT;  -- FIFO group; NULL: the event id
    ALTER TABLE events ADD COLUMN region TEXT;            -- signing region override
    CREATE INDEX events_credential ON events (credential_id) WHERE credential_id IS NOT NULL;
    ",
    // 5: API keys, idempotent event creation, and the counters /metrics reads
    // instead of scanning (kept by triggers, so every process's writes count).
    "
    CREATE TABLE api_keys (
        seq          INTEGER PRIMARY KEY,
        id           TEXT    NOT NULL UNIQUE,
        name         TEXT    NOT NULL UNIQUE,
        hash         BLOB    NOT NULL UNIQUE,  -- SHA-256 of the key; the key is never stored
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER
    );

    -- An Idempotency-Key of POST /v1/event and the request it was first used with.
    CREATE TABLE event_idempotency (
        key          TEXT    PRIMARY KEY,
        request_hash BLOB    NOT NULL,  -- SHA-256 of the compacted JSON body
        event_seq    INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        created_at   INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE event_counts (
        status TEXT    PRIMARY KEY,
        n      INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO event_counts (status, n)
        SELECT status, count(*) FROM events GROUP BY status;
    CREATE TRIGGER event_counts_insert AFTER INSERT ON events BEGIN
        INSERT OR IGNORE INTO event_counts (status, n) VALUES (new.status, 0);
        UPDATE event_counts SET n = n + 1 WHERE status = new.status;
    END;
    CREATE TRIGGER event_counts_update AFTER UPDATE OF status ON events
    WHEN old.status IS NOT new.status BEGIN
        UPDATE event_counts SET n = n - 1 WHERE status = old.status;
        INSERT OR IGNORE INTO event_counts (status, n) VALUES (new.status, 0);
        UPDATE event_counts SET n = n + 1 WHERE status = new.status;
    END;
    CREATE TRIGGER event_counts_delete AFTER DELETE ON events BEGIN
        UPDATE event_counts SET n = n - 1 WHERE status = old.status;
    END;

    -- Jobs per kind, waiting (leased = 0) or claimed (leased = 1).
    CREATE TABLE job_counts (
        kind   TEXT    NOT NULL,
        leased INTEGER NOT NULL,
        n      INTEGER NOT NULL,
        PRIMARY KEY (kind, leased)
    ) WITHOUT ROWID;
    INSERT INTO job_counts (kind, leased, n)
        SELECT kind, lease_owner IS NOT NULL, count(*) FROM jobs GROUP BY 1, 2;
    CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs BEGIN
        INSERT OR IGNORE INTO job_counts (kind, leased, n)
            VALUES (new.kind, new.lease_owner IS NOT NULL, 0);
        UPDATE job_counts SET n = n + 1
            WHERE kind = new.kind AND leased = (new.lease_owner IS NOT NULL);
    END;
    CREATE TRIGGER job_counts_update AFTER UPDATE OF kind, lease_owner ON jobs
    WHEN old.kind IS NOT new.kind OR (old.lease_owner IS NULL) != (new.lease_owner IS NULL) BEGIN
        UPDATE job_counts SET n = n - 1
            WHERE kind = old.kind AND leased = (old.lease_owner IS NOT NULL);
        INSERT OR IGNORE INTO job_counts (kind, leased, n)
            VALUES (new.kind, new.lease_owner IS NOT NULL, 0);
        UPDATE job_counts SET n = n + 1
            WHERE kind = new.kind AND leased = (new.lease_owner IS NOT NULL);
    END;
    CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs BEGIN
        UPDATE job_counts SET n = n - 1
            WHERE kind = old.kind AND leased = (old.lease_owner IS NOT NULL);
    END;
    ",
    // 6: syncs: copies of third-party API collections and their change stream.
    "
    CREATE TABLE syncs (
        seq           INTEGER PRIMARY KEY,
        id            TEXT    NOT NULL UNIQUE,
        name          TEXT    NOT NULL UNIQUE,
        provider      TEXT    NOT NULL,   -- stripe | json-server | http
        credential_id TEXT REFERENCES credentials (id),
        config        TEXT    NOT NULL,   -- JSON: the provider description it runs with
        rate_allowed  INTEGER,            -- requests per rate_interval_ms; NULL: no limit
        rate_interval_ms INTEGER,
        max_concurrent INTEGER NOT NULL,  -- 0: no limit
        every_ms      INTEGER NOT NULL,
        paused        INTEGER NOT NULL DEFAULT 0,
        metadata      TEXT    NOT NULL,
        created_at    INTEGER NOT NULL
    );

    -- One row per collection of a sync; its seq is the engine job's subject.
    CREATE TABLE sync_collections (
        seq             INTEGER PRIMARY KEY,
        sync_seq        INTEGER NOT NULL REFERENCES syncs (seq) ON DELETE CASCADE,
        collection_id   TEXT    NOT NULL,
        phase           TEXT    NOT NULL,  -- backfilling | polling
        step            INTEGER NOT NULL DEFAULT 0,  -- bumped by every committed step
        pass            TEXT,              -- JSON checkpoint of the pass under way
        pass_no         INTEGER NOT NULL DEFAULT 0,  -- full passes started (for sweeps)
        watermark       INTEGER,           -- upstream time the copy is complete up to
        synced_through  INTEGER,           -- when the last complete pass or poll began
        last_poll_at    INTEGER,           -- when the last poll succeeded
        backfilled_at   INTEGER,
        record_count    INTEGER NOT NULL DEFAULT 0,  -- rows in sync_records, kept by every write
        pages           INTEGER NOT NULL DEFAULT 0,  -- of the pass under way
        records         INTEGER NOT NULL DEFAULT 0,
        estimated_total INTEGER,
        throttled_until INTEGER,
        last_error      TEXT,              -- secrets redacted
        last_error_at   INTEGER,
        last_status     INTEGER,
        last_body       TEXT,              -- secrets redacted
        UNIQUE (sync_seq, collection_id)
    );

    -- The latest version of every upstream record.
    CREATE TABLE sync_records (
        collection_seq      INTEGER NOT NULL REFERENCES sync_collections (seq) ON DELETE CASCADE,
        upstream_id         TEXT    NOT NULL,
        hash                INTEGER NOT NULL,  -- xxh3 of data
        data                TEXT    NOT NULL,
        upstream_updated_at INTEGER,
        seq                 INTEGER NOT NULL,  -- the change event that wrote this version
        seen_pass           INTEGER NOT NULL,  -- the last full pass that listed it
        inserted_at         INTEGER NOT NULL,
        updated_at          INTEGER NOT NULL,
        PRIMARY KEY (collection_seq, upstream_id)
    );
    CREATE INDEX sync_records_by_seq ON sync_records (collection_seq, seq);

    -- The change stream. seq is assigned in commit order by the one writer.
    CREATE TABLE sync_events (
        seq                 INTEGER PRIMARY KEY,
        event_id            TEXT    NOT NULL,
        collection_seq      INTEGER NOT NULL REFERENCES sync_collections (seq) ON DELETE CASCADE,
        upstream_id         TEXT    NOT NULL,
        upstream_updated_at INTEGER,
        event               TEXT    NOT NULL,  -- created | updated | deleted
        data                TEXT    NOT NULL,
        inserted_at         INTEGER NOT NULL
    );
    CREATE INDEX sync_events_by_collection ON sync_events (collection_seq, seq);

    -- Requests made with each credential (or each sync without one), so
    -- rate limits hold across syncs and restarts; and when it may call again.
    CREATE TABLE sync_rate (
        bucket       TEXT PRIMARY KEY,
        paused_until INTEGER NOT NULL DEFAULT 0,
        recent       TEXT    NOT NULL DEFAULT '[]'  -- JSON array of request times (ms)
    ) WITHOUT ROWID;
    ",
    // 7: an idempotency key keeps its run, not a copy of the reply: the reply
    // is made from the run's request id (`rules::store::Accepted::body`).
    "
    ALTER TABLE rule_idempotency DROP COLUMN response;
    ",
    // 8: counters that cannot fail: a statement whose triggers may abort it
    // needs a statement journal, a copy of every page it touches. Counter
    // updates are `OR FAIL` (they cannot hit a constraint anyway), and every
    // event status has its row, so a status change needs no insert that the
    // `UPDATE OR FAIL events` recording a delivery would turn into a failure.
    "
    INSERT OR IGNORE INTO event_counts (status, n) VALUES
        ('scheduled', 0), ('retrying', 0), ('delivered', 0), ('failed', 0), ('deleted', 0);
    DROP TRIGGER event_counts_insert;
    CREATE TRIGGER event_counts_insert AFTER INSERT ON events BEGIN
        UPDATE OR FAIL event_counts SET n = n + 1 WHERE status = new.status;
    END;
    DROP TRIGGER event_counts_update;
    CREATE TRIGGER event_counts_update AFTER UPDATE OF status ON events
    WHEN old.status IS NOT new.status BEGIN
        UPDATE OR FAIL event_counts SET n = n - 1 WHERE status = old.status;
        UPDATE OR FAIL event_counts SET n = n + 1 WHERE status = new.status;
    END;
    DROP TRIGGER event_counts_delete;
    CREATE TRIGGER event_counts_delete AFTER DELETE ON events BEGIN
        UPDATE OR FAIL event_counts SET n = n - 1 WHERE status = old.status;
    END;
    DROP TRIGGER job_counts_insert;
    CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs BEGIN
        INSERT OR IGNORE INTO job_counts (kind, leased, n)
            VALUES (new.kind, new.lease_owner IS NOT NULL, 0);
        UPDATE OR FAIL job_counts SET n = n + 1
            WHERE kind = new.kind AND leased = (new.lease_owner IS NOT NULL);
    END;
    DROP TRIGGER job_counts_update;
    CREATE TRIGGER job_counts_update AFTER UPDATE OF kind, lease_owner ON jobs
    WHEN old.kind IS NOT new.kind OR (old.lease_owner IS NULL) != (new.lease_owner IS NULL) BEGIN
        UPDATE OR FAIL job_counts SET n = n - 1
            WHERE kind = old.kind AND leased = (old.lease_owner IS NOT NULL);
        INSERT OR IGNORE INTO job_counts (kind, leased, n)
            VALUES (new.kind, new.lease_owner IS NOT NULL, 0);
        UPDATE OR FAIL job_counts SET n = n + 1
            WHERE kind = new.kind AND leased = (new.lease_owner IS NOT NULL);
    END;
    DROP TRIGGER job_counts_delete;
    CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs BEGIN
        UPDATE OR FAIL job_counts SET n = n - 1
            WHERE kind = old.kind AND leased = (old.lease_owner IS NOT NULL);
    END;
    ",
    // 9: jobs are counted per kind only: the claimed ones are counted when
    // asked, from the `jobs_leased` index (no longer than the jobs running at
    // once), so a claim or a retry changes no counter.
    "
    DROP TRIGGER job_counts_insert;
    DROP TRIGGER job_counts_update;
    DROP TRIGGER job_counts_delete;
    DROP TABLE job_counts;
    CREATE TABLE job_counts (
        kind TEXT    PRIMARY KEY,
        n    INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO job_counts (kind, n) SELECT kind, count(*) FROM jobs GROUP BY kind;
    CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs BEGIN
        INSERT OR IGNORE INTO job_counts (kind, n) VALUES (new.kind, 0);
        UPDATE OR FAIL job_counts SET n = n + 1 WHERE kind = new.kind;
    END;
    CREATE TRIGGER job_counts_update AFTER UPDATE OF kind ON jobs
    WHEN old.kind IS NOT new.kind BEGIN
        UPDATE OR FAIL job_counts SET n = n - 1 WHERE kind = old.kind;
        INSERT OR IGNORE INTO job_counts (kind, n) VALUES (new.kind, 0);
        UPDATE OR FAIL job_counts SET n = n + 1 WHERE kind = new.kind;
    END;
    CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs BEGIN
        UPDATE OR FAIL job_counts SET n = n - 1 WHERE kind = old.kind;
    END;
    ",
];
