//! The PostgreSQL store: the scale-out backend that many ingest workers and query nodes
//! share. It runs the same SQL as SQLite (see `sql.rs`) for articles, linking and queries,
//! and adds the ingest queue ([`Queue`]) that workers claim batches from.
//!
//! Concurrency: storing is safe from any number of workers (inserts are idempotent, and
//! versions at one URL are serialised by an advisory lock on the URL). Linking across
//! articles (duplicates, entity merges, stories) is one serial step: `link_pending` holds a
//! transaction-scoped advisory lock, so workers take turns and each article is linked
//! exactly once, in publication order of what is pending.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use newsgraph_document::Document;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, GenericClient, NoTls, Statement};

use crate::sql::{Dialect, Row, Sql, Value, args};
use crate::{
    Alert, AlertMatch, ArticleLinks, ArticleRow, Attention, AttentionQuery, Claim, Delivery, Edge, EntityFilter,
    EntityProfile, EntitySummary, Error, EventFilter, EventRow, Failure, FailureRow, LinkReport, Linked, Outcome,
    PlaceCount, PlaceFilter, PlaceProfile, Queue, QueueStats, QuoteFilter, QuoteRow, Result, Stats, Store, Story,
    StoryFilter, Table, Thread, ThreadFilter, alerts, articles, attention, export, links, queries, sources, threads,
};
use crate::{NewSource, SeenItem, Source};

/// Schema migrations, applied in order; `newsgraph_schema.version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_schema.sql"),
    include_str!("../../migrations/postgres/0002_band_buckets.sql"),
    include_str!("../../migrations/postgres/0003_participant_day.sql"),
    include_str!("../../migrations/postgres/0004_places.sql"),
    include_str!("../../migrations/postgres/0005_attention_hours.sql"),
    include_str!("../../migrations/postgres/0006_alerts.sql"),
    include_str!("../../migrations/postgres/0007_sources.sql"),
    include_str!("../../migrations/postgres/0008_threads.sql"),
    include_str!("../../migrations/postgres/0009_article_profiles.sql"),
    include_str!("../../migrations/postgres/0010_alert_matches_delivered.sql"),
    include_str!("../../migrations/postgres/0011_article_totals.sql"),
    include_str!("../../migrations/postgres/0012_alert_hits.sql"),
];

/// Advisory lock keys (arbitrary constants, stable across versions).
const MIGRATION_LOCK: i64 = 0x6e67_0001;
const LINK_LOCK: i64 = 0x6e67_0002;
const ALERT_LOCK: i64 = 0x6e67_0003;

/// Claims after which an article that keeps killing its workers is given up on.
const MAX_ATTEMPTS: i64 = 5;

/// A connection with its prepared statements.
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

/// The PostgreSQL store.
pub struct PostgresStore {
    conn: Mutex<Conn>,
}

/// A client or transaction speaking the shared SQL, with the connection's statement cache.
struct Pg<'a, C: GenericClient> {
    client: &'a mut C,
    statements: &'a mut HashMap<String, Statement>,
}

impl<C: GenericClient> Pg<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        // Statements are few and fixed; a bound keeps ad-hoc ones from piling up.
        if self.statements.len() > 512 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match *ty {
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => n.to_string().to_sql(ty, out),
                _ => n.to_sql(ty, out),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT4 => (*x as f32).to_sql(ty, out),
                _ => x.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Bytes(b) => b.as_slice().to_sql(ty, out),
        }
    }

    // The value adapts to the parameter's type (checked when written, above).
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn value(row: &postgres::Row, i: usize) -> Result<Value> {
    let ty = row.columns()[i].type_();
    Ok(match *ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map_or(Value::Null, |n| Value::Int(n.into())),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map_or(Value::Null, |n| Value::Int(n.into())),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, |b| Value::Int(b.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map_or(Value::Null, Value::Real),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map_or(Value::Null, |x| Value::Real(x.into())),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Value::Null, Value::Bytes),
        Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR => {
            row.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text)
        }
        // `void` (from pg_advisory_xact_lock) and types the shared SQL never reads.
        _ => Value::Null,
    })
}

impl<C: GenericClient> Sql for Pg<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        Ok(self.client.execute(&stmt, &params)?)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let rows = self.client.query(&stmt, &params)?;
        rows.iter().map(|r| (0..r.len()).map(|i| value(r, i)).collect::<Result<Vec<_>>>().map(Row)).collect()
    }
}

/// Seconds to wait for a database that does not answer, unless the URL says otherwise
/// (`connect_timeout=…`).
const CONNECT_TIMEOUT: u64 = 10;

/// A connection to the database at `url` (a URL or `key=value` string), giving up after
/// `CONNECT_TIMEOUT` seconds when nothing answers.
pub fn client(url: &str) -> Result<Client> {
    let mut config: postgres::Config = url.parse()?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(CONNECT_TIMEOUT));
    }
    Ok(config.connect(NoTls)?)
}

impl PostgresStore {
    /// Connects (`postgres://user@host:port/db`, or `host=/socket/dir` in the query string)
    /// and brings the schema up to date; concurrent openers wait for one another.
    pub fn connect(url: &str) -> Result<PostgresStore> {
        let client = client(url)?;
        let store = PostgresStore { conn: Mutex::new(Conn { client, statements: HashMap::new() }) };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<()> {
        let mut conn = self.lock();
        let mut tx = conn.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS newsgraph_schema (version BIGINT NOT NULL)")?;
        let version: i64 = tx.query_opt("SELECT version FROM newsgraph_schema", &[])?.map_or(0, |r| r.get::<_, i64>(0));
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(Error::TooNew { found: version, known });
        }
        for sql in MIGRATIONS.iter().skip(version as usize) {
            tx.batch_execute(sql)?;
        }
        if version < known {
            tx.execute("DELETE FROM newsgraph_schema", &[])?;
            tx.execute("INSERT INTO newsgraph_schema (version) VALUES ($1)", &[&known])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.read(|c| c.query_opt("SELECT version FROM newsgraph_schema", &[]))?.map_or(0, |r| r.int(0)))
    }

    fn lock(&self) -> MutexGuard<'_, Conn> {
        // A panic mid-query leaves nothing half-written: every write is one transaction.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` outside a transaction (each statement on its own).
    fn read<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let Conn { client, statements } = &mut *conn;
        f(&mut Pg { client, statements })
    }

    /// Runs `f` in one transaction, committed when it succeeds.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let Conn { client, statements } = &mut *conn;
        let mut tx = client.transaction()?;
        let out = f(&mut Pg { client: &mut tx, statements })?;
        tx.commit()?;
        Ok(out)
    }
}

impl Store for PostgresStore {
    fn put_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        self.write(|tx| articles::put_batch(tx, docs))
    }

    fn get(&self, id: &str) -> Result<Option<Document>> {
        self.read(|c| articles::get(c, id))
    }

    fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        self.read(|c| articles::ids_with_prefix(c, prefix, limit))
    }

    fn stats(&self) -> Result<Stats> {
        self.read(articles::stats)
    }

    fn failures(&self, limit: usize, offset: usize) -> Result<Vec<FailureRow>> {
        self.read(|c| articles::failures(c, limit, offset))
    }

    fn unindexed(&self, limit: usize) -> Result<Vec<Document>> {
        self.read(|c| articles::unindexed(c, limit))
    }

    fn mark_indexed(&mut self, ids: &[&str]) -> Result<()> {
        self.write(|tx| articles::mark_indexed(tx, ids))
    }

    fn reset_indexed(&mut self) -> Result<()> {
        self.read(|c| c.execute("UPDATE articles SET indexed = 0", &[]).map(drop))
    }

    fn record_failures(&mut self, failures: &[Failure]) -> Result<()> {
        self.write(|tx| articles::record_failures(tx, failures))
    }

    fn recent(&self, limit: usize) -> Result<Vec<ArticleRow>> {
        self.read(|c| articles::recent(c, limit))
    }

    fn link_pending(&mut self, limit: usize) -> Result<LinkReport> {
        self.link_pending_stored(limit, &[])
    }

    fn link_pending_stored(&mut self, limit: usize, stored: &[&Document]) -> Result<LinkReport> {
        self.write(|tx| {
            // One linker at a time, across every worker (see the module docs).
            tx.query("SELECT pg_advisory_xact_lock($1)", args![LINK_LOCK])?;
            links::link_pending(tx, limit, stored)
        })
    }

    fn links(&self, id: &str) -> Result<Option<ArticleLinks>> {
        self.read(|c| queries::links(c, id))
    }

    fn linked(&self, id: &str) -> Result<Option<Linked>> {
        self.read(|c| queries::linked(c, id))
    }

    fn generation(&self) -> Result<u64> {
        self.read(articles::generation)
    }

    fn entity(&self, name_or_id: &str) -> Result<Option<EntityProfile>> {
        self.read(|c| queries::entity(c, name_or_id))
    }

    fn resolve_entity(&self, name_or_id: &str) -> Result<Option<String>> {
        self.read(|c| queries::resolve(c, name_or_id))
    }

    fn entity_candidates(&self, name: &str, limit: usize) -> Result<Vec<EntitySummary>> {
        self.read(|c| queries::candidates(c, name, limit))
    }

    fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntitySummary>> {
        self.read(|c| queries::entities(c, filter))
    }

    fn articles_at(&self, filter: &PlaceFilter) -> Result<Vec<String>> {
        self.read(|c| queries::articles_at(c, filter))
    }

    fn place(&self, geonameid: i64) -> Result<Option<PlaceProfile>> {
        self.read(|c| queries::place(c, geonameid))
    }

    fn places_of(&self, articles: &[String], entity: Option<&str>) -> Result<Vec<PlaceCount>> {
        self.read(|c| queries::places_of(c, articles, entity))
    }

    fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        self.read(|c| queries::quotes(c, filter))
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        self.read(|c| queries::events(c, filter))
    }

    fn stories(&self, filter: &StoryFilter) -> Result<Vec<Story>> {
        self.read(|c| queries::stories(c, filter))
    }

    fn story(&self, id: &str) -> Result<Option<Story>> {
        self.read(|c| queries::story(c, id))
    }

    fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>> {
        self.read(|c| threads::threads(c, filter))
    }

    fn thread(&self, id: &str) -> Result<Option<Thread>> {
        self.read(|c| threads::thread(c, id))
    }

    fn latest_hour(&self) -> Result<Option<i64>> {
        self.read(attention::latest)
    }

    fn add_alert(&mut self, name: &str, search: &str, webhook: Option<&str>, secret: Option<&str>) -> Result<bool> {
        self.write(|tx| alerts::add(tx, name, search, webhook, secret))
    }

    fn due_deliveries(&self, at: &str, limit: usize) -> Result<Vec<Delivery>> {
        self.read(|c| alerts::due(c, at, limit))
    }

    fn record_attempt(&mut self, alert: &str, article: &str, retry_at: Option<&str>) -> Result<()> {
        self.write(|tx| alerts::attempted(tx, alert, article, retry_at))
    }

    fn remove_alert(&mut self, name: &str) -> Result<bool> {
        self.write(|tx| alerts::remove(tx, name))
    }

    fn alerts(&self) -> Result<Vec<Alert>> {
        self.read(alerts::list)
    }

    fn saved_searches(&self) -> Result<Vec<(String, String)>> {
        self.read(alerts::searches)
    }

    fn record_alert_matches(&mut self, matches: &[(&str, &str)]) -> Result<u64> {
        // One recording at a time across workers: each reads the alerts' newest batches and
        // chains its own after them.
        self.write(|tx| {
            tx.query("SELECT pg_advisory_xact_lock($1)", args![ALERT_LOCK])?;
            alerts::record(tx, matches)
        })
    }

    fn alert_matches(&self, alert: Option<&str>, limit: usize) -> Result<Vec<AlertMatch>> {
        self.read(|c| alerts::matches(c, alert, limit))
    }

    fn attention(&self, query: &AttentionQuery) -> Result<Vec<Attention>> {
        self.read(|c| attention::attention(c, query))
    }

    fn network(&self, name_or_id: &str, limit: usize, offset: usize) -> Result<Vec<Edge>> {
        self.read(|c| queries::network(c, name_or_id, limit, offset))
    }

    fn export(
        &self,
        table: Table,
        from: Option<&str>,
        to: Option<&str>,
        sink: &mut dyn FnMut(Row) -> bool,
    ) -> Result<u64> {
        self.read(|c| export::export(c, table, from, to, sink))
    }

    fn add_sources(&mut self, list: &[NewSource], interval_secs: i64) -> Result<u64> {
        self.write(|tx| sources::add_sources(tx, list, interval_secs))
    }

    fn sources(&self) -> Result<Vec<Source>> {
        self.read(sources::sources)
    }

    fn due_sources(&self, now: &str, limit: usize) -> Result<Vec<Source>> {
        self.read(|c| sources::due_sources(c, now, limit))
    }

    fn claim_due_sources(&mut self, now: &str, lease_until: &str, limit: usize) -> Result<Vec<Source>> {
        self.write(|tx| sources::claim_due_sources(tx, now, lease_until, limit))
    }

    fn record_poll(&mut self, source: &Source, items: &[SeenItem]) -> Result<()> {
        self.write(|tx| sources::record_poll(tx, source, items))
    }

    fn seen_urls(&self, urls: &[String]) -> Result<Vec<String>> {
        self.read(|c| sources::seen_urls(c, urls))
    }

    fn queue(&mut self) -> Option<&mut dyn Queue> {
        Some(self)
    }
}

impl Queue for PostgresStore {
    fn enqueue(&mut self, docs: &[Document]) -> Result<u64> {
        self.write(|tx| {
            let mut queued = 0;
            for doc in docs {
                queued += tx.execute(
                    "INSERT INTO ingest_queue (id, doc)
                     SELECT CAST($1 AS TEXT), CAST($2 AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = $1)
                     ON CONFLICT (id) DO NOTHING",
                    args![&doc.id, doc.to_json()],
                )?;
            }
            Ok(queued)
        })
    }

    fn claim(&mut self, worker: &str, limit: usize, lease: Duration) -> Result<Vec<Claim>> {
        self.write(|tx| {
            // Articles that keep killing their workers are recorded as failures and dropped.
            let given_up = tx.query(
                "DELETE FROM ingest_queue WHERE attempts >= $1 AND lease_until < now() RETURNING id",
                args![MAX_ATTEMPTS],
            )?;
            let failures: Vec<Failure> = given_up
                .iter()
                .map(|r| Failure {
                    origin: r.text(0),
                    reason: format!("given up after {MAX_ATTEMPTS} workers died or timed out on it"),
                })
                .collect();
            articles::record_failures(tx, &failures)?;
            let rows = tx.query(
                "UPDATE ingest_queue SET worker = $1, lease_until = now() + make_interval(secs => $2),
                    attempts = attempts + 1
                 WHERE seq IN (SELECT seq FROM ingest_queue WHERE lease_until IS NULL OR lease_until < now()
                               ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
                 RETURNING seq, id, doc",
                args![worker, Value::Real(lease.as_secs_f64()), limit as i64],
            )?;
            let mut claims: Vec<Claim> = Vec::with_capacity(rows.len());
            for r in rows {
                claims.push(Claim { seq: r.int(0), doc: articles::decode(r.text(1), &r.text(2))? });
            }
            claims.sort_by_key(|c| c.seq);
            Ok(claims)
        })
    }

    fn complete(
        &mut self,
        worker: &str,
        done: &[(i64, Document)],
        failures: &[(i64, Failure)],
    ) -> Result<Vec<Option<Outcome>>> {
        self.write(|tx| {
            // Only what this worker still holds: a batch whose lease ran out and was claimed
            // again belongs to the new worker, which stores it instead.
            let mut held = |seq: i64| -> Result<bool> {
                Ok(tx.execute("DELETE FROM ingest_queue WHERE seq = $1 AND worker = $2", args![seq, worker])? == 1)
            };
            let mut keep = Vec::with_capacity(done.len());
            for (seq, _) in done {
                keep.push(held(*seq)?);
            }
            let mut lost = Vec::new();
            for (seq, f) in failures {
                if held(*seq)? {
                    lost.push(f.clone());
                }
            }
            let docs: Vec<Document> =
                done.iter().zip(&keep).filter(|(_, k)| **k).map(|((_, d), _)| d.clone()).collect();
            let mut outcomes = articles::put_batch(tx, &docs)?.into_iter();
            articles::record_failures(tx, &lost)?;
            Ok(keep.into_iter().map(|k| if k { outcomes.next() } else { None }).collect())
        })
    }

    fn queued(&self) -> Result<QueueStats> {
        self.read(|c| {
            let r = c.query_opt(
                "SELECT count(*) FILTER (WHERE lease_until IS NULL OR lease_until < now()),
                        count(*) FILTER (WHERE lease_until >= now())
                 FROM ingest_queue",
                &[],
            )?;
            Ok(r.map_or(QueueStats::default(), |r| QueueStats { waiting: r.int(0) as u64, leased: r.int(1) as u64 }))
        })
    }
}
