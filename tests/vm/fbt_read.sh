# Entry and return fire for a read the test drives, with the right
# arguments, return value, pid and execname.
. "$(dirname "$0")/lib.sh"
ensure_module

# The issue's acceptance one-liner: cat's reads with the sizes it asked for.
out=$(rd -q -n 'fbt::ksys_read:entry /pid == $target/ { printf("%s %d\n", execname, arg2); }' -c 'cat /proc/version') ||
	fail "rdtrace exited $?: $out"
echo "$out"
expect_match "cat read" "$out" "^cat 131072$"
expect_match "version printed" "$out" "^Linux version"
printf '%s\n' "$out" | grep -v '^Linux version' | grep -qv '^cat [0-9]*$' && fail "a line not from cat: $out"

# dd reads exactly 1234 bytes once; entry sees the size, return the result.
out=$(rd -q -n '
fbt::ksys_read:entry /pid == $target && arg2 == 1234/ { printf("entry %s pid=%d target=%d size=%d\n", execname, pid, $target, arg2); }
fbt::ksys_read:return /pid == $target && arg1 == 1234/ { printf("return %s %d\n", probefunc, arg1); }' \
	-c 'dd if=/dev/zero of=/dev/null bs=1234 count=1') || fail "dd trace exited $?: $out"
echo "$out"
entry=$(printf '%s\n' "$out" | grep '^entry ')
expect_match "entry" "$entry" "^entry dd pid=([0-9]+) target=([0-9]+) size=1234$"
pid=$(printf '%s' "$entry" | sed 's/.*pid=\([0-9]*\) target=\([0-9]*\).*/\1 \2/')
expect_eq "pid is the target" "${pid% *}" "${pid#* }"
expect_match "return" "$out" "^return ksys_read 1234$"

# Default output: the CPU, ID and FUNCTION:NAME columns.
out=$(rd -n 'fbt::ksys_read:entry /pid == $target/ { trace(arg2); }' -c 'head -c 10 /proc/version' 2>&1)
expect_match "header" "$out" "CPU +ID +FUNCTION:NAME"
expect_match "row" "$out" "^ +[0-9]+ +[0-9]+ +ksys_read:entry +[0-9]+$"
expect_match "matched" "$out" "' matched 1 probe"

# BEGIN/END, exit status, and a fault reported as an error.
out=$(rd -q -n 'BEGIN { printf("begin\n"); } END { printf("end\n"); } BEGIN { exit(3); }')
expect_eq "exit status" "$?" 3
expect_eq "begin/end" "$(echo $out)" "begin end"
out=$(rd -q -n 'BEGIN { trace(copyinstr(16)); } BEGIN { exit(0); }' 2>&1)
expect_eq "fault" "$out" "rdtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): invalid address (0x10) in action #1 at DIF offset 8 (<command line>:1:15)"
check_kernel_log
