//! The `entente` command line: a thin layer over the library (see `src/cli/`).

mod cli;

fn main() -> std::process::ExitCode {
    return_large_blocks_to_the_system();
    cli::run()
}

/// Blocks of 256 KiB and more are mapped from the system and handed back when freed.
///
/// glibc's allocator starts so (from 128 KiB) but raises the threshold, up to 32 MiB, each
/// time such a block is freed; after that the analyses' large arrays (a few MB each on a
/// graph of a million relations, allocated and freed pass after pass) are carved from its
/// heaps, and the holes they leave stay resident. Measured on `report` over a million
/// relations: 420 MB peak resident for a 389 MB heap peak, against 506 MB without, for a
/// few per cent more time (bench/RESULTS.md, "Report, fifth step").
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the allocator; called before any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
    }
}
