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

use crate::fetch::{Crawl, FetchOptions, Fetcher};
use crate::import::{self, Report};
use crate::library::Library;

/// At most this many jobs run at once (each writes to the library; more
/// would only queue on its write lock).
pub const MAX_RUNNING: usize = 2;

/// What a job does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobSpec {
    /// Import saved pages and folders from this machine.
    Import {
        /// Files and folders.
        paths: Vec<PathBuf>,
    },
    /// Download articles, a section (following its pager) or a feed.
    Fetch {
        /// Article URLs.
        urls: Vec<url::Url>,
        /// A section's first listing page.
        section: Option<url::Url>,
        /// An RSS or Atom feed.
        feed: Option<url::Url>,
        /// At most this many articles from the section or feed.
        limit: Option<usize>,
    },
    /// Download what is new in every followed section and feed.
    Update,
}

impl JobSpec {
    /// A download from URLs as given by a client: each must be an absolute
    /// http or https URL.
    pub fn fetch(
        urls: &[String],
        section: Option<&str>,
        feed: Option<&str>,
        limit: Option<usize>,
    ) -> Result<JobSpec, super::ApiError> {
        let parse = http_url;
        Ok(JobSpec::Fetch {
            urls: urls.iter().map(|u| parse(u)).collect::<Result<_, _>>()?,
            section: section.map(parse).transpose()?,
            feed: feed.map(parse).transpose()?,
            limit,
        })
    }
}

/// An absolute http or https URL, as a client gave it.
pub fn http_url(s: &str) -> Result<url::Url, super::ApiError> {
    url::Url::parse(s.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| super::bad(format!("{s:?} is not an http or https URL")))
}

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, Serialize)]
pub struct Job {
    /// Its number, from 1.
    pub id: u64,
    /// `import` or `fetch`.
    pub kind: &'static str,
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
    pub error: Option<String>,
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
                kind: match spec {
                    JobSpec::Import { .. } => "import",
                    JobSpec::Fetch { .. } | JobSpec::Update => "fetch",
                },
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
            let outcome = run(&root, spec, options, &progress);
            with_job(&mut |job| match &outcome {
                Ok(report) => {
                    job.state = JobState::Done;
                    job.report = Some(report.clone());
                }
                Err(e) => {
                    job.state = JobState::Failed;
                    job.error = Some(import::error_chain(e));
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
        spec => {
            let fetcher = Fetcher::new(FetchOptions {
                opaque_errors: true,
                ..options
            })?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(crate::Error::io(root))?;
            let mut crawl = Crawl::new(fetcher, &mut library);
            runtime.block_on(async {
                let planned = if let JobSpec::Fetch {
                    mut urls,
                    section,
                    feed,
                    limit,
                } = spec
                {
                    if let Some(section) = &section {
                        urls.extend(crawl.section(section, limit, None, false).await?);
                    }
                    if let Some(feed) = &feed {
                        urls.extend(crawl.feed(feed, limit, false).await?);
                    }
                    urls
                } else {
                    crawl.updates().await?
                };
                crawl
                    .articles(planned, &mut |p| progress(p.done, p.total, p.bytes))
                    .await
            })?;
            Ok(crawl.report)
        }
    }
}
