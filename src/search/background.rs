//! The complete search on a thread of its own, so typing never waits for it.
//!
//! [`Background::ask`] hands the worker a query (and the index, shared); the next `ask` makes
//! the one before stale, and the worker's scan stops at its next look at the generation (every
//! thousand subjects or so). [`Background::poll`] returns the answer to the latest query once it
//! is ready. The worker keeps one [`Searcher`], so typing that extends a query re-checks only
//! the previous matches, as on the main thread.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, RwLock};

use super::{SearchIndex, SearchResult, Searcher};

/// The index as the main thread and the worker share it: the worker reads it while a query
/// runs; an update (a saved subject) waits for that query to stop.
pub type Shared = Arc<RwLock<SearchIndex>>;

struct Job {
    generation: u64,
    query: String,
    index: Shared,
}

/// A search worker thread.
pub struct Background {
    jobs: Sender<Job>,
    done: Receiver<(u64, String, SearchResult)>,
    /// The generation of the latest query: a scan of another one stops.
    latest: Arc<AtomicU64>,
    /// The query last asked, until its answer is polled.
    pending: Option<(u64, String)>,
}

impl std::fmt::Debug for Background {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Background")
            .field("pending", &self.pending)
            .finish()
    }
}

impl Default for Background {
    fn default() -> Self {
        Self::new()
    }
}

impl Background {
    /// Start the worker (it ends when this is dropped).
    pub fn new() -> Self {
        let (jobs, inbox) = channel::<Job>();
        let (outbox, done) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let wanted = Arc::clone(&latest);
        // If the thread cannot be started, every ask stays pending and the first page stands.
        let _ = std::thread::Builder::new()
            .name("spmp-search".into())
            .spawn(move || {
                let mut searcher = Searcher::new();
                while let Ok(mut job) = inbox.recv() {
                    // Only the latest query matters.
                    loop {
                        match inbox.try_recv() {
                            Ok(newer) => job = newer,
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    let generation = job.generation;
                    if wanted.load(Ordering::Acquire) != generation {
                        continue;
                    }
                    let stale = || wanted.load(Ordering::Relaxed) != generation;
                    let result = {
                        let index = job.index.read().unwrap_or_else(|e| e.into_inner());
                        searcher.query_until(&index, &job.query, Some(&stale))
                    };
                    if let Some(result) = result
                        && outbox.send((generation, job.query, result)).is_err()
                    {
                        return;
                    }
                }
            });
        Self {
            jobs,
            done,
            latest,
            pending: None,
        }
    }

    /// Search `index` for `query` in the background; whatever was asked before is dropped.
    pub fn ask(&mut self, index: &Shared, query: &str) {
        let generation = self.latest.load(Ordering::Relaxed) + 1;
        self.latest.store(generation, Ordering::Release);
        self.pending = Some((generation, query.to_string()));
        let _ = self.jobs.send(Job {
            generation,
            query: query.to_string(),
            index: Arc::clone(index),
        });
    }

    /// Drop the query asked (the search box was closed, or the index is about to change); a
    /// running scan stops.
    pub fn cancel(&mut self) {
        self.latest.fetch_add(1, Ordering::Release);
        self.pending = None;
    }

    /// Whether an answer is awaited.
    pub fn pending(&self) -> bool {
        self.pending.is_some()
    }

    /// The answer to the latest query, once ready: the query and its complete result.
    pub fn poll(&mut self) -> Option<(String, SearchResult)> {
        let mut answer = None;
        while let Ok((generation, query, result)) = self.done.try_recv() {
            if self.pending.as_ref().is_some_and(|(g, _)| *g == generation) {
                answer = Some((query, result));
            }
        }
        if answer.is_some() {
            self.pending = None;
        }
        answer
    }

    /// Wait up to `limit` for the answer to the latest query (tests and benchmarks).
    pub fn wait(&mut self, limit: std::time::Duration) -> Option<(String, SearchResult)> {
        let until = std::time::Instant::now() + limit;
        while self.pending() {
            if let Some(a) = self.poll() {
                return Some(a);
            }
            if std::time::Instant::now() >= until {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        None
    }
}
