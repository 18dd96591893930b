# What DTrace's test harness sees: under _DTRACE_TESTING the probe columns
# leave out the CPU and the probe ID, and rdtrace's messages start with
# the name it was invoked by (argv[0]'s basename, as dtrace's g_pname), so
# that linked as `dtrace` it says `dtrace: script ... matched N probes`.
. "$(dirname "$0")/lib.sh"
ensure_module

d=/tmp/dtrace_testing
mkdir -p $d
printf 'BEGIN\n{\n\ttrace(7);\n\texit(0);\n}\n' >$d/t.d
ln -sf "$(command -v rdtrace)" $d/dtrace

out=$(cd $d && _DTRACE_TESTING=t timeout 60 ./dtrace -s t.d 2>$d/err) || fail "run: $(cat $d/err)"
expect_eq "header" "$(echo "$out" | sed -n 1p)" "                   FUNCTION:NAME"
expect_eq "firing" "$(echo "$out" | sed -n 2p)" "                          :BEGIN           7"
expect_eq "notice" "$(cat $d/err)" "dtrace: script 't.d' matched 1 probe"

# Without it, the columns are dtrace's usual ones, and rdtrace is rdtrace.
out=$(cd $d && rd -s t.d 2>$d/err) || fail "run: $(cat $d/err)"
expect_match "usual header" "$(echo "$out" | sed -n 1p)" '^CPU +ID +FUNCTION:NAME$'
expect_match "usual firing" "$(echo "$out" | sed -n 2p)" '^ +[0-9]+ +1 +:BEGIN +7$'
expect_eq "usual notice" "$(cat $d/err)" "rdtrace: script 't.d' matched 1 probe"
check_kernel_log
