use super::*;
use crate::patterns::demo;

fn widened(text: &str, start: usize, end: usize) -> String {
    let set = demo::set();
    let mut m = [Match {
        rule: 0,
        start,
        end,
        confidence: set.rules()[0].confidence,
    }];
    widen(text.as_bytes(), set.rules(), &mut m);
    text[m[0].start..m[0].end].to_owned()
}

#[test]
fn widens_to_the_token_not_past_it() {
    let t = "Authorization: Bearer 843025879:AAZi-x_Y/z== next";
    assert_eq!(widened(t, 22, 31), "843025879:AAZi-x_Y/z==");
    let t = "https://user:pa55word@db.example:5432/x";
    assert_eq!(widened(t, 13, 21), "pa55word");
    let t = r#"{"m":"key abcdef\nnext"}"#;
    assert_eq!(widened(t, 10, 14), "abcdef");
    assert_eq!(widened("token abcd. Then", 6, 8), "abcd");
    assert_eq!(widened("x=ab", 2, 4), "ab");
}
