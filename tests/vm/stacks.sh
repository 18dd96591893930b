# stack(): real kernel frames, printed as DTrace prints them: the probed
# function's own frame first, then its callers, each on its own line
# indented 14 columns as `module`function+0xoffset`; and as an
# aggregation key, the frames then the value.
. "$(dirname "$0")/lib.sh"
ensure_module

frame() { printf '^ {14}vmlinux`%s\\+0x[0-9a-f]+$' "$1"; }
err=/tmp/stacks.err

# trace(stack()) on vfs_read's entry, as `dtrace` prints it: the probe's
# line, the frames, a blank line ending the firing.
out=$(rd -n 'fbt::vfs_read:entry /pid == $target/ { trace(stack()); exit(0); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "trace(stack()): $(cat $err)"
expect_match "probe line" "$(echo "$out" | sed -n 2p)" '^ +[0-9]+ +[0-9]+ +vfs_read:entry $'
expect_match "first frame: the probed function" "$(echo "$out" | sed -n 3p)" "$(frame vfs_read)"
expect_match "second frame: its caller" "$(echo "$out" | sed -n 4p)" "$(frame ksys_read)"
expect_match "the system call below" "$out" "$(frame do_syscall_64)"

# stack(2), quiet: a newline, then exactly two frames.
out=$(rd -q -n 'fbt::vfs_read:entry /pid == $target/ { stack(2); exit(0); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "stack(2): $(cat $err)"
expect_eq "stack(2) frames" "$(echo "$out" | grep -c '`')" 2
expect_match "stack(2) first" "$(echo "$out" | grep '`' | head -1)" "$(frame vfs_read)"

# The stackframes option bounds stack().
out=$(rd -q -x stackframes=1 -n 'fbt::vfs_read:entry /pid == $target/ { stack(); exit(0); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "stackframes: $(cat $err)"
expect_eq "stackframes=1" "$(echo "$out" | grep -c '`')" 1

# stackindent indents every frame, traced and as a key, by that many
# columns (a pragma as the option).
out=$(rd -q -x stackindent=3 -n 'fbt::vfs_read:entry /pid == $target/ { stack(2); @[stack(1)] = count(); exit(0); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "stackindent: $(cat $err)"
expect_eq "stackindent=3: frames" "$(echo "$out" | grep -Ec '^ {3}vmlinux`vfs_read\+0x[0-9a-f]+$')" 2
printf '#pragma D option stackindent=0\nfbt::vfs_read:entry /pid == $target/ { stack(1); exit(0); }\n' >/tmp/stackindent.d
out=$(rd -q -s /tmp/stackindent.d -c 'dd if=/proc/version of=/dev/null status=none' 2>$err) ||
	fail "stackindent pragma: $(cat $err)"
expect_match "stackindent=0 pragma" "$out" '^vmlinux`vfs_read\+0x[0-9a-f]+$'

# A return probe's stack starts in the caller the function returned to.
out=$(rd -q -n 'fbt::vfs_read:return /pid == $target/ { stack(1); exit(0); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "return: $(cat $err)"
expect_match "return probe's first frame" "$(echo "$out" | grep '`')" "$(frame ksys_read)"

# As an aggregation key: each stack's frames, then its count at 17 columns.
out=$(rd -q -n 'fbt::vfs_read:entry /pid == $target/ { @[stack(2)] = count(); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "@[stack()]: $(cat $err)"
expect_match "key's frames" "$out" "$(frame vfs_read)"
expect_match "count after the frames" "$(echo "$out" | grep -A1 "ksys_read+" | tail -1)" '^ {12,16}[0-9]+$'

# --format folded: one line per stack, outermost frame first, then the count.
out=$(rd -q --format folded -n 'fbt::vfs_read:entry /pid == $target/ { @[stack(3)] = count(); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "folded: $(cat $err)"
expect_match "folded line" "$out" '^vmlinux`[^ ;]+;vmlinux`ksys_read\+0x[0-9a-f]+;vmlinux`vfs_read\+0x[0-9a-f]+ [0-9]+$'

# --flamegraph: an SVG holding the frames, by name.
svg=/tmp/stacks.svg
rm -f $svg
rd -q --flamegraph $svg -n 'fbt::vfs_read:entry /pid == $target/ { @[execname, stack(3)] = count(); }' \
	-c 'cat /proc/version' >/dev/null 2>$err || fail "flamegraph: $(cat $err)"
[ -s $svg ] || fail "no flame graph written"
expect_match "an SVG" "$(head -c 200 $svg)" '<svg'
grep -q 'vmlinux`vfs_read+0x' $svg || fail "flame graph lacks vfs_read's frame"
grep -q 'vmlinux`ksys_read+0x' $svg || fail "flame graph lacks ksys_read's frame"
grep -q '>cat<\|cat (' $svg || fail "flame graph lacks the execname root"

# printf's %a, and func()/mod() traced and as keys: the caller of
# vfs_read named by symbol. The target prints nothing (of=/dev/null): its
# output could land inside a line rdtrace has not ended yet.
out=$(rd -q -n 'fbt::vfs_read:entry /pid == $target/ { printf("%a|", caller); trace(func(caller)); trace(mod(caller)); exit(0); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "symbols: $(cat $err)"
expect_match "%a, func(), mod()" "$out" '^vmlinux`ksys_read\+0x[0-9a-f]+\|  vmlinux`ksys_read {33}  vmlinux {43}$'
out=$(rd -q -n 'fbt::vfs_read:entry /pid == $target/ { @[func(caller)] = count(); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "func() key: $(cat $err)"
expect_match "func() key" "$out" '^  vmlinux`ksys_read {33} +[0-9]+$'
# A statement of its own, func()/sym()/mod() is an action printing as trace().
out=$(rd -q -n 'fbt::vfs_read:entry /pid == $target/ { func(caller); printf("|"); mod(caller); printf("|"); sym(caller); exit(0); }' \
	-c 'dd if=/proc/version of=/dev/null status=none' 2>$err) || fail "symbol actions: $(cat $err)"
expect_match "func(), mod(), sym() actions" "$out" '^  vmlinux`ksys_read {33}\|  vmlinux {43}\|  vmlinux`ksys_read {33}$'

check_kernel_log
