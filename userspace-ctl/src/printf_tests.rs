use super::*;
use crate::compiler::printf_format::parse;
use Value::{Int, Str};

fn s(b: &str) -> Value {
    Str(b.as_bytes().to_vec())
}

fn fmt(text: &str, args: &[Value]) -> String {
    format(&parse(text).unwrap(), args)
}

#[test]
fn conversions_flags_and_widths() {
    assert_eq!(fmt("%s %d\n", &[s("cat"), Int(131072)]), "cat 131072\n");
    assert_eq!(
        fmt("[%-6s|%6s|%.2s]", &[s("ab"), s("ab"), s("abcdef")]),
        "[ab    |    ab|ab]"
    );
    assert_eq!(
        fmt(
            "%5d|%-5d|%05d|%+d",
            &[Int(42), Int(42), Int(-42i64 as u64), Int(7)]
        ),
        "   42|42   |-0042|+7"
    );
    assert_eq!(
        fmt(
            "%x %X %#x %08x %o",
            &[Int(255), Int(255), Int(255), Int(255), Int(8)]
        ),
        "ff FF 0xff 000000ff 10"
    );
    assert_eq!(
        fmt(
            "%u %i %ld %llu",
            &[Int(u64::MAX), Int(-1i64 as u64), Int(5), Int(6)]
        ),
        "18446744073709551615 -1 5 6"
    );
    assert_eq!(
        fmt(
            "%c%c %p 100%%",
            &[
                Int(b'o' as u64),
                Int(b'k' as u64),
                Int(0xffff_ffff_8100_0000)
            ]
        ),
        "ok ffffffff81000000 100%"
    );
}

/// What glibc's printf prints for the same conversions (DTrace hands
/// each conversion to it).
#[test]
fn as_c_printf_prints_them() {
    assert_eq!(fmt("[%05s]", &[s("ab")]), "[   ab]");
    assert_eq!(fmt("[%-05d]", &[Int(42)]), "[00042]");
    assert_eq!(fmt("[%0-5d]", &[Int(42)]), "[42   ]");
    assert_eq!(fmt("[%#o][%#o]", &[Int(8), Int(0)]), "[010][0]");
    assert_eq!(fmt("[%#.3x][%#5x]", &[Int(5), Int(0)]), "[0x005][    0]");
    assert_eq!(fmt("[%08.3d]", &[Int(7)]), "[     007]");
    assert_eq!(fmt("[%'d][% d]", &[Int(1234567), Int(3)]), "[1234567][ 3]");
}

#[test]
fn a_precision_of_zero_is_no_precision() {
    // dt_printf_format passes a precision only when it is above 0.
    assert_eq!(
        fmt("%.0s|%0.0s|%.s", &[s("hello"), s("hello"), s("hi")]),
        "hello|hello|hi"
    );
    let star = |w: i64, p: i64| fmt("[%*.*s]", &[Int(w as u64), Int(p as u64), s("hello")]);
    assert_eq!(star(0, 0), "[hello]");
    assert_eq!(star(3, 2), "[ he]");
    assert_eq!(star(-7, 3), "[hel    ]");
    assert_eq!(star(7, -1), "[  hello]");
}

#[test]
fn question_mark_pads_to_a_pointers_width() {
    assert_eq!(fmt("[%?p]", &[Int(0x1234)]), "[            1234]");
    assert_eq!(fmt("[%-?d]", &[Int(5)]), "[5               ]");
}

#[test]
fn escaped_strings_and_characters() {
    assert_eq!(fmt("%S", &[s("a\tb\"\\\n\u{1}")]), "a\\tb\\\"\\\\\\n\\001");
    assert_eq!(fmt("[%C][%3C]", &[Int(10), Int(b'x' as u64)]), "[\\n][  x]");
}

#[test]
fn addresses_fall_back_to_hex() {
    // No symbol holds address 16: %a prints it in hex, %A always.
    assert_eq!(
        fmt("%a|%A|%#p", &[Int(16), Int(16), Int(16)]),
        "0x10|0x10|0x10"
    );
}
