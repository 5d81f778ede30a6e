//! The client for plain-HTTP deliveries and rule calls: HTTP/1.1 over pooled
//! keep-alive connections, each exchange done by the task that asked for it.
//!
//! A delivery is one small request and a short read of the answer. hyper's
//! pooled client hands every request to a task of its own per connection
//! and the answer back, through generic pool and connector layers; those
//! hops cost a delivery about a fifth of serve's CPU. Here the calling task
//! writes the request and reads the response itself. It does what
//! deliveries need: origin-form requests with a known length; responses
//! framed by Content-Length, chunked coding or the end of the connection;
//! 1xx responses skipped. HTTPS, proxies and credentials in the URL stay
//! with reqwest (see [`super::Sender`]).

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use reqwest::header::{
    ACCEPT, CONNECTION, CONTENT_LENGTH, HOST, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER,
    TRANSFER_ENCODING, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use super::Answer;

/// Idle connections kept per host and port; more are closed.
const MAX_IDLE_PER_ORIGIN: usize = 1024;
/// New connections to one host and port that have not answered yet. A burst
/// of deliveries would otherwise open hundreds together, overflow the
/// receiver's accept queue and wait a second for the SYN to be sent again;
/// the requests beyond it wait for a connection to come free or to open.
const MAX_CONNECTING_PER_ORIGIN: usize = 32;
/// A response head longer than this is refused.
const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_HEADERS: usize = 100;
/// A chunk-size or trailer line longer than this is refused.
const MAX_LINE_BYTES: usize = 4096;
/// Body bytes read past what was asked for, so that the connection can be
/// used again; a longer rest closes it instead.
const MAX_DRAIN_BYTES: u64 = 64 * 1024;
/// A connection idle for longer is checked for a close by the server before
/// it is used again. Servers keep idle connections for seconds, so the ones
/// reused within a burst skip the check (a system call).
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

pub struct Client {
    pool: Arc<Pool>,
    connect_timeout: Duration,
}

/// Connections by host and port.
struct Pool {
    origins: Mutex<HashMap<Origin, Connections>>,
    idle_timeout: Duration,
    sweeping: std::sync::Once,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Origin {
    host: String,
    port: u16,
}

#[derive(Default)]
struct Connections {
    /// Oldest first.
    idle: Vec<Idle>,
    opening: usize,
    /// Told when a connection comes back or a new one has answered.
    changed: Arc<Notify>,
}

/// What a request does for a connection.
enum Next {
    Reuse(TcpStream),
    Open(Opening),
    Wait(Arc<Notify>),
}

/// One new connection, counted until it is dropped.
struct Opening {
    pool: Arc<Pool>,
    origin: Origin,
}

struct Idle {
    stream: TcpStream,
    since: Instant,
}

/// Why an exchange failed.
enum Failure {
    /// The connection was closed or reset before any of the response came.
    Closed(io::Error),
    Io(io::Error),
    Invalid(String),
}

impl Failure {
    fn describe(self) -> String {
        match self {
            Failure::Closed(e) | Failure::Io(e) => format!("request failed: {e}"),
            Failure::Invalid(what) => format!("request failed: {what}"),
        }
    }
}

impl Client {
    pub fn new(connect_timeout: Duration, idle_timeout: Duration) -> Client {
        Client {
            pool: Arc::new(Pool {
                origins: Mutex::new(HashMap::new()),
                idle_timeout,
                sweeping: std::sync::Once::new(),
            }),
            connect_timeout,
        }
    }

    /// Send `body` with its length (`headers` has no framing of its own) to
    /// `url`, and read the answer's status, advice headers and up to `read`
    /// bytes of its body. The caller bounds the whole exchange in time. A
    /// failure comes back as a one-line description.
    pub async fn send(
        &self,
        method: &Method,
        url: &Url,
        headers: HeaderMap,
        body: Option<&[u8]>,
        read: usize,
    ) -> Result<Answer, String> {
        let origin = Origin {
            host: url.host_str().unwrap_or_default().to_string(),
            port: url.port_or_known_default().unwrap_or(80),
        };
        let (request, close) = encode(method, url, headers, body);
        let mut fresh_only = false;
        loop {
            let (mut stream, opening) = loop {
                match self.pool.next(&origin, fresh_only) {
                    Next::Reuse(stream) => break (stream, None),
                    Next::Open(opening) => {
                        break (self.connect(url, origin.port).await?, Some(opening));
                    }
                    Next::Wait(changed) => changed.notified().await,
                }
            };
            let exchanged = exchange(&mut stream, &request, method, read).await;
            // A new connection counts as opening until it has answered: the
            // receiver has accepted it by then.
            let reused = opening.is_none();
            drop(opening);
            match exchanged {
                Ok((answer, reusable)) => {
                    if reusable && !close {
                        self.pool.checkin(&origin, stream);
                    }
                    return Ok(answer);
                }
                // A kept connection the server had given up on: nothing came
                // back, so it goes once more on a new connection.
                Err(Failure::Closed(_)) if reused => fresh_only = true,
                Err(failure) => return Err(failure.describe()),
            }
        }
    }

    async fn connect(&self, url: &Url, port: u16) -> Result<TcpStream, String> {
        let failed = |e: &dyn std::fmt::Display| format!("could not connect: {e}");
        // An address in brackets is IPv6; an IP address is not looked up.
        let host = url.host_str().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| failed(&e))?
            .collect();
        let mut last = format!("no address found for {host}");
        for addr in addrs {
            match tokio::time::timeout(self.connect_timeout, TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => {
                    stream.set_nodelay(true).map_err(|e| failed(&e))?;
                    return Ok(stream);
                }
                Ok(Err(e)) => last = e.to_string(),
                Err(_) => last = super::timed_out(self.connect_timeout),
            }
        }
        Err(failed(&last))
    }
}

impl Pool {
    /// The most recently used idle connection to `origin` that is still open
    /// (unless `fresh_only`); else leave to open one, if few are opening;
    /// else something to wait on.
    fn next(self: &Arc<Self>, origin: &Origin, fresh_only: bool) -> Next {
        let mut origins = self.origins.lock().expect("connection pool");
        let connections = connections(&mut origins, origin);
        while let Some(Idle { stream, since }) = connections.idle.pop().filter(|_| !fresh_only) {
            let idle_for = since.elapsed();
            if idle_for >= self.idle_timeout {
                continue;
            }
            if idle_for < CHECK_AFTER_IDLE {
                return Next::Reuse(stream);
            }
            // A server that closed it made it readable (its end); one that
            // sent something unasked cannot be answered either.
            match stream.try_read(&mut [0u8; 1]) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Next::Reuse(stream),
                _ => continue,
            }
        }
        if connections.opening < MAX_CONNECTING_PER_ORIGIN {
            connections.opening += 1;
            return Next::Open(Opening {
                pool: self.clone(),
                origin: origin.clone(),
            });
        }
        Next::Wait(connections.changed.clone())
    }

    fn checkin(self: &Arc<Self>, origin: &Origin, stream: TcpStream) {
        self.sweeping.call_once(|| {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(sweep(Arc::downgrade(self)));
            }
        });
        let mut origins = self.origins.lock().expect("connection pool");
        let connections = connections(&mut origins, origin);
        if connections.idle.len() < MAX_IDLE_PER_ORIGIN {
            connections.idle.push(Idle {
                stream,
                since: Instant::now(),
            });
            connections.changed.notify_one();
        }
    }
}

/// `origin`'s entry, made if missing (without copying the key when it is not).
fn connections<'a>(
    origins: &'a mut HashMap<Origin, Connections>,
    origin: &Origin,
) -> &'a mut Connections {
    if !origins.contains_key(origin) {
        origins.insert(origin.clone(), Connections::default());
    }
    origins.get_mut(origin).expect("just made")
}

impl Drop for Opening {
    fn drop(&mut self) {
        let mut origins = self.pool.origins.lock().expect("connection pool");
        if let Some(connections) = origins.get_mut(&self.origin) {
            connections.opening -= 1;
            connections.changed.notify_one();
        }
    }
}

/// Close connections idle for longer than the pool keeps them, until the
/// pool is gone.
async fn sweep(pool: Weak<Pool>) {
    loop {
        let every = match pool.upgrade() {
            Some(pool) => pool.idle_timeout / 2,
            None => return,
        };
        tokio::time::sleep(every).await;
        let Some(pool) = pool.upgrade() else { return };
        let mut origins = pool.origins.lock().expect("connection pool");
        origins.retain(|_, connections| {
            // Oldest first: the expired ones are a prefix.
            let idle = &mut connections.idle;
            let expired = idle.partition_point(|c| c.since.elapsed() >= pool.idle_timeout);
            idle.drain(..expired);
            // Kept while requests wait on it.
            !idle.is_empty()
                || connections.opening > 0
                || Arc::strong_count(&connections.changed) > 1
        });
    }
}

/// The request's bytes, and whether it asks the server to close the connection.
fn encode(method: &Method, url: &Url, headers: HeaderMap, body: Option<&[u8]>) -> (Vec<u8>, bool) {
    let close = has_token(headers.get_all(CONNECTION).iter(), "close");
    let body = body.unwrap_or_default();
    let mut out = Vec::with_capacity(256 + body.len());
    out.extend_from_slice(method.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(url.path().as_bytes());
    if let Some(query) = url.query() {
        out.push(b'?');
        out.extend_from_slice(query.as_bytes());
    }
    out.extend_from_slice(b" HTTP/1.1\r\n");
    let mut line = |name: &[u8], value: &[u8]| {
        out.extend_from_slice(name);
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    };
    // The request's own Host, User-Agent and Accept win over ours.
    if !headers.contains_key(HOST) {
        let host = url.host_str().unwrap_or_default();
        match url.port() {
            Some(port) => line(b"host", format!("{host}:{port}").as_bytes()),
            None => line(b"host", host.as_bytes()),
        }
    }
    if !headers.contains_key(USER_AGENT) {
        line(b"user-agent", super::USER_AGENT.as_bytes());
    }
    if !headers.contains_key(ACCEPT) {
        line(b"accept", b"*/*");
    }
    for (name, value) in &headers {
        line(name.as_str().as_bytes(), value.as_bytes());
    }
    if (method != Method::GET && method != Method::HEAD) || !body.is_empty() {
        line(b"content-length", body.len().to_string().as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    (out, close)
}

/// Whether a comma-separated header (e.g. Connection) names `token`.
fn has_token<'a>(values: impl Iterator<Item = &'a HeaderValue>, token: &str) -> bool {
    values
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

/// How a response's body ends.
#[derive(Clone, Copy)]
enum Framing {
    Length(u64),
    Chunked,
    /// At the end of the connection, which cannot be used again.
    UntilClose,
}

/// What the client keeps of a response head.
struct Head {
    status: StatusCode,
    framing: Framing,
    keep_alive: bool,
    retry_after: Option<Duration>,
    location: Option<HeaderValue>,
}

/// A connection with what has been read from it and not used yet.
struct Reader<'a> {
    stream: &'a mut TcpStream,
    buf: Vec<u8>,
    pos: usize,
}

impl Reader<'_> {
    fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Read more; false at the end of the connection.
    async fn fill(&mut self) -> io::Result<bool> {
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
        self.buf.reserve(4096);
        Ok(self.stream.read_buf(&mut self.buf).await? > 0)
    }

    /// The next CRLF-terminated line, without its end.
    async fn line(&mut self) -> Result<Vec<u8>, Failure> {
        loop {
            if let Some(end) = self.buffered().windows(2).position(|w| w == b"\r\n") {
                let line = self.buffered()[..end].to_vec();
                self.pos += end + 2;
                return Ok(line);
            }
            if self.buffered().len() > MAX_LINE_BYTES {
                return Err(Failure::Invalid("a chunk line is too long".into()));
            }
            if !self.fill().await.map_err(Failure::Io)? {
                return Err(ended_early());
            }
        }
    }
}

fn ended_early() -> Failure {
    Failure::Invalid("the connection closed in the middle of the response".into())
}

/// Write the request and read the answer. Also says whether the connection
/// can carry another request.
async fn exchange(
    stream: &mut TcpStream,
    request: &[u8],
    method: &Method,
    read: usize,
) -> Result<(Answer, bool), Failure> {
    // A server may answer before it has read all of the request (a 413 to a
    // large body) and close: then its answer counts, not the failed write.
    let unsent = stream.write_all(request).await.err();
    let mut reader = Reader {
        stream,
        buf: Vec::with_capacity(4096),
        pos: 0,
    };
    let head = loop {
        match parse_head(reader.buffered(), method)? {
            Some((length, head)) => {
                reader.pos += length;
                // 100 Continue and the like come before the answer.
                if head.status.is_informational() && head.status != StatusCode::SWITCHING_PROTOCOLS
                {
                    continue;
                }
                break head;
            }
            None if reader.buffered().len() > MAX_HEAD_BYTES => {
                return Err(Failure::Invalid(
                    "the response's head is longer than 64 KiB".into(),
                ));
            }
            None => {
                let nothing_yet = reader.buf.is_empty();
                match reader.fill().await {
                    Ok(true) => {}
                    Ok(false) | Err(_) if unsent.is_some() => {
                        return Err(closed_or_io(unsent.expect("checked")));
                    }
                    Ok(false) if nothing_yet => {
                        return Err(Failure::Closed(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the connection closed before any response",
                        )));
                    }
                    Ok(false) => return Err(ended_early()),
                    Err(e) if nothing_yet => return Err(closed_or_io(e)),
                    Err(e) => return Err(Failure::Io(e)),
                }
            }
        }
    };
    let mut answer = Answer {
        status: head.status,
        retry_after: head.retry_after,
        location: head.location,
        body: Vec::new(),
    };
    // Once the status is known the answer stands: a body that breaks off
    // only ends the connection.
    let whole = match head.framing {
        Framing::Length(length) => read_length(&mut reader, length, read, &mut answer.body).await,
        Framing::Chunked => read_chunked(&mut reader, read, &mut answer.body).await,
        Framing::UntilClose => {
            read_to_close(&mut reader, read, &mut answer.body).await;
            false
        }
    };
    let reusable = whole && head.keep_alive && reader.buffered().is_empty() && unsent.is_none();
    Ok((answer, reusable))
}

fn closed_or_io(e: io::Error) -> Failure {
    use io::ErrorKind::*;
    match e.kind() {
        BrokenPipe | ConnectionReset | ConnectionAborted | UnexpectedEof => Failure::Closed(e),
        _ => Failure::Io(e),
    }
}

/// The head at the start of `bytes` and its length, or None if it is not
/// all there yet.
fn parse_head(bytes: &[u8], method: &Method) -> Result<Option<(usize, Head)>, Failure> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let length = match response.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => {
            return Err(Failure::Invalid(format!(
                "the response is not valid HTTP/1.1 ({e})"
            )));
        }
    };
    let code = response.code.unwrap_or_default();
    let status = StatusCode::from_u16(code)
        .map_err(|_| Failure::Invalid(format!("the response's status {code} is not valid")))?;
    let mut values: HeaderMap = HeaderMap::with_capacity(response.headers.len());
    for header in response.headers.iter() {
        // Only the headers read below matter; others may be anything.
        let read = [
            CONNECTION,
            CONTENT_LENGTH,
            TRANSFER_ENCODING,
            RETRY_AFTER,
            LOCATION,
        ];
        let Some(name) = read
            .into_iter()
            .find(|n| header.name.eq_ignore_ascii_case(n.as_str()))
        else {
            continue;
        };
        if let Ok(value) = HeaderValue::from_bytes(header.value) {
            values.append(name, value);
        }
    }
    let no_body = *method == Method::HEAD
        || status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    let chunked = values
        .get_all(TRANSFER_ENCODING)
        .iter()
        .next_back()
        .map(|last| {
            // The coding applied last is the one that frames the body.
            last.to_str()
                .ok()
                .and_then(|v| v.rsplit(',').next())
                .is_some_and(|c| c.trim().eq_ignore_ascii_case("chunked"))
        });
    let framing = if no_body {
        Framing::Length(0)
    } else if let Some(chunked) = chunked {
        if chunked {
            Framing::Chunked
        } else {
            Framing::UntilClose
        }
    } else {
        match content_length(&values)? {
            Some(length) => Framing::Length(length),
            None => Framing::UntilClose,
        }
    };
    let close = has_token(values.get_all(CONNECTION).iter(), "close");
    let keep_alive = match response.version {
        Some(1) => !close,
        _ => !close && has_token(values.get_all(CONNECTION).iter(), "keep-alive"),
    };
    // A message with both framings is suspect: use the connection no more.
    let keep_alive = keep_alive
        && !(chunked.is_some() && values.contains_key(CONTENT_LENGTH))
        && status != StatusCode::SWITCHING_PROTOCOLS;
    Ok(Some((
        length,
        Head {
            status,
            framing,
            keep_alive,
            retry_after: super::retry_after(&values),
            location: values.get(LOCATION).cloned(),
        },
    )))
}

/// The body's length from Content-Length: every value must agree.
fn content_length(headers: &HeaderMap) -> Result<Option<u64>, Failure> {
    let mut length = None;
    for value in headers.get_all(CONTENT_LENGTH) {
        for part in value.to_str().unwrap_or("?").split(',') {
            let part = part.trim();
            let parsed = part
                .parse::<u64>()
                .ok()
                .filter(|_| part.bytes().all(|b| b.is_ascii_digit()));
            match (parsed, length) {
                (Some(n), None) => length = Some(n),
                (Some(n), Some(m)) if n == m => {}
                _ => {
                    return Err(Failure::Invalid(format!(
                        "the response's Content-Length {:?} is not valid",
                        value.to_str().unwrap_or("?")
                    )));
                }
            }
        }
    }
    Ok(length)
}

/// Take `length` body bytes, keeping the first `read`. True if all of them
/// were read (a long rest is left unread: the connection is not reused).
async fn read_length(
    reader: &mut Reader<'_>,
    length: u64,
    read: usize,
    body: &mut Vec<u8>,
) -> bool {
    let mut left = length;
    let mut drained = 0u64;
    while left > 0 {
        if reader.buffered().is_empty() {
            if body.len() >= read && left + drained > MAX_DRAIN_BYTES {
                return false;
            }
            if !matches!(reader.fill().await, Ok(true)) {
                return false;
            }
        }
        let take = reader
            .buffered()
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        let chunk = &reader.buffered()[..take];
        let keep = chunk.len().min(read.saturating_sub(body.len()));
        body.extend_from_slice(&chunk[..keep]);
        drained += (take - keep) as u64;
        reader.pos += take;
        left -= take as u64;
    }
    true
}

/// Take a chunked body, keeping the first `read` bytes. True if it was read
/// to its end.
async fn read_chunked(reader: &mut Reader<'_>, read: usize, body: &mut Vec<u8>) -> bool {
    let mut drained = 0u64;
    loop {
        let Ok(line) = reader.line().await else {
            return false;
        };
        let size = std::str::from_utf8(&line)
            .ok()
            .map(|l| l.split(';').next().unwrap_or("").trim())
            .filter(|hex| !hex.is_empty() && hex.len() <= 15)
            .and_then(|hex| u64::from_str_radix(hex, 16).ok());
        let Some(size) = size else {
            return false;
        };
        if size == 0 {
            // Trailer fields, up to an empty line.
            loop {
                match reader.line().await {
                    Ok(line) if line.is_empty() => return true,
                    Ok(_) => {}
                    Err(_) => return false,
                }
            }
        }
        let before = body.len();
        if !read_length(reader, size, read, body).await {
            return false;
        }
        drained += size - (body.len() - before) as u64;
        if drained > MAX_DRAIN_BYTES || !matches!(reader.line().await, Ok(l) if l.is_empty()) {
            return false;
        }
    }
}

/// Take a body that ends with the connection, keeping the first `read` bytes.
async fn read_to_close(reader: &mut Reader<'_>, read: usize, body: &mut Vec<u8>) {
    loop {
        let keep = reader.buffered().len().min(read.saturating_sub(body.len()));
        body.extend_from_slice(&reader.buffered()[..keep]);
        reader.pos = reader.buf.len();
        if body.len() >= read || !matches!(reader.fill().await, Ok(true)) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A server on 127.0.0.1 that answers the requests on its `n`th
    /// connection with `script[n]`, in order, and then closes that
    /// connection. Returns its address and what each connection received.
    fn server(script: Vec<Vec<&'static [u8]>>) -> (SocketAddr, Arc<Mutex<Vec<Vec<String>>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for answers in script {
                let (mut stream, _) = listener.accept().unwrap();
                log.lock().unwrap().push(Vec::new());
                for answer in answers {
                    let Some(request) = read_request(&mut stream) else {
                        break;
                    };
                    log.lock().unwrap().last_mut().unwrap().push(request);
                    // The head first, and the rest a moment later: the
                    // client reads a body that is not there yet.
                    let split = answer.windows(4).position(|w| w == b"\r\n\r\n");
                    let (head, rest) = answer.split_at(split.map_or(answer.len(), |i| i + 4));
                    stream.write_all(head).unwrap();
                    std::thread::sleep(Duration::from_millis(20));
                    stream.write_all(rest).unwrap();
                }
            }
        });
        (addr, seen)
    }

    /// One request: its head and a body of its Content-Length.
    fn read_request(stream: &mut std::net::TcpStream) -> Option<String> {
        let mut bytes = Vec::new();
        let mut byte = [0u8; 1];
        while !bytes.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).ok()? == 0 {
                return None;
            }
            bytes.push(byte[0]);
        }
        let head = String::from_utf8(bytes.clone()).unwrap();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .map_or(0, |n| n.trim().parse().unwrap());
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).ok()?;
        bytes.extend_from_slice(&body);
        Some(String::from_utf8(bytes).unwrap())
    }

    fn client() -> Client {
        Client::new(Duration::from_secs(5), Duration::from_secs(60))
    }

    async fn post(client: &Client, addr: SocketAddr, read: usize) -> Result<Answer, String> {
        let url = Url::parse(&format!("http://{addr}/hook?x=1#top")).unwrap();
        client
            .send(&Method::POST, &url, HeaderMap::new(), Some(b"{}"), read)
            .await
    }

    #[tokio::test]
    async fn responses_are_read_by_their_framing_and_the_connection_kept_when_it_can_be() {
        let sized = |length: usize| -> &'static [u8] {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {length}\r\n\r\n");
            Box::leak(
                [head.into_bytes(), vec![b'a'; length]]
                    .concat()
                    .into_boxed_slice(),
            )
        };
        let excerpt = "a".repeat(512);
        // (response, its status, the body kept of it, whether the next request reuses the connection)
        let cases: &[(&'static [u8], u16, &str, bool)] = &[
            (b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello", 200, "hello", true),
            (
                b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nhel\r\n2\r\nlo\r\n0\r\nx-trailer: 1\r\n\r\n",
                201,
                "hello",
                true,
            ),
            (b"HTTP/1.1 200 OK\r\n\r\nuntil the end", 200, "until the end", false),
            (
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\ncontent-length: 2\r\n\r\nok",
                202,
                "ok",
                true,
            ),
            (b"HTTP/1.1 204 No Content\r\n\r\n", 204, "", true),
            (b"HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 2\r\n\r\nok", 200, "ok", false),
            (b"HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok", 200, "ok", false),
            (
                b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\ncontent-length: 2\r\n\r\nok",
                200,
                "ok",
                true,
            ),
            (
                b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
                200,
                "ok",
                false,
            ),
            // The rest past the excerpt is read to keep the connection...
            (sized(20_000), 200, &excerpt, true),
            // ...unless there is more of it than the client drains.
            (sized(100_000), 200, &excerpt, false),
        ];
        for &(response, status, body, reused) in cases {
            let next: &'static [u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nnext";
            let script = if reused {
                vec![vec![response, next]]
            } else {
                vec![vec![response], vec![next]]
            };
            let (addr, seen) = server(script);
            let client = client();
            let answer = post(&client, addr, 512).await.unwrap();
            let shown = String::from_utf8_lossy(response);
            assert_eq!(answer.status.as_u16(), status, "{shown}");
            assert_eq!(String::from_utf8_lossy(&answer.body), body, "{shown}");
            let second = post(&client, addr, 512).await.unwrap();
            assert_eq!(second.body, b"next", "{shown}");
            let connections = seen.lock().unwrap().len();
            assert_eq!(connections, if reused { 1 } else { 2 }, "{shown}");
        }
    }

    #[tokio::test]
    async fn the_request_carries_our_framing_and_its_own_headers() {
        let (addr, seen) = server(vec![vec![b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"]]);
        let url = Url::parse(&format!("http://{addr}/v1/hook?a=1&b=%20#fragment")).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static("theirs/1"));
        headers.insert("x-customer", HeaderValue::from_static("82345"));
        // Framing is the client's: a length of the request's own is replaced.
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("999"));
        let body = r#"{"id":"a"}"#.to_string();
        let sender = super::super::Sender::new(super::super::client());
        let timeout = Duration::from_secs(5);
        sender
            .send(Method::PUT, url, headers, Some(body), timeout, 512)
            .await
            .unwrap();
        let request = seen.lock().unwrap()[0][0].clone();
        let (head, sent_body) = request.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        assert_eq!(lines.next(), Some("PUT /v1/hook?a=1&b=%20 HTTP/1.1"));
        let mut fields: Vec<&str> = lines.collect();
        fields.sort();
        let host = format!("host: {addr}");
        let expected = vec![
            "accept: */*",
            "content-length: 10",
            host.as_str(),
            "user-agent: theirs/1",
            "x-customer: 82345",
        ];
        assert_eq!(fields, expected);
        assert_eq!(sent_body, r#"{"id":"a"}"#);
    }

    #[tokio::test]
    async fn a_get_has_no_body_and_no_length() {
        let (addr, seen) = server(vec![vec![b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"]]);
        let url = Url::parse(&format!("http://{addr}/")).unwrap();
        client()
            .send(&Method::GET, &url, HeaderMap::new(), None, 512)
            .await
            .unwrap();
        let request = seen.lock().unwrap()[0][0].clone();
        assert!(request.starts_with("GET / HTTP/1.1\r\n"), "{request}");
        assert!(!request.contains("content-length"), "{request}");
        assert!(request.ends_with("\r\n\r\n"), "{request}");
    }

    #[tokio::test]
    async fn advice_headers_are_read() {
        let (addr, _) = server(vec![vec![
            b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nLocation: /elsewhere\r\ncontent-length: 0\r\n\r\n",
        ]]);
        let answer = post(&client(), addr, 512).await.unwrap();
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.retry_after, Some(Duration::from_secs(7)));
        assert_eq!(answer.location.unwrap(), "/elsewhere");
    }

    #[tokio::test]
    async fn only_the_asked_for_start_of_a_body_is_kept() {
        let (addr, _) = server(vec![vec![
            b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123456789",
        ]]);
        let answer = post(&client(), addr, 4).await.unwrap();
        assert_eq!(answer.body, b"0123");
    }

    #[tokio::test]
    async fn a_kept_connection_the_server_closed_is_replaced_without_losing_the_request() {
        // The first connection answers once, without saying it will close.
        let (addr, seen) = server(vec![
            vec![b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nfirst"],
            vec![b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nsecond"],
        ]);
        let client = client();
        assert_eq!(post(&client, addr, 512).await.unwrap().body, b"first");
        assert_eq!(post(&client, addr, 512).await.unwrap().body, b"second");
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert_eq!((seen[0].len(), seen[1].len()), (1, 1));
    }

    #[tokio::test]
    async fn an_answer_sent_before_the_whole_request_was_read_counts() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() > 0 {
                head.push(byte[0]);
            }
            let answer = b"HTTP/1.1 413 Payload Too Large\r\ncontent-length: 0\r\n\r\n";
            stream.write_all(answer).unwrap();
            // Closed with the body unread: the client's write fails.
        });
        let url = Url::parse(&format!("http://{addr}/")).unwrap();
        let body = vec![b'x'; 16 << 20];
        let answer = client()
            .send(&Method::POST, &url, HeaderMap::new(), Some(&body), 512)
            .await
            .unwrap();
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[tokio::test]
    async fn a_connection_idle_past_the_pool_timeout_is_not_used_again() {
        let ok: &'static [u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
        let (addr, seen) = server(vec![vec![ok, ok], vec![ok]]);
        let client = Client::new(Duration::from_secs(5), Duration::from_millis(50));
        post(&client, addr, 512).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        post(&client, addr, 512).await.unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "the second request opened a new connection");
        assert_eq!((seen[0].len(), seen[1].len()), (1, 1));
    }

    #[tokio::test]
    async fn bad_answers_are_described() {
        let cases: &[(&'static [u8], &str)] = &[
            (
                b"SMTP ready\r\n\r\n",
                "request failed: the response is not valid HTTP/1.1",
            ),
            (
                b"HTTP/1.1 200 OK\r\ncontent-length: 5, 6\r\n\r\nhello",
                "request failed: the response's Content-Length \"5, 6\" is not valid",
            ),
            (
                b"HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
                "request failed: the response's Content-Length \"-1\" is not valid",
            ),
            (
                b"HTTP/1.1 200 OK\r\ncontent-le",
                "request failed: the connection closed in the middle of the response",
            ),
            (
                b"",
                "request failed: the connection closed before any response",
            ),
        ];
        for &(response, expected) in cases {
            let (addr, _) = server(vec![vec![response]]);
            let error = post(&client(), addr, 512).await.err();
            let error = error.unwrap_or_default();
            assert!(error.starts_with(expected), "{error:?} for {response:?}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_requests_at_once_share_the_connections_they_open_a_few_at_a_time() {
        // Every connection answers any number of requests.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = accepted.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let mut stream = stream.unwrap();
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                std::thread::spawn(move || {
                    while read_request(&mut stream).is_some() {
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                        if stream.write_all(answer).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        let client = Arc::new(client());
        let requests = (0..300).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { post(&client, addr, 512).await })
        });
        for request in requests.collect::<Vec<_>>() {
            let answer = tokio::time::timeout(Duration::from_secs(60), request).await;
            assert_eq!(answer.unwrap().unwrap().unwrap().body, b"ok");
        }
        let opened = accepted.load(std::sync::atomic::Ordering::SeqCst);
        assert!((1..=300).contains(&opened), "{opened} connections");
        assert!(
            client
                .pool
                .origins
                .lock()
                .unwrap()
                .values()
                .all(|c| c.opening == 0)
        );
    }

    #[tokio::test]
    async fn a_refused_connection_says_so() {
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let error = post(&client(), addr, 512).await.err().unwrap();
        assert!(error.starts_with("could not connect: "), "{error}");
        assert!(error.contains("refused"), "{error}");
    }
}
