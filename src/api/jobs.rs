//! Long work started through the API: imports and downloads, each on its
//! own thread with its own connection to the library, reporting progress
//! that clients poll (`GET /api/jobs/{id}`).
//!
//! A job writes through the same store as everything else, so its articles
//! reach the search index the next time the API catches up; reading and
//! searching go on while it runs (SQLite's WAL lets one writer and many
//! readers work at once).
//!
//! Downloads started here never say why a server could not be reached
//! ([`FetchOptions::opaque_errors`]): an API client must not learn from a
//! job's error which ports are open on the server's network.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use ts_rs::TS;

use crate::fetch::{self, FetchOptions, Plan};
use crate::import;
use crate::library::Library;
use crate::save::Report;

/// At most this many jobs run at once (each writes to the library; more
/// would only queue on its write lock).
pub const MAX_RUNNING: usize = 2;

/// What a job does.
// One per job: the plan's size (three URLs inline) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobSpec {
    /// Import saved pages and folders from this machine.
    Import {
        /// Files and folders.
        paths: Vec<PathBuf>,
    },
    /// Download what a plan names.
    Download(Plan),
}

/// What kind of work a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum JobKind {
    /// An import of files and folders.
    Import,
    /// A download (articles, a section, a feed, or the subscriptions).
    Fetch,
}

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Still working.
    Running,
    /// Finished (some articles may have failed: see the report).
    Done,
    /// Stopped by an error before it could finish.
    Failed,
}

/// A job as clients see it.
#[derive(Clone, Debug, Serialize, TS)]
pub struct Job {
    /// Its number, from 1.
    pub id: u64,
    /// An import or a download.
    pub kind: JobKind,
    /// Running, done or failed.
    pub state: JobState,
    /// Articles handled.
    pub done: usize,
    /// Articles known so far.
    pub total: usize,
    /// Bytes downloaded (fetch only).
    pub bytes: u64,
    /// What was saved and what failed, once finished.
    pub report: Option<Report>,
    /// Why the job stopped, when it failed.
    pub error: Option<super::ApiError>,
}

impl Job {
    /// A job of this kind that was refused before it started (number 0),
    /// for a shell that shows every start as a job.
    pub fn refused(kind: JobKind, error: super::ApiError) -> Job {
        Job {
            id: 0,
            kind,
            state: JobState::Failed,
            done: 0,
            total: 0,
            bytes: 0,
            report: None,
            error: Some(error),
        }
    }
}

/// The jobs started since the server started.
#[derive(Default)]
pub struct Jobs {
    jobs: Arc<Mutex<Vec<Job>>>,
}

impl Jobs {
    /// Every job, newest first.
    pub fn list(&self) -> Vec<Job> {
        let mut jobs = lock(&self.jobs).clone();
        jobs.reverse();
        jobs
    }

    /// One job.
    pub fn get(&self, id: u64) -> Option<Job> {
        lock(&self.jobs).iter().find(|j| j.id == id).cloned()
    }

    /// Starts a job on its own thread against the library in `root`; answers
    /// it as it starts, or [`crate::Error::Busy`] when [`MAX_RUNNING`] are
    /// running already.
    pub fn start(&self, root: PathBuf, spec: JobSpec, options: FetchOptions) -> crate::Result<Job> {
        let kind = match spec {
            JobSpec::Import { .. } => JobKind::Import,
            JobSpec::Download(_) => JobKind::Fetch,
        };
        self.start_with(kind, move |progress| run(&root, spec, options, progress))
    }

    /// Starts `work` as a job of this kind. A job that panics fails with
    /// that reason (it never stays "running", holding a place).
    fn start_with(
        &self,
        kind: JobKind,
        work: impl FnOnce(&dyn Fn(usize, usize, u64)) -> crate::Result<Report> + Send + 'static,
    ) -> crate::Result<Job> {
        let job = {
            let mut jobs = lock(&self.jobs);
            let running = jobs.iter().filter(|j| j.state == JobState::Running).count();
            if running >= MAX_RUNNING {
                return Err(crate::Error::Busy(format!(
                    "{running} imports or downloads are running; start another when one ends"
                )));
            }
            let job = Job {
                id: jobs.len() as u64 + 1,
                kind,
                state: JobState::Running,
                done: 0,
                total: 0,
                bytes: 0,
                report: None,
                error: None,
            };
            jobs.push(job.clone());
            job
        };
        let jobs = Arc::clone(&self.jobs);
        let id = job.id;
        std::thread::spawn(move || {
            let with_job = |f: &mut dyn FnMut(&mut Job)| {
                if let Some(job) = lock(&jobs).iter_mut().find(|j| j.id == id) {
                    f(job);
                }
            };
            let progress = |done, total, bytes| {
                with_job(&mut |job| {
                    (job.done, job.total, job.bytes) = (done, total, bytes);
                })
            };
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&progress)))
                    .unwrap_or_else(|panic| {
                        let why = panic
                            .downcast_ref::<&str>()
                            .map(|s| (*s).to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        Err(crate::Error::Internal(format!(
                            "the job stopped on a fault: {why}"
                        )))
                    });
            with_job(&mut |job| match outcome.as_ref() {
                Ok(report) => {
                    tracing::info!(
                        job = id,
                        ?kind,
                        imported = report.imported,
                        updated = report.updated,
                        unchanged = report.unchanged,
                        failed = report.failed.len(),
                        "job done"
                    );
                    job.state = JobState::Done;
                    job.report = Some(report.clone());
                }
                Err(e) => {
                    let error = super::ApiError::from(e);
                    tracing::warn!(job = id, ?kind, code = ?error.code, error = error.message, "job failed");
                    job.state = JobState::Failed;
                    job.error = Some(error);
                }
            });
        });
        Ok(job)
    }
}

fn lock(jobs: &Mutex<Vec<Job>>) -> std::sync::MutexGuard<'_, Vec<Job>> {
    jobs.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn run(
    root: &std::path::Path,
    spec: JobSpec,
    options: FetchOptions,
    progress: &dyn Fn(usize, usize, u64),
) -> crate::Result<Report> {
    let mut library = Library::open(root)?;
    match spec {
        JobSpec::Import { paths } => {
            import::import_paths(&mut library, &paths, &mut |p| progress(p.done, p.total, 0))
        }
        JobSpec::Download(plan) => {
            let options = FetchOptions {
                opaque_errors: true,
                ..options
            };
            fetch::download(&mut library, options, plan, &mut |p| {
                progress(p.done, p.total, p.bytes)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(jobs: &Jobs, id: u64) -> Job {
        for _ in 0..500 {
            let job = jobs.get(id).unwrap();
            if job.state != JobState::Running {
                return job;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("job {id} is still running");
    }

    #[test]
    fn a_job_that_panics_fails_and_frees_its_place() {
        let jobs = Jobs::default();
        for _ in 0..MAX_RUNNING + 1 {
            let job = jobs
                .start_with(JobKind::Fetch, |_| panic!("a fault in a download"))
                .expect("a place is free");
            let job = finished(&jobs, job.id);
            assert_eq!(job.state, JobState::Failed);
            let error = job.error.unwrap();
            assert_eq!(error.code, crate::ErrorCode::Internal);
            assert!(error.message.contains("a fault in a download"));
        }
        let job = jobs
            .start_with(JobKind::Import, |_| Ok(Report::default()))
            .unwrap();
        assert_eq!(finished(&jobs, job.id).state, JobState::Done);
    }
}
