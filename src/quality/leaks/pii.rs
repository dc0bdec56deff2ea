//! Synthetic personal data for the leak harness: IPv4 and IPv6 addresses, phone numbers,
//! SSNs, e-mail addresses and payment card numbers, each shaped as the PII rules expect and
//! made fresh from the seed (no value is copied from anywhere).

/// A PII family the harness plants, with the label its values are reported under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `203.0.113.7`.
    Ipv4,
    /// `2001:db8:4f2a::17`.
    Ipv6,
    /// `(415) 555-0134`, `+44 20 7946 0321`.
    Phone,
    /// `512-43-7788`.
    Ssn,
    /// `rosa.quint@northwind-mail.io`.
    Email,
    /// A Luhn-valid 16-digit card number.
    Card,
}

/// Every family, in report order.
pub const FAMILIES: &[Family] = &[
    Family::Ipv4,
    Family::Ipv6,
    Family::Phone,
    Family::Ssn,
    Family::Email,
    Family::Card,
];

impl Family {
    /// Report label (`pii:ipv4`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Ipv4 => "pii:ipv4",
            Self::Ipv6 => "pii:ipv6",
            Self::Phone => "pii:phone",
            Self::Ssn => "pii:ssn",
            Self::Email => "pii:email",
            Self::Card => "pii:card",
        }
    }

    /// A field name such a value is logged under.
    pub fn field(self, rng: &mut fastrand::Rng) -> &'static str {
        let names: &[&str] = match self {
            Self::Ipv4 | Self::Ipv6 => &["client_ip", "remote_addr", "src", "peer"],
            Self::Phone => &["phone", "mobile", "contact", "callback"],
            Self::Ssn => &["ssn", "tax_id", "national_id"],
            Self::Email => &["email", "user", "reply_to"],
            Self::Card => &["card", "pan", "card_number"],
        };
        names[rng.usize(..names.len())]
    }

    /// A fresh value of this family.
    pub fn value(self, rng: &mut fastrand::Rng) -> String {
        match self {
            Self::Ipv4 => ipv4(rng),
            Self::Ipv6 => {
                // Compressed, as logs write it (`::` standing for zero groups).
                let n = rng.usize(1..=5);
                let groups: Vec<String> = (0..n).map(|_| format!("{:x}", rng.u16(1..))).collect();
                format!("2001:db8::{}", groups.join(":"))
            }
            Self::Phone => phone(rng),
            Self::Ssn => format!(
                "{:03}-{:02}-{:04}",
                rng.u16(101..=665),
                rng.u8(10..=99),
                rng.u16(1000..=9999)
            ),
            Self::Email => {
                const USERS: &[&str] = &["rosa.quint", "m.okafor", "li.wen", "tkarlsson", "ana"];
                const HOSTS: &[&str] = &["northwind-mail.io", "fabrikam.co.uk", "contoso.net"];
                format!(
                    "{}{}@{}",
                    USERS[rng.usize(..USERS.len())],
                    rng.u16(1..999),
                    HOSTS[rng.usize(..HOSTS.len())]
                )
            }
            Self::Card => card(rng),
        }
    }
}

/// An IPv4 address: private, documentation or public ranges, never a version-like `1.2.3`.
fn ipv4(rng: &mut fastrand::Rng) -> String {
    let first = match rng.u8(0..4) {
        0 => 10,
        1 => 192,
        2 => 172,
        _ => rng.u8(11..=223),
    };
    format!(
        "{first}.{}.{}.{}",
        rng.u8(0..=255),
        rng.u8(0..=255),
        rng.u8(1..=254)
    )
}

fn phone(rng: &mut fastrand::Rng) -> String {
    let line = rng.u16(100..=199); // 555-0100..0199: the fictional range
    // An area code the NANP plan allows (validator `phone`): no N11, no middle 9.
    let area = loop {
        let a = rng.u16(201..=989);
        if a / 10 % 10 != 9 && a % 100 != 11 {
            break a;
        }
    };
    match rng.u8(0..4) {
        0 => format!("({area}) 555-0{line}"),
        1 => format!("{area}-555-0{line}"),
        2 => format!("+1 {area}.555.0{line}"),
        _ => format!("+44 20 7946 0{line}"),
    }
}

/// 16 digits starting 4 (Visa-shaped) with a Luhn check digit.
fn card(rng: &mut fastrand::Rng) -> String {
    let mut digits: Vec<u8> = std::iter::once(4)
        .chain((0..14).map(|_| rng.u8(0..10)))
        .collect();
    let sum: u32 = (digits.iter().rev().enumerate())
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    digits.push(u8::try_from((10 - sum % 10) % 10).expect("a digit"));
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Validator;

    #[test]
    fn cards_pass_luhn_and_values_vary() {
        let mut rng = fastrand::Rng::with_seed(3);
        for _ in 0..50 {
            let c = card(&mut rng);
            assert!(Validator::Luhn.check(c.as_bytes()), "{c}");
        }
        let a = Family::Ipv4.value(&mut rng);
        assert_ne!(a, Family::Ipv4.value(&mut rng));
    }
}
