#!/usr/bin/env python3
"""Fuzzes /dev/rdtrace from inside the test VM: random sequences of every
ioctl (INFO, LOAD with its test run, ENABLE on BEGIN/END/tick/profile/ERROR/
fbt/syscall probes, GO, STOP, READ, STATUS, AGGSNAP, unknown numbers), with
DIF blobs mutated from the saved fuzz corpus, sizes and counts at and past
every limit, pointers that are NULL, unmapped, kernel or too short, a second
thread reading while the first stops and closes, and forked children that
inherit the descriptor. Several worker processes run at once (--jobs); the
parent SIGKILLs one now and then, mid-sequence, and starts another. Between
the sequences, bursts of cheap calls (READ, STATUS, INFO, AGGSNAP, LOAD of
small mutated programs, bad pointers, unknown numbers) keep the call rate
high. Errors from the device are expected; what must not happen is a kernel
report (scripts/vm-run and check_kernel_log look).

  devfuzz.py [--seconds N] [--seed S] [--jobs J]
"""
import argparse
import ctypes
import errno
import fcntl
import mmap
import os
import random
import re
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback

ROOT = os.environ.get("RDTRACE_ROOT", os.path.join(os.path.dirname(__file__), "../.."))
DEV = "/dev/rdtrace"


def ioc(d, nr, size):
    return (d << 30) | (size << 16) | (ord("R") << 8) | nr


INFO = ioc(2, 1, 104)
LOAD = ioc(3, 2, 272)
ENABLE = ioc(3, 3, 232)
GO = ioc(0, 4, 0)
STOP = ioc(0, 5, 0)
READ = ioc(3, 6, 24)
STATUS = ioc(2, 7, 4136)
AGGSNAP = ioc(3, 8, 24)
KNOWN = ("INFO", "LOAD", "ENABLE", "GO", "STOP", "READ", "STATUS", "AGGSNAP")
NAMES = KNOWN + ("bad pointer", "unknown")
KERNEL_ADDR = 0xFFFFFFFF81000000
UNMAPPED = 0x10


def kallsyms(names):
    found = {}
    try:
        with open("/proc/kallsyms") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[2] in names:
                    found[parts[2]] = int(parts[0], 16)
    except OSError:
        pass
    return found


# Real clauses, compiled by rdtrace (-e -S) and assembled: programs the
# verifier accepts, so that ENABLE and GO get past validation and the
# probes fire (BEGIN, END, tick and profile timers, ERROR).
CLAUSES = [
    'BEGIN { trace(1); }',
    'BEGIN /1/ { @a[1, "x"] = count(); @b = quantize(2); @c = lquantize(3, 0, 10); @d = sum(4); }',
    'BEGIN { @e = max(5); @f = min(6); @g = avg(7); @h[execname] = count(); }',
    'BEGIN { self->x = 1; this->y = 2; x[1, "k"] = "a"; trace(x[1, "k"]); self->x = 0; }',
    'BEGIN { printf("%s %d %d\\n", execname, pid, cpu); trace(timestamp); trace(strjoin("a", "b")); }',
    'BEGIN { exit(0); }',
    'BEGIN { trace(*(int *)0); }',
    'BEGIN { trace(copyinstr(0)); }',
    'END { trace(2); }',
    'ERROR { trace(arg4); }',
    'tick-1ms { @t[cpu] = count(); v[cpu] = timestamp; }',
    'profile-997 { @p[pid] = sum(1); self->n = 1; }',
]


def compile_programs(rdtrace):
    progs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, clause in enumerate(CLAUSES):
            r = subprocess.run([rdtrace, "-e", "-S", "-n", clause], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"devfuzz: cannot compile {clause!r}: {r.stderr.strip()}", file=sys.stderr)
                continue
            parts = re.split(r"^; clause \d+ (predicate|actions)\n", r.stderr, flags=re.M)
            blobs = {}
            for kind, text in zip(parts[1::2], parts[2::2]):
                src, out = os.path.join(tmp, f"{i}{kind}.s"), os.path.join(tmp, f"{i}{kind}.bin")
                with open(src, "w") as f:
                    f.write(text)
                subprocess.run([rdtrace, "asm", "-o", out, src], check=True, capture_output=True)
                blobs[kind] = open(out, "rb").read()
            progs.append((blobs.get("predicate", b""), blobs["actions"]))
    return progs


class Fuzzer:
    def __init__(self, rng):
        self.rng = rng
        self.keep = []  # buffers whose addresses are in flight
        corpus = os.path.join(ROOT, "uapi/fuzz/corpus/verify_run_bytes")
        self.blobs = [open(os.path.join(corpus, n), "rb").read() for n in sorted(os.listdir(corpus))]
        syms = kallsyms({"ksys_read", "vfs_read", "__x64_sys_getpid", "__x64_sys_read", "schedule"})
        self.addrs = [0, 1, KERNEL_ADDR, (1 << 64) - 1] + list(syms.values())
        self.addrs += [a + 4 for a in syms.values()]
        self.counts = Counters(1).row(0)
        self.end, self.counters, self.max_calls = float("inf"), None, None
        self.enotty = set()
        self.progs = compile_programs(os.environ.get("RDTRACE", "rdtrace"))
        if not self.progs:
            sys.exit("devfuzz: no clause compiled")
        self.blobs += [a for _, a in self.progs]

    # Memory the kernel is handed: kept alive until the next iteration.
    def buf(self, data):
        b = ctypes.create_string_buffer(bytes(data), max(len(data), 1))
        self.keep.append(b)
        return ctypes.addressof(b)

    def pointer(self, data):
        r = self.rng.random()
        if r < 0.85:
            return self.buf(data)
        return self.rng.choice([0, UNMAPPED, KERNEL_ADDR, (1 << 64) - 4096])

    def blob(self):
        b = bytearray(self.rng.choice(self.blobs))
        for _ in range(self.rng.choice([0, 0, 1, 2, 8])):
            if not b:
                break
            i = self.rng.randrange(len(b))
            op = self.rng.randrange(4)
            if op == 0:
                b[i] ^= 1 << self.rng.randrange(8)
            elif op == 1:
                b[i] = self.rng.randrange(256)
            elif op == 2:
                del b[i:i + self.rng.randrange(1, 9)]
            else:
                b[i:i] = bytes(self.rng.randrange(256) for _ in range(self.rng.randrange(1, 9)))
        return bytes(b)

    def length(self, real):
        return self.rng.choice([real, real, real, 0, real + 1, max(real - 1, 0), 0xFFFFFFFF, 256 * 1024 + 1])

    def u64(self):
        return self.rng.choice([0, 1, 2, 200000, 199999, 1 << 20, 1 << 31, (1 << 64) - 1, self.rng.getrandbits(64)])

    def call(self, fd, name, req, arg):
        i = 2 * NAMES.index(name)
        self.counts[i] += 1
        try:
            fcntl.ioctl(fd, req, arg)
            self.counts[i + 1] += 1
        except OSError as e:
            if e.errno == errno.ENOTTY and name in KNOWN:
                self.enotty.add(name)
            if e.errno not in (errno.EINVAL, errno.EFAULT, errno.ENOTTY, errno.EBUSY, errno.E2BIG,
                               errno.ENOMEM, errno.ENOENT, errno.EPERM, errno.EAGAIN, errno.ENOSPC,
                               errno.EOVERFLOW, errno.ENODEV, errno.EEXIST, errno.ERANGE, errno.EINTR,
                               errno.ENOEXEC, errno.EOPNOTSUPP, errno.ESRCH, errno.EALREADY):
                raise

    def load(self, fd):
        prog = self.blob()
        args = struct.pack("=QII6Q", self.pointer(prog), self.length(len(prog)),
                           self.rng.choice([0, 1, 1, 2, 0xFFFFFFFF]), *[self.u64() for _ in range(6)])
        buf = bytearray(args + bytes(208))
        self.call(fd, "LOAD", LOAD, buf)

    def probe(self, nclauses):
        kind = self.rng.choice([3, 3, 4, 4, 5, 6, 7, 1, 2, 8, 9, 0, 10, 0xFFFFFFFF])
        if kind in (5, 6):
            addr = self.rng.choice([200000, 1000000, 10000000, 199999, 0, (1 << 64) - 1])
        else:
            addr = self.rng.choice(self.addrs)
        clause = self.rng.choice([0, self.rng.randrange(max(nclauses, 1)), nclauses, 0xFFFFFFFF])
        name = self.rng.choice([b"", b"tick-1s", b"profile-97", b"ksys_read", b"x" * 128])
        return struct.pack("=QIII4x56s128s", addr, kind, clause, self.rng.randrange(4),
                           self.rng.choice([b"", b"kernel", b"m" * 56]), name)

    def valid_enable(self, fd):
        """An ENABLE the device should accept, one field off now and then."""
        chosen = [self.rng.choice(self.progs) for _ in range(self.rng.choice([1, 1, 2, 3]))]
        clauses = b""
        for pred, act in chosen:
            if self.rng.random() < 0.05:
                act = self.blob()
            clauses += struct.pack("=QIIQ", self.buf(pred) if pred else 0, len(pred), len(act), self.buf(act))
        probes = b""
        for _ in range(self.rng.choice([1, 2, 3, 4])):
            kind = self.rng.choice([3, 3, 4, 5, 6, 7])
            addr = self.rng.choice([200000, 1000000, 4000000]) if kind in (5, 6) else 0
            name = {5: b"tick-fuzz", 6: b"profile-fuzz"}.get(kind, b"")
            probes += struct.pack("=QIII4x56s128s", addr, kind, self.rng.randrange(len(chosen)), 0, b"", name)
        nprobes = len(probes) // 208
        args = struct.pack("=QQIIQIIIIII128sQIIQIIQII", self.buf(clauses), self.buf(probes), len(chosen), nprobes,
                           self.rng.choice([4096, 65536, 1 << 20]), self.rng.choice([0, 1, 2]),
                           self.rng.choice([0, 1000]), 0, 0, 0, 0, b"",
                           self.rng.choice([0, 512, 4096, 1 << 20]), self.rng.choice([0, 16, 256, 1024]),
                           self.rng.choice([0, 0, 0, 1]), self.rng.choice([0, 4096, 32768]),
                           self.rng.choice([0, 1, 4]), 0, 0, 0, 0)
        if self.rng.random() < 0.1:
            b = bytearray(args)
            i = self.rng.randrange(len(b))
            b[i] = self.rng.randrange(256)
            args = bytes(b)
        self.call(fd, "ENABLE", ENABLE, bytearray(args))

    def enable(self, fd):
        if self.rng.random() < 0.7:
            return self.valid_enable(fd)
        nclauses = self.rng.choice([0, 1, 1, 2, 3, 64])
        clauses = b""
        for _ in range(nclauses):
            pred = self.blob() if self.rng.random() < 0.3 else b""
            act = self.blob()
            clauses += struct.pack("=QIIQ", self.pointer(pred) if pred else 0, self.length(len(pred)) if pred else 0,
                                   self.length(len(act)), self.pointer(act))
        nprobes = self.rng.choice([0, 1, 1, 2, 4, 100])
        probes = b"".join(self.probe(nclauses) for _ in range(nprobes))
        args = struct.pack("=QQIIQIIIIII128sQIIQIIQII", self.pointer(clauses), self.pointer(probes),
                           self.length(nclauses), self.length(nprobes),
                           self.rng.choice([0, 4096, 65536, 1 << 20, 1 << 40, 7]),
                           self.rng.choice([0, 1, 2, 3]), self.rng.choice([0, 1, 1000, 0xFFFFFFFF]),
                           0, 0, 0, 0, b"", self.rng.choice([0, 1, 4096, 1 << 20, 1 << 40]),
                           self.rng.choice([0, 1, 16, 256, 4096, 1 << 20, 0xFFFFFFFF]),
                           self.rng.choice([0, 0, 1, 0xFFFFFFFF]),
                           self.rng.choice([0, 1, 4096, 1 << 20, 1 << 40]),
                           self.rng.choice([0, 1, 2, 1024, 1025, 0xFFFFFFFF]), self.rng.choice([0, 0, 0, 1]),
                           0, 0, 0)
        self.call(fd, "ENABLE", ENABLE, bytearray(args))

    def read(self, fd, which=None):
        # The kernel writes up to the length given: it never exceeds the
        # buffer we own (a longer one would overwrite our own heap), except
        # where the address is one we do not own at all.
        n = self.rng.choice([0, 8, 16, 17, 4096, 65536])
        ptr = self.buf(bytes(n)) if n else 0
        if self.rng.random() < 0.1:
            ptr, n = self.rng.choice([0, UNMAPPED, KERNEL_ADDR]), self.rng.choice([16, 4096, 0xFFFFFFFF])
        name, req = which or self.rng.choice([("READ", READ), ("AGGSNAP", AGGSNAP)])
        cpu = self.rng.choice([0, 1, 2, 63, 64, 0xFFFFFFFF])
        self.call(fd, name, req, bytearray(struct.pack("=QIIII", ptr, n, cpu, 0, 0)))

    def op(self, fd):
        r = self.rng.random()
        if r < 0.25:
            self.load(fd)
        elif r < 0.45:
            self.enable(fd)
        elif r < 0.55:
            self.call(fd, "GO", GO, 0)
        elif r < 0.62:
            self.call(fd, "STOP", STOP, 0)
        elif r < 0.80:
            self.read(fd)
        elif r < 0.88:
            self.status(fd)
        elif r < 0.93:
            self.info(fd)
        elif r < 0.96:
            self.bad_pointer(fd, [INFO, LOAD, ENABLE, READ, STATUS], [0, UNMAPPED, KERNEL_ADDR - (1 << 64)])
        else:
            self.unknown(fd)

    def status(self, fd):
        self.call(fd, "STATUS", STATUS, bytearray(4136))

    def info(self, fd):
        self.call(fd, "INFO", INFO, bytearray(104))

    def bad_pointer(self, fd, requests, pointers):
        """One of `requests` handed one of `pointers` (ioctl's int: 32 bits)."""
        self.call(fd, "bad pointer", self.rng.choice(requests), self.rng.choice(pointers))

    def unknown(self, fd):
        """A request number the device does not know, with a large buffer."""
        nr = self.rng.randrange(256)
        self.call(fd, "unknown", ioc(self.rng.randrange(4), nr, self.rng.randrange(1 << 14)), bytearray(1 << 14))

    def done(self):
        """Past the deadline, or the processes together made max_calls calls."""
        if time.monotonic() >= self.end:
            return True
        return self.max_calls is not None and sum(self.counters.totals()[0::2]) >= self.max_calls

    def burst(self, fd):
        """Many cheap calls in a row, in whatever state the sequence left."""
        for i in range(self.rng.choice([100, 300, 1000])):
            if i % 100 == 99 and self.done():
                return
            r = self.rng.random()
            if r < 0.3:
                self.read(fd)
            elif r < 0.5:
                self.status(fd)
            elif r < 0.6:
                self.info(fd)
            elif r < 0.8:
                self.load(fd)
            elif r < 0.9:
                self.bad_pointer(fd, [INFO, LOAD, ENABLE, READ, STATUS, AGGSNAP],
                                 [0, UNMAPPED, KERNEL_ADDR - (1 << 64), 0x7FFFF001])
            else:
                self.unknown(fd)
            if len(self.keep) > 64:
                del self.keep[:-8]

    def iteration(self):
        self.keep = []
        fd = os.open(DEV, os.O_RDWR)
        reader = None
        if self.rng.random() < 0.2:
            # A second thread reading the same descriptor while this one
            # stops and closes it.
            stop = threading.Event()
            seed = self.rng.getrandbits(32)

            def loop():
                other = Fuzzer.__new__(Fuzzer)
                other.rng, other.keep, other.counts = random.Random(seed), [], self.reader_counts
                other.enotty = self.enotty
                while not stop.is_set():
                    try:
                        other.read(fd, other.rng.choice([("READ", READ), ("AGGSNAP", AGGSNAP)]))
                        other.status(fd)
                    except OSError as e:
                        if e.errno != errno.EBADF:
                            raise
                        return

            reader = (threading.Thread(target=loop), stop)
            reader[0].start()
        # The burst lands anywhere in the sequence (a kill may come first).
        nops = self.rng.randrange(1, 12)
        at = self.rng.randrange(nops + 1)
        for i in range(nops + 1):
            if i == at:
                self.burst(fd)
            if i < nops:
                self.op(fd)
        if self.rng.random() < 0.05:
            # A child inherits the descriptor, uses it and exits.
            pid = os.fork()
            if pid == 0:
                try:
                    for _ in range(3):
                        self.op(fd)
                finally:
                    os._exit(0)
            os.waitpid(pid, 0)
        if self.rng.random() < 0.3:
            time.sleep(self.rng.choice([0.001, 0.01, 0.05]))
        if reader:
            reader[1].set()
        os.close(fd)
        if reader:
            reader[0].join()


class Counters:
    """Calls and successes per request name, one row per process slot, in
    memory shared across fork: a worker killed mid-sequence keeps its counts."""

    def __init__(self, rows):
        self.width = 2 * len(NAMES)
        self.mem = mmap.mmap(-1, 8 * self.width * rows)
        self.rows = rows

    def row(self, i):
        return (ctypes.c_uint64 * self.width).from_buffer(self.mem, 8 * self.width * i)

    def totals(self):
        t = [0] * self.width
        for i in range(self.rows):
            for j, v in enumerate(self.row(i)):
                t[j] += v
        return t


def worker(f, seed):
    """One process's sequences until f.done(): 0, or 3 on stale request numbers."""
    f.rng = random.Random(seed)
    while not f.done():
        f.iteration()
    return 3 if f.enotty else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--jobs", type=int, default=3)
    p.add_argument("--calls", type=int, default=None, help="stop after this many calls (or --seconds)")
    a = p.parse_args()
    seed = a.seed if a.seed is not None else random.SystemRandom().getrandbits(32)
    limit = f", until {a.calls} calls" if a.calls else ""
    print(f"devfuzz: seed {seed}, {a.seconds:g} s{limit}, {a.jobs} processes", flush=True)
    f = Fuzzer(random.Random(seed))
    counters = Counters(2 * a.jobs)
    end = time.monotonic() + a.seconds
    f.end, f.counters, f.max_calls = end, counters, a.calls
    rng = random.Random(seed)
    live, started, killed, failed = {}, 0, 0, []

    def start(slot):
        nonlocal started
        started += 1
        wseed = rng.getrandbits(32)
        pid = os.fork()
        if pid == 0:
            f.counts, f.reader_counts = counters.row(2 * slot), counters.row(2 * slot + 1)
            code = 1
            try:
                code = worker(f, wseed)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        live[pid] = (slot, wseed)

    for slot in range(a.jobs):
        start(slot)
    # Now and then one worker is killed wherever it is and replaced.
    while True:
        time.sleep(rng.uniform(0.5, 3.0))
        if f.done() or time.monotonic() >= end - 1:
            break
        pid = rng.choice(list(live))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        slot, _ = live.pop(pid)
        killed += 1
        start(slot)
    for pid, (slot, wseed) in list(live.items()):
        _, status = os.waitpid(pid, 0)
        if status != 0:
            failed.append((wseed, os.waitstatus_to_exitcode(status)))
    t = counters.totals()
    total = sum(t[0::2])
    calls = ", ".join(f"{name} {t[2 * i + 1]}/{t[2 * i]}" for i, name in sorted(enumerate(NAMES), key=lambda x: x[1]))
    print(f"devfuzz: {started} processes ({killed} SIGKILLed mid-sequence), {total} calls "
          f"(succeeded/calls: {calls})")
    for wseed, code in failed:
        why = "stale request numbers (ENOTTY)" if code == 3 else f"exit {code}"
        print(f"devfuzz: the worker with seed {wseed} failed: {why}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
