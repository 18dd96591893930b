# The guest's way to the host's Kafka broker (sourced by tests/fleet/guest.sh
# and tests/bench/flow.sh): scripts/vm-run's VM_KAFKA link reaches the
# broker at 10.0.2.101:9092; the broker advertises 127.0.0.1:PORT, which
# relay.py leads there from the guest's loopback.
# shellcheck shell=sh

# kafka_link_up PORT: the NIC up and the relay listening ($kafka_relay).
kafka_link_up() {
	lsmod | grep -q '^e1000 ' || insmod "$RDTRACE_KO_DIR/target/e1000/e1000.ko" || return 1
	_nic=$(ls /sys/class/net | grep -v '^lo$' | head -1)
	ip link set "$_nic" up && ip addr add 10.0.2.15/24 dev "$_nic" 2>/dev/null
	rm -f /tmp/relay.ready
	python3 "$RDTRACE_ROOT/tests/fleet/relay.py" --listen "127.0.0.1:$1" --to 10.0.2.101:9092 \
		--ready /tmp/relay.ready &
	kafka_relay=$!
	_i=0
	until [ -e /tmp/relay.ready ]; do
		sleep 0.5; _i=$((_i + 1)); [ $_i -lt 240 ] || return 1
	done
}
