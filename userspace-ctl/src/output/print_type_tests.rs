use super::*;
use crate::compiler::print_type::PrintMember;

fn member(name: &str, byte: u64, ty: PrintType) -> PrintMember {
    PrintMember {
        name: name.into(),
        bit_offset: byte * 8,
        bits: None,
        ty,
    }
}

fn record(name: &str, size: u64, members: Vec<PrintMember>) -> PrintType {
    PrintType {
        name: name.into(),
        size,
        kind: PrintKind::Struct(members),
    }
}

/// Lines at their depth below column 44, as the renderer writes them.
fn lines(addr: &str, rows: &[(usize, &str)]) -> String {
    let mut out = format!("{addr} = *\n");
    for (depth, text) in rows {
        out.push_str(&format!("{}{text}\n", " ".repeat(44 + depth)));
    }
    out
}

/// struct { int a; struct { long b; } in; unsigned int flags : 3; }
fn nested() -> PrintType {
    let mut flags = member("flags", 16, PrintType::int("unsigned int", 4, false));
    flags.bits = Some(3);
    flags.bit_offset = 16 * 8 + 2;
    record(
        "struct outer",
        24,
        vec![
            member("a", 0, PrintType::int("int", 4, true)),
            member(
                "in",
                8,
                record(
                    "struct",
                    8,
                    vec![member("b", 0, PrintType::int("long", 8, true))],
                ),
            ),
            flags,
        ],
    )
}

#[test]
fn members_nest_close_and_bitfields_show_their_bits() {
    set_printsize(DEFAULT_PRINTSIZE);
    let mut data = vec![0u8; 24];
    data[0..4].copy_from_slice(&(-3i32).to_le_bytes());
    data[8..16].copy_from_slice(&9i64.to_le_bytes());
    // flags = 5 at bit 2 of byte 16; the bits around it are not its.
    data[16] = 0b1001_0111;
    assert_eq!(
        render(0xffff_8000_1234_5678, &data, &nested()),
        lines(
            "0xffff800012345678",
            &[
                (0, "(struct outer) {"),
                (1, ".a = (int)-3,"),
                (1, ".in = (struct) {"),
                (2, ".b = (long)9,"),
                (1, "},"),
                (1, ".flags = (unsigned int)5,"),
                (0, "}"),
            ]
        )
    );
}

#[test]
fn zero_members_are_left_out_but_the_top_struct_is_shown() {
    set_printsize(DEFAULT_PRINTSIZE);
    assert_eq!(
        render(0, &[0u8; 24], &nested()),
        lines("(nil)", &[(0, "(struct outer) {"), (0, "}")])
    );
}

#[test]
fn printsize_ends_the_walk_with_dots_and_the_open_levels_closed() {
    let mut data = vec![0u8; 24];
    data[0] = 1;
    data[8] = 2;
    set_printsize(12);
    let shown = render(0x10, &data, &nested());
    set_printsize(DEFAULT_PRINTSIZE);
    assert_eq!(
        shown,
        lines(
            "0x10",
            &[
                (0, "(struct outer) {"),
                (1, ".a = (int)1,"),
                (1, ".in = (struct) {"),
                (2, ".b = (long)2,"),
                (1, "..."),
                (1, "},"),
                (0, "}"),
            ]
        )
    );
}

#[test]
fn enums_pointers_and_arrays_show_as_dtrace_does() {
    set_printsize(DEFAULT_PRINTSIZE);
    let mood = PrintType {
        name: "enum mood".into(),
        size: 4,
        kind: PrintKind::Enum(vec![("CALM".into(), 0), ("CROSS".into(), 3)]),
    };
    let chars = PrintType {
        name: "char [4]".into(),
        size: 4,
        kind: PrintKind::Array(Box::new(PrintType::int("char", 1, true)), 4),
    };
    let ty = record(
        "struct s",
        24,
        vec![
            member("m", 0, mood.clone()),
            member("n", 4, mood),
            member("name", 8, chars),
            member(
                "p",
                16,
                PrintType {
                    name: "struct page *".into(),
                    size: 8,
                    kind: PrintKind::Pointer,
                },
            ),
        ],
    );
    let mut data = vec![0u8; 24];
    data[0] = 3;
    data[4] = 7;
    data[8..12].copy_from_slice(b"hi\0x");
    data[16..24].copy_from_slice(&0xfeedu64.to_le_bytes());
    assert_eq!(
        render(0x20, &data, &ty),
        lines(
            "0x20",
            &[
                (0, "(struct s) {"),
                (1, ".m = (enum mood)CROSS,"),
                (1, ".n = (enum mood)7,"),
                (1, ".name = (char [4]) ["),
                (2, "(char)'h',"),
                (2, "(char)'i',"),
                (1, "],"),
                (1, ".p = (struct page *)0xfeed,"),
                (0, "}"),
            ]
        )
    );
}

#[test]
fn a_pointer_to_an_integer_shows_the_integer() {
    set_printsize(DEFAULT_PRINTSIZE);
    let ty = PrintType::int("unsigned long", 8, false);
    assert_eq!(
        render(0x30, &u64::MAX.to_le_bytes(), &ty),
        lines("0x30", &[(0, "(unsigned long)18446744073709551615,")])
    );
}
