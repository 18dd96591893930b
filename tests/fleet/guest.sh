# The fleet test's guest (tests/fleet/run boots three): NAME PORT [outage].
# The guest takes NAME as its host name, reaches the host's broker through
# scripts/vm-run's VM_KAFKA link (10.0.2.101:9092; the broker advertises
# 127.0.0.1:PORT, which relay.py leads there from the guest's
# loopback), and runs tests/fleet/fleet.d against its own dd workload with
# -o kafka://. With "outage", it then runs outage.d for about 15 s while
# the host takes the link down and up again. Each run's stderr and status
# go to the share, $RDTRACE_SHARE/NAME.RUN.{err,status}.
. "$RDTRACE_ROOT/tests/vm/lib.sh"
name=$1 port=$2 outage=${3:-}
share=${RDTRACE_SHARE:-}
[ -n "$share" ] || fail "no share: run by tests/fleet/run"
ensure_module
hostname "$name"
. "$RDTRACE_ROOT/tests/fleet/kafka_link.sh"
kafka_link_up "$port" || fail "the link to the broker did not come up"
trap 'kill $kafka_relay 2>/dev/null' EXIT

# run RUN TOPIC WORKLOAD: the script RUN.d to the topic, workload traced.
run() {
	RD_TIMEOUT=300 rd -q -s "$RDTRACE_ROOT/tests/fleet/$1.d" -o "kafka://127.0.0.1:$port/$2" \
		-c "sh -c '$3'" 2>"$share/$name.$1.err"
	echo $? >"$share/$name.$1.status"
}

n=${name#vm-}
run fleet fleet "dd if=/dev/zero of=/dev/null bs=$((1000 * n)) count=$((10 * n)) status=none"
if [ "$outage" = outage ]; then
	# Rounds of 5 writes, 0.3 s apart, until the host has taken the link
	# down and up again (it watches for the first marker and leaves the
	# second), then 5 more (200 at most); the writes made go to the share.
	run outage outage "touch $share/outage.tracing; n=0 r=0; while [ \$r -lt 200 ] && { [ ! -e $share/outage.over ] || [ \$n -lt 5 ]; }; do r=\$((r + 1)); [ -e $share/outage.over ] && n=\$((n + 1)); dd if=/dev/zero of=/dev/null bs=777 count=5 status=none; echo >>$share/outage.rounds; sleep 0.3; done"
fi
check_kernel_log
