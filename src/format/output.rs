//! Writing output files so that nothing is lost: a write never replaces an input (every file
//! a command read, a scenario's whole chain of bases included), never replaces an existing
//! file unless asked, never turns a device, FIFO or symlink into a regular file, keeps the
//! permissions of the file it replaces, and never leaves a half-written file behind.
//!
//! A regular file is written to a temporary file beside it, synced, then renamed over the
//! target (atomic on POSIX). The temporary is named `.NAME.PID.entente.tmp`: it is removed on
//! error, on SIGINT/SIGTERM/SIGHUP (once the binary calls [`install_interrupt_cleanup`]), and a
//! later write of the same target removes those a killed process (SIGKILL) left behind. A
//! symlink is followed to its target, which is what is replaced. A character device or FIFO
//! (`/dev/null`, `/dev/stdout`, a named pipe) is written to directly: there is no file to
//! replace. A directory, socket or block device is refused.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why an output was not written.
#[derive(Debug)]
pub enum OutputError {
    /// The target is one of the files the command reads.
    IsInput { path: PathBuf, input: PathBuf },
    /// The target exists and overwriting was not asked for.
    Exists(PathBuf),
    /// The target is a directory, socket or block device.
    NotWritable { path: PathBuf, what: &'static str },
    /// Reading the target's metadata, or writing, failed.
    Io { path: PathBuf, error: io::Error },
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::IsInput { path, input } if path == input => write!(
                f,
                "{} is an input file: refusing to overwrite it (choose another output path)",
                path.display()
            ),
            OutputError::IsInput { path, input } => write!(
                f,
                "{} is the input file {}: refusing to overwrite it (choose another output path)",
                path.display(),
                input.display()
            ),
            OutputError::Exists(p) => {
                write!(f, "{} exists (pass --force to overwrite it)", p.display())
            }
            OutputError::NotWritable { path, what } => {
                write!(f, "{} is {what}: refusing to write to it", path.display())
            }
            OutputError::Io { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for OutputError {}

impl OutputError {
    /// Whether the user can fix it by choosing another path or `--force` (bad input), as
    /// opposed to a failure of the system.
    pub fn is_refusal(&self) -> bool {
        !matches!(self, OutputError::Io { .. })
    }
}

/// Where bytes for a path will go, decided before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file (new or replaced), written through a temporary file and a rename.
    /// The path is the symlink's target when the given path was a symlink.
    File(PathBuf),
    /// A character device or FIFO, written to directly.
    Stream(PathBuf),
}

/// Decides where a write to `path` goes, refusing any of `inputs` (compared by device and
/// inode, so a symlink or hard link to an input is refused too) and an existing regular file
/// unless `force`.
pub fn check(path: &Path, inputs: &[&Path], force: bool) -> Result<Target, OutputError> {
    let io_err = |error| OutputError::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(e)),
    };
    let Some(meta) = meta else {
        // New file, or a dangling symlink: create what the link points to.
        return Ok(Target::File(resolve_links(path).map_err(io_err)?));
    };
    for input in inputs {
        if let Ok(m) = std::fs::metadata(input)
            && same_file(&m, &meta)
        {
            return Err(OutputError::IsInput {
                path: path.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    // `/dev/stdout` redirected to a file is still the shell's stream: write through it
    // (a rename would cut an appending `>>` short), like any path under /dev or /proc.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return match kind_of(&meta) {
            Kind::Refused(what) => Err(OutputError::NotWritable {
                path: path.to_path_buf(),
                what,
            }),
            _ => Ok(Target::Stream(path.to_path_buf())),
        };
    }
    match kind_of(&meta) {
        Kind::Regular => {
            if !force {
                return Err(OutputError::Exists(path.to_path_buf()));
            }
            Ok(Target::File(resolve_links(path).map_err(io_err)?))
        }
        Kind::Stream => Ok(Target::Stream(path.to_path_buf())),
        Kind::Refused(what) => Err(OutputError::NotWritable {
            path: path.to_path_buf(),
            what,
        }),
    }
}

/// Writes `contents` to `path` after [`check`]: atomically for a regular file, directly for
/// a device or FIFO.
pub fn write(
    path: &Path,
    contents: &[u8],
    inputs: &[&Path],
    force: bool,
) -> Result<(), OutputError> {
    write_with(path, inputs, force, |w| w.write_all(contents))
}

/// Writes to `path` after [`check`] what `make` writes, as it writes it (through a buffer):
/// atomically for a regular file, which is replaced only if `make` succeeds, directly for a
/// device or FIFO.
pub fn write_with(
    path: &Path,
    inputs: &[&Path],
    force: bool,
    make: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let target = check(path, inputs, force)?;
    write_to(&target, make).map_err(|error| OutputError::Io {
        path: path.to_path_buf(),
        error,
    })
}

/// Writes what `make` writes to a checked target.
pub fn write_to(
    target: &Target,
    make: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = Streamed::open(target)?;
    make(out.writer())?;
    out.finish()
}

/// A checked target being written as its text is made, through a buffer: a regular file
/// through a temporary file renamed into place by [`Streamed::finish`] (removed if never
/// finished), a device or FIFO directly.
pub enum Streamed {
    File(io::BufWriter<AtomicFile>),
    Stream(io::BufWriter<File>),
}

impl Streamed {
    pub fn open(target: &Target) -> io::Result<Streamed> {
        let buffered = |f| io::BufWriter::with_capacity(1 << 20, f);
        Ok(match target {
            Target::File(p) => Streamed::File(buffered(AtomicFile::create(p)?)),
            Target::Stream(p) => Streamed::Stream(io::BufWriter::with_capacity(
                1 << 20,
                OpenOptions::new().write(true).open(p)?,
            )),
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Streamed::File(w) => w,
            Streamed::Stream(w) => w,
        }
    }

    /// Flushes, and for a regular file syncs and renames it into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Streamed::File(w) => w
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?
                .commit(),
            Streamed::Stream(mut w) => w.flush(),
        }
    }
}

/// Text made in pieces: handed to a writer a mebibyte at a time, or kept whole. Writers of
/// large documents make them through it, so that a file is written without the whole text
/// being held.
pub struct Pieces<'a> {
    text: String,
    sink: Option<&'a mut dyn Write>,
}

const PIECE: usize = 1 << 20;

impl Pieces<'_> {
    /// The whole text `make` makes.
    pub fn whole(make: impl FnOnce(&mut Pieces) -> io::Result<()>) -> String {
        let mut p = Pieces {
            text: String::new(),
            sink: None,
        };
        // Without a writer nothing can fail.
        let _ = make(&mut p);
        p.text
    }

    /// Writes what `make` makes to `sink`, a piece at a time.
    pub fn write(
        sink: &mut dyn Write,
        make: impl FnOnce(&mut Pieces) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut p = Pieces {
            text: String::with_capacity(PIECE + PIECE / 4),
            sink: Some(sink),
        };
        make(&mut p)?;
        p.hand_on()
    }

    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// The text gathered so far, for writers that append to a `String`.
    pub fn text(&mut self) -> &mut String {
        &mut self.text
    }

    /// At the end of an item: the text gathered goes to the writer once it is a mebibyte.
    pub fn item_done(&mut self) -> io::Result<()> {
        if self.text.len() >= PIECE {
            self.hand_on()?;
        }
        Ok(())
    }

    fn hand_on(&mut self) -> io::Result<()> {
        if let Some(w) = &mut self.sink {
            w.write_all(self.text.as_bytes())?;
            self.text.clear();
        }
        Ok(())
    }
}

impl std::fmt::Write for Pieces<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

/// Writes `contents` to `path` atomically (temporary file, sync, rename), replacing what is
/// there: the caller decided it may (see [`write`](fn@write) for the checked version). A symlink is
/// followed; an existing file's permissions are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(&resolve_links(path)?)?;
    f.write_all(contents)?;
    f.commit()
}

/// A regular file being written: bytes go to a temporary file beside the target, which
/// [`AtomicFile::commit`] renames over it. Dropped without a commit, the temporary file is
/// removed and the target is untouched.
pub struct AtomicFile {
    target: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
    slot: Option<usize>,
}

impl AtomicFile {
    /// Creates the temporary file for `target` (a path that is not a symlink), removing the
    /// temporaries earlier killed runs left for the same target.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        remove_stale_temps(&dir, &name);
        let existing = std::fs::metadata(target).ok();
        let tmp = dir.join(temp_name(&name, std::process::id()));
        // Registered before it exists, so an interrupt can never leave it behind.
        let slot = interrupt::register(&tmp);
        let file = match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => f,
            Err(e) => {
                if let Some(slot) = slot {
                    interrupt::unregister(slot);
                }
                return Err(e);
            }
        };
        let mut f = AtomicFile {
            target: target.to_path_buf(),
            tmp,
            file: Some(file),
            slot,
        };
        if let Some(meta) = existing {
            f.copy_owner_and_mode(&meta)?;
        }
        Ok(f)
    }

    /// The replaced file's permissions (and, for root, its owner) carry over to the new one.
    fn copy_owner_and_mode(&mut self, meta: &Metadata) -> io::Result<()> {
        let file = self.file.as_ref().expect("open until commit");
        file.set_permissions(meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            use std::os::unix::io::AsRawFd;
            // Only root can give a file away; for anyone else the owner is already right.
            // SAFETY: plain system calls on an open descriptor.
            unsafe {
                if libc::geteuid() == 0 {
                    libc::fchown(file.as_raw_fd(), meta.uid(), meta.gid());
                }
            }
        }
        Ok(())
    }

    /// Syncs and renames the temporary file over the target.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("open until commit");
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.tmp, &self.target)?;
        self.release_slot();
        Ok(())
    }

    fn release_slot(&mut self) {
        if let Some(slot) = self.slot.take() {
            interrupt::unregister(slot);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("open until commit").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("open until commit").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        self.release_slot();
    }
}

fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.entente.tmp")
}

/// Removes `.NAME.PID.entente.tmp` files in `dir` whose process is gone.
fn remove_stale_temps(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|r| r.strip_suffix(".entente.tmp"))
        else {
            continue;
        };
        let Ok(pid) = rest.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Follows symlinks (also dangling ones) to the path that is really written.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

enum Kind {
    Regular,
    Stream,
    Refused(&'static str),
}

fn kind_of(meta: &Metadata) -> Kind {
    let t = meta.file_type();
    if t.is_file() {
        return Kind::Regular;
    }
    if t.is_dir() {
        return Kind::Refused("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() || t.is_fifo() {
            return Kind::Stream;
        }
        if t.is_block_device() {
            return Kind::Refused("a block device");
        }
        if t.is_socket() {
            return Kind::Refused("a socket");
        }
    }
    Kind::Refused("not a regular file")
}

fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Removes the temporary files of writes in progress when the process is interrupted.
pub fn install_interrupt_cleanup() {
    interrupt::install();
}

/// The temporary files of writes in progress, in slots a signal handler can read: it may
/// only use async-signal-safe calls (`unlink`, `raise`), so no lock and no allocation. A
/// released path is leaked rather than freed, so a handler running on another thread never
/// reads freed memory (a command writes a handful of files).
mod interrupt {
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};

    const SLOTS: usize = 32;
    static PENDING: [AtomicPtr<libc::c_char>; SLOTS] =
        [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

    pub fn register(path: &Path) -> Option<usize> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
            let raw = c.into_raw();
            for (i, slot) in PENDING.iter().enumerate() {
                if slot
                    .compare_exchange(
                        std::ptr::null_mut(),
                        raw,
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    )
                    .is_ok()
                {
                    return Some(i);
                }
            }
            // All slots busy: a later run removes this one as stale.
            // SAFETY: `raw` came from `into_raw` above and was not shared.
            drop(unsafe { std::ffi::CString::from_raw(raw) });
            None
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }

    pub fn unregister(slot: usize) {
        PENDING[slot].store(std::ptr::null_mut(), Ordering::SeqCst);
    }

    #[cfg(unix)]
    extern "C" fn on_signal(sig: libc::c_int) {
        for slot in &PENDING {
            let p = slot.load(Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: the pointer is a leaked, never-freed C string.
                unsafe {
                    libc::unlink(p);
                }
            }
        }
        // SAFETY: restore the default action and re-raise, so the exit status says which
        // signal ended the process.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    pub fn install() {
        #[cfg(unix)]
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: the handler only reads atomics and calls async-signal-safe functions.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(sig, &action, std::ptr::null_mut());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn new_file_is_written_and_no_temp_is_left() {
        let d = dir();
        let p = d.path().join("out.txt");
        write(&p, b"hello", &[], false).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn existing_file_needs_force() {
        let d = dir();
        let p = d.path().join("out.txt");
        std::fs::write(&p, b"old").unwrap();
        assert!(matches!(
            write(&p, b"new", &[], false),
            Err(OutputError::Exists(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        write(&p, b"new", &[], true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn an_input_is_never_overwritten_even_through_a_link() {
        let d = dir();
        let input = d.path().join("in.ron");
        std::fs::write(&input, b"input").unwrap();
        let hard = d.path().join("hard.ron");
        std::fs::hard_link(&input, &hard).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&input, d.path().join("soft.ron")).unwrap();
        for p in [input.clone(), hard, d.path().join("soft.ron")] {
            let e = write(&p, b"x", &[&input], true).unwrap_err();
            assert!(matches!(e, OutputError::IsInput { .. }), "{p:?}: {e}");
        }
        assert_eq!(std::fs::read(&input).unwrap(), b"input");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_kept() {
        let d = dir();
        let real = d.path().join("real.txt");
        std::fs::write(&real, b"old").unwrap();
        let link = d.path().join("link.txt");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new", &[], true).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // A dangling link creates its target.
        let dangling = d.path().join("dangling.txt");
        std::os::unix::fs::symlink(d.path().join("made.txt"), &dangling).unwrap();
        write(&dangling, b"made", &[], false).unwrap();
        assert_eq!(std::fs::read(d.path().join("made.txt")).unwrap(), b"made");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir();
        let p = d.path().join("secret.txt");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(&p, b"new", &[], true).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_written_directly() {
        let d = dir();
        let null = Path::new("/dev/null");
        assert_eq!(
            check(null, &[], false).unwrap(),
            Target::Stream(null.into())
        );
        write(null, b"x", &[], false).unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::metadata(null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
        let fifo = d.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: plain system call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&fifo, b"through the pipe", &[], false).unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_directory_is_refused() {
        let d = dir();
        let e = write(d.path(), b"x", &[], true).unwrap_err();
        assert!(matches!(e, OutputError::NotWritable { .. }), "{e}");
    }

    #[test]
    fn a_dropped_write_leaves_nothing_and_stale_temps_are_removed() {
        let d = dir();
        let p = d.path().join("big.ron");
        {
            let mut f = AtomicFile::create(&p).unwrap();
            f.write_all(b"partial").unwrap();
        }
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
        // A temp of a process that no longer exists (pid beyond pid_max) is removed by the
        // next write of the same target; one of a live process (ours: pid 1) is kept.
        let stale = d.path().join(temp_name("big.ron", 4_194_999));
        let live = d.path().join(temp_name("big.ron", 1));
        std::fs::write(&stale, b"stale").unwrap();
        std::fs::write(&live, b"live").unwrap();
        write(&p, b"done", &[], false).unwrap();
        assert!(!stale.exists());
        assert!(live.exists());
    }

    /// A writer's text goes out a mebibyte or so at a time, the same text as made whole.
    #[test]
    fn pieces_hand_on_the_text_a_mebibyte_at_a_time() {
        let make = |s: &mut Pieces| -> io::Result<()> {
            for i in 0..100_000 {
                use std::fmt::Write as _;
                let _ = writeln!(s, "item {i:>24}");
                s.item_done()?;
            }
            s.push_str("end\n");
            Ok(())
        };
        struct Recorded(Vec<usize>, Vec<u8>);
        impl Write for Recorded {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.push(buf.len());
                self.1.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let whole = Pieces::whole(make);
        assert_eq!(whole.len(), 100_000 * 30 + 4);
        let mut sink = Recorded(Vec::new(), Vec::new());
        Pieces::write(&mut sink, make).unwrap();
        assert_eq!(sink.1, whole.as_bytes());
        let (last, full) = sink.0.split_last().unwrap();
        assert_eq!(full.len(), 2, "{:?}", sink.0);
        assert!(full.iter().all(|&n| (PIECE..PIECE + 30).contains(&n)));
        assert!(*last < PIECE);
        // A file is replaced only when the whole text was made.
        let d = dir();
        let p = d.path().join("out.txt");
        write(&p, b"before", &[], false).unwrap();
        let failed = write_with(&p, &[], true, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("stopped"))
        });
        assert!(matches!(failed, Err(OutputError::Io { .. })));
        assert_eq!(std::fs::read(&p).unwrap(), b"before");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
