//! How a provider's API is read, as data: the TOML file of the generic HTTP
//! provider, and the built-in presets (Stripe, json-server). The same structure
//! is stored with each sync as JSON, so a sync keeps working as created even if
//! its file changes later.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::time::parse_duration;

/// A provider: where it is and how each collection is listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// `https://api.example.com`; collection paths are appended to it.
    pub base_url: String,
    /// Extra request headers (nothing secret: secrets belong in a credential).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The default page size, sent as each collection's `limit_param`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    pub collections: Vec<CollectionSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionSpec {
    /// The collection id used everywhere, e.g. `crm:contact`.
    pub id: String,
    /// The list endpoint, relative to `base_url`: `/v1/customers`.
    pub path: String,
    #[serde(default)]
    pub method: ListMethod,
    /// Fixed query parameters (for POST: form fields).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    /// Where the records are in the response, as a dotted path (`data`,
    /// `result.items`); empty when the body itself is the array.
    #[serde(default)]
    pub records: String,
    /// The path of each record's primary key.
    #[serde(default = "default_id_path")]
    pub id_path: String,
    /// The path and format of each record's last-modified time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<TimeField>,
    /// Where the API says how many records there are: a body path or
    /// `header:X-Total-Count`. Shown as the backfill's estimated total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    #[serde(default)]
    pub pagination: Pagination,
    /// Ask only for records changed since the last poll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incremental: Option<Incremental>,
    #[serde(default)]
    pub deletes: Deletes,
}

fn default_id_path() -> String {
    "id".into()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ListMethod {
    #[default]
    Get,
    /// Parameters go form-encoded in the body (search endpoints).
    Post,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeField {
    pub path: String,
    #[serde(default)]
    pub format: TimeFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    /// `2024-11-10T18:38:00Z`
    #[default]
    Rfc3339,
    /// Seconds since the epoch.
    Unix,
    /// Milliseconds since the epoch.
    UnixMs,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    #[serde(default)]
    pub style: PageStyle,
    /// The query parameter that carries the cursor, offset or page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// `cursor_field`: where the next cursor is in the body;
    /// `cursor_from_last_item`: which field of the last record (default: `id_path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_path: Option<String>,
    /// `next_url`: where the next page's URL is in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_url_path: Option<String>,
    /// The query parameter for the page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_param: Option<String>,
    /// The page size (overrides the provider's `page_size`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// A boolean in the body (`has_more`): false means this was the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more_path: Option<String>,
    /// `page`: the number of the first page.
    #[serde(default = "one")]
    pub first_page: u64,
    /// A pass that reaches this many pages stops with an error.
    #[serde(default = "default_max_pages")]
    pub max_pages: u64,
}

fn one() -> u64 {
    1
}

fn default_max_pages() -> u64 {
    100_000
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            style: PageStyle::None,
            param: None,
            cursor_path: None,
            next_url_path: None,
            limit_param: None,
            limit: None,
            more_path: None,
            first_page: 1,
            max_pages: default_max_pages(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStyle {
    /// One request returns everything.
    #[default]
    None,
    /// Stripe: `starting_after=<id of the last record>`.
    CursorFromLastItem,
    /// The body names the next cursor (`next_cursor`), sent back as `param`.
    CursorField,
    /// The body holds the next page's URL.
    NextUrl,
    /// RFC 8288 `Link: <…>; rel="next"`.
    LinkHeader,
    /// `offset=N`, advanced by the number of records received.
    Offset,
    /// `page=N`, from `first_page`.
    Page,
}

impl PageStyle {
    pub fn default_param(self) -> &'static str {
        match self {
            PageStyle::CursorFromLastItem => "starting_after",
            PageStyle::CursorField => "cursor",
            PageStyle::Offset => "offset",
            PageStyle::Page => "page",
            PageStyle::None | PageStyle::NextUrl | PageStyle::LinkHeader => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incremental {
    /// The query parameter: `updated_since`.
    pub param: String,
    #[serde(default)]
    pub format: TimeFormat,
    /// How far before the last poll to ask from, for records the API shows
    /// late (clock skew, replication): `30s`.
    #[serde(default = "default_lag")]
    pub lag: String,
}

fn default_lag() -> String {
    "30s".into()
}

/// How deletions upstream reach the copy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Deletes {
    /// Deletions are not noticed.
    #[default]
    None,
    /// An events endpoint lists changes, deletions included; it also drives
    /// incremental polls.
    Events(Box<EventsSpec>),
    /// Deleted records stay in the list with this field set to `value`.
    Tombstone {
        path: String,
        #[serde(default = "tombstone_true")]
        value: serde_json::Value,
    },
    /// After a complete, error-free full pass, records it did not see are
    /// deleted, but never more than `max_share` (0–1) of the collection.
    Sweep {
        #[serde(default = "default_max_share")]
        max_share: f64,
    },
}

fn tombstone_true() -> serde_json::Value {
    serde_json::Value::Bool(true)
}

fn default_max_share() -> f64 {
    0.1
}

/// An events endpoint (Stripe's `/v1/events`): each event holds a snapshot
/// of the object it is about; the newest change of each object wins. The
/// listing may be newest first (Stripe) or oldest first: its times tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsSpec {
    pub path: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    #[serde(default = "default_data")]
    pub records: String,
    /// The parameter that limits events to those since a time: `created[gte]`.
    pub since_param: String,
    #[serde(default)]
    pub since_format: TimeFormat,
    /// The event's own time.
    pub created_path: String,
    #[serde(default)]
    pub created_format: TimeFormat,
    /// The event type (`customer.deleted`).
    pub type_path: String,
    /// The object snapshot inside the event.
    pub object_path: String,
    /// Only events whose object has this type belong to the collection:
    /// the path inside the object and the value (`object` = `customer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_type_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_type: Option<String>,
    /// Event types ending like this delete the object.
    #[serde(default = "default_deleted_suffixes")]
    pub deleted_suffixes: Vec<String>,
    #[serde(default)]
    pub pagination: Pagination,
    /// How long the API keeps events; a copy older than this is refreshed
    /// by a full re-scan instead.
    #[serde(default = "default_window")]
    pub window: String,
    /// Events may show up a little after their time: ask from this much
    /// before the newest event seen.
    #[serde(default = "default_lag")]
    pub lag: String,
    /// A poll that needs more pages than this re-scans the collection instead.
    #[serde(default = "default_event_pages")]
    pub max_pages: u64,
}

fn default_data() -> String {
    "data".into()
}

fn default_deleted_suffixes() -> Vec<String> {
    vec![".deleted".into()]
}

fn default_window() -> String {
    "30d".into()
}

fn default_event_pages() -> u64 {
    100
}

/// A problem with a provider description.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn bad(message: impl Into<String>) -> ConfigError {
    ConfigError(message.into())
}

impl ProviderConfig {
    /// Read a TOML description and check it.
    pub fn from_toml(text: &str) -> Result<ProviderConfig, ConfigError> {
        let config: ProviderConfig = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        config.check()?;
        Ok(config)
    }

    pub fn collection(&self, id: &str) -> Option<&CollectionSpec> {
        self.collections.iter().find(|c| c.id == id)
    }

    /// Everything that can be checked before the first request.
    pub fn check(&self) -> Result<(), ConfigError> {
        crate::events::check_url("base_url", &self.base_url)
            .map_err(|e| bad(format!("base_url: {}", e.message)))?;
        for (name, value) in &self.headers {
            crate::events::check_header(name, value).map_err(|e| bad(e.message))?;
        }
        if self.page_size == Some(0) {
            return Err(bad("page_size: must be at least 1"));
        }
        if self.collections.is_empty() {
            return Err(bad(
                "no collections: add a [[collections]] table with at least id and path",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for c in &self.collections {
            let at = |m: String| bad(format!("collection {:?}: {m}", c.id));
            if c.id.trim().is_empty() {
                return Err(bad("a collection has an empty id"));
            }
            if !seen.insert(c.id.as_str()) {
                return Err(at("is listed twice".into()));
            }
            if !c.path.starts_with('/') {
                return Err(at(format!(
                    "path {:?} must start with / (it is appended to base_url)",
                    c.path
                )));
            }
            if c.id_path.is_empty() {
                return Err(at("id_path is empty".into()));
            }
            check_pagination(&c.pagination).map_err(|e| at(e.0))?;
            if let Some(inc) = &c.incremental {
                if inc.param.is_empty() {
                    return Err(at("incremental.param is empty".into()));
                }
                duration_ms(&inc.lag).map_err(|e| at(format!("incremental.lag: {e}")))?;
            }
            match &c.deletes {
                Deletes::None => {}
                Deletes::Tombstone { path, .. } if path.is_empty() => {
                    return Err(at("deletes.path is empty".into()));
                }
                Deletes::Tombstone { .. } => {}
                Deletes::Sweep { max_share } => {
                    if !(0.0..=1.0).contains(max_share) {
                        return Err(at(format!(
                            "deletes.max_share {max_share} is out of range; give 0 to 1 (0.1 = 10%)"
                        )));
                    }
                }
                Deletes::Events(e) => {
                    if !e.path.starts_with('/') {
                        return Err(at(format!("deletes.path {:?} must start with /", e.path)));
                    }
                    duration_ms(&e.window).map_err(|m| at(format!("deletes.window: {m}")))?;
                    duration_ms(&e.lag).map_err(|m| at(format!("deletes.lag: {m}")))?;
                    check_pagination(&e.pagination)
                        .map_err(|m| at(format!("deletes.pagination: {}", m.0)))?;
                }
            }
        }
        Ok(())
    }
}

fn check_pagination(p: &Pagination) -> Result<(), ConfigError> {
    match p.style {
        PageStyle::CursorField if p.cursor_path.is_none() => Err(bad(
            "pagination style cursor_field needs cursor_path (where the next cursor is)",
        )),
        PageStyle::NextUrl if p.next_url_path.is_none() => Err(bad(
            "pagination style next_url needs next_url_path (where the next URL is)",
        )),
        _ if p.max_pages == 0 => Err(bad("pagination.max_pages must be at least 1")),
        _ if p.limit == Some(0) => Err(bad("pagination.limit must be at least 1")),
        _ => Ok(()),
    }
}

/// A duration string of the config, in milliseconds.
pub fn duration_ms(text: &str) -> Result<i64, String> {
    parse_duration(text).map(|d| d.as_millis() as i64)
}

/// The built-in providers.
pub const PRESETS: &[&str] = &["stripe", "json-server"];

/// Stripe's collections: id, list path, object type.
const STRIPE_COLLECTIONS: &[(&str, &str, &str)] = &[
    ("stripe:customer", "/v1/customers", "customer"),
    ("stripe:invoice", "/v1/invoices", "invoice"),
    ("stripe:subscription", "/v1/subscriptions", "subscription"),
    ("stripe:product", "/v1/products", "product"),
    ("stripe:price", "/v1/prices", "price"),
];

pub const STRIPE_BASE_URL: &str = "https://api.stripe.com";

/// Stripe, as its API documents lists: `limit` up to 100, `starting_after`
/// the last id, `has_more`; changes through `/v1/events` (kept 30 days).
pub fn stripe() -> ProviderConfig {
    let pages = Pagination {
        style: PageStyle::CursorFromLastItem,
        param: Some("starting_after".into()),
        limit_param: Some("limit".into()),
        limit: Some(100),
        more_path: Some("has_more".into()),
        ..Pagination::default()
    };
    let collections = STRIPE_COLLECTIONS
        .iter()
        .map(|(id, path, object)| {
            let mut query = BTreeMap::new();
            if *object == "subscription" {
                // Without it, canceled subscriptions are left out.
                query.insert("status".to_string(), "all".to_string());
            }
            CollectionSpec {
                id: id.to_string(),
                path: path.to_string(),
                method: ListMethod::Get,
                query,
                records: "data".into(),
                id_path: "id".into(),
                updated_at: None,
                total: None,
                pagination: pages.clone(),
                incremental: None,
                deletes: Deletes::Events(Box::new(EventsSpec {
                    path: "/v1/events".into(),
                    query: BTreeMap::new(),
                    records: "data".into(),
                    since_param: "created[gte]".into(),
                    since_format: TimeFormat::Unix,
                    created_path: "created".into(),
                    created_format: TimeFormat::Unix,
                    type_path: "type".into(),
                    object_path: "data.object".into(),
                    object_type_path: Some("object".into()),
                    object_type: Some(object.to_string()),
                    deleted_suffixes: default_deleted_suffixes(),
                    pagination: pages.clone(),
                    window: "30d".into(),
                    lag: "60s".into(),
                    max_pages: default_event_pages(),
                })),
            }
        })
        .collect();
    ProviderConfig {
        base_url: STRIPE_BASE_URL.into(),
        headers: BTreeMap::new(),
        page_size: None,
        collections,
    }
}

/// A json-server-style API: `GET /posts?_page=2&_limit=100` returns a bare
/// array and `X-Total-Count`; each named collection is `/<name>`. Deletions
/// are found by a sweep after each full pass.
pub fn json_server(base_url: &str, names: &[String]) -> ProviderConfig {
    let collections = names
        .iter()
        .map(|name| CollectionSpec {
            id: name.clone(),
            path: format!("/{}", name.trim_start_matches('/')),
            method: ListMethod::Get,
            query: BTreeMap::new(),
            records: String::new(),
            id_path: "id".into(),
            updated_at: None,
            total: Some("header:X-Total-Count".into()),
            pagination: Pagination {
                style: PageStyle::Page,
                param: Some("_page".into()),
                limit_param: Some("_limit".into()),
                limit: Some(100),
                ..Pagination::default()
            },
            incremental: None,
            deletes: Deletes::Sweep { max_share: 0.5 },
        })
        .collect();
    ProviderConfig {
        base_url: base_url.to_string(),
        headers: BTreeMap::new(),
        page_size: None,
        collections,
    }
}

/// Stripe's collection ids, for help texts and errors.
pub fn stripe_collection_ids() -> Vec<&'static str> {
    STRIPE_COLLECTIONS.iter().map(|(id, _, _)| *id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_pass_their_own_checks() {
        stripe().check().unwrap();
        json_server("http://127.0.0.1:3000", &["posts".into()])
            .check()
            .unwrap();
        let text = toml::to_string(&stripe()).unwrap();
        assert_eq!(ProviderConfig::from_toml(&text).unwrap(), stripe());
    }

    #[test]
    fn a_full_description_reads() {
        let config = ProviderConfig::from_toml(
            r#"
            base_url = "https://crm.example.com/api"
            headers = { "Accept" = "application/json" }
            page_size = 50

            [[collections]]
            id = "crm:contact"
            path = "/contacts"
            records = "result.items"
            id_path = "contact.id"
            updated_at = { path = "updated", format = "unix_ms" }
            total = "result.total"
            pagination = { style = "link_header", limit_param = "per_page" }
            incremental = { param = "updated_since", format = "rfc3339", lag = "2m" }
            deletes = { strategy = "sweep", max_share = 0.2 }

            [[collections]]
            id = "crm:deal"
            path = "/deals"
            [collections.pagination]
            style = "cursor_field"
            cursor_path = "meta.next"
            more_path = "meta.more"
            max_pages = 10
            [collections.deletes]
            strategy = "tombstone"
            path = "archived"
            "#,
        )
        .unwrap();
        assert_eq!(config.collections.len(), 2);
        let contact = &config.collections[0];
        assert_eq!(contact.pagination.style, PageStyle::LinkHeader);
        assert_eq!(contact.deletes, Deletes::Sweep { max_share: 0.2 });
        let deal = &config.collections[1];
        assert_eq!(deal.pagination.max_pages, 10);
        assert_eq!(
            deal.deletes,
            Deletes::Tombstone {
                path: "archived".into(),
                value: serde_json::Value::Bool(true)
            }
        );
    }

    #[test]
    fn bad_descriptions_say_what_is_wrong() {
        let cases = [
            ("", "missing field `base_url`"),
            ("base_url = \"ftp://x\"\ncollections = []", "base_url"),
            (
                "base_url = \"http://x\"\ncollections = []",
                "no collections",
            ),
            (
                "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"a\"",
                "must start with /",
            ),
            (
                "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"/a\"\n[[collections]]\nid = \"a\"\npath = \"/b\"",
                "listed twice",
            ),
            (
                "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"/a\"\npagination = { style = \"cursor_field\" }",
                "needs cursor_path",
            ),
            (
                "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"/a\"\npagination = { style = \"sideways\" }",
                "unknown variant `sideways`",
            ),
            (
                "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"/a\"\ndeletes = { strategy = \"sweep\", max_share = 2.0 }",
                "max_share 2 is out of range",
            ),
            (
                "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"/a\"\nincremental = { param = \"since\", lag = \"soon\" }",
                "incremental.lag",
            ),
            (
                "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"/a\"\npaht = \"/b\"",
                "unknown field `paht`",
            ),
        ];
        for (text, expected) in cases {
            let err = ProviderConfig::from_toml(text).unwrap_err().0;
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }
}
