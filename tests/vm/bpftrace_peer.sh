# Debian's bpftrace runs in the same guest (the benchmark's peer).
. "$(dirname "$0")/lib.sh"
command -v bpftrace >/dev/null || fail "bpftrace not installed on the host (make deps)"
(while :; do cat /proc/version >/dev/null; sleep 0.1; done) &
load=$!
out=$(timeout 120 bpftrace -e 'kfunc:vmlinux:ksys_read { @ = count(); } interval:s:1 { exit(); }' 2>&1)
status=$?
kill $load
echo "$out"
expect_eq "bpftrace exit" "$status" 0
expect_match "bpftrace count" "$out" "^@: [1-9][0-9]*$"
check_kernel_log
