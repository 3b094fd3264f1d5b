//! Reading inputs with a size limit: files, standard input, option files
//! and fonts all come through [`read_limited`], so no input (a FIFO with an
//! endless writer, `/dev/zero`, a symlink to either) is read past its limit.
//! File metadata alone cannot tell: a FIFO or a device reports length 0.

use std::io::Read;
use std::path::Path;

/// What a bounded read found.
#[derive(Debug, PartialEq, Eq)]
pub enum Bounded {
    /// All of the input, no more than the limit.
    Complete(Vec<u8>),
    /// The input goes on past the limit; nothing of it is kept.
    OverLimit,
}

/// Reads `reader` to its end, but never more than `limit` bytes (one more
/// is read to tell "exactly the limit" from "more").
///
/// ```
/// use mmdflow::input::{read_limited, Bounded};
/// assert_eq!(read_limited(&b"abc"[..], 3).unwrap(), Bounded::Complete(b"abc".to_vec()));
/// assert_eq!(read_limited(std::io::repeat(0), 1000).unwrap(), Bounded::OverLimit);
/// ```
///
/// # Errors
///
/// The reader's errors.
pub fn read_limited(reader: impl Read, limit: usize) -> std::io::Result<Bounded> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Bounded::OverLimit);
    }
    Ok(Bounded::Complete(bytes))
}

/// [`read_limited`] on the file at `path`. A regular file whose length is
/// already over the limit is refused before it is read.
///
/// # Errors
///
/// Opening or reading the file.
pub fn read_file_limited(path: &Path, limit: usize) -> std::io::Result<Bounded> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Ok(Bounded::OverLimit);
    }
    read_limited(file, limit)
}
