use super::*;
use secrecy::ExposeSecret;

fn chars(charset: Charset, length: usize) -> String {
    let g = Generator::chars(charset, length).expect("valid length");
    g.generate().expose_secret().to_owned()
}

#[test]
fn lengths_and_alphabets() {
    for charset in [
        Charset::Alnum,
        Charset::Hex,
        Charset::Base64,
        Charset::UrlSafe,
    ] {
        for length in [MIN_LENGTH, DEFAULT_LENGTH, 100, MAX_LENGTH] {
            let v = chars(charset, length);
            assert_eq!(v.len(), length, "{charset:?}");
            assert!(
                v.bytes().all(|b| charset.alphabet().contains(&b)),
                "{charset:?}"
            );
        }
    }
    assert_eq!(Charset::Alnum.alphabet().len(), 62);
    assert_eq!(Charset::Hex.alphabet().len(), 16);
    assert_eq!(Charset::Base64.alphabet().len(), 64);
    assert_eq!(Charset::UrlSafe.alphabet().len(), 64);
    assert_ne!(chars(Charset::Alnum, 32), chars(Charset::Alnum, 32));
}

#[test]
fn lengths_out_of_bounds_are_refused() {
    for bad in [0, 1, MIN_LENGTH - 1, MAX_LENGTH + 1, usize::MAX] {
        assert!(matches!(
            Generator::chars(Charset::Alnum, bad),
            Err(VaultError::BadLength { length, .. }) if length == bad
        ));
    }
}

/// Every character of each alphabet shows up about equally often: each count stays within
/// 6 standard deviations of the mean (a false alarm about once in 10^8 runs per character).
#[test]
fn distribution_is_roughly_uniform() {
    for charset in [Charset::Alnum, Charset::Hex, Charset::UrlSafe] {
        let alphabet = charset.alphabet();
        let n = alphabet.len();
        let per_char = 2000usize;
        let mut counts = [0usize; 256];
        let mut left = n * per_char;
        while left > 0 {
            let len = left.min(MAX_LENGTH);
            for b in chars(charset, len.max(MIN_LENGTH)).bytes().take(len) {
                counts[usize::from(b)] += 1;
            }
            left -= len;
        }
        let mean = per_char as f64;
        let sd = (mean * (1.0 - 1.0 / n as f64)).sqrt();
        for &c in alphabet {
            let got = counts[usize::from(c)] as f64;
            assert!(
                (got - mean).abs() < 6.0 * sd,
                "{charset:?}: {} seen {got} times, expected about {mean}",
                char::from(c)
            );
        }
    }
}

#[test]
fn rejection_sampling_drops_biased_bytes() {
    // 62 characters: bytes 248..=255 would favour the first 8 characters, so they are skipped.
    let alphabet = Charset::Alnum.alphabet();
    let mut bytes = [255u8, 248, 0, 247, 62, 61].into_iter();
    let out = sample(alphabet, 4, || bytes.next().expect("enough bytes"));
    let want: String = [0usize, 247 % 62, 0, 61]
        .iter()
        .map(|&i| char::from(alphabet[i]))
        .collect();
    assert_eq!(out.as_str(), want);
    // 16 and 64 divide 256: nothing is rejected.
    let mut bytes = [255u8, 0].into_iter();
    let out = sample(Charset::Hex.alphabet(), 2, || bytes.next().expect("enough"));
    assert_eq!(out.as_str(), "f0");
}

#[test]
fn uuid_v4_shape() {
    let fixed = uuid_v4(&[0xff; 16]);
    assert_eq!(fixed.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    let zero = uuid_v4(&[0; 16]);
    assert_eq!(zero.as_str(), "00000000-0000-4000-8000-000000000000");
    let v = Generator::Uuid.generate();
    let v = v.expose_secret();
    assert_eq!(v.len(), 36);
    let groups: Vec<&str> = v.split('-').collect();
    assert_eq!(
        groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12]
    );
    assert!(groups[2].starts_with('4'));
    assert!(groups[3].starts_with(['8', '9', 'a', 'b']));
    assert!(
        v.bytes()
            .all(|b| b == b'-' || b"0123456789abcdef".contains(&b))
    );
    assert_ne!(v, Generator::Uuid.generate().expose_secret());
}
