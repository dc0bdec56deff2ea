//! Phone numbers checked against the numbering plans: is this a number a phone can dial?
//!
//! The phone rules' regexes find digit groups that look like phone numbers; in source code many
//! such groups are versions, timestamps, coordinates or build ids. This check keeps only what a
//! numbering plan allows:
//! - international (`+CC …`): an assigned ITU-T E.164 country code and a national number of a
//!   length that country uses (written with separators, the first group must be the code);
//! - North American (NANP, `+1`, or ten digits): `NXX-NXX-XXXX` with no `N11` area code or
//!   exchange, no area code with a middle `9` (reserved for expansion). The fictional
//!   `555-0100`..`555-0199` lines are valid numbers but documentation values
//!   ([`is_fictional`]): a scan does not report them, redaction masks them.
//!
//! Hand-written rather than the `phonenumber` crate: that crate parses libphonenumber's full
//! metadata (every region's per-type patterns) at start-up and runs regexes per check, megabytes
//! and milliseconds this yes/no question on a regex candidate does not need. The facts below are
//! the ITU-T E.164 assignment list and the NANPA numbering rules.

/// Largest national significant number (E.164: at most 15 digits with the country code).
const MAX_NSN: usize = 14;

/// One- and two-digit country codes with their national numbers' shortest and longest length.
const SHORT_CODES: &[(u16, u8, u8)] = &[
    (1, 10, 10),
    (7, 10, 10),
    (20, 8, 10),
    (27, 9, 9),
    (30, 10, 10),
    (31, 9, 9),
    (32, 8, 9),
    (33, 9, 9),
    (34, 9, 9),
    (36, 8, 9),
    (39, 6, 11),
    (40, 9, 9),
    (41, 9, 9),
    (43, 4, 13),
    (44, 9, 10),
    (45, 8, 8),
    (46, 7, 10),
    (47, 8, 8),
    (48, 9, 9),
    (49, 6, 13),
    (51, 8, 9),
    (52, 10, 10),
    (53, 6, 8),
    (54, 10, 11),
    (55, 10, 11),
    (56, 9, 9),
    (57, 8, 10),
    (58, 10, 10),
    (60, 8, 10),
    (61, 9, 9),
    (62, 8, 12),
    (63, 8, 10),
    (64, 8, 10),
    (65, 8, 8),
    (66, 8, 9),
    (81, 9, 10),
    (82, 8, 10),
    (84, 9, 10),
    (86, 10, 11),
    (90, 10, 10),
    (91, 10, 10),
    (92, 9, 10),
    (93, 9, 9),
    (94, 9, 9),
    (95, 7, 10),
    (98, 10, 10),
];

/// Assigned three-digit country codes (national numbers of 4 to 12 digits).
const LONG_CODES: &[u16] = &[
    211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233,
    234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252,
    253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297,
    298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376,
    377, 378, 379, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504,
    505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674,
    675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808,
    850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961, 962, 963, 964, 965,
    966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998,
];

/// True when `secret` (a phone rule's match) is a dialable number by its plan.
pub(super) fn is_valid(secret: &[u8]) -> bool {
    let Some(rest) = secret.strip_prefix(b"+") else {
        let ds = digits(secret);
        return match ds.len() {
            10 => nanp(&ds),
            11 if ds[0] == 1 => nanp(&ds[1..]),
            _ => false,
        };
    };
    // Written with separators, the country code is the first group; compact, it is whichever
    // prefix is assigned (E.164 codes are prefix-free, so at most one is).
    let first = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let ds = digits(rest);
    let lens: &[usize] = if first < rest.len() {
        &[first]
    } else {
        &[1, 2, 3]
    };
    lens.iter()
        .filter(|&&n| (1..=3).contains(&n) && n < ds.len())
        .any(|&n| {
            let code = ds[..n].iter().fold(0u16, |a, &d| a * 10 + u16::from(d));
            let nsn = &ds[n..];
            if code == 1 {
                return nsn.len() == 10 && nanp(nsn);
            }
            match lengths(code, n) {
                Some((lo, hi)) => (lo..=hi).contains(&nsn.len()),
                None => false,
            }
        })
}

/// The national number lengths of country code `code` written with `n` digits, if assigned.
fn lengths(code: u16, n: usize) -> Option<(usize, usize)> {
    match n {
        1 | 2 => (SHORT_CODES.iter())
            .find(|&&(c, _, _)| c == code && (c >= 10) == (n == 2))
            .map(|&(_, lo, hi)| (usize::from(lo), usize::from(hi))),
        _ => LONG_CODES.binary_search(&code).ok().map(|_| (4, 12)),
    }
    .map(|(lo, hi)| (lo, hi.min(MAX_NSN)))
}

/// The digits of `text`, dropping a `(0)` trunk prefix (`+44 (0)20 …` dials without it).
fn digits(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(b"(0)") {
            i += 3;
            continue;
        }
        if text[i].is_ascii_digit() {
            out.push(text[i] - b'0');
        }
        i += 1;
    }
    out
}

/// A ten-digit NANP number: `NXX NXX XXXX`, area code and exchange not `N11`, no area code
/// `N9X`, not a fictional `555-01XX` line.
fn nanp(d: &[u8]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let n11 = |x: &[u8]| x[1] == 1 && x[2] == 1;
    let (area, exchange) = (&d[..3], &d[3..6]);
    area[0] >= 2 && exchange[0] >= 2 && !n11(area) && !n11(exchange) && area[1] != 9
}

/// True when `secret` is a NANP number on a fictional `555-0100`..`555-0199` line, which
/// films and documentation use: a documentation value.
pub(super) fn is_fictional(secret: &[u8]) -> bool {
    let ds = digits(secret);
    let ten = match ds.len() {
        10 => &ds[..],
        11 if ds[0] == 1 => &ds[1..],
        _ => return false,
    };
    ten[3..6] == [5, 5, 5] && ten[6] == 0 && ten[7] == 1
}

#[cfg(test)]
mod tests {
    use super::{is_fictional, is_valid};

    #[test]
    fn fictional_lines_are_555_0100_to_0199() {
        for n in [
            "(415) 555-0123",
            "+1 415 555 0199",
            "+14155550100",
            "1-212-555-0150",
        ] {
            assert!(is_fictional(n.as_bytes()), "{n}");
        }
        for n in [
            "415-555-0200",
            "415-555-0099",
            "(415) 283-0123",
            "+44 20 7946 0123",
            "+1",
        ] {
            assert!(!is_fictional(n.as_bytes()), "{n}");
        }
    }

    macro_rules! t {
        ($($name:ident: $input:expr => $want:expr,)*) => {
            $(#[test] fn $name() { assert_eq!(is_valid($input.as_bytes()), $want, "{}", $input); })*
        };
    }

    t! {
        t01_uk_london: "+44 20 7946 0958" => true,
        t02_france: "+33 1 23 45 67 89" => true,
        t03_germany_with_area_in_parens: "+49 (30) 901 820" => true,
        t04_uk_with_trunk_zero: "+44 (0)20 7946 0958" => true,
        t05_compact_uk: "+442079460958" => true,
        t06_compact_nanp: "+14152837702" => true,
        t07_nanp_grouped: "(415) 283-7702" => true,
        t08_nanp_plus_one: "+1 415.283.7702" => true,
        t09_nanp_leading_one: "1-212-736-5000" => true,
        t10_three_digit_code: "+353 1 234 5678" => true,
        t20_unassigned_code: "+28 1234 5678" => false,
        t21_unassigned_three_digit: "+259 123 4567" => false,
        t22_first_group_not_a_code: "+4420 7946 0958" => false,
        t23_too_short_for_country: "+33 1 23 45" => false,
        t24_too_long_for_country: "+31 6 1234 5678 90" => false,
        t25_nanp_n11_area: "(911) 283-7702" => false,
        t26_nanp_n11_exchange: "415-411-7702" => false,
        t27_nanp_area_starts_low: "123-456-7890" => false,
        t28_nanp_middle_nine_area: "293-283-7702" => false,
        t29_fictional_line_is_a_number: "(415) 555-0123" => true,
        t31_555_outside_fiction: "415-555-0200" => true,
        t32_compact_plus_one_bad: "+11234567890" => false,
        t33_nine_digits: "415-283-770" => false,
        t34_plus_alone: "+" => false,
    }
}
