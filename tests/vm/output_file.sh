# -o FILE takes the output, appended as dtrace's; ftruncate() empties the
# file the output goes to (-o's, or freopen()'s), and freopen("") comes
# back to -o's.
. "$(dirname "$0")/lib.sh"
ensure_module
out=/tmp/rdtrace-o.txt side=/tmp/rdtrace-o-side.txt
rm -f "$out" "$side"
rdtrace -w -q -o "$out" -n 'BEGIN {
	printf("gone\n");
	ftruncate();
	printf("kept\n");
	freopen("/tmp/rdtrace-o-side.txt");
	printf("side\n");
	freopen("");
	printf("back\n");
	exit(0);
}' || fail "rdtrace -o exited $?"
expect_eq "-o file" "$(cat "$out")" "$(printf 'kept\nback\n')"
expect_eq "freopen file" "$(cat "$side")" "side"
# -o appends, as dtrace's: a second run adds to the first's output (after
# the newline dtrace writes when tracing stops).
rdtrace -q -o "$out" -n 'BEGIN { printf("again\n"); exit(0); }' || fail "rdtrace -o again exited $?"
expect_eq "-o appends" "$(cat "$out")" "$(printf 'kept\nback\n\nagain\n')"
# Not quiet, a firing freopen() splits has one row: the probe's columns
# before its first part, its newline after the last (and the newline at
# the end, where the output then is), as dtrace's one reopened stream.
rm -f "$out" "$side"
rdtrace -w -o "$out" -n 'BEGIN { printf("one"); freopen("/tmp/rdtrace-o-side.txt"); printf("two"); exit(0); }' 2>/dev/null ||
	fail "rdtrace -o, not quiet, exited $?"
expect_match "split firing's first part" "$(cat "$out")" '^ +[0-9]+ +1 +:BEGIN one$'
expect_eq "split firing's lines" "$(wc -l <"$out")" 1
expect_eq "split firing's last part" "$(cat "$side"; echo .)" "$(printf 'two\n\n.')"
# ftruncate() of an output that is no file (a pipe) is ignored, as DTrace.
piped=$(rdtrace -q -n 'BEGIN { printf("a\n"); ftruncate(); printf("b\n"); exit(0); }' | cat) ||
	fail "ftruncate on a pipe"
expect_eq "pipe" "$piped" "$(printf 'a\nb\n')"
check_kernel_log
