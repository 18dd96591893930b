# print(): the pointed-to struct shown member by member by its type, as
# Oracle's DTrace shows it, for a struct the script declares and for a
# kernel struct read from BTF (its address, which varies, masked).
. "$(dirname "$0")/lib.sh"
ensure_module
dir=$RDTRACE_ROOT/tests/print
for t in sample kernel; do
	out=$(rd -s "$dir/$t.d" 2>&1) || fail "$t: $out"
	got=$(printf '%s\n' "$out" | sed 's/^0x[0-9a-f]* = \*$/ADDR = */')
	want=$(cat "$dir/$t.out")
	[ "$got" = "$want" ] || fail "$t: got
$got
want
$want"
done
# print() of something not a pointer, or of a type of no size, is refused
# with DTrace's tags.
err=$(rd -e -n 'BEGIN { print(1); }' 2>&1) && fail "print(1) compiled"
expect_match "print(1)" "$err" 'D_PROTO_ARG'
err=$(rd -e -n 'BEGIN { print((void *)0); }' 2>&1) && fail "print(void *) compiled"
expect_match "print(void *)" "$err" 'D_PRINT_SIZE'
check_kernel_log
