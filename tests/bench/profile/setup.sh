#!/bin/sh
# In the guest (tests/bench/profile/run --setup): one profile window around
# rdtrace's start and enable of every allowed function (to its -c command's
# mark), one around tracefs's function tracer on every function, each
# after a warm-up run (the function list's copy in /run/rdtrace, the
# module's verified names). Counts read as millions of guest instructions
# (CALLS 1000000).
#   setup.sh MARK
mark=$1
SELF=$RDTRACE_ROOT/tests/bench/profile/guest.sh
. "$RDTRACE_ROOT/tests/bench/lib.sh"
# The bench's own "all" enabling (scale.sh's prepare_set).
. "$RDTRACE_ROOT/tests/bench/scale.sh"
mkdir -p "$SCRATCH"
prepare_set all
all=$SCRATCH/set-all.d
rdtrace -q -s "$all" -c true >/dev/null 2>&1
echo "SCRIPT rdtrace: start and enable all (M guest instructions)" >>"$OUT"
echo "CALLS - 1000000 - -" >>"$OUT"
$mark
rdtrace -q -s "$all" -c "/bin/sh -c '$mark; $SELF maps >>$OUT'" >/dev/null 2>"$SCRATCH/err" ||
	sed 's/^/ERROR /' "$SCRATCH/err" >>"$OUT"
echo "SCRIPT tracefs: function tracer on, all functions (M guest instructions)" >>"$OUT"
echo "CALLS - 1000000 - -" >>"$OUT"
echo "BASE 0-0" >>"$OUT"
$mark
echo >$T/set_ftrace_filter
echo function >$T/current_tracer
$mark
echo nop >$T/current_tracer
echo KALLSYMS >>"$OUT"
grep -E ' [tTwW] ' /proc/kallsyms >>"$OUT"
