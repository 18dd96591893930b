# DTrace's stable providers, proc and sched, over the kernel's own probes:
# workloads whose effects are known exactly (N execs, one kill(2), known
# exit reasons) print exactly those firings, with DTrace's typed
# arguments (psinfo_t, lwpsinfo_t, cpuinfo_t) and probe names. Each CPU's
# buffer is read in turn, so firings on several CPUs are compared sorted.
. "$(dirname "$0")/lib.sh"
ensure_module

# Listing: every proc and sched probe, module vmlinux, no function.
out=$(rd -l -n 'proc:::') || fail "rdtrace -l proc"
expect_eq "proc probes" "$(printf '%s\n' "$out" | tail -n +2 | awk '{print $2, $3, $4}' | tr '\n' ' ')" \
	"proc vmlinux create proc vmlinux exec proc vmlinux exec-failure proc vmlinux exec-success proc vmlinux exit proc vmlinux lwp-create proc vmlinux lwp-exit proc vmlinux lwp-start proc vmlinux signal-clear proc vmlinux signal-discard proc vmlinux signal-handle proc vmlinux signal-send proc vmlinux start "
out=$(rd -l -n 'sched:::on-cpu') || fail "rdtrace -l sched"
expect_match "sched:::on-cpu listed" "$out" "^ +[0-9]+ +sched +vmlinux +on-cpu$"

# 5 execs of /bin/true: 5 exec-success firings naming it, in the new
# image (execname), with the probe's own names.
out=$(rd -qn 'proc:::exec-success /ppid == $target/ { printf("%s %s %d %s:%s:%s:%s\n", curpsinfo->pr_fname, execname, curpsinfo->pr_pid == pid, probeprov, probemod, probefunc, probename); }' \
	-c 'sh -c "for i in 1 2 3 4 5; do /bin/true; done"') || fail "exec-success exited $?: $out"
expect_eq "5 exec-success" "$out" "$(for i in 1 2 3 4 5; do echo "true true 1 proc:vmlinux::exec-success"; done)"

# The default output names the stable probe, not the tracepoint under it.
out=$(rd -n 'proc:::exec-success /ppid == $target/ { }' -c 'sh -c "/bin/true; exit 0"' 2>/dev/null)
expect_match "default output" "$out" "^ +[0-9]+ +[0-9]+ +:exec-success $"

# exec's path (a string), then exec-failure's -errno for a missing file.
out=$(rd -qn 'proc:::exec /ppid == $target/ { printf("exec %s\n", args[0]); } proc:::exec-failure /ppid == $target/ { printf("failure %d %d\n", args[0], args[0] == -ENOENT); }' \
	-c 'sh -c "/bin/true; /nonexistent/x 2>/dev/null; exit 0"') || fail "exec exited $?: $out"
expect_eq "exec and exec-failure" "$(printf '%s\n' "$out" | sort)" "$(printf 'exec /bin/true\nexec /nonexistent/x\nfailure -2 1' | sort)"

# kill(2) of a child: signal-send in the sender with the target's pid
# and the signal (the child may not have exec'd sleep yet); then the child's exit reason is CLD_KILLED.
out=$(rd -qn 'proc:::signal-send /pid == $target && args[2] == SIGTERM/ { printf("send %d %s %d %d\n", args[2], execname, args[1]->pr_pid == args[0]->pr_lwpid, args[1]->pr_ppid == $target); }
proc:::exit /ppid == $target/ { printf("exit %d\n", args[0]); }' \
	-c 'sh -c "/bin/true; /bin/false; sleep 10 & kill -TERM \$!; wait; exit 0"') || fail "signal-send exited $?: $out"
expect_eq "signal-send and exit" "$(printf '%s\n' "$out" | sort)" "$(printf 'exit 1\nexit 1\nsend 15 sh 1 1\nexit 2' | sort)"

# An ignored signal is discarded; a caught one is handled.
out=$(rd -qn 'proc:::signal-discard /pid == $target && args[2] == SIGUSR1/ { printf("discard %d\n", args[1]->pr_pid == $target); }
proc:::signal-send /pid == $target && args[2] == SIGUSR2/ { printf("send %d\n", args[2]); }
proc:::signal-handle /pid == $target/ { printf("handle %d\n", args[0]); }' \
	-c "sh -c 'trap \"\" USR1; kill -USR1 \$\$; trap \"exit 0\" USR2; kill -USR2 \$\$; sleep 5'") || fail "discard exited $?: $out"
expect_eq "discard, send, handle" "$(printf '%s\n' "$out" | sort)" "$(printf 'discard 1\nsend 12\nhandle 12' | sort)"

# A new process: create in the parent (args[0] the child), start and
# lwp-start in the child, lwp-exit and exit as it ends; no lwp-create.
out=$(rd -qn 'proc:::create /pid == $target/ { @["create", args[0]->pr_ppid == $target] = count(); }
proc:::start /ppid == $target/ { @["start", curpsinfo->pr_pid == pid] = count(); }
proc:::lwp-start /ppid == $target/ { @["lwp-start", curlwpsinfo->pr_lwpid == tid] = count(); }
proc:::lwp-exit /ppid == $target/ { @["lwp-exit", 1] = count(); }
proc:::exit /ppid == $target/ { @["exit", args[0]] = count(); }
proc:::lwp-create /pid == $target/ { @["lwp-create", 1] = count(); }
END { printa("%s %d %@d\n", @); }' -c 'sh -c "/bin/true; /bin/true; /bin/true; exit 0"') || fail "create exited $?: $out"
expect_eq "create, start, exit" "$(printf '%s\n' "$out" | sort)" "$(printf 'create 1 3\nexit 1 3\nlwp-exit 1 3\nlwp-start 1 3\nstart 1 3' | sort)"

# sched: a sleeping process goes off and on CPU, sleeps and is woken;
# the CPU of an enqueue and of curcpu is one this machine has.
out=$(rd -qn 'sched:::off-cpu /pid == $target/ { off = 1; }
sched:::on-cpu /pid == $target/ { on = 1; }
sched:::sleep /pid == $target/ { slept = 1; }
sched:::wakeup /args[1]->pr_pid == $target && args[0]->pr_lwpid == $target/ { woke = 1; }
sched:::enqueue /args[1]->pr_pid == $target/ { cpus = args[2]->cpu_id >= 0 && args[2]->cpu_id < 64; }
sched:::tick { ticked = 1; cur = curcpu->cpu_id == cpu; }
END { printf("%d %d %d %d %d %d %d\n", off, on, slept, woke, cpus, ticked, cur); }' -c 'sleep 0.3') || fail "sched exited $?: $out"
expect_eq "sched probes" "$out" "1 1 1 1 1 1 1"

# Members DTrace has not, and those its translators leave out, with
# DTrace's tags; an argument the probe has not.
out=$(rd -qn 'proc:::exec-success { trace(curpsinfo->pr_nosuch); }' 2>&1) && fail "pr_nosuch compiled"
expect_match "unknown member" "$out" "D_TYPE_MEMBER.*pr_nosuch"
out=$(rd -qn 'BEGIN { trace(curlwpsinfo->pr_cpu); }' 2>&1) && fail "pr_cpu compiled"
expect_match "untranslated member" "$out" "D_XLATE_NOCONV.*translator does not define conversion for member: pr_cpu"
out=$(rd -qn 'proc:::exec-success { trace(args[0]); }' 2>&1) && fail "args[0] of exec-success compiled"
expect_match "no such argument" "$out" "D_ARGS_IDX"

# -l -v: dtrace's stability and argument-type block under the probe.
want=$(printf '%s\n' "" \
	"	Probe Description Attributes" "		Identifier Names: Private" "		Data Semantics:   Private" "		Dependency Class: Unknown" "" \
	"	Argument Attributes" "		Identifier Names: Evolving" "		Data Semantics:   Evolving" "		Dependency Class: ISA" "" \
	"	Argument Types" "		args[0]: lwpsinfo_t *" "		args[1]: psinfo_t *" "		args[2]: cpuinfo_t *")
expect_eq "-lvn sched:::enqueue" "$(rd -lvn sched:::enqueue | tail -n +3)" "$want"
out=$(rd -lvn fbt::vfs_read:entry)
expect_match "fbt entry's BTF types" "$(printf '%s' "$out" | tr -s '\n\t' '  ')" "Argument Types args\[0\]: struct file \* args\[1\]: char \* args\[2\]: unsigned long args\[3\]: long \*$"
expect_match "BEGIN has none" "$(rd -lvn BEGIN | tail -n 2)" "^		None$"
check_kernel_log
