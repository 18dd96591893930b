# ftrace's function list kept in /run/rdtrace between runs: root's alone,
# the kernel's list exactly (split, function_table.rs: a header line, the
# lines' fields, then the list's text), read again when a module comes or
# goes, and not trusted when others could have written it.
. "$(dirname "$0")/lib.sh"
ensure_module
addrs=/sys/kernel/tracing/available_filter_functions_addrs
cache=/run/rdtrace/functions
rm -rf /run/rdtrace
# A planted copy must not outlive the test.
trap "rm -rf /run/rdtrace" EXIT

ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
t=$(date +%s%N)
rd -l -n fbt::ksys_read:entry >/dev/null || fail "rdtrace -l"
cold=$(ms "$t")
t=$(date +%s%N)
rd -l -n fbt::ksys_read:entry >/dev/null || fail "rdtrace -l, again"
echo "note: rdtrace -l -n fbt::ksys_read:entry: ${cold} ms reading the kernel's list, $(ms "$t") ms with the copy"

expect_eq "the directory's mode" "$(stat -c %a /run/rdtrace)" 700
expect_eq "the copy's mode and owner" "$(stat -c '%a %U' $cache)" "600 root"
expect_match "the copy's first line" "$(head -1 $cache)" "^rdtrace function table 1 [0-9a-f-]+ [0-9a-f]{16}$"
# The text the copy ends with.
copied_list() { tail -c "$(wc -c <$addrs)" $cache; }
copied_list | cmp -s - $addrs || fail "the copy differs from the kernel's list"

key=$(head -1 $cache)
insmod "$RDTRACE_KO_DIR/tests/bench/rdbench.ko" || fail "insmod rdbench"
out=$(rd -l -n fbt::rdbench_target:entry) || fail "a module's function after it loaded: $out"
expect_match "a module's function after it loaded" "$out" "fbt +rdbench +rdbench_target entry$"
[ "$(head -1 $cache)" != "$key" ] || fail "the key did not change with the module"
rmmod rdbench || fail "rmmod rdbench"
out=$(rd -l -n fbt::rdbench_target:entry 2>&1)
expect_eq "a module's function after it went: exit" "$?" 2
expect_match "a module's function after it went" "$out" "does not match any probes"

# The copy is what is read: a function renamed in it (to a name of the
# same length, which its line's span still covers) shows while the file is
# root's alone, and not once others may write it.
sed 's/^\(ffffffff[0-9a-f]* \)ksys_read$/\1zzzz_read/' $cache >$cache.new
chmod 600 $cache.new && mv $cache.new $cache
expect_match "a planted copy is read" "$(rd -l -n fbt::zzzz_read:entry 2>&1)" \
	"zzzz_read entry$"
chmod 666 $cache
out=$(rd -l -n fbt::zzzz_read:entry 2>&1)
expect_eq "a copy others may write is not read: exit" "$?" 2
copied_list | cmp -s - $addrs || fail "the untrusted copy was not replaced"
expect_eq "the replaced copy's mode" "$(stat -c %a $cache)" 600
check_kernel_log
