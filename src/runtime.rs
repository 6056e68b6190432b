//! The async runtime that downloads and the server run on: one kind,
//! built in one place, sized for a laptop (two worker threads: network
//! work waits far more than it computes).

/// A multi-threaded tokio runtime with timers and I/O.
pub fn build() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}
