//! The clock of the step timings: `std::time::Instant` where the platform
//! has one, and on `wasm32-unknown-unknown`, which has no OS to ask (its
//! `Instant::now()` panics), a clock that never moves. Only timings read it
//! (`StepTimings`, `Layout::time_ms`); no output depends on it, so the
//! WebAssembly build draws the same bytes with timings of zero.

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub(crate) use std::time::Instant;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub(crate) use stopped::Instant;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod stopped {
    use std::time::Duration;

    /// A moment on a clock that never moves.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Instant;

    impl Instant {
        /// Now, which is always the same moment.
        pub(crate) fn now() -> Instant {
            Instant
        }

        /// Time since `self`: none.
        pub(crate) fn elapsed(&self) -> Duration {
            Duration::ZERO
        }
    }
}
