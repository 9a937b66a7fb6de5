//! CPU work that can wait — analysing open answers, training sentiment models — on threads of
//! their own with a lower scheduling priority than the threads that answer requests.
//!
//! Under a burst of responses the server's cores are all busy. Intake must acknowledge at full
//! speed; analysis can catch up a few seconds later. On `spawn_blocking` threads the analysis had
//! the same priority as intake and took about a third of the CPU from it during a burst. Here
//! the kernel gives it what intake leaves (nice 10: about a tenth of a core's share while both
//! want it), and all of an idle core otherwise, so a quiet server still analyses a new answer at
//! once.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc;

/// How much nicer background threads are than the thread that started them (0 is the default
/// nice value, 19 the lowest priority).
pub const BACKGROUND_NICE: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// A thread that runs jobs one after another at the background priority. Cheap to clone.
#[derive(Clone)]
pub struct BackgroundWorker {
    jobs: mpsc::Sender<Job>,
}

/// A background job did not finish: it panicked, or the worker is gone.
#[derive(Debug, thiserror::Error)]
#[error("the background job {0}")]
pub struct BackgroundError(&'static str);

impl BackgroundWorker {
    /// Starts the thread `name`.
    pub fn start(name: &str) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                lower_this_threads_priority();
                // Ends when every sender is gone.
                for job in queue {
                    job();
                }
            })?;
        Ok(Self { jobs })
    }

    /// Runs `work` on the worker thread and returns its result. A panic in `work` is an error
    /// here; the thread goes on with the next job.
    pub async fn run<T, F>(&self, work: F) -> Result<T, BackgroundError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = reply.send(std::panic::catch_unwind(AssertUnwindSafe(work)));
            }))
            .map_err(|_| BackgroundError("could not start: the worker is gone"))?;
        match answer.await {
            Ok(Ok(result)) => Ok(result),
            Ok(Err(_panic)) => Err(BackgroundError("panicked")),
            Err(_) => Err(BackgroundError("was dropped")),
        }
    }
}

/// Gives the calling thread the background priority: [`BACKGROUND_NICE`] more than it had
/// (at most 19). On Linux the nice value belongs to each thread, so `setpriority` with the
/// thread's id leaves the rest of the process alone.
#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    // SAFETY: plain system calls on the calling thread's own id; no memory is shared.
    let result = unsafe {
        let thread = libc::gettid() as libc::id_t;
        let current = libc::getpriority(libc::PRIO_PROCESS, thread);
        libc::setpriority(
            libc::PRIO_PROCESS,
            thread,
            (current + BACKGROUND_NICE).min(19),
        )
    };
    if result != 0 {
        tracing::warn!(
            error = %std::io::Error::last_os_error(),
            "could not lower the priority of a background thread; it competes with requests"
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_jobs_and_survives_a_panic() {
        let worker = BackgroundWorker::start("test-background").unwrap();
        assert_eq!(worker.run(|| 2 + 2).await.unwrap(), 4);
        assert!(worker.run(|| panic!("a bug")).await.is_err());
        assert_eq!(worker.run(|| "still here").await.unwrap(), "still here");
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn its_thread_has_the_background_priority() {
        let worker = BackgroundWorker::start("test-nice").unwrap();
        let nice = worker
            .run(|| {
                // SAFETY: reads the calling thread's own nice value.
                unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
            })
            .await
            .unwrap();
        // SAFETY: as above, for this thread (the one that started the worker).
        let here = unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) };
        assert_eq!(nice, (here + BACKGROUND_NICE).min(19));
    }
}
