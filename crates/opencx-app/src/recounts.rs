//! The recounts of rollups after a workspace's time zone changed, run in the background a chunk
//! per transaction (decision record 0026), so that intake never waits for more than one chunk.
//!
//! One task per process looks for recounts under way when the server starts (a recount
//! interrupted by a restart goes on from where it was) and whenever a zone changes; each
//! workspace's recount runs in a task of its own. Between two chunks the task pauses for as long
//! as the chunk took (at least [`MIN_PAUSE`]): intake's batch writer, which polls for the write
//! lock every 100 µs, then always finds it free, and a recount takes at most about half of the
//! database's write time.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use opencx_store::{RECOUNT_CHUNK, RecountStep, Store, StoreResult};
use tokio::sync::Notify;

/// The shortest pause between two chunks of a recount.
pub const MIN_PAUSE: Duration = Duration::from_millis(2);
/// How often the recounts under way are looked for without being told (a recount that failed,
/// for example because the database was unreachable, is tried again then).
const RECHECK: Duration = Duration::from_secs(300);
/// The pause before a recount that failed is tried again.
const RETRY: Duration = Duration::from_secs(5);

/// The background recounts of a process. Cheap to share.
pub struct Recounts {
    wake: Notify,
    /// Responses looked at per transaction.
    chunk: i64,
    /// Workspaces whose recount runs in this process now.
    running: Mutex<HashSet<i64>>,
}

impl Default for Recounts {
    fn default() -> Self {
        Self::new(RECOUNT_CHUNK)
    }
}

impl Recounts {
    /// Recounts of `chunk` responses per transaction (at least 1).
    pub fn new(chunk: i64) -> Self {
        Self {
            wake: Notify::new(),
            chunk: chunk.max(1),
            running: Mutex::new(HashSet::new()),
        }
    }

    /// Says a recount was recorded: the background task starts it now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts the task that runs the recounts of `store`, until the store is closed.
    pub(crate) fn spawn(self: &Arc<Self>, store: Store) {
        let recounts = self.clone();
        tokio::spawn(async move {
            loop {
                if store.is_closed() {
                    return;
                }
                match store.pending_recounts().await {
                    Ok(workspaces) => {
                        for workspace_id in workspaces {
                            recounts.start(&store, workspace_id);
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "could not look for time-zone recounts under way")
                    }
                }
                tokio::select! {
                    () = recounts.wake.notified() => {}
                    () = tokio::time::sleep(RECHECK) => {}
                }
            }
        });
    }

    /// Runs a workspace's recount in a task of its own, unless it already runs here.
    fn start(self: &Arc<Self>, store: &Store, workspace_id: i64) {
        let fresh = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(workspace_id);
        if !fresh {
            return;
        }
        let (recounts, store) = (self.clone(), store.clone());
        tokio::spawn(async move {
            let started = Instant::now();
            let result = run(&store, workspace_id, recounts.chunk).await;
            recounts
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&workspace_id);
            match result {
                Ok(()) => tracing::info!(
                    workspace_id,
                    ms = started.elapsed().as_millis() as u64,
                    "time-zone recount finished"
                ),
                Err(error) => {
                    tracing::warn!(workspace_id, %error, "time-zone recount failed; retrying");
                    tokio::time::sleep(RETRY).await;
                }
            }
            // A change of zone just after the last chunk found this task still running and
            // left the new recount to it: look again.
            recounts.wake();
        });
    }
}

/// Walks a workspace's recount to its end, pausing between chunks (see the module doc).
async fn run(store: &Store, workspace_id: i64, chunk: i64) -> StoreResult<()> {
    loop {
        let started = Instant::now();
        match store.recount_step(workspace_id, chunk).await? {
            RecountStep::Finished => return Ok(()),
            RecountStep::Walked(progress) => {
                let took = started.elapsed();
                tracing::debug!(
                    workspace_id,
                    done = progress.done,
                    total = progress.total,
                    moved = progress.moved,
                    us = took.as_micros() as u64,
                    "time-zone recount: a chunk walked"
                );
                tokio::time::sleep(took.max(MIN_PAUSE)).await;
            }
        }
    }
}
