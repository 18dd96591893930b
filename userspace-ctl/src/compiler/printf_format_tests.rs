use super::*;

fn convs(text: &str) -> Vec<Conversion> {
    parse(text).unwrap().conversions().cloned().collect()
}

#[test]
fn flags_width_precision_length() {
    let f = parse("%-10s|%08x|%5.2d|%lld|%%").unwrap();
    let c: Vec<&Conversion> = f.conversions().collect();
    assert_eq!(c.len(), 4);
    assert_eq!(
        (c[0].flags.as_str(), c[0].width, c[0].conv),
        ("-", Some(10), 's')
    );
    assert_eq!((c[1].flags.as_str(), c[1].width), ("0", Some(8)));
    assert_eq!((c[2].width, c[2].precision), (Some(5), Some(2)));
    assert_eq!(c[3].length, "ll");
    assert_eq!(f.pieces.last(), Some(&Piece::Literal("|%".into())));
    assert_eq!(f.arg_types(), vec![Ty::Str, Ty::Int, Ty::Int, Ty::Int]);
}

#[test]
fn zero_and_minus_cancel_each_other_in_the_order_written() {
    // dt_printf_create: `-` clears ZPAD, a leading `0` clears LEFT.
    assert_eq!(convs("%-05d")[0].flags, "0");
    assert_eq!(convs("%0-5d")[0].flags, "-");
    assert_eq!(convs("%+ #'d")[0].flags, "#+' ");
    // A `0` after the first digit is a digit, after `.` a precision.
    let c = &convs("%10.0s")[0];
    assert_eq!(
        (c.flags.as_str(), c.width, c.precision),
        ("", Some(10), Some(0))
    );
    let c = &convs("%0.0s")[0];
    assert_eq!(
        (c.flags.as_str(), c.width, c.precision),
        ("0", None, Some(0))
    );
}

#[test]
fn question_mark_is_a_pointer_width_and_later_digits_win() {
    assert_eq!(convs("%?p")[0].width, Some(16));
    assert_eq!(convs("%?8p")[0].width, Some(8));
    assert_eq!(convs("%8?p")[0].width, Some(16));
}

#[test]
fn at_flag_anywhere_takes_no_argument() {
    let f = parse("%8@d %@10d %-@u %@-10x %d").unwrap();
    let c: Vec<&Conversion> = f.conversions().collect();
    assert!(c[..4].iter().all(|c| c.agg) && !c[4].agg);
    assert_eq!((c[0].width, c[1].width), (Some(8), Some(10)));
    assert_eq!((c[2].flags.as_str(), c[3].flags.as_str()), ("-", "-"));
    assert_eq!(f.arg_types(), vec![Ty::Int]);
}

#[test]
fn stars_take_arguments_before_the_value() {
    let c = &convs("%-*.*s")[0];
    assert!(c.width_arg && c.precision_arg && c.precision.is_none());
    assert_eq!(c.params(), vec![Ty::Int, Ty::Int, Ty::Str]);
}

#[test]
fn dtrace_conversions_and_their_values() {
    let kinds: Vec<ArgKind> = convs("%a %A %S %C %Y %T %k %c %p")
        .iter()
        .map(Conversion::arg_kind)
        .collect();
    use ArgKind::*;
    assert_eq!(kinds, [Int, Int, Str, Int, Int, Int, Stack, Int, Int]);
}

#[test]
fn errors_name_the_conversion() {
    let e = parse("a %y b").unwrap_err();
    assert_eq!(
        (e.range, e.kind),
        (2..4, FormatErrorKind::Unknown("%y".into()))
    );
    let e = parse("%5.1f").unwrap_err();
    assert_eq!(e.kind, FormatErrorKind::Unsupported("%5.1f".into()));
    assert_eq!(parse("100%").unwrap_err().kind, FormatErrorKind::Incomplete);
    for bad in ["%**d", "%.**d", "%.*.*d", "%1$d", "%-%"] {
        assert!(
            matches!(parse(bad).unwrap_err().kind, FormatErrorKind::Malformed(_)),
            "{bad}"
        );
    }
    // Lengths only on integers; the consumer's own conversions only inside.
    assert!(parse("%ls").is_err() && parse("%hhx").is_ok());
    assert!(parse("%N").is_err() && parse_with("%-50N", true).is_ok());
}

#[test]
fn unparsable_carried_text_prints_as_itself() {
    assert_eq!(
        Format::parse_or_literal("50%").pieces,
        [Piece::Literal("50%".into())]
    );
}

#[test]
fn chunks_cut_before_every_nth_conversion() {
    let f = parse("a %d b %s c %%d %x end\n").unwrap();
    let texts: Vec<String> = f.chunks(2).into_iter().map(|c| c.text).collect();
    assert_eq!(texts, ["a %d b %s c %%d ", "%x end\n"]);
    assert_eq!(f.chunks(8).len(), 1);
}

#[test]
fn star_arguments_count_toward_a_chunk() {
    let f = parse("%*d|%.*s|%d").unwrap();
    assert_eq!(f.arg_types().len(), 5);
    let texts: Vec<String> = f.chunks(4).into_iter().map(|c| c.text).collect();
    assert_eq!(texts, ["%*d|%.*s|", "%d"]);
}
