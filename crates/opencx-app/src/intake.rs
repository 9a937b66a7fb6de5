//! Durable response intake with group commit.
//!
//! Callers hand a validated response to the [`Ingestor`] and wait. Writer tasks take whatever has
//! queued up — one response when the server is quiet, hundreds under load — and store it in one
//! transaction; each caller is answered only after that transaction has committed. So an
//! acknowledged response is always durable, and the cost of a commit (an fsync) is shared by the
//! whole batch instead of paid per response.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use opencx_store::{BatchOutcome, NewResponse, Store, WrittenBatch};
use tokio::sync::{Mutex, broadcast, mpsc, oneshot};

use crate::Clock;

/// Most responses stored in one transaction.
pub const MAX_BATCH: usize = 1024;
/// Most responses waiting for a writer; beyond this, submitters wait (back-pressure).
const QUEUE_DEPTH: usize = 16_384;

/// Why a response was not stored.
#[derive(Debug, Clone, thiserror::Error)]
pub enum IngestError {
    /// The database failed: nothing of the batch was stored, or the disk did not confirm it
    /// was. Either way a retry with the same idempotency key is safe (it finds the response
    /// if it was stored).
    #[error("the response could not be stored: {0}")]
    Storage(String),
    /// The server is shutting down.
    #[error("the server is shutting down")]
    ShuttingDown,
}

/// A stored response, published to live subscribers after its commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseEvent {
    pub workspace_id: i64,
    pub survey_id: i64,
    pub response_id: i64,
}

struct Job {
    response: NewResponse,
    reply: oneshot::Sender<Result<BatchOutcome, IngestError>>,
}

/// A batch at least this large means responses arrive faster than one commit at a time: intake
/// is under load.
const LOADED_BATCH: usize = 8;
/// How long intake counts as under load after such a batch, in milliseconds.
const LOAD_WINDOW_MS: i64 = 200;

/// Queue in front of the writer tasks.
#[derive(Clone)]
pub struct Ingestor {
    queue: mpsc::Sender<Job>,
    events: broadcast::Sender<ResponseEvent>,
    /// When the last batch of at least [`LOADED_BATCH`] responses was written (Unix ms).
    loaded_at: Arc<AtomicI64>,
}

impl Ingestor {
    /// Starts `writers` writer tasks over the store (one is right for SQLite, which has a single
    /// writer anyway; PostgreSQL commits several transactions in parallel).
    pub fn start(store: Store, clock: Clock, writers: usize) -> Self {
        let (queue, receiver) = mpsc::channel::<Job>(QUEUE_DEPTH);
        let receiver = Arc::new(Mutex::new(receiver));
        let (events, _) = broadcast::channel(4096);
        let loaded_at = Arc::new(AtomicI64::new(i64::MIN / 2));
        for _ in 0..writers.max(1) {
            let loaded_at = loaded_at.clone();
            let receiver = receiver.clone();
            let store = store.clone();
            let clock = clock.clone();
            let events = events.clone();
            // Supervised: a writer that panics is replaced, so intake never stays dead while the
            // server looks healthy. The callers of the batch it held see their reply channel
            // close (503, safe to retry with the same idempotency key).
            tokio::spawn(async move {
                loop {
                    let writer = tokio::spawn(write_batches(
                        receiver.clone(),
                        store.clone(),
                        clock.clone(),
                        events.clone(),
                        loaded_at.clone(),
                    ));
                    match writer.await {
                        Ok(()) => return, // the queue closed: the server is shutting down
                        Err(error) => {
                            tracing::error!(%error, "a response writer failed; starting a new one")
                        }
                    }
                }
            });
        }
        Self {
            queue,
            events,
            loaded_at,
        }
    }

    /// Whether responses have lately arrived faster than one commit at a time. Work that can
    /// wait (the analysis of open answers) gives way while this holds.
    pub fn under_load(&self, now_ms: i64) -> bool {
        now_ms - self.loaded_at.load(Ordering::Relaxed) < LOAD_WINDOW_MS
    }

    /// Stores one response and returns what happened once it is durable.
    pub async fn submit(&self, response: NewResponse) -> Result<BatchOutcome, IngestError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job { response, reply })
            .await
            .map_err(|_| IngestError::ShuttingDown)?;
        answer.await.map_err(|_| IngestError::ShuttingDown)?
    }

    /// Subscribes to committed responses (for live dashboards).
    pub fn subscribe(&self) -> broadcast::Receiver<ResponseEvent> {
        self.events.subscribe()
    }
}

async fn write_batches(
    receiver: Arc<Mutex<mpsc::Receiver<Job>>>,
    store: Store,
    clock: Clock,
    events: broadcast::Sender<ResponseEvent>,
    loaded_at: Arc<AtomicI64>,
) {
    loop {
        // Take the queue only to collect a batch, so another writer can collect the next one
        // while this one commits.
        let batch = {
            let mut receiver = receiver.lock().await;
            let Some(first) = receiver.recv().await else {
                return;
            };
            let mut batch = Vec::with_capacity(64);
            batch.push(first);
            while batch.len() < MAX_BATCH {
                match receiver.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            batch
        };
        // The responses move out of their jobs (no copy on the hot path); the replies stay.
        let (responses, replies): (Vec<NewResponse>, Vec<_>) = batch
            .into_iter()
            .map(|job| (job.response, job.reply))
            .unzip();
        let responses: Arc<[NewResponse]> = responses.into();
        if responses.len() >= LOADED_BATCH {
            loaded_at.store(clock(), Ordering::Relaxed);
        }
        let started = std::time::Instant::now();
        let mut result = store.write_batch(responses.clone(), clock()).await;
        tracing::debug!(
            size = responses.len(),
            micros = started.elapsed().as_micros() as u64,
            "batch committed"
        );
        if let Err(error) = &result {
            // One retry covers a transient failure (a busy database, a dropped connection);
            // the batch is all-or-nothing, so retrying cannot store anything twice.
            tracing::warn!(%error, size = responses.len(), "batch insert failed, retrying once");
            tokio::time::sleep(Duration::from_millis(50)).await;
            result = store.write_batch(responses.clone(), clock()).await;
        }
        match result {
            // The replies wait for the disk in a task of their own, so that the next batch is
            // written meanwhile (on SQLite; see `Store::write_batch`).
            Ok(written) => {
                tokio::spawn(acknowledge(written, responses, replies, events.clone()));
            }
            Err(error) => refuse(&error.to_string(), replies),
        }
    }
}

/// Answers the callers of a committed batch once it is durable.
async fn acknowledge(
    written: WrittenBatch,
    responses: Arc<[NewResponse]>,
    replies: Vec<oneshot::Sender<Result<BatchOutcome, IngestError>>>,
    events: broadcast::Sender<ResponseEvent>,
) {
    match written.durable().await {
        Ok(outcomes) => {
            for ((response, reply), outcome) in responses.iter().zip(replies).zip(outcomes) {
                if let BatchOutcome::Inserted { id } = outcome {
                    // Nobody listening is fine.
                    let _ = events.send(ResponseEvent {
                        workspace_id: response.workspace_id,
                        survey_id: response.survey_id,
                        response_id: id,
                    });
                }
                let _ = reply.send(Ok(outcome));
            }
        }
        Err(error) => refuse(&error.to_string(), replies),
    }
}

/// Tells the callers of a batch that it was not stored (or not confirmed durable).
fn refuse(message: &str, replies: Vec<oneshot::Sender<Result<BatchOutcome, IngestError>>>) {
    tracing::error!(error = message, size = replies.len(), "batch insert failed");
    for reply in replies {
        let _ = reply.send(Err(IngestError::Storage(message.to_owned())));
    }
}
