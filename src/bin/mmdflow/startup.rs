//! The process entry point.
//!
//! A small diagram's whole run is mostly process start-up (README,
//! Benchmarks). On Linux/glibc, std's runtime set-up before `main` reads
//! and parses `/proc/self/maps` to find the main thread's stack guard, then
//! maps an alternate signal stack and installs SIGSEGV/SIGBUS handlers to
//! print "stack overflow": about 75,000 instructions and a dozen system
//! calls, a tenth of the seed's whole run. The command has no use for them:
//! it never recurses without a depth limit (the parser and layout bound
//! nesting), and an overflow would still stop the process, only without
//! std's message. So the binary is `no_main` there, and this entry point
//! does the two things std's set-up does that the command relies on:
//!
//! - standard descriptors 0–2 that were closed are opened on `/dev/null`,
//!   so that a file the command opens can never become descriptor 1 or 2
//!   and receive what is printed;
//! - SIGPIPE is ignored, so a closed pipe is a `BrokenPipe` error that
//!   `main` handles, not a silent kill.
//!
//! `std::env::args` still works: glibc hands argv to std through
//! `.init_array`. Standard output is flushed before returning, as std's
//! exit path would.
//!
//! Elsewhere, and in the unit tests (whose harness has its own entry
//! point), `main` is the ordinary Rust one in `main.rs`.
#![cfg(all(target_os = "linux", target_env = "gnu", not(test)))]

use std::process::ExitCode;

#[no_mangle]
pub extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    reopen_closed_standard_descriptors();
    // SAFETY: setting a signal's disposition to SIG_IGN has no
    // preconditions; no other thread exists yet.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    let code = exit_status(super::run_command());
    use std::io::Write;
    let _ = std::io::stdout().flush();
    code
}

/// The numeric status of an `ExitCode` (std gives no conversion): the
/// command only ever returns success or `ExitCode::from(n)`.
fn exit_status(code: ExitCode) -> libc::c_int {
    (0..=u8::MAX).find(|&n| ExitCode::from(n) == code).map_or(1, libc::c_int::from)
}

/// std's own check (library/std/src/sys/pal/unix/mod.rs): one `poll` on
/// descriptors 0–2; any that is not open is opened on `/dev/null`.
fn reopen_closed_standard_descriptors() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd { fd, events: 0, revents: 0 });
    // SAFETY: `fds` is a valid array of three pollfd for the call's length.
    if unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) } == -1 {
        return;
    }
    for pfd in fds.iter().filter(|pfd| pfd.revents & libc::POLLNVAL != 0) {
        // SAFETY: a NUL-terminated path; `open` returns the lowest free
        // descriptor, which is the closed one (lower ones are open).
        let fd = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        if fd != pfd.fd {
            // SAFETY: writes no memory; aborting is std's reaction too.
            unsafe { libc::abort() };
        }
    }
}
