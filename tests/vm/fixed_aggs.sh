# Fixed-key aggregations (@[probefunc] = count(), @ = sum(arg2) and the
# like, under a pid predicate) take the hit path's fast route; the same
# clauses with a this-> store beside them run the interpreter. The same
# driven dd (quiet: its summary holds a time) must leave the same
# aggregations either way.
. "$(dirname "$0")/lib.sh"
ensure_module
dir=$(mktemp -d)
fns='fbt::vfs_read:entry,fbt::vfs_write:entry'
script() {
	cat <<-D
	$fns /pid == \$target/ { @c[probefunc] = count();$1 }
	$fns /pid == \$target/ { @s[probefunc, probename] = sum(arg2);$1 }
	fbt::vfs_read:entry /pid == \$target/ { @mx = max(arg2);$1 }
	fbt::vfs_write:entry /pid == \$target/ { @mn = min(arg2);$1 }
	fbt::vfs_write:entry /pid == \$target/ { @av = avg(arg2);$1 }
	fbt::vfs_write:entry /pid == \$target/ { @sd["w"] = stddev(arg2);$1 }
	D
}
run() {
	script "$2" >"$dir/$1.d"
	rd -q -s "$dir/$1.d" -c "dd if=/dev/zero of=/dev/null bs=7 count=300 status=none" >"$dir/$1.out" 2>"$dir/$1.err" ||
		fail "rdtrace ($1) failed: $(cat "$dir/$1.err")"
}
run fast ""
run general " this->g = 1;"
cat "$dir/fast.out"
expect_eq "fast and general aggregations" "$(cat "$dir/fast.out")" "$(cat "$dir/general.out")"
reads=$(awk '$1 == "vfs_read" && NF == 2 { print $2 }' "$dir/fast.out")
[ "${reads:-0}" -ge 300 ] || fail "fewer reads than dd made: '$reads'"
writes=$(awk '$1 == "vfs_write" && NF == 2 { print $2 }' "$dir/fast.out")
expect_eq "dd's writes" "$writes" 300
wsum=$(awk '$1 == "vfs_write" && $2 == "entry" { print $3 }' "$dir/fast.out")
expect_eq "the bytes dd wrote" "$wsum" 2100
# One clause on the probe, gated on an argument alone: the hook's entry
# point decides the gate itself (tracing.rs, fbt_hit), folds the count with
# no call, and sends a firing that records to the general path.
dd7="dd if=/dev/zero of=/dev/null bs=4093 count=300 status=none"
one() {
	rd -q -n "fbt::vfs_write:entry /arg2 == $1/ { $2 }" -c "$dd7" >"$dir/one.out" 2>"$dir/one.err" ||
		fail "rdtrace (/arg2 == $1/ { $2 }) failed: $(cat "$dir/one.err")"
}
one 4093 "@w = count();"
expect_eq "a gated count on one probe" "$(tr -d ' \n' <"$dir/one.out")" 300
one 4094 "@w = count();"
expect_eq "a never-true gated count" "$(tr -d ' \n' <"$dir/one.out")" ""
one 4093 "printf(\"%d\\n\", arg2);"
expect_eq "a gated printf's records" "$(grep -c '4093$' "$dir/one.out")" 300
rm -rf "$dir"
check_kernel_log
