# The kprobe provider: kprobe:FUNCTION, kprobe:FUNCTION+OFFSET and
# kretprobe:FUNCTION (bpftrace's spelling), counts equal to a workload the
# test drives, arguments from the registers, return values, a function
# ftrace cannot patch, the kernel's refusals in words, missed returns past
# maxactive, and nothing left registered afterwards.
. "$(dirname "$0")/lib.sh"
ensure_module

# dd reads /dev/zero 123 times, 7 bytes each: exactly those entries.
dd7='dd if=/dev/zero of=/dev/null bs=7 count=123'
out=$(rd -qn 'kprobe:ksys_read /pid == $target && arg2 == 7/ { @ = count(); } END { printa("%@d\n", @); }' -c "$dd7" 2>/dev/null) ||
	fail "rdtrace exited $?: $out"
expect_eq "kprobe count" "$(echo $out)" 123

# The default output and the probe's names: DTrace's kprobe::FUNCTION:entry.
out=$(rd -n 'kprobe:ksys_read /pid == $target && arg2 == 7/ { printf("%s:%s:%s:%s", probeprov, probemod, probefunc, probename); exit(0); }' -c "$dd7" 2>&1)
echo "$out"
expect_match "matched" "$out" "' matched 1 probe"
expect_match "row" "$out" "^ +[0-9]+ +[0-9]+ +ksys_read:entry +kprobe:vmlinux:ksys_read:entry$"
# The DTrace spelling names the same probe.
out=$(rd -qn 'kprobe::ksys_read:entry /pid == $target && arg2 == 7/ { @ = count(); } END { printa("%@d\n", @); }' -c "$dd7" 2>/dev/null)
expect_eq "kprobe::ksys_read:entry count" "$(echo $out)" 123

# An offset inside the function: the first instruction boundary past the
# fentry call (+9 after endbr64, +5 without IBT), found by asking.
off=
for o in 5 6 7 8 9 10 11 12; do
	err=$(rd -n "kprobe:ksys_read+$o { }" -c true 2>&1 >/dev/null) && { off=$o; break; }
	expect_match "offset $o refused in words" "$err" "^rdtrace: kprobe:ksys_read\+$o: cannot probe \(EILSEQ: not an instruction boundary\)$"
done
[ -n "$off" ] || fail "no instruction boundary in ksys_read+5..12"
hex=$(printf '%x' "$off")
# The argument registers still hold read's arguments there.
out=$(rd -qn "kprobe:ksys_read+$off /pid == \$target && arg2 == 7/ { @[probename] = count(); } END { printa(\"%s %@d\\n\", @); }" -c "$dd7" 2>/dev/null) ||
	fail "offset trace exited $?: $out"
expect_eq "kprobe at +$off" "$(echo $out)" "$hex 123"

# kretprobe: arg1 the return value, arg0 the return address (the caller).
# dd reads its stdin, the file, then end of file.
size=$(wc -c </etc/hostname)
out=$(rd -qn '
kprobe:ksys_read /pid == $target/ { self->fd = arg0; }
kretprobe:ksys_read /pid == $target && self->fd == 0/ { printf("%d %d %s\n", arg1, arg0 == caller, probename); }
kretprobe:ksys_read /pid == $target/ { self->fd = -1; }' -c 'sh -c "exec dd bs=1k of=/dev/null < /etc/hostname"' 2>/dev/null) ||
	fail "kretprobe trace exited $?: $out"
echo "$out"
expect_eq "kretprobe values" "$out" "$size 1 return
0 1 return"

# A function ftrace cannot patch (no fentry call): clear_user's out-of-line
# loop, called for each read of /dev/zero on CPUs without fast short rep
# stos; count in rcx.
fn=rep_stos_alternative
if grep -qw "$fn" /sys/kernel/tracing/available_filter_functions; then
	fail "$fn has an ftrace site"
elif grep -qw fsrs /proc/cpuinfo; then
	echo "  (skipped $fn: this CPU clears with rep stos inline)"
else
	out=$(rd -qn "kprobe:$fn /pid == \$target && arg3 == 7/ { @ = count(); } END { printa(\"%@d\\n\", @); }" -c "$dd7" 2>/dev/null) ||
		fail "$fn trace exited $?: $out"
	expect_eq "$fn count" "$(echo $out)" 123
	rd -n "fbt::$fn:entry { }" >/dev/null 2>&1 && fail "fbt reached $fn"
fi

# Refusals: the kernel's and rdtrace's reasons, named as written.
out=$(rd -n 'kprobe:ksys_read+1 { }' 2>&1)
expect_eq "mid-instruction status" "$?" 2
expect_eq "mid-instruction" "$out" "rdtrace: kprobe:ksys_read+1: cannot probe (EILSEQ: not an instruction boundary)"
out=$(rd -n 'kprobe:ksys_read+100000 { }' 2>&1)
expect_match "past the end" "$out" "^rdtrace: kprobe:ksys_read\+100000: cannot probe \(ERANGE: ksys_read is [0-9]+ bytes long\)$"
out=$(rd -n 'kprobe:do_syscall_64 { }' 2>&1)
expect_match "noinstr" "$out" "^rdtrace: kprobe:do_syscall_64: cannot probe \("
out=$(rd -n 'kprobe:copy_from_kernel_nofault { }' 2>&1)
expect_match "denylist" "$out" "^rdtrace: kprobe:copy_from_kernel_nofault: cannot probe \(on rdtrace's denylist"
out=$(rd -n 'kretprobe:ksys_read+4 { }' 2>&1)
expect_match "kretprobe offset" "$out" "D_PDESC_INVAL.*a kretprobe has no offset"
out=$(rd -n 'kprobe:no_such_function_here { }' 2>&1)
expect_match "no such function" "$out" "D_PDESC_ZERO"
out=$(rd -x maxactive=5000 -n 'kretprobe:ksys_read { }' 2>&1)
expect_eq "maxactive too large" "$out" "rdtrace: kretprobe:ksys_read: cannot probe (E2BIG: maxactive 5000 is more than 4096)"
# rdtrace's own functions are not offered.
rd -l -n 'kprobe:rdtrace*' | grep -q rdtrace && fail "rdtrace's own functions listed"

# maxactive: with one instance, returns of four reads blocked at once are
# missed, counted and reported; with the default, none are.
blocked='sh -c "for i in 1 2 3 4; do (sleep 2 | cat) & done; wait"'
out=$(rd -x maxactive=1 -n 'kretprobe:ksys_read /execname == "cat"/ { }' -c "$blocked" 2>&1 >/dev/null)
echo "$out"
expect_match "missed reported" "$out" "^rdtrace: [0-9]+ kprobe firings? missed"
out=$(rd -n 'kretprobe:ksys_read /execname == "cat"/ { }' -c "$blocked" 2>&1 >/dev/null)
printf '%s\n' "$out" | grep -q missed && fail "missed with the default maxactive: $out"

# Listing: matching functions, as kprobe entry or kretprobe return probes.
out=$(rd -l -n 'kprobe:vfs_rea*')
echo "$out"
expect_match "vfs_read listed" "$out" "^ +[0-9]+ +kprobe +vmlinux +vfs_read entry$"
printf '%s\n' "$out" | tail -n +2 | grep -Ev ' kprobe +vmlinux +vfs_rea[a-z0-9_.]* entry$' && fail "a line that is not a vfs_rea* kprobe"
out=$(rd -l -n 'kretprobe:ksys_read')
expect_match "kretprobe listed" "$out" "^ +[0-9]+ +kretprobe +vmlinux +ksys_read return$"

# A glob: several at once under a workload, then nothing left registered
# (each kprobe is patched alone: slow under TCG, so only a few here).
out=$(rd -qn 'kprobe:vfs_rea* { @[probeprov, probefunc] = count(); } kretprobe:vfs_read* { @[probeprov, probefunc] = count(); } END { printa("%s %s %@d\n", @); }' -c "$dd7" 2>/dev/null) ||
	fail "glob trace exited $?: $out"
echo "$out"
expect_match "glob kprobe counted" "$out" "^kprobe vfs_read [0-9]+$"
expect_match "glob kretprobe counted" "$out" "^kretprobe vfs_read [0-9]+$"
out=$(rd -n 'kprobe:* { }' 2>&1)
expect_match "too many" "$out" "matches [0-9]+ functions: more than 1000 kprobes"
left=$(cat /sys/kernel/debug/kprobes/list)
[ -z "$left" ] || fail "kprobes left registered: $left"
check_kernel_log
