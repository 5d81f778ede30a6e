//! anticip: scheduled webhooks, remote-triggered rules and API syncs, in one
//! binary and one SQLite file.
//!
//! Layout: `store` (the SQLite file), `engine` (claims and runs due work),
//! one module per domain (`events`, `rules`, `syncs`, `credentials`, `keys`), shared
//! pieces (`time`, `ids`, `outbound`, `output`, `secrets`, `http`), and the entry points
//! (`cli`, `serve`).

pub mod cli;
pub mod credentials;
pub mod engine;
pub mod events;
pub mod http;
pub mod ids;
pub mod keys;
pub mod outbound;
pub mod output;
pub mod rules;
pub mod secrets;
pub mod serve;
pub mod store;
pub mod syncs;
pub mod time;
