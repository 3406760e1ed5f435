//! A large file's text mapped into memory instead of read into it (issue 21).
//!
//! Read into a `String`, a graph file's text stays resident while the graph is built from it,
//! and it is about as large as that graph. Mapped read-only (`mmap(2)`, `MAP_PRIVATE`), its
//! pages belong to the kernel's page cache: the loader hands back each stretch it has read
//! (`madvise(MADV_DONTNEED)`), so the process's resident memory holds only what is being
//! parsed, and a page read again later (a diagnostic's snippet, a field found again for a
//! relation with a problem) is faulted back in from the file, unchanged.
//!
//! The price is the one of every mapped file: a program that truncates or rewrites the file
//! while entente reads it makes the reads see the new bytes (or fail with `SIGBUS` past a
//! truncated end). Only regular files of at least [`MIN_MAPPED`] bytes are mapped; the rest,
//! and any file that cannot be mapped or is not UTF-8, are read as before.

use std::ops::Range;
use std::path::Path;

/// Files smaller than this are read: their text is small next to the process itself.
pub const MIN_MAPPED: u64 = 8 << 20;

/// How much text is checked (UTF-8) in one go before it is handed back.
pub const RELEASE_STEP: usize = 4 << 20;

/// How much text a part of a streamed list parses before handing it back. A large list is
/// parsed in chunks of a megabyte on several threads, each handing back its own text when
/// it ends ([`crate::format::ron::parse::Streamer::end`]; without that the whole text was
/// resident at the peak, issue 21), so this step matters to a list read on one thread.
/// Each hand-back is a system call that flushes the other threads' TLBs: at 64 kB they were
/// 4 % of the load's CPU time.
pub const PARSE_RELEASE_STEP: usize = 1 << 20;

/// A file's text, mapped; checked to be UTF-8 when opened.
pub struct MappedText {
    ptr: *mut libc::c_void,
    len: usize,
}

// SAFETY: the mapping is read-only and owned by this value; reading it from several threads
// is reading shared immutable memory.
unsafe impl Send for MappedText {}
unsafe impl Sync for MappedText {}

impl MappedText {
    /// Maps the file at `path` if it is a regular file of at least [`MIN_MAPPED`] bytes
    /// holding UTF-8; `None` otherwise (the caller reads it, and reports why it cannot).
    #[cfg(unix)]
    pub fn open(path: &Path) -> Option<MappedText> {
        use std::os::unix::io::AsRawFd;
        let file = std::fs::File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() < MIN_MAPPED {
            return None;
        }
        let len = usize::try_from(meta.len()).ok()?;
        // SAFETY: a fresh read-only private mapping of an open file; the result is checked.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        let text = MappedText { ptr, len };
        text.is_utf8().then_some(text)
    }

    #[cfg(not(unix))]
    pub fn open(_path: &Path) -> Option<MappedText> {
        None
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` maps `len` readable bytes for as long as `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr as *const u8, self.len) }
    }

    /// Whether the text is UTF-8, checked in stretches side by side on the rayon threads,
    /// each handed back once checked. The stretches start on a character's first byte (a
    /// stretch that starts on a continuation byte, where more than three run together,
    /// fails as the whole text would): the text is UTF-8 exactly when each stretch is.
    fn is_utf8(&self) -> bool {
        use rayon::prelude::*;
        let bytes = self.bytes();
        let mut starts = vec![0];
        let mut at = RELEASE_STEP;
        while at < bytes.len() {
            let mut start = at;
            while start > at - 3 && bytes[start] & 0xC0 == 0x80 {
                start -= 1;
            }
            starts.push(start);
            at += RELEASE_STEP;
        }
        starts.push(bytes.len());
        starts.par_windows(2).all(|w| {
            let ok = std::str::from_utf8(&bytes[w[0]..w[1]]).is_ok();
            self.release(w[0]..w[1]);
            ok
        })
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: checked to be UTF-8 when opened (see the module's note on files changed
        // while they are read).
        unsafe { std::str::from_utf8_unchecked(self.bytes()) }
    }

    /// The text copied into a `String` (to be kept with its diagnostics), a stretch at a
    /// time, each handed back once copied: the text is not resident twice, as mapped and as
    /// copied (at a million relations with a problem each, 183 MB more at the peak).
    pub fn to_owned_released(&self) -> String {
        let text = self.as_str();
        let mut owned = String::with_capacity(text.len());
        let mut at = 0;
        while at < text.len() {
            let mut end = (at + RELEASE_STEP).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            owned.push_str(&text[at..end]);
            self.release(at..end);
            at = end;
        }
        owned
    }

    /// Hands the whole pages inside `range` back to the system; reading them again faults
    /// them back in from the file.
    pub fn release(&self, range: Range<usize>) {
        #[cfg(unix)]
        {
            // SAFETY: sysconf has no preconditions.
            let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(0);
            if page == 0 {
                return;
            }
            let start = range.start.div_ceil(page) * page;
            let end = (range.end.min(self.len) / page) * page;
            if start < end {
                // SAFETY: whole pages inside the mapping; a private read-only file mapping's
                // pages are read back from the file when touched again.
                unsafe {
                    libc::madvise(
                        (self.ptr as *mut u8).add(start) as *mut libc::c_void,
                        end - start,
                        libc::MADV_DONTNEED,
                    );
                }
            }
        }
        #[cfg(not(unix))]
        let _ = range;
    }
}

/// Hands memory the allocator holds freed back to the system (glibc's `malloc_trim`; a no-op
/// elsewhere). A large file is read in chunks on several threads, and glibc keeps what each
/// thread freed (a chunk's relations, once moved into the graph) for that thread's later use
/// instead of returning it: without this the memory of the relations read and that of the
/// graph built from them would add up.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Frees a vector whose items have all been moved out, handing the whole pages of its buffer
/// back to the system first: for one block, what [`release_freed_memory`] does for all, at
/// the cost of one system call instead of a walk over every free block the allocator holds
/// (at ten million relations 25 ms each, a fifth of the graph build when made every 32 MB;
/// bench/RESULTS.md, "Load, seventh step"). A block mapped from the system (glibc's large
/// ones) is unmapped when freed anyway; this matters to one carved from the heap.
pub fn free_emptied<T>(mut v: Vec<T>) {
    v.clear();
    #[cfg(unix)]
    {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(0);
        let bytes = v.capacity() * std::mem::size_of::<T>();
        if page > 0 && bytes >= 16 * page {
            let at = v.as_mut_ptr() as usize;
            // The first bytes of a freed block hold the allocator's links: their page stays.
            let start = (at + 64).div_ceil(page) * page;
            let end = (at + bytes) / page * page;
            if start < end {
                // SAFETY: whole pages inside the vector's own buffer, which holds no item and
                // is freed next without being read: private anonymous pages handed back read
                // as zeros when touched again, which is all the allocator may do with them.
                unsafe {
                    libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
                }
            }
        }
    }
    drop(v);
}

impl Drop for MappedText {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: unmaps the mapping this value owns, once.
        unsafe {
            libc::munmap(self.ptr, self.len);
        }
    }
}

impl std::fmt::Debug for MappedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MappedText({} bytes)", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_is_mapped_whole_and_a_small_or_broken_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.ron");
        // Characters of 1 to 4 bytes, so that stretches end inside some of them.
        let unit = "aé€😀\n";
        let text = unit.repeat((MIN_MAPPED as usize).div_ceil(unit.len()) + 7);
        std::fs::write(&big, &text).unwrap();
        let m = MappedText::open(&big).expect("mapped");
        m.release(0..text.len());
        assert_eq!(m.as_str(), text, "released pages read back unchanged");
        // Copied a stretch at a time, the stretches cut between characters.
        assert_eq!(m.to_owned_released(), text);
        drop(m);
        let small = dir.path().join("small.ron");
        std::fs::write(&small, "Graph()").unwrap();
        assert!(MappedText::open(&small).is_none());
        let mut bad = text.into_bytes();
        let at = bad.len() - 3;
        bad[at] = 0xFF;
        std::fs::write(&big, &bad).unwrap();
        assert!(MappedText::open(&big).is_none());
        // Where one stretch of the check ends and the next starts: a stray continuation
        // byte, and four in a row after a whole character.
        let ascii = "a".repeat(MIN_MAPPED as usize);
        for (at, stray) in [
            (RELEASE_STEP, &[0x80u8][..]),
            (RELEASE_STEP - 3, &[0x80; 4]),
        ] {
            let mut bad = ascii.clone().into_bytes();
            bad[at - 2..at].copy_from_slice("é".as_bytes());
            bad[at..at + stray.len()].copy_from_slice(stray);
            std::fs::write(&big, &bad).unwrap();
            assert!(MappedText::open(&big).is_none(), "{at}");
            bad[at..at + stray.len()].fill(b'a');
            std::fs::write(&big, &bad).unwrap();
            assert!(MappedText::open(&big).is_some(), "{at}");
        }
    }

    /// A mapped graph loads as the same file read: the same graph, warnings and errors,
    /// located the same (fields of relations found again from the text the loader handed
    /// back), with the text kept beside warnings and errors.
    #[test]
    fn a_mapped_graph_loads_as_the_file_read() {
        use crate::format::{LoadError, load_file, load_str, read_source, ron};
        let g = crate::generate::sample(6000, 60_000);
        let text = ron::to_string(&g);
        assert!(text.len() as u64 > MIN_MAPPED);
        // The last relation's weight made 0 (a warning); then also its `from` unknown, and
        // the first relation given again after it (errors).
        let last = text.rfind("Relation(").unwrap();
        let weight = last + text[last..].find("weight: ").unwrap() + "weight: ".len();
        let comma = weight + text[weight..].find(',').unwrap();
        let warned = format!("{}0.0{}", &text[..weight], &text[comma..]);
        let from = last + text[last..].find("from: \"").unwrap() + "from: \"".len();
        let first = text.find("Relation(").unwrap();
        let first = &text[first..first + text[first..].find("),").unwrap() + 2];
        let end = warned.rfind("),").unwrap() + 2;
        let broken = format!(
            "{}NOPE{}\n        {first}{}",
            &warned[..from],
            &warned[from..end],
            &warned[end..]
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.ron");
        for (text, errors) in [(&text, 0), (&warned, 0), (&broken, 2)] {
            std::fs::write(&path, text).unwrap();
            assert!(MappedText::open(&path).is_some());
            let read = load_str(&path, read_source(&path).unwrap());
            match (load_file(&path), read) {
                (Ok(m), Ok(r)) => {
                    assert_eq!(errors, 0);
                    assert_eq!(ron::to_string(&m.graph), ron::to_string(&r.graph));
                    assert_eq!(m.warnings, r.warnings);
                    let kept = if r.warnings.is_empty() {
                        ""
                    } else {
                        text.as_str()
                    };
                    assert_eq!(m.source, kept);
                }
                (Err(m @ LoadError::Invalid { .. }), Err(r)) => {
                    let (m, r) = (m.into_files(), r.into_files());
                    assert_eq!(m[0].diagnostics, r[0].diagnostics);
                    assert_eq!(m[0].source, r[0].source);
                    let n = m[0].diagnostics.iter().filter(|d| d.is_error()).count();
                    assert_eq!(n, errors);
                }
                (m, r) => panic!("mapped {m:?}, read {r:?}"),
            }
        }
    }
}
