//! OpenCX use cases: each a function over the store and the domain, with "now" passed in.
//!
//! [`App`] bundles the store, the group-commit [`intake::Ingestor`] and the caches that keep the
//! hot paths (survey page, response intake, API-key checks) off the database.

pub mod accounts;
pub mod background;
pub mod builder;
pub mod demo;
pub mod demo_corpus;
#[cfg(test)]
mod engine_fingerprint;
pub mod error;
pub mod intake;
pub mod keys;
pub mod metrics;
pub mod recounts;
pub mod respond;
pub mod signing;
pub mod surveys;
pub mod taxonomy;
pub mod templates;
pub mod text;
pub mod text_themes;
pub mod training;
pub mod workspaces;

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
    pub discoveries: taxonomy::DiscoveryCache,
    /// Analysis of open answers, at a lower priority than requests.
    pub analysis_worker: background::BackgroundWorker,
    /// Training of sentiment models, at a lower priority than requests (apart from analysis,
    /// so that a long training does not hold new answers back).
    pub training_worker: background::BackgroundWorker,
    /// Recounts of rollups after a change of time zone, in the background.
    pub recounts: Arc<recounts::Recounts>,
}

/// How long a respondent can come back to an unfinished response (the page's cookie lives as long).
pub const RESUME_DAYS: i64 = 30;

/// Deletes partial responses older than [`RESUME_DAYS`] once an hour, so that abandoned
/// screens (anyone can start one) do not pile up; expired sessions and sign-in counts whose
/// window has passed go at the same time.
fn spawn_partial_cleanup(store: Store, clock: Clock) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let before = clock() - RESUME_DAYS * opencx_store::DAY_MS;
            match store.delete_stale_partials(before).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "deleted stale partial responses"),
                Err(error) => tracing::warn!(%error, "could not delete stale partial responses"),
            }
            if let Err(error) = store.delete_expired_sessions(clock()).await {
                tracing::warn!(%error, "could not delete expired sessions");
            }
            let window_passed = clock() - accounts::THROTTLE_WINDOW_MS;
            if let Err(error) = store.delete_old_attempts(window_passed).await {
                tracing::warn!(%error, "could not delete old sign-in counts");
            }
        }
    });
}

/// How often the rollup journal is folded into the rollup tables and the link-parameter rows.
/// Readers fold it themselves before they read; this keeps the journal short between reads
/// (about fifty rows at the highest intake rates), each fold short enough not to hold intake's
/// batches back for long (every 100 ms, p99 was 16–18 ms at 18 k/s, every 50 ms 13.5–14 ms) and
/// large enough to be cheap.
const FOLD_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// How often an idle folder looks whether its store was closed.
const FOLDER_CLOSED_CHECK: std::time::Duration = std::time::Duration::from_secs(1);

/// Folds the rollup journal (see `Store::fold_journal`) [`FOLD_EVERY`] after intake commits a
/// batch, so at most that often while responses arrive and never while none do; after a fold
/// that found rows it checkpoints the write-ahead log (`Store::checkpoint_log`). A fold that
/// failed is tried again [`FOLD_EVERY`] later. Ends once the store is closed.
fn spawn_rollup_folder(store: Store, ingest: intake::Ingestor) {
    tokio::spawn(async move {
        let mut failed = false;
        loop {
            if !failed {
                tokio::select! {
                    () = ingest.committed() => {}
                    () = tokio::time::sleep(FOLDER_CLOSED_CHECK) => {
                        if store.is_closed() {
                            return;
                        }
                        continue;
                    }
                }
            }
            // Gathers the batches of the next moment into this fold.
            tokio::time::sleep(FOLD_EVERY).await;
            if store.is_closed() {
                return;
            }
            let result = store.fold_journal().await;
            failed = result.is_err();
            match result {
                // Rows folded means intake is writing: keep the log's checkpoints off its writer.
                Ok(folded) if folded > 0 => {
                    if let Err(error) = store.checkpoint_log().await {
                        tracing::warn!(%error, "could not checkpoint the write-ahead log");
                    }
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "could not fold the rollup journal; trying again later")
                }
            }
        }
    });
}

/// Starts a background thread, or says why the server cannot.
fn start_worker(name: &str) -> AppResult<background::BackgroundWorker> {
    background::BackgroundWorker::start(name)
        .map_err(|error| AppError::Internal(format!("could not start the thread {name}: {error}")))
}

/// What a server may tune in [`App::with_options`].
#[derive(Debug, Clone, Copy)]
pub struct AppOptions {
    /// Responses a time-zone recount looks at per transaction (`serve --recount-chunk`).
    pub recount_chunk: i64,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            recount_chunk: opencx_store::RECOUNT_CHUNK,
        }
    }
}

impl App {
    /// Wires the use cases over an open store with the default options: starts the writers and
    /// loads the form secret.
    pub async fn new(store: Store, clock: Clock) -> AppResult<App> {
        Self::with_options(store, clock, AppOptions::default()).await
    }

    /// [`App::new`] with `options`.
    pub async fn with_options(store: Store, clock: Clock, options: AppOptions) -> AppResult<App> {
        // One writer per process on both backends. SQLite has one writer anyway. On PostgreSQL,
        // four writers measured no faster for one busy survey (they queue on its row lock and
        // commit smaller batches) and had a worse tail; routing surveys to writers is the way to
        // use more (see docs/BENCHMARKS.md).
        let writers = match store.backend() {
            Backend::Sqlite | Backend::Postgres => 1,
        };
        let ingest =
            intake::Ingestor::start(store.clone(), clock.clone(), writers).map_err(|error| {
                AppError::Internal(format!("could not start the intake threads: {error}"))
            })?;
        let signer = signing::Signer::load_or_create(&store).await?;
        spawn_partial_cleanup(store.clone(), clock.clone());
        spawn_rollup_folder(store.clone(), ingest.clone());
        let lease_clock = clock.clone();
        store.spawn_node_lease_renewal(move || lease_clock());
        let recounts = Arc::new(recounts::Recounts::new(options.recount_chunk));
        recounts.spawn(store.clone());
        Ok(App {
            store,
            ingest,
            clock,
            surveys: surveys::SurveyCache::default(),
            keys: keys::KeyCache::default(),
            signer,
            discoveries: taxonomy::DiscoveryCache::default(),
            analysis_worker: start_worker("opencx-analysis")?,
            training_worker: start_worker("opencx-training")?,
            recounts,
        })
    }

    /// The current time in Unix milliseconds.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}
