# --format json on real scripts: every line parses and follows the schema
# (rdtrace validate-json, the jsonschema crate), and the numbers are the
# ones the driven workloads make and the text output shows: a printf
# probe, @[execname] = count(), quantize over known sizes and over
# latencies of a known number of reads, and drops.
. "$(dirname "$0")/lib.sh"
ensure_module
dir=/tmp/json_output
rm -rf $dir && mkdir -p $dir
err=$dir/err

# valid FILE: every line follows the schema, the last is the summary.
valid() {
	rdtrace validate-json "$1" >$err 2>&1 || fail "$1 does not validate: $(head -5 $err)"
	expect_eq "$1: last line" "$(tail -1 "$1" | jq -r .type)" summary
}

# A printf probe: its text, and the probe it fired on.
rd --format json -n 'fbt::ksys_read:entry /pid == $target/ { printf("%s read %d\n", execname, arg2); exit(0); }' \
	-c 'cat /proc/version' -o $dir/printf.json >/dev/null 2>$err || fail "printf: $(cat $err)"
valid $dir/printf.json
probe=$(jq -c 'select(.type == "probe")' $dir/printf.json | head -1)
expect_eq "printf probe" "$(printf "%s\n" "$probe" | jq -r '[.provider, .module, .function, .name] | join(":")')" "fbt:vmlinux:ksys_read:entry"
expect_match "printf text" "$(printf "%s\n" "$probe" | jq -r '.values[0].text')" '^cat read [0-9]+$'
expect_eq "printf then exit" "$(printf "%s\n" "$probe" | jq -r '[.values[].kind] | join(",")')" "printf,exit"
expect_match "probe cpu and timestamp" "$(printf "%s\n" "$probe" | jq -r '"\(.cpu) \(.timestamp)"')" '^[0-9]+ [1-9][0-9]*$'
expect_eq "summary" "$(tail -1 $dir/printf.json | jq -r '"\(.ending) \(.exit_status)"')" "exit 0"

# @[execname] = count() over dd's 100 one-byte reads: 100, as the text says.
count='fbt::ksys_read:entry /execname == "dd" && arg2 == 1/ { @[execname] = count(); }'
reads='dd if=/dev/zero of=/dev/null bs=1 count=100'
rd --format json -n "$count" -c "$reads" -o $dir/count.json 2>$err || fail "count: $(cat $err)"
valid $dir/count.json
expect_eq "count entry" "$(jq -c 'select(.type == "aggregation") | [.name, .function, .entries]' $dir/count.json)" \
	'["@","count",[{"keys":["dd"],"value":100,"state":{"scalar":100}}]]'
text=$(rd -q -n "$count" -c "$reads" 2>$err) || fail "count text: $(cat $err)"
expect_match "count in text" "$text" '^  dd +100$'

# quantize(arg2) over 10 one-byte and 5 1000-byte reads: the buckets with
# their bounds, the same counts as the text histogram's rows.
sizes='fbt::ksys_read:entry /execname == "dd" && (arg2 == 1 || arg2 == 1000)/ { @sizes = quantize(arg2); }'
mixed='sh -c "dd if=/dev/zero of=/dev/null bs=1 count=10 2>/dev/null; dd if=/dev/zero of=/dev/null bs=1000 count=5 2>/dev/null"'
rd --format json -n "$sizes" -c "$mixed" -o $dir/quantize.json 2>$err || fail "quantize: $(cat $err)"
valid $dir/quantize.json
expect_eq "quantize buckets" "$(jq -c 'select(.type == "aggregation") | .entries[0].buckets' $dir/quantize.json)" \
	'[{"lower":1,"upper":1,"count":10},{"lower":512,"upper":1023,"count":5}]'
text=$(rd -q -n "$sizes" -c "$mixed" 2>$err) || fail "quantize text: $(cat $err)"
rows=$(printf '%s\n' "$text" | awk '$2 ~ /^\|/ && $3 != 0 { print $1 "=" $3 }' | tr '\n' ' ')
expect_eq "text histogram rows" "$rows" "1=10 512=5 "

# The latency of a known number of reads (issue 11's acceptance, driven):
# the buckets' counts add up to the 100 reads.
lat='fbt::ksys_read:entry /execname == "dd" && arg2 == 1/ { self->ts = timestamp; }
fbt::ksys_read:return /self->ts/ { @["read ns"] = quantize(timestamp - self->ts); self->ts = 0; }'
rd --format json -n "$lat" -c "$reads" -o $dir/latency.json 2>$err || fail "latency: $(cat $err)"
valid $dir/latency.json
agg=$(jq -c 'select(.type == "aggregation")' $dir/latency.json)
expect_eq "latency key" "$(printf "%s\n" "$agg" | jq -c '.entries[0].keys')" '["read ns"]'
expect_eq "latency total" "$(printf "%s\n" "$agg" | jq '[.entries[0].buckets[].count] | add')" 100
expect_eq "latency bounds are powers of two" \
	"$(printf "%s\n" "$agg" | jq '[.entries[0].buckets[] | select(.lower > 0 and (.upper + 1) != 2 * .lower)] | length')" 0

# Drops: 2000 one-byte reads traced into a 4 KiB buffer drained once a
# second; the records shown plus the drops reported are the 2000.
rd --format json -q -x bufsize=4k -x switchrate=1hz \
	-n 'fbt::ksys_read:entry /execname == "dd" && arg2 == 1/ { printf("r\n"); }' \
	-c 'sh -c "dd if=/dev/zero of=/dev/null bs=1 count=2000 2>/dev/null"' -o $dir/drops.json 2>$err || fail "drops: $(cat $err)"
[ -s $err ] && fail "drops went to stderr: $(cat $err)"
valid $dir/drops.json
shown=$(jq -r 'select(.type == "probe") | .values[0].text' $dir/drops.json | grep -c '^r$')
dropped=$(jq '[select(.type == "drop" and .kind == "principal") | .count] | add // 0' $dir/drops.json | awk '{s+=$1} END {print s+0}')
[ "$dropped" -gt 0 ] || fail "no drops with a 4k buffer"
expect_eq "shown + dropped" "$((shown + dropped))" 2000
expect_eq "summary drops" "$(tail -1 $dir/drops.json | jq .drops)" "$dropped"
expect_match "drop message" "$(jq -r 'select(.type == "drop") | .message' $dir/drops.json | head -1)" '^[0-9]+ drops? on CPU [0-9]+$'

# A fault is an error line, not stderr.
rd --format json -n 'BEGIN { trace(copyinstr(16)); } BEGIN { exit(0); }' -o $dir/fault.json 2>$err || fail "fault: $(cat $err)"
valid $dir/fault.json
expect_eq "fault" "$(jq -r 'select(.type == "error") | "\(.kind) \(.fault) \(.address)"' $dir/fault.json)" "fault invalid address 16"

# The schema check can fail.
sed 's/"version":1/"version":9/' $dir/printf.json >$dir/bad.json
rdtrace validate-json $dir/bad.json >/dev/null 2>&1 && fail "validate-json accepted version 9"
check_kernel_log
