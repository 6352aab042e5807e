//! A throwaway PostgreSQL cluster for tests and benches: `initdb` into a temp dir, the server
//! on a Unix socket in that dir (no TCP port), trust authentication, durability off. It does
//! not install PostgreSQL: it uses the server binaries under `/usr/lib/postgresql/*/bin` (or
//! `$NEWSGRAPH_PG_BIN`); `$NEWSGRAPH_PG_OPTIONS` adds server settings.
//!
//! `initdb` refuses to run as root, so as root the cluster runs as `nobody` (through `su`),
//! with the temp dir owned by it. A watchdog shell stops the server and removes the dir once
//! the process that started it has gone, since test binaries never drop their statics.
//!
//! [`database`] is what tests call: a fresh database in the process's shared cluster, or, when
//! PostgreSQL cannot be started, a failure under CI (`CI=true`) and a printed notice
//! elsewhere, so that `cargo test` passes on a machine without PostgreSQL.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A running cluster.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    port: u16,
}

fn bin_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("NEWSGRAPH_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// A PostgreSQL program of the same installation as the server (`pg_dump`, `pg_restore`).
pub fn program(name: &str) -> Option<PathBuf> {
    bin_dir().map(|dir| dir.join(name)).filter(|p| p.exists())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// Runs a shell command as the cluster's owner.
fn run_as_owner(root: bool, script: &str) -> Result<(), String> {
    let mut cmd = if root {
        let mut c = Command::new("su");
        c.args(["-s", "/bin/sh", "nobody", "-c", script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    };
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("cannot run `{script}`: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{script}` failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

impl Cluster {
    /// Initialises and starts a cluster in a new temp dir.
    pub fn start() -> Result<Cluster, String> {
        let bin = bin_dir().ok_or("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")?;
        let root = is_root();
        let dir =
            tempfile::Builder::new().prefix("newsgraph-pg-").tempdir().map_err(|e| format!("temp dir: {e}"))?.keep();
        if root {
            let status = Command::new("chown").args(["-R", "nobody"]).arg(&dir).status();
            if !status.is_ok_and(|s| s.success()) {
                return Err(format!("cannot chown {} to nobody", dir.display()));
            }
        }
        // A port number only names the socket file; pick one per process.
        let port = 20_000 + (std::process::id() % 40_000) as u16;
        let data = dir.join("data");
        let (initdb, pg_ctl) = (bin.join("initdb"), bin.join("pg_ctl"));
        run_as_owner(
            root,
            &format!(
                "{} -D {} -U postgres --auth=trust --no-sync --locale=C -E UTF8 >/dev/null",
                quote(&initdb),
                quote(&data)
            ),
        )?;
        let options = format!(
            "-k {} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            dir.display()
        );
        // Extra server settings, e.g. `-c shared_preload_libraries=pg_stat_statements` to
        // see which statements a bench spends its time in.
        let options = format!("{options} {}", std::env::var("NEWSGRAPH_PG_OPTIONS").unwrap_or_default());
        let stop = format!("{} -D {} -m immediate stop", quote(&pg_ctl), quote(&data));
        run_as_owner(
            root,
            &format!(
                "{} -D {} -l {} -o \"{options}\" -w -t 60 start >/dev/null",
                quote(&pg_ctl),
                quote(&data),
                quote(&dir.join("log"))
            ),
        )?;
        // The watchdog: once this process is gone, stop the server and remove the dir.
        let stop_cmd = if root { format!("su -s /bin/sh nobody -c \"{stop}\"") } else { stop };
        let watchdog = format!(
            "while [ -e /proc/{pid} ]; do sleep 1; done; {stop_cmd} >/dev/null 2>&1; rm -rf {dir}",
            pid = std::process::id(),
            dir = quote(&dir)
        );
        Command::new("sh")
            .args(["-c", &watchdog])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("watchdog: {e}"))?;
        Ok(Cluster { dir, port })
    }

    /// The URL of a database in this cluster.
    pub fn url(&self, database: &str) -> String {
        format!("postgresql:///{database}?user=postgres&host={}&port={}", self.dir.display(), self.port)
    }

    /// Creates a database and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        let mut admin =
            postgres::Client::connect(&self.url("postgres"), postgres::NoTls).map_err(|e| format!("connect: {e}"))?;
        admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")).map_err(|e| format!("create database: {e}"))?;
        Ok(self.url(name))
    }
}

/// Runs SQL statements (no psql meta-commands) against a database: how a test loads a
/// fixture that `pg_dump` wrote.
pub fn execute(url: &str, sql: &str) -> Result<(), String> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| format!("connect: {e}"))?;
    client.batch_execute(sql).map_err(|e| format!("execute: {e}"))
}

/// The first column of the first row a query returns, as an integer.
pub fn scalar(url: &str, sql: &str) -> Result<i64, String> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| format!("connect: {e}"))?;
    client.query_one(sql, &[]).map_err(|e| format!("query: {e}"))?.try_get(0).map_err(|e| format!("read: {e}"))
}

static SHARED: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh database for one test, in the cluster this process shares (started on first use).
/// `None` (after printing why) when PostgreSQL cannot be started outside CI; under
/// `CI=true` that is a panic, so that CI never skips the PostgreSQL tests silently.
pub fn database(test: &str) -> Option<String> {
    let cluster = SHARED.get_or_init(Cluster::start);
    let created = cluster.as_ref().map_err(Clone::clone).and_then(|c| {
        let name = format!("t{}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed), test);
        c.create_database(&name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(60).collect::<String>())
    });
    match created {
        Ok(url) => Some(url),
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("PostgreSQL is needed for this test under CI and could not be started: {why}")
        }
        Err(why) => {
            eprintln!("notice: skipping {test}: PostgreSQL could not be started ({why})");
            None
        }
    }
}
