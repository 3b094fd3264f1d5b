//! The WebAssembly exports that `npm/mmdflow.js` calls: a hand-written ABI
//! of four functions moving UTF-8 text through linear memory. Built only
//! for `target_arch = "wasm32"` with the `wasm` feature
//! (`scripts/build-wasm.sh`), so a Rust program that depends on mmdflow and
//! targets wasm itself gets no exports it did not ask for.
//!
//! One call, from the host's side:
//!
//! 1. `mmdflow_request(len) -> ptr`: the request buffer is made `len` bytes
//!    long; the host writes the request's UTF-8 JSON at `ptr`.
//! 2. `mmdflow_call() -> len`: runs the request
//!    ([`crate::json_api::call_split`]) and keeps its reply: `len` bytes of
//!    JSON, then the drawing (SVG or layout JSON), if any, as it is.
//! 3. `mmdflow_reply() -> ptr`: where the reply is; it stays there until the
//!    next `mmdflow_request`.
//! 4. `mmdflow_reply_len() -> len`: the JSON's and the drawing's length.
//!
//! Why not wasm-bindgen: the API is one JSON call, so its generated glue
//! would buy nothing, and its CLI (which must match the crate's version
//! exactly) is a long compile; these four exports and 140 lines of
//! JavaScript are the whole boundary.
//!
//! No `unsafe` block: the buffers are ordinary `Vec`s that the host writes
//! into and reads from between calls, when no Rust reference to them is
//! alive, as a C caller would with a buffer it was handed. The exports'
//! unmangled names are what the `unsafe_code` lint flags (two symbols of
//! the same name would clash at link time), hence the `allow` on this
//! module.

use crate::json_api::Drawing;
use std::cell::RefCell;

thread_local! {
    /// The request the host writes; WebAssembly here has one thread.
    static REQUEST: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The last reply.
    static REPLY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes the request buffer `len` bytes long (zeros) and returns its
/// address, for the host to write the request into.
#[unsafe(no_mangle)]
pub extern "C" fn mmdflow_request(len: usize) -> *mut u8 {
    REQUEST.with_borrow_mut(|request| {
        request.clear();
        request.resize(len, 0);
        request.as_mut_ptr()
    })
}

/// Runs the request in the request buffer, keeps its reply's JSON and
/// drawing one after the other, and returns the JSON's length.
#[unsafe(no_mangle)]
pub extern "C" fn mmdflow_call() -> usize {
    let reply = REQUEST.with_borrow(|request| crate::json_api::call_split(request));
    REPLY.with_borrow_mut(|kept| {
        kept.clear();
        kept.extend_from_slice(reply.json.as_bytes());
        match &reply.drawing {
            Some(Drawing::Svg(text) | Drawing::Layout(text)) => kept.extend_from_slice(text.as_bytes()),
            None => {}
        }
        reply.json.len()
    })
}

/// Length of the last reply: its JSON and its drawing.
#[unsafe(no_mangle)]
pub extern "C" fn mmdflow_reply_len() -> usize {
    REPLY.with_borrow(|reply| reply.len())
}

/// Where the last reply starts.
#[unsafe(no_mangle)]
pub extern "C" fn mmdflow_reply() -> *const u8 {
    REPLY.with_borrow(|reply| reply.as_ptr())
}
