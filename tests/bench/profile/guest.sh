#!/bin/sh
# In the guest (tests/bench/profile/run): one profile window per D script,
# around one rdbench loop under `rdtrace -n SCRIPT`; then the kernel's
# symbols, for the host to resolve PCs with.
#   guest.sh MARK 'D script'...   MARK: the window-marking program
#   guest.sh maps                 rdtrace's text mapping (the -c command)
SELF=$(readlink -f "$0")
. "$RDTRACE_ROOT/tests/bench/lib.sh"
if [ "$1" = maps ]; then
	for m in /proc/[0-9]*/maps; do
		case "$(readlink "${m%/maps}/exe")" in
		*/rdtrace)
			grep -m1 ' 00000000 .*/rdtrace$' "$m" | sed 's/^/BASE /'
			grep -m1 ' 00000000 .*/libc\.so[.0-9]*$' "$m" | sed 's/^/LIBC /'
			;;
		esac
	done
	exit
fi
mark=$1
shift
mkdir -p "$SCRATCH"
insmod "$RDTRACE_ROOT/tests/bench/rdbench.ko" || exit 1
for d in "$@"; do
	echo "SCRIPT $d" >>"$OUT"
	rdtrace -q -x bufsize=${BUF_KB}k -n "$d" \
		-c "/bin/sh -c '$mark; echo run ${PROF_MS:-200} >$CTL; $mark; sed s/^/CALLS\\ / $CTL >>$OUT; $SELF maps >>$OUT'" \
		>/dev/null 2>"$SCRATCH/err" || sed 's/^/ERROR /' "$SCRATCH/err" >>"$OUT"
done
echo KALLSYMS >>"$OUT"
grep -E ' [tTwW] ' /proc/kallsyms >>"$OUT"
