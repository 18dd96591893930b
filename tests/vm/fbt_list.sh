# Probe listing, wildcards, the denylist and zero matches.
. "$(dirname "$0")/lib.sh"
ensure_module
addrs=/sys/kernel/tracing/available_filter_functions_addrs

start=$(date +%s%N)
all=$(rd -l -n 'fbt:::entry') || fail "rdtrace -l"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
listed=$(($(printf '%s\n' "$all" | wc -l) - 1))
total=$(wc -l < $addrs)
denied=$(rd denylist | wc -l)
echo "fbt:::entry lists $listed of $total functions ($denied denied) in ${ms} ms"
expect_eq "listed + denied = ftrace-able" "$((listed + denied))" "$total"
[ "$denied" -gt 0 ] || fail "nothing denied"
rdtrace denylist | grep -qx copy_from_kernel_nofault || fail "copy_from_kernel_nofault not denied"

vfs=$(rd -l -n 'fbt::vfs_*:entry' | tail -n +2)
want=$(awk '$2 ~ /^vfs_/' $addrs | wc -l)
expect_eq "vfs_* count" "$(printf '%s\n' "$vfs" | wc -l)" "$want"
printf '%s\n' "$vfs" | awk '$4 !~ /^vfs_/ || $5 != "entry" { exit 1 }' || fail "a non-matching line: $vfs"
expect_match "ids" "$(rd -l -n fbt::ksys_read:)" "fbt +vmlinux +ksys_read return$"
expect_match "BEGIN" "$(rd -l -n BEGIN)" "^ +1 +dtrace .* BEGIN$"

out=$(rd -n 'fbt::no_such_function:entry' 2>&1)
expect_eq "zero match exit" "$?" 2
expect_match "zero match" "$out" "fbt::no_such_function:entry does not match any probes"
out=$(rd -q -Z -n 'fbt::no_such_function:entry { } BEGIN { exit(0); }' 2>&1) || fail "-Z: $out"
out=$(rd -n 'BEGIN { trace(pdi); }' 2>&1)
expect_eq "script error exit" "$?" 2
expect_match "script error" "$out" "unknown"
expect_match "script error location" "$out" "1:"
check_kernel_log
