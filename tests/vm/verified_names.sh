# ENABLE keeps the core-kernel functions it has checked (their name and that
# rdtrace allows them) while the module is loaded, and the next ENABLE
# takes their word without a kallsyms lookup: a kept function must still
# refuse a probe that gives it another name, and a module's functions are
# looked up every time. An enabling is edited here and given to rdtrace
# through rdtrace_dlog (consumers/dlog), the one way in that takes a
# compiled enabling as it is.
. "$(dirname "$0")/lib.sh"
ensure_module
[ -f "$dlog_ko" ] || fail "no $dlog_ko: make module"
work=$(mktemp -d)
trap 'rmmod rdtrace_dlog 2>/dev/null; stop_collector; rm -rf "$work"' EXIT
# rdtrace_dlog connects before it enables: a collector that takes nothing.
start_collector 9958 "$work/frames"

# rename FROM TO IN OUT: the enabling IN with every NUL-ended FROM made TO
# (no longer than FROM), into OUT.
rename() {
	python3 - "$@" <<'PY' || fail "rename $1"
import sys
old, new, src, dst = sys.argv[1:]
data = open(src, "rb").read()
want = old.encode() + b"\0"
assert data.count(want) >= 1, "no " + old
fixed = new.encode().ljust(len(old), b"\0") + b"\0"
open(dst, "wb").write(data.replace(want, fixed))
PY
}

# dlog_refuses NAME WHY: rdtrace_dlog's load of $work/NAME.enab fails, and
# rdtrace says WHY (an extended regex) in the kernel log.
dlog_refuses() {
	dmesg -C
	if insmod "$dlog_ko" enabling="$work/$1.enab" collector=127.0.0.1:9958 host=vm-a 2>/dev/null; then
		rmmod rdtrace_dlog
		fail "$1: the enabling was taken"
	fi
	expect_match "$1 refused" "$(dmesg)" "$2"
}

# Twice: the first run checks vfs_read by a lookup and keeps it, the second
# takes the kept word.
for run in 1 2; do
	out=$(rd -n 'fbt::vfs_read:entry { exit(0); }' -c 'cat /proc/version' 2>&1) || fail "run $run: $out"
	expect_match "run $run fired" "$out" "vfs_read:entry"
done

rd --emit enabling -q -n 'fbt::vfs_read:entry {}' -o "$work/good.enab" || fail "emit"
rename vfs_read vfs_rea "$work/good.enab" "$work/renamed.enab"
dlog_refuses renamed 'address 0x[0-9a-f]+ is `vfs_read`, not `vfs_rea`'
# A denied function at a kept allowed one's address: still the real name.
rename vfs_read rcu_ "$work/good.enab" "$work/denied-name.enab"
dlog_refuses denied-name 'is `vfs_read`, not `rcu_`'

# A module's function (e1000's, the NIC driver the test kernel loads as a
# module), twice.
e1000=$RDTRACE_KO_DIR/target/e1000/e1000.ko
lsmod | grep -q '^e1000 ' || insmod "$e1000" || fail "insmod e1000"
mod_fn=$(rd -l -n 'fbt:e1000::entry' 2>/dev/null | awk 'NR == 2 { print $4 }')
[ -n "$mod_fn" ] || fail "no e1000 function listed"
for run in 1 2; do
	rd -q -n "fbt::$mod_fn:entry { exit(0); } tick-10ms { exit(0); }" >/dev/null 2>"$work/err" ||
		fail "module function $mod_fn, run $run: $(cat "$work/err")"
done
check_kernel_log
