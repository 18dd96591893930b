# The profile provider: tick-N fires on one CPU at its rate, profile-N on
# every CPU with the interrupted PCs, BEGIN before and END after them, the
# probes need no ftrace list, and a consumer killed mid-run leaves no timer.
. "$(dirname "$0")/lib.sh"
ensure_module
ncpus=$(grep -c '^processor' /proc/cpuinfo)

# in_range WHAT VALUE LOW HIGH
in_range() { [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || fail "$1: $2 not in $3..$4"; }

# tick-10ms for one second: about 100 firings, all on one CPU, BEGIN's
# line first and END's last though they may run on other CPUs.
out=$(rd -q -n '
BEGIN { printf("begin %d\n", timestamp); }
tick-10ms { printf("tick %d %s:%s:%s:%s\n", cpu, probeprov, probemod, probefunc, probename); }
tick-1s { printf("second %d\n", timestamp); exit(0); }
END { printf("end\n"); }') || fail "tick run exited $?: $out"
ticks=$(printf '%s\n' "$out" | grep -c '^tick ')
echo "tick-10ms fired $ticks times in 1 s"
in_range "tick-10ms firings in 1 s" "$ticks" 70 101
expect_match "first line" "$(printf '%s\n' "$out" | head -1)" '^begin [0-9]+$'
expect_eq "last line" "$(printf '%s\n' "$out" | tail -1)" "end"
expect_eq "tick CPUs" "$(printf '%s\n' "$out" | sed -n 's/^tick \([0-9]*\) .*/\1/p' | sort -u | wc -l)" 1
expect_eq "tick names" "$(printf '%s\n' "$out" | sed -n 's/^tick [0-9]* //p' | sort -u)" "profile:::tick-10ms"
# tick-1s fired a second after BEGIN (timestamps in ns).
begin=$(printf '%s\n' "$out" | sed -n 's/^begin //p')
second=$(printf '%s\n' "$out" | sed -n 's/^second //p')
in_range "BEGIN to tick-1s (ms)" $(((second - begin) / 1000000)) 990 1100

# With every CPU recording from the start, BEGIN's output still comes
# first and END's last; Ctrl-C ends the run with END too.
out=$(rd -q -n '
BEGIN { printf("begin\n"); }
profile-4999 { printf("p %d\n", cpu); }
tick-200ms { exit(0); }
END { printf("end\n"); }') || fail "profile-4999 run exited $?"
expect_eq "first line with profile-4999" "$(printf '%s\n' "$out" | head -1)" "begin"
expect_eq "last line with profile-4999" "$(printf '%s\n' "$out" | tail -1)" "end"
expect_eq "profile-4999 CPUs" "$(printf '%s\n' "$out" | sed -n 's/^p //p' | sort -u | wc -l)" "$ncpus"
rdtrace -q -n 'tick-10ms { printf("t\n"); } END { printf("end\n"); }' >/tmp/ctrl_c.out &
pid=$!
# SIGINT once ticks are flowing (setup takes seconds on the debug kernel).
for _ in $(seq 60); do [ "$(grep -c '^t$' /tmp/ctrl_c.out)" -ge 10 ] && break; sleep 0.5; done
kill -INT $pid
wait $pid || fail "tick consumer stopped by SIGINT exited $?"
# END's line last, then dtrace's closing newline.
expect_eq "last lines after SIGINT" "$(tail -2 /tmp/ctrl_c.out | tr '\n' '|')" "end||"
expect_match "ticks before SIGINT" "$(grep -c '^t$' /tmp/ctrl_c.out)" '^[1-9][0-9]+$'

# tick-1s { exit(0) } ends the run after about a second, whatever its
# spelling, and the default output names the probe as DTrace does. The
# time includes rdtrace's setup, which takes seconds on the debug kernel
# (kmemleak's file marks it) when the host is busy.
most=4000
[ -e /sys/kernel/debug/kmemleak ] && most=15000
for desc in tick-1s profile:::tick-1s :::tick-1s; do
	start=$(date +%s%N)
	out=$(rd -n "$desc { exit(0); }" 2>&1) || fail "$desc exited $?: $out"
	ms=$((($(date +%s%N) - start) / 1000000))
	echo "$desc: exit after $ms ms"
	in_range "$desc run time (ms)" "$ms" 1000 $most
	expect_match "$desc row" "$out" '^ +[0-9]+ +[0-9]+ +:tick-1s +$'
done

# profile-97 for a second fires on every CPU, about 97 times each.
out=$(rd -q -n 'profile-97 { printf("%d %s\n", cpu, probename); } tick-1s { exit(0); }') ||
	fail "profile run exited $?"
per_cpu=$(printf '%s\n' "$out" | awk '{print $1}' | sort -n | uniq -c)
echo "profile-97 per CPU: $(echo $per_cpu)"
expect_eq "profile CPUs" "$(printf '%s\n' "$per_cpu" | wc -l)" "$ncpus"
printf '%s\n' "$per_cpu" | while read -r n cpu; do in_range "profile-97 firings on CPU $cpu" "$n" 50 99; done || exit 1
expect_eq "profile name" "$(printf '%s\n' "$out" | awk '{print $2}' | sort -u)" "profile-97"

# arg0 is a kernel text address or 0, arg1 a user address or 0, never
# both set. A busy loop gives it user code to interrupt (and, under
# emulation, makes the timers late: no count here).
sh -c 'while :; do :; done' &
busy=$!
out=$(rd -q -n 'profile-97 { printf("%d %x %x\n", cpu, arg0, arg1); } tick-1s { exit(0); }') ||
	fail "profile PC run exited $?"
kill $busy
# Kernel text: from the lowest to the highest text symbol (modules included).
range=$(awk '$2 ~ /^[tT]$/ {print $1}' /proc/kallsyms | sort | sed -n '1p;$p' | tr '\n' ' ')
lo=${range% * }
hi=${range#* }
hi=${hi% }
printf '%s\n' "$out" | awk -v lo="$lo" -v hi="$hi" '
	function pad(x) { return sprintf("%016s", x) }
	$2 != "0" && $3 != "0" { print "both PCs set: " $0; bad = 1 }
	$2 != "0" && (pad($2) < pad(lo) || pad($2) > pad(hi)) { print "arg0 not kernel text: " $0; bad = 1 }
	$3 != "0" && length($3) > 12 { print "arg1 not a user address: " $0; bad = 1 }
	$2 != "0" { k++ } $3 != "0" { u++ }
	END { print k + 0 " kernel PCs, " u + 0 " user PCs"; exit bad }' || fail "profile PCs"
expect_match "some kernel PCs" "$(printf '%s\n' "$out" | awk '$2 != "0"' | wc -l)" '^[1-9]'
expect_match "some user PCs" "$(printf '%s\n' "$out" | awk '$3 != "0"' | wc -l)" '^[1-9]'

# CPU hotplug: a CPU going offline takes its profile timer with it (its
# neighbour does not fire twice) and one coming online gets one back. For
# 4 s at 97 Hz, CPU 1 offline for about a second in the middle: about 390
# firings on CPU 0 (485 if its neighbour's timer moved to it) and 290 on
# CPU 1 (97 if it got none back; 388 had it never gone offline, and a slow
# kernel, the debug one, takes a while to offline it).
rd -q -n 'profile-97 { printf("%d\n", cpu); } tick-4s { exit(0); }' >/tmp/hotplug.out &
pid=$!
sleep 1
echo 0 >/sys/devices/system/cpu/cpu1/online || fail "offline CPU 1"
sleep 1
echo 1 >/sys/devices/system/cpu/cpu1/online || fail "online CPU 1"
wait $pid || fail "hotplug run exited $?"
cpu0=$(grep -c '^0$' /tmp/hotplug.out)
cpu1=$(grep -c '^1$' /tmp/hotplug.out)
echo "profile-97 across a hotplug: CPU 0 $cpu0, CPU 1 $cpu1"
if [ -e /proc/lockdep ]; then
	# The debug kernel under load: a tick-1s took 11 s and offlining a CPU
	# most of the window, so only what no slowness explains is checked: no
	# timer twice on CPU 0, and CPU 1's back.
	in_range "CPU 0 firings across a hotplug" "$cpu0" 1 484
	in_range "CPU 1 firings across a hotplug" "$cpu1" 1 388
else
	in_range "CPU 0 firings across a hotplug" "$cpu0" 300 420
	in_range "CPU 1 firings across a hotplug" "$cpu1" 180 360
fi

# Listing: the defaults DTrace offers, and a probe a description names.
out=$(rd -l -n 'profile:::')
expect_eq "default profile probes" "$(printf '%s\n' "$out" | awk 'NR > 1 {print $3}' | tr '\n' ' ')" \
	"profile-97 profile-199 profile-499 profile-997 profile-1999 profile-4001 profile-4999 tick-1 tick-10 tick-100 tick-500 tick-1000 tick-5000 "
expect_match "listed tick-1s" "$(rd -l -n tick-1s)" '^ +[0-9]+ +profile +tick-1s$'

# Faster than DTrace allows (200 us): refused with the reason.
out=$(rd -n 'tick-100us { exit(0); }' 2>&1)
expect_eq "tick-100us status" "$?" 2
expect_eq "tick-100us refused" "$out" "rdtrace: error[D_PDESC_ZERO]: probe description :::tick-100us names no probe: its period of 100000 ns is shorter than the profile provider's minimum of 200 us (5000 Hz)"

# Without tracefs: BEGIN, END, ERROR and the profile provider need no
# function list; for fbt, kallsyms' text symbols stand in for ftrace's.
umount /sys/kernel/tracing || fail "umount tracefs"
rd -e -n 'tick-1s { exit(0); }'
st=$?
out=$(rd -q -n 'BEGIN { printf("b\n"); } tick-1s { exit(0); } ERROR { } END { printf("e\n"); }' 2>&1)
st2=$?
fbt=$(rd -e -n 'fbt::ksys_read:entry { }' 2>&1)
st3=$?
mount -t tracefs nodev /sys/kernel/tracing || fail "remount tracefs"
expect_eq "-e without tracefs" "$st" 0
expect_eq "run without tracefs" "$st2 $(echo $out)" "0 b e"
expect_eq "fbt -e without tracefs" "$st3:$fbt" "0:"

# A consumer killed while every CPU's timer fires: closing the device
# cancels them; the module unloads and nothing warns.
rdtrace -q -n 'profile-4999 { } tick-5000 { }' &
pid=$!
sleep 2
kill -9 $pid
wait $pid 2>/dev/null
rmmod rdtrace || fail "rmmod after killing a profile consumer"
insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod"
check_kernel_log
