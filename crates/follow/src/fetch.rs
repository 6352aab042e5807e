//! HTTP fetching with the limits of [`FetchOptions`]: robots.txt checked before every
//! request (each redirect hop included), one request at a time per host with a delay,
//! redirects followed by hand (so each hop is checked), bodies capped before and after
//! decompression (gzip, deflate, brotli), conditional GET, and `Retry-After` honoured.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use ureq::Agent;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::DefaultConnector;
use url::Url;

use crate::address::{AddressPolicy, GuardedResolver, REFUSED};
use crate::politeness::{HostGate, Robots, RobotsCache};

/// How the follower fetches.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Sent as `User-Agent`: newsgraph's name, its version and, when given, a contact URL.
    pub user_agent: String,
    /// The shortest time between two requests to one host (a longer `Crawl-delay` wins).
    pub min_delay: Duration,
    /// The longest `Crawl-delay` honoured (a site asking for more is fetched this often).
    pub max_crawl_delay: Duration,
    /// The longest a request may take, body included (a server trickling bytes is cut off).
    pub timeout: Duration,
    /// The largest body, in bytes, both as sent and once decompressed.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Which addresses may be connected to.
    pub addresses: AddressPolicy,
    /// The longest a thread waits for a host's turn before leaving the request for a later
    /// poll (a host resting after `Retry-After`).
    pub max_wait: Duration,
}

impl FetchOptions {
    /// The user agent for a contact URL (`None`: none given).
    pub fn user_agent_for(contact: Option<&str>) -> String {
        let base = format!("newsgraph/{} (news follower", env!("CARGO_PKG_VERSION"));
        match contact {
            Some(c) => format!("{base}; +{c})"),
            None => format!("{base})"),
        }
    }
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions {
            user_agent: FetchOptions::user_agent_for(None),
            min_delay: Duration::from_secs(1),
            max_crawl_delay: Duration::from_secs(60),
            timeout: Duration::from_secs(30),
            max_bytes: 8 << 20,
            max_redirects: 5,
            addresses: AddressPolicy::PublicOnly,
            max_wait: Duration::from_secs(120),
        }
    }
}

/// What robots.txt groups are matched against.
const ROBOT_NAME: &str = "newsgraph";

/// Validators of a body already held, for a conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    /// The `ETag` it came with.
    pub etag: Option<String>,
    /// The `Last-Modified` it came with.
    pub last_modified: Option<String>,
}

/// A fetched body.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where it was fetched from, after redirects.
    pub url: String,
    /// The body, decompressed.
    pub body: Vec<u8>,
    /// The media type of `Content-Type`, lowercase, without parameters.
    pub media_type: Option<String>,
    /// The charset of `Content-Type`.
    pub charset: Option<String>,
    /// For the next conditional GET.
    pub validators: Validators,
    /// `Cache-Control: max-age`, a hint for when to ask again.
    pub max_age: Option<Duration>,
}

/// A response to a (conditional) GET.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// A body.
    Page(Page),
    /// 304: what is held is still current.
    NotModified,
}

/// Why a fetch gave nothing.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// robots.txt forbids it.
    #[error("disallowed by robots.txt: {0}")]
    Disallowed(String),
    /// Not a URL that may be fetched (scheme, address policy).
    #[error("{0}")]
    Refused(String),
    /// An HTTP error status.
    #[error("HTTP {status}{}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    Status {
        /// The status.
        status: u16,
        /// What `Retry-After` asked.
        retry_after: Option<Duration>,
    },
    /// The request took longer than allowed.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The body was larger than allowed.
    #[error("body larger than the limit of {0} bytes")]
    TooLarge(u64),
    /// Redirects went round or on too long.
    #[error("{0}")]
    Redirects(String),
    /// The host rests (after `Retry-After` or errors); tried again at a later poll.
    #[error("host resting for another {0}s")]
    Resting(u64),
    /// Anything else: the connection, the body's encoding.
    #[error("{0}")]
    Network(String),
}

impl FetchError {
    /// Whether asking again later may well succeed: a timeout, a dropped connection, a
    /// server error, "too many requests". Refusals, robots.txt, 4xx and oversized bodies
    /// will answer the same next time.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout(_) | FetchError::Network(_) | FetchError::Resting(_) => true,
            FetchError::Status { status, .. } => *status >= 500 || matches!(status, 408 | 429),
            FetchError::Disallowed(_) | FetchError::Refused(_) | FetchError::TooLarge(_) | FetchError::Redirects(_) => {
                false
            }
        }
    }

    /// How long the server asked to be left alone.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// The HTTP client of the follower; shared by its threads.
pub struct Fetcher {
    agent: Agent,
    options: FetchOptions,
    gate: HostGate,
    robots: RobotsCache,
}

impl Fetcher {
    /// A fetcher with these limits.
    pub fn new(options: FetchOptions) -> Fetcher {
        let config = Agent::config_builder()
            // Redirects are followed by hand: each hop is checked against robots.txt and
            // takes its host's turn.
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .user_agent(options.user_agent.as_str())
            // Decompression is ours, bounded (the client's own has no bound of ours).
            .accept_encoding("gzip, deflate, br")
            .max_response_header_size(64 << 10)
            // No proxy from the environment: through a proxy, the proxy would resolve and
            // connect, and the address check (on what we resolve) would be bypassed.
            .proxy(None)
            .build();
        let resolver = GuardedResolver { policy: options.addresses, inner: DefaultResolver::default() };
        let agent = Agent::with_parts(config, DefaultConnector::default(), resolver);
        Fetcher { agent, options, gate: HostGate::default(), robots: RobotsCache::default() }
    }

    /// The limits it fetches under.
    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// GETs `url`, following redirects; with validators, a conditional GET.
    pub fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Fetched, FetchError> {
        let mut current = parse(url)?;
        let mut visited = vec![current.to_string()];
        for hop in 0..=self.options.max_redirects {
            let robots = self.robots(&current)?;
            if !robots.allows(current.as_str()) {
                return Err(FetchError::Disallowed(current.to_string()));
            }
            let delay = robots
                .crawl_delay()
                .map_or(self.options.min_delay, |d| d.min(self.options.max_crawl_delay).max(self.options.min_delay));
            let answer = self.request(&current, if hop == 0 { validators } else { None }, delay)?;
            match answer {
                Answer::Redirect(location) => {
                    let next = current
                        .join(&location)
                        .map_err(|e| FetchError::Network(format!("bad redirect to {location}: {e}")))?;
                    let next = parse(next.as_str())?;
                    if visited.contains(&next.to_string()) {
                        return Err(FetchError::Redirects(format!("redirect loop at {next}")));
                    }
                    visited.push(next.to_string());
                    current = next;
                }
                Answer::Done(fetched) => return Ok(fetched),
            }
        }
        Err(FetchError::Redirects(format!("more than {} redirects from {url}", self.options.max_redirects)))
    }

    /// robots.txt of the URL's host, fetched (through the host's turn) when not kept.
    fn robots(&self, url: &Url) -> Result<Arc<Robots>, FetchError> {
        let origin = url.origin().ascii_serialization();
        if let Some(r) = self.robots.get(&origin) {
            return check(r);
        }
        let lock = self.robots.fetch_lock(&origin);
        let _fetching = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Another thread may have fetched it while this one waited.
        if let Some(r) = self.robots.get(&origin) {
            return check(r);
        }
        let robots_url = url.join("/robots.txt").map_err(|e| FetchError::Network(e.to_string()))?;
        let delay = self.options.min_delay;
        let robots = match self.request(&robots_url, None, delay) {
            Ok(Answer::Done(Fetched::Page(p))) => match texting_robots::Robot::new(ROBOT_NAME, &p.body) {
                Ok(r) => Robots::Rules(r),
                // A robots.txt that cannot be parsed says nothing we could obey.
                Err(_) => Robots::AllowAll,
            },
            Ok(_) => Robots::AllowAll,
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) && status != 429 => Robots::AllowAll,
            // The host itself is refused: say so rather than blame robots.txt.
            Err(e @ (FetchError::Refused(_) | FetchError::Resting(_))) => return Err(e),
            Err(e) => Robots::DisallowAll(format!("robots.txt unavailable: {e}")),
        };
        check(self.robots.put(&origin, robots))
    }

    /// One request, no redirect followed, inside the host's turn.
    fn request(&self, url: &Url, validators: Option<&Validators>, delay: Duration) -> Result<Answer, FetchError> {
        let host = host_key(url);
        self.gate.take(&host, self.options.max_wait).map_err(|r| FetchError::Resting(r.wait.as_secs().max(1)))?;
        let result = self.request_in_turn(url, validators);
        self.gate.give_back(&host, delay);
        if let Err(e) = &result
            && let Some(rest) = e.retry_after()
        {
            self.gate.rest(&host, rest);
        }
        result
    }

    fn request_in_turn(&self, url: &Url, validators: Option<&Validators>) -> Result<Answer, FetchError> {
        let mut request = self.agent.get(url.as_str());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag.as_str());
            }
            if let Some(lm) = &v.last_modified {
                request = request.header("If-Modified-Since", lm.as_str());
            }
        }
        let mut response = request.call().map_err(|e| self.error(e))?;
        let status = response.status().as_u16();
        let header = |name: &str| -> Option<String> {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string())
        };
        if (300..400).contains(&status) && status != 304 {
            return match header("location") {
                Some(location) => Ok(Answer::Redirect(location)),
                None => Err(FetchError::Status { status, retry_after: None }),
            };
        }
        if status == 304 {
            return Ok(Answer::Done(Fetched::NotModified));
        }
        if !(200..300).contains(&status) {
            let retry_after = header("retry-after").and_then(|v| retry_after(&v));
            return Err(FetchError::Status { status, retry_after });
        }
        let (media_type, charset) = header("content-type").map(|c| content_type(&c)).unwrap_or_default();
        let validators = Validators { etag: header("etag"), last_modified: header("last-modified") };
        let max_age = header("cache-control").and_then(|c| max_age(&c));
        let encoding = header("content-encoding").map(|e| e.to_ascii_lowercase());
        let limit = self.options.max_bytes;
        let raw = response.body_mut().with_config().limit(limit).read_to_vec().map_err(|e| self.error(e))?;
        let body = decompress(raw, encoding.as_deref(), limit)?;
        Ok(Answer::Done(Fetched::Page(Page { url: url.to_string(), body, media_type, charset, validators, max_age })))
    }

    fn error(&self, e: ureq::Error) -> FetchError {
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout(self.options.timeout),
            ureq::Error::BodyExceedsLimit(n) => FetchError::TooLarge(n),
            ureq::Error::Io(io) if io.to_string().contains(REFUSED) => FetchError::Refused(io.to_string()),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                FetchError::Timeout(self.options.timeout)
            }
            other => FetchError::Network(other.to_string()),
        }
    }
}

/// The rules, unless robots.txt could not be had (then nothing on the host is fetched).
fn check(robots: Arc<Robots>) -> Result<Arc<Robots>, FetchError> {
    match &*robots {
        Robots::DisallowAll(reason) => Err(FetchError::Network(reason.clone())),
        _ => Ok(robots),
    }
}

enum Answer {
    Redirect(String),
    Done(Fetched),
}

/// A URL the follower may ask for: http or https, with a host.
fn parse(url: &str) -> Result<Url, FetchError> {
    let u = Url::parse(url).map_err(|e| FetchError::Refused(format!("not a URL: {url}: {e}")))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::Refused(format!("not an http(s) URL: {url}")));
    }
    Ok(u)
}

/// The key of a host's turns: the host and port requests go to.
pub(crate) fn host_key(url: &Url) -> String {
    format!("{}:{}", url.host_str().unwrap_or(""), url.port_or_known_default().unwrap_or(0))
}

/// Undoes `Content-Encoding`, reading at most `limit` bytes out (a gzip bomb stops there).
fn decompress(raw: Vec<u8>, encoding: Option<&str>, limit: u64) -> Result<Vec<u8>, FetchError> {
    let reader: Box<dyn Read + '_> = match encoding {
        None | Some("identity" | "") => return Ok(raw),
        Some("gzip" | "x-gzip") => Box::new(flate2::read::MultiGzDecoder::new(&raw[..])),
        Some("deflate") => Box::new(flate2::read::ZlibDecoder::new(&raw[..])),
        Some("br") => Box::new(brotli_decompressor::Decompressor::new(&raw[..], 4096)),
        Some(other) => return Err(FetchError::Network(format!("unsupported Content-Encoding `{other}`"))),
    };
    let mut out = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| FetchError::Network(format!("corrupt compressed body: {e}")))?;
    if out.len() as u64 > limit {
        return Err(FetchError::TooLarge(limit));
    }
    Ok(out)
}

/// Media type and charset of a `Content-Type`.
fn content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media = parts.next().map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .filter(|c| !c.is_empty());
    (media, charset)
}

/// `Retry-After`: seconds, or an HTTP date.
pub(crate) fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let secs = (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    Some(Duration::from_secs(secs.max(0) as u64))
}

/// `max-age` of a `Cache-Control`.
fn max_age(value: &str) -> Option<Duration> {
    value.split(',').find_map(|d| {
        let (k, v) = d.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("max-age")).then(|| v.trim().parse().ok().map(Duration::from_secs))?
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn headers_are_read() {
        assert_eq!(
            content_type("text/html; charset=\"ISO-8859-1\""),
            (Some("text/html".into()), Some("ISO-8859-1".into()))
        );
        assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(max_age("public, max-age=600"), Some(Duration::from_secs(600)));
        assert!(FetchOptions::user_agent_for(Some("https://example.org/bot")).contains("+https://example.org/bot"));
    }

    #[test]
    fn decompression_is_bounded() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 1 << 20]).unwrap();
        let bomb = gz.finish().unwrap();
        assert!(matches!(decompress(bomb.clone(), Some("gzip"), 1000), Err(FetchError::TooLarge(1000))));
        assert_eq!(decompress(bomb, Some("gzip"), 2 << 20).unwrap().len(), 1 << 20);
        assert!(decompress(b"not gzip".to_vec(), Some("gzip"), 100).is_err());
        assert!(decompress(b"x".to_vec(), Some("zstd"), 100).is_err());
        // Brotli (made with `brotli -q 11`): 14 bytes that unpack to 16 MiB of `a`, and a greeting.
        let br_bomb = [0xcf, 0xff, 0xff, 0x7f, 0xf8, 0x25, 0xc2, 0xe2, 0xb1, 0x40, 0x20, 0xf7, 0xfe, 0x7f].to_vec();
        assert!(matches!(decompress(br_bomb.clone(), Some("br"), 1 << 20), Err(FetchError::TooLarge(_))));
        assert_eq!(decompress(br_bomb, Some("br"), 32 << 20).unwrap().len(), 16 << 20);
        let hello = [
            0x21, 0x34, 0x00, 0x04, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x62, 0x72, 0x6f, 0x74, 0x6c, 0x69, 0x2e,
            0x03,
        ];
        assert_eq!(decompress(hello.to_vec(), Some("br"), 100).unwrap(), b"Hello, brotli.");
        assert!(decompress(b"not brotli at all".to_vec(), Some("br"), 100).is_err());
    }
}
