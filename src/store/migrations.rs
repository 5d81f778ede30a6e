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
    // sqs events: the stored credential that signs them, and their options.
    "
    ALTER TABLE events ADD COLUMN credential_id TEXT;     -- credentials.id
    ALTER TABLE events ADD COLUMN message_group_id TEXT;  -- FIFO group; NULL: the event id
    ALTER TABLE events ADD COLUMN region TEXT;            -- signing region override
    CREATE INDEX events_credential ON events (credential_id) WHERE credential_id IS NOT NULL;
    ",
];
