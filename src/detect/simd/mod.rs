//! The detector's vector kernels, and the only `unsafe` code in `detect/`.
//!
//! One vector flavour, AVX2, in one file (`avx2.rs`), reached only through an [`Avx2`] value:
//! a proof that the CPU reported AVX2, which only [`Avx2::detect`] makes. Each kernel has a
//! plain byte-at-a-time reference beside its caller-facing type (`classes.rs`, `grams.rs`):
//! the tests compare the two, and CPUs without AVX2 (and other architectures) run the
//! reference.
//!
//! Why only AVX2: the gram scan needs its gathers, and for the class masks of the digit
//! anchors neither SSE2 nor AVX-512 paid their keep. Best of 25 passes over 64 MiB of this
//! repository's sources on the 2-core CI machine kind: SSE2 10.7 ms, AVX2 3.3 ms, AVX-512
//! 3.3 ms (memory-bound), the byte loop 899 ms; a whole `scan --pii` of the 212 MB benchmark
//! tree spends about 11 ms of its ~500 CPU-ms classifying with AVX2, so a second flavour
//! could save at most ~2 % (the bar is 5 %).

#[cfg(target_arch = "x86_64")]
mod avx2;
pub(in crate::detect) mod classes;
pub(in crate::detect) mod grams;

/// Proof that this CPU has AVX2. Its field is private to this module, so the only way to
/// get one is [`Avx2::detect`]; every vector kernel takes one.
#[derive(Debug, Clone, Copy)]
pub(in crate::detect) struct Avx2(());

impl Avx2 {
    /// `Some` when the CPU reports AVX2 (a cached load after the first call).
    pub(in crate::detect) fn detect() -> Option<Self> {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            return Some(Self(()));
        }
        None
    }
}

/// For the kernels' tests: the vector path, or `None` where the CPU lacks it. With
/// `HUSH_REQUIRE_SIMD=1` (set by `.ci/run` on machines that report AVX2) a missing path
/// fails the test instead of leaving only the reference tested.
#[cfg(test)]
pub(in crate::detect) fn for_tests() -> Option<Avx2> {
    let found = Avx2::detect();
    if found.is_none() {
        assert!(
            std::env::var_os("HUSH_REQUIRE_SIMD").is_none(),
            "HUSH_REQUIRE_SIMD is set but the CPU reports no AVX2"
        );
        eprintln!("no AVX2 on this CPU: only the byte-at-a-time references are tested");
    }
    found
}
