//! Writing outputs: regular files atomically, everything else directly.
//!
//! A regular file (or a path that does not exist yet) is written through a
//! temporary file in the same folder and a rename, so readers see the old
//! file or the whole new one, and a failure never leaves a partial file or
//! clobbers the existing one. The temporary file has a random name and is
//! created exclusively (`O_EXCL`, by the `tempfile` crate), so a symbolic link
//! planted under a predictable name cannot redirect the write, parallel jobs
//! and processes never share one, and its name is short enough for any legal
//! output name.
//!
//! Anything else that already exists at the path (a character device such as
//! `/dev/null`, a FIFO, a socket, `/dev/stdout` and the other `/dev/fd`
//! links) is opened and written in place: renaming over it would replace the
//! device or pipe with a regular file (as root, `-o /dev/null` would destroy
//! `/dev/null`), and the reader at the other end would get nothing.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` (see the module notes). Missing parent folders
/// of a regular file are created.
///
/// No fsync: the rename already gives readers all-or-nothing, and syncing
/// every file of a large batch would cost more than the rendering.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if is_stream(path) {
        return write_in_place(path, bytes);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = temp_builder().tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // On failure the temporary file is removed when `tmp` (or the error
    // holding it) is dropped.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The temporary file's name: hidden, short, random.
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".mmdflow-").suffix(".tmp").rand_bytes(8);
    // Created as `File::create` would create the output (0666 less the
    // umask), not tempfile's private 0600, so the renamed output keeps the
    // permissions users expect.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

/// True when `path` exists and is not a regular file once symbolic links
/// are followed (a device, FIFO or socket), or names a process's own file
/// descriptors (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`), which stand
/// for whatever the descriptor is open on, a regular file included.
pub fn is_stream(path: &Path) -> bool {
    let fd_alias = ["/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"]
        .iter()
        .any(|p| path.to_str().is_some_and(|s| s == p.trim_end_matches('/') || (p.ends_with('/') && s.starts_with(p))));
    fd_alias || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens an existing stream and writes to it, without creating or
/// truncating anything (a device or pipe has nothing to truncate; a
/// descriptor alias open on a file was truncated by whoever opened it).
fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path == Path::new("/dev/stdout") || path == Path::new("/dev/fd/1") || path == Path::new("/proc/self/fd/1") {
        // The process's own standard output: write to it, so `-o /dev/stdout`
        // works for any user and whatever stdout is (a pipe, a file opened
        // for appending, a terminal).
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        return out.flush();
    }
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.svg");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming a file onto a non-empty folder fails.
        let target = dir.path().join("out.svg");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), b"x").unwrap();
        assert!(write_atomic(&target, b"new").is_err());
        assert!(target.join("keep").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn longest_legal_name_works() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(format!("{}.svg", "n".repeat(251)));
        write_atomic(&p, b"x").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn output_is_readable_as_file_create_would_make_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let made = dir.path().join("made");
        std::fs::File::create(&made).unwrap();
        let p = dir.path().join("a.svg");
        write_atomic(&p, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), mode(&made));
    }

    #[test]
    fn streams_are_recognised() {
        assert!(is_stream(Path::new("/dev/null")));
        assert!(is_stream(Path::new("/dev/stdout")));
        assert!(is_stream(Path::new("/proc/self/fd/1")));
        assert!(!is_stream(Path::new("/nonexistent/x.svg")));
        assert!(!is_stream(Path::new("out.svg")));
    }
}
