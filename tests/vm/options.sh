# DTrace's options by pragma, -x and flags; -C; -F; an executable script.
. "$(dirname "$0")/lib.sh"
ensure_module
dir=$(mktemp -d)

# A `#pragma D option quiet` script prints exactly its own output: no
# column header, no "matched" notice.
cat > "$dir/quiet.d" <<'D'
#pragma D option quiet
BEGIN
{
	printf("hello %d\n", 42);
	exit(0);
}
D
out=$(rd -s "$dir/quiet.d" 2>"$dir/err") || fail "quiet.d exited $?: $out $(cat "$dir/err")"
expect_eq "quiet output" "$out" "hello 42"
expect_eq "quiet stderr" "$(cat "$dir/err")" ""

# The same script run as a program: the kernel hands rdtrace the `#!`
# line's flags (-qs), the arguments become $1.
printf '#!%s -qs\nBEGIN { printf("arg %%d\\n", $1); exit(0); }\n' "$(command -v rdtrace)" > "$dir/exec.d"
chmod +x "$dir/exec.d"
out=$("$dir/exec.d" 7 2>&1) || fail "exec.d exited $?: $out"
expect_eq "executable script" "$out" "arg 7"

# bufsize by -x, -b and pragma: a ring buffer read after STOP holds at
# most 8k of dd's 2000 24-byte records (341), more than a 4k one (170).
# dd is pinned to one CPU: each CPU has its ring, and a dd that moved
# would fill two (682).
ring_reads() {
	out=$(rd -q -x bufpolicy=ring "$@" \
		-n 'fbt::ksys_read:entry /pid == $target && arg2 == 1/ { printf("r\n"); }' \
		-c 'taskset -c 0 dd if=/dev/zero of=/dev/null bs=1 count=2000 status=none' 2>&1)
	printed=$(printf '%s\n' "$out" | grep -c '^r$')
	echo "$* printed $printed"
	[ "$printed" -gt 170 ] && [ "$printed" -le 341 ] || fail "$*: printed $printed, want 171..341"
}
ring_reads -x bufsize=8k
ring_reads -b 8k
ring_reads -b 4m -x bufsize=8k
echo '#pragma D option bufsize=8k' > "$dir/buf.d"
ring_reads -s "$dir/buf.d"
check_kernel_log

# -F: dtrace's CPU FUNCTION header and -> / <- columns, 2 per level.
out=$(rd -F -n 'fbt::ksys_read:entry, fbt::vfs_read:entry, fbt::vfs_read:return, fbt::ksys_read:return /pid == $target/ { }' \
	-c 'dd if=/dev/zero of=/dev/null bs=1 count=1' 2>/dev/null) || fail "-F exited $?"
printf '%s\n' "$out" | head -6
expect_eq "-F header" "$(printf '%s\n' "$out" | head -1)" "$(printf '%3s %-41s' CPU FUNCTION)"
body=$(printf '%s\n' "$out" | sed 1d | sed 's/^ *[0-9]* //' | sed 's/ *$//' | grep -n . | head -4 | tr '\n' '|')
want="1: -> ksys_read|2:   -> vfs_read|3:   <- vfs_read|4: <- ksys_read|"
expect_eq "-F rows" "$body" "$want"
line=$(printf '%s\n' "$out" | sed -n 3p)
expect_eq "-F row width" "${#line}" 46
# With -q the column stays (dtrace prints it); entries alone keep indenting.
out=$(rd -q -F -n 'fbt::ksys_read:entry /pid == $target/ { printf("[%d]\n", arg2); }' \
	-c 'dd if=/dev/zero of=/dev/null bs=3 count=1' 2>/dev/null)
expect_match "-q -F row" "$out" '^ +[0-9]+ +-> ksys_read +\[3\]$'

# -C with -D: the C preprocessor runs first.
cat > "$dir/cpp.d" <<'D'
#pragma D option quiet
#ifdef LOUD
#define N 3
#else
#define N 1
#endif
BEGIN { printf("n=%d\n", N); exit(0); }
D
expect_eq "-C -D" "$(rd -C -D LOUD -s "$dir/cpp.d")" "n=3"
expect_eq "-C" "$(rd -C -s "$dir/cpp.d")" "n=1"

# depends_on: what is here passes; what is not fails at the pragma's line.
printf '#pragma D depends_on provider fbt\n#pragma D depends_on module vmlinux\nBEGIN { exit(0); }\n' > "$dir/dep.d"
out=$(rd -q -s "$dir/dep.d" 2>&1) || fail "depends_on fbt, vmlinux: $out"
printf 'BEGIN { exit(0); }\n#pragma D depends_on provider nosuch\n' > "$dir/nodep.d"
out=$(rd -q -s "$dir/nodep.d" 2>&1) && fail "depends_on nosuch succeeded: $out"
expect_match "depends_on nosuch" "$out" "program requires provider nosuch"
expect_match "depends_on line" "$out" "nodep.d:2:1"
rm -rf "$dir"
check_kernel_log
