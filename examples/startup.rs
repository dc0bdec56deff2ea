use std::time::Instant;
fn main() {
    let t = Instant::now();
    let set = hush::patterns::PatternSet::builtin().unwrap();
    let a = t.elapsed();
    let d = hush::detect::Detector::new(set).unwrap();
    let b = t.elapsed();
    let mut s = d.scratch();
    let c = t.elapsed();
    let mut out = Vec::new();
    d.detect(b"hello token = 'abc' password: x", &mut s, &mut out);
    println!(
        "compile {:?} detector {:?} scratch {:?} first detect {:?}",
        a,
        b - a,
        c - b,
        t.elapsed() - c
    );
}
