//! Durable response intake with group commit.
//!
//! Callers hand a validated response to the [`Ingestor`] and wait. Writer tasks take whatever has
//! queued up — one response when the server is quiet, hundreds under load — and store it in one
//! transaction; each caller is answered only after that transaction has committed. So an
//! acknowledged response is always durable, and the cost of a commit (an fsync) is shared by the
//! whole batch instead of paid per response.
//!
//! On SQLite the batches are written by a thread of their own and flushed by another, off the
//! async runtime: a batch sent through the runtime to a blocking thread and back, twice, waited
//! in its queues behind the HTTP tasks for about as long as it took to write (decision record
//! 0027). On PostgreSQL, whose writes are asynchronous, writer tasks do the same work.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use opencx_store::{BatchOutcome, BlockingWriter, NewResponse, Store, WrittenBatch};
use tokio::sync::{Mutex, Notify, broadcast, mpsc, oneshot};

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
    reply: Reply,
}

/// Where a caller waits for what happened to its response.
type Reply = oneshot::Sender<Result<BatchOutcome, IngestError>>;

/// A batch at least this large means responses arrive faster than one commit at a time: intake
/// is under load.
const LOADED_BATCH: usize = 8;
/// How long intake counts as under load after such a batch, in milliseconds.
const LOAD_WINDOW_MS: i64 = 200;

/// What the writers tell the rest of the app about their work.
struct Activity {
    /// When the last batch of at least [`LOADED_BATCH`] responses was written (Unix ms).
    loaded_at: AtomicI64,
    /// Raised after each committed batch.
    committed: Notify,
}

/// Queue in front of the writer tasks.
#[derive(Clone)]
pub struct Ingestor {
    queue: mpsc::Sender<Job>,
    events: broadcast::Sender<ResponseEvent>,
    activity: Arc<Activity>,
}

impl Ingestor {
    /// Starts the writers over the store: on SQLite a writer thread and a flusher thread (see
    /// the module's documentation); on PostgreSQL `writers` writer tasks, which commit in
    /// parallel. Fails only when a thread cannot be started.
    pub fn start(store: Store, clock: Clock, writers: usize) -> std::io::Result<Self> {
        let (queue, receiver) = mpsc::channel::<Job>(QUEUE_DEPTH);
        let (events, _) = broadcast::channel(4096);
        let activity = Arc::new(Activity {
            loaded_at: AtomicI64::new(i64::MIN / 2),
            committed: Notify::new(),
        });
        let ingestor = Self {
            queue,
            events: events.clone(),
            activity: activity.clone(),
        };
        if let Some(writer) = store.blocking_writer() {
            start_threads(writer, receiver, clock, events, activity)?;
            return Ok(ingestor);
        }
        let receiver = Arc::new(Mutex::new(receiver));
        for _ in 0..writers.max(1) {
            let activity = activity.clone();
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
                        activity.clone(),
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
        Ok(ingestor)
    }

    /// Whether responses have lately arrived faster than one commit at a time. Work that can
    /// wait (the analysis of open answers) gives way while this holds.
    pub fn under_load(&self, now_ms: i64) -> bool {
        now_ms - self.activity.loaded_at.load(Ordering::Relaxed) < LOAD_WINDOW_MS
    }

    /// Returns once a batch has been committed since the last call returned (at once if one
    /// was meanwhile): work that follows intake (folding the rollup journal) waits on this
    /// instead of polling.
    pub async fn committed(&self) {
        self.activity.committed.notified().await
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
    activity: Arc<Activity>,
) {
    loop {
        // Take the queue only to collect a batch, so another writer can collect the next one
        // while this one commits.
        let batch = {
            let mut receiver = receiver.lock().await;
            let Some(first) = receiver.recv().await else {
                return;
            };
            batch_from(first, &mut receiver)
        };
        let (responses, replies) = split_batch(batch, &clock, &activity);
        let responses: Arc<[NewResponse]> = responses.into();
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
            tokio::time::sleep(RETRY_AFTER).await;
            result = store.write_batch(responses.clone(), clock()).await;
        }
        match result {
            // On PostgreSQL (this path) a written batch is already durable.
            Ok(written) => {
                activity.committed.notify_one();
                answer(written.durable().await, &responses, replies, &events)
            }
            Err(error) => refuse(&error.to_string(), replies),
        }
    }
}

/// How long a writer waits before it tries a failed batch once more.
const RETRY_AFTER: Duration = Duration::from_millis(50);

/// The responses of a batch, moved out of their jobs (no copy on the hot path), and their
/// callers' replies; marks intake as under load when the batch is large.
fn split_batch(
    batch: Vec<Job>,
    clock: &Clock,
    activity: &Activity,
) -> (Vec<NewResponse>, Vec<Reply>) {
    if batch.len() >= LOADED_BATCH {
        activity.loaded_at.store(clock(), Ordering::Relaxed);
    }
    batch
        .into_iter()
        .map(|job| (job.response, job.reply))
        .unzip()
}

/// Answers the callers of a batch with what its flush came to.
fn answer(
    durable: opencx_store::StoreResult<Vec<BatchOutcome>>,
    responses: &[NewResponse],
    replies: Vec<Reply>,
    events: &broadcast::Sender<ResponseEvent>,
) {
    match durable {
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
fn refuse(message: &str, replies: Vec<Reply>) {
    tracing::error!(error = message, size = replies.len(), "batch insert failed");
    for reply in replies {
        let _ = reply.send(Err(IngestError::Storage(message.to_owned())));
    }
}

/// A batch committed by the writer thread, on its way to the flusher thread.
struct Flush {
    written: WrittenBatch,
    responses: Vec<NewResponse>,
    replies: Vec<Reply>,
}

impl Flush {
    /// Waits until the batch is on disk and answers its callers. Blocks.
    fn answer(self, events: &broadcast::Sender<ResponseEvent>) {
        answer(
            self.written.wait_durable(),
            &self.responses,
            self.replies,
            events,
        );
    }
}

/// Starts SQLite's writer and flusher threads. The writer takes a batch from the queue, commits
/// it and hands it to the flusher, which flushes the log and answers the batch's callers in
/// commit order while the writer commits the next one; one flush covers every batch committed
/// before it began. The threads end when the queue closes (every [`Ingestor`] dropped), the
/// flusher once it has answered every batch handed to it.
///
/// A panic while handling one batch leaves its callers without an answer (503, safe to retry
/// with the same idempotency key) and the thread goes on with the next, as the supervised
/// writer task is replaced on PostgreSQL; were the flusher ever gone, the writer flushes its
/// batches itself.
fn start_threads(
    writer: BlockingWriter,
    mut receiver: mpsc::Receiver<Job>,
    clock: Clock,
    events: broadcast::Sender<ResponseEvent>,
    activity: Arc<Activity>,
) -> std::io::Result<()> {
    let (to_flusher, flushes) = std::sync::mpsc::channel::<Flush>();
    let flusher_events = events.clone();
    std::thread::Builder::new()
        .name("opencx-flush".into())
        .spawn(move || {
            for flush in flushes {
                if std::panic::catch_unwind(AssertUnwindSafe(|| flush.answer(&flusher_events)))
                    .is_err()
                {
                    tracing::error!("answering a batch of responses failed");
                }
            }
        })?;
    std::thread::Builder::new()
        .name("opencx-intake".into())
        .spawn(move || {
            while let Some(batch) = next_batch_blocking(&mut receiver) {
                let handled = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let flush = write_blocking(&writer, batch, &clock, &activity)?;
                    if let Err(std::sync::mpsc::SendError(flush)) = to_flusher.send(flush) {
                        flush.answer(&events);
                    }
                    Some(())
                }));
                if handled.is_err() {
                    tracing::error!("a batch of responses failed; its callers were told to retry");
                }
            }
        })?;
    Ok(())
}

/// Commits a batch on the writer thread (once more after 50 ms if it fails, as in
/// `write_batches`): the batch to flush, or `None` once its callers have been told it failed.
fn write_blocking(
    writer: &BlockingWriter,
    batch: Vec<Job>,
    clock: &Clock,
    activity: &Activity,
) -> Option<Flush> {
    let (responses, replies) = split_batch(batch, clock, activity);
    let mut result = write_guarded(writer, &responses, clock());
    if let Err(error) = &result {
        tracing::warn!(%error, size = responses.len(), "batch insert failed, retrying once");
        std::thread::sleep(RETRY_AFTER);
        result = write_guarded(writer, &responses, clock());
    }
    match result {
        Ok(written) => {
            activity.committed.notify_one();
            Some(Flush {
                written,
                responses,
                replies,
            })
        }
        Err(error) => {
            refuse(&error, replies);
            None
        }
    }
}

/// Waits for a response and makes a batch of it (see [`batch_from`]); `None` once the queue is
/// closed and empty. Blocks: for the writer thread only.
fn next_batch_blocking(receiver: &mut mpsc::Receiver<Job>) -> Option<Vec<Job>> {
    let first = receiver.blocking_recv()?;
    Some(batch_from(first, receiver))
}

/// A batch of `first` and every response already queued after it, up to [`MAX_BATCH`].
fn batch_from(first: Job, receiver: &mut mpsc::Receiver<Job>) -> Vec<Job> {
    let mut batch = Vec::with_capacity(64);
    batch.push(first);
    while batch.len() < MAX_BATCH {
        match receiver.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch
}

/// Writes a batch, turning a panic of the writer into an error: the thread goes on with the next
/// batch, and the callers of this one are told it was not stored (a panic inside the
/// transaction rolls it back as the stack unwinds).
fn write_guarded(
    writer: &BlockingWriter,
    responses: &[NewResponse],
    now_ms: i64,
) -> Result<WrittenBatch, String> {
    match std::panic::catch_unwind(AssertUnwindSafe(|| writer.write_batch(responses, now_ms))) {
        Ok(result) => result.map_err(|error| error.to_string()),
        Err(_) => Err("the batch writer failed".to_owned()),
    }
}
