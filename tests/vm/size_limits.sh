# Every size option is bounded, and a request the machine cannot meet is
# refused before anything is allocated, with the number asked and the
# number allowed: past an option's bound by rdtrace itself, past half of
# the memory available now by the kernel at ENABLE (the VM has 1 GiB and
# 2 CPUs, so 2 x 256 MiB of principal buffers cannot fit).
. "$(dirname "$0")/lib.sh"
ensure_module
prog='BEGIN { exit(0); }'

out=$(rd -b 1t -n "$prog" 2>&1) && fail "bufsize 1t accepted: $out"
expect_eq "bufsize past its bound" "$out" "rdtrace: failed to set -b 1t: invalid value \`1t\` for option \`bufsize\`: expected a size from 1 to 256m"
out=$(rd -x nspec=5000 -n "$prog" 2>&1) && fail "nspec 5000 accepted: $out"
expect_eq "nspec past its bound" "$out" "rdtrace: failed to set -x nspec=5000: invalid value \`5000\` for option \`nspec\`: expected a whole number from 0 to 1024"

ncpus=$(( $(cut -d- -f2 /sys/devices/system/cpu/possible) + 1 ))
# needs MIB SCRIPT ARGS...: refused by the kernel, needing MIB MiB.
needs() {
	want=$1 script=$2
	shift 2
	out=$(rd -q "$@" -n "$script" 2>&1) && fail "ran: $* $script: $out"
	expect_match "$*" "$out" "^rdtrace: kernel refused the enabling: bufsize, aggsize, dynvarsize and specsize need $want MiB on $ncpus CPUs; [0-9]+ MiB allowed \(half of free memory\)\$"
	allowed=$(printf '%s\n' "$out" | sed -E 's/.*; ([0-9]+) MiB allowed.*/\1/')
	avail=$(awk '/^MemAvailable:/ { print int($2 / 2048) }' /proc/meminfo)
	# The allowance is half of what is available (which moves a little).
	[ $((allowed - avail)) -lt 64 ] && [ $((avail - allowed)) -lt 64 ] ||
		fail "$*: $allowed MiB allowed, half of MemAvailable is $avail MiB"
}
needs $((256 * ncpus)) "$prog" -b 256m
# Dynamic variables count only in a session that has them, aggregations
# and speculations likewise.
needs $((128 * ncpus + 256)) 'BEGIN { self->x = 1; exit(0); }' -b 128m -x dynvarsize=256m
needs $(((128 + 64) * ncpus + 256)) 'BEGIN { @[1] = count(); a[1] = 2; exit(0); }' -b 128m -x aggsize=64m -x dynvarsize=256m
needs $(((192 + 64) * ncpus)) 'BEGIN { s = speculation(); exit(0); }' -b 192m -x nspec=4 -x specsize=16m
out=$(rd -q -b 192m -x dynvarsize=256m -x aggsize=64m -x nspec=4 -x specsize=16m \
	-n 'BEGIN { x = 1; printf("fits\n"); exit(0); }' 2>&1) || fail "a session that fits: $out"
expect_eq "a session that fits" "$out" "fits"
check_kernel_log
