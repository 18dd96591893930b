. "$RDTRACE_ROOT/tests/vm/lib.sh"
ensure_module
insmod $RDTRACE_ROOT/tests/bench/rdbench.ko 2>/dev/null || insmod ${RDTRACE_KO_DIR:-$RDTRACE_ROOT}/rdbench.ko
ls /proc/rdbench_busy || find $RDTRACE_ROOT -name rdbench.ko
printf 'fbt:::entry\n/arg0 == 12345/ {}\n' > /tmp/all.d
w() { read -r a </proc/rdbench_busy; "$@" >/dev/null 2>&1; read -r b </proc/rdbench_busy; echo "$(( (b-a)/100000 )) e5 insns: $*"; }
rdtrace -q -s /tmp/all.d -c true
for i in 1 2; do
w /bin/true
w rdtrace --version
w rdtrace -l -n 'BEGIN'
w rdtrace -l -n 'fbt::vfs_read:entry'
w rdtrace -l -n 'fbt:::entry'
w rdtrace -q -n 'BEGIN { exit(0) }'
w rdtrace -q -n 'fbt::vfs_read:entry /arg0 == 1234/ {}' -c true
w rdtrace -q -s /tmp/all.d -c true
done
cd /tmp && perf record -F 20000 -e cpu-clock -o /tmp/perf.data rdtrace -q -s /tmp/all.d -c true 2>&1 | tail -1
perf report -i /tmp/perf.data --comm rdtrace --sort dso,sym --stdio 2>/dev/null | grep % | head -120 > $RDTRACE_SHARE/perf.txt
check_kernel_log
