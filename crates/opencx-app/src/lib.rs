//! OpenCX use cases: each a function over the store and the domain, with "now" passed in.
//!
//! [`App`] bundles the store, the group-commit [`intake::Ingestor`] and the caches that keep the
//! hot paths (survey page, response intake, API-key checks) off the database.

pub mod demo;
pub mod demo_corpus;
pub mod error;
pub mod intake;
pub mod keys;
pub mod metrics;
pub mod respond;
pub mod signing;
pub mod surveys;
pub mod templates;

use std::sync::Arc;

use opencx_store::{Backend, Store};

pub use error::{AppError, AppResult};

/// The current time in Unix milliseconds; a parameter so tests and benchmarks control it.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    })
}

/// Everything the use cases need, shared by every request. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub ingest: intake::Ingestor,
    pub clock: Clock,
    pub surveys: surveys::SurveyCache,
    pub keys: keys::KeyCache,
    pub signer: signing::Signer,
}

impl App {
    /// Wires the use cases over an open store: starts the writers and loads the form secret.
    pub async fn new(store: Store, clock: Clock) -> AppResult<App> {
        // One writer per process on both backends. SQLite has one writer anyway. On PostgreSQL,
        // four writers measured no faster for one busy survey (they queue on its row lock and
        // commit smaller batches) and had a worse tail; routing surveys to writers is the way to
        // use more (see docs/BENCHMARKS.md).
        let writers = match store.backend() {
            Backend::Sqlite | Backend::Postgres => 1,
        };
        let ingest = intake::Ingestor::start(store.clone(), clock.clone(), writers);
        let signer = signing::Signer::load_or_create(&store).await?;
        Ok(App {
            store,
            ingest,
            clock,
            surveys: surveys::SurveyCache::default(),
            keys: keys::KeyCache::default(),
            signer,
        })
    }

    /// The current time in Unix milliseconds.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}
