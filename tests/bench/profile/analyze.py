#!/usr/bin/env python3
"""Per-symbol guest instructions per rdbench call, one table per profile
window (tests/bench/profile/run). Kernel and module PCs resolve through
the guest's /proc/kallsyms, rdtrace's through its binary's symbols, and
its libc's through that library's exported symbols (the guest's root is
the host's, so the path is the same file; a static function inside libc
shows as the exported one before it).

  analyze.py COUNTS GUEST_OUT RDTRACE_BINARY [TOP]
"""
import bisect
import collections
import subprocess
import sys


def table(syms):
    syms.sort()
    return [a for a, _ in syms], syms


def lookup(tab, addr):
    addrs, syms = tab
    j = bisect.bisect_right(addrs, addr) - 1
    return syms[j][1] if j >= 0 else None


def libc_table(path):
    nm = subprocess.run(["nm", "-D", "--defined-only", path], capture_output=True, text=True).stdout
    syms = []
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTiWw":
            syms.append((int(f[0], 16), f[2]))
    return table(syms)


def main():
    counts, guest, binary = sys.argv[1:4]
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 25
    ksyms, scripts, calls, bases, libcs, in_ks = [], [], [], [], [], False
    for line in open(guest, errors="replace"):
        f = line.split()
        if line.startswith("KALLSYMS"):
            in_ks = True
        elif in_ks and len(f) >= 3:
            ksyms.append((int(f[0], 16), f[2] + (" " + f[3] if len(f) > 3 else "")))
        elif line.startswith("SCRIPT "):
            scripts.append(line[7:].strip())
        elif line.startswith("CALLS ") and len(f) == 5:
            calls.append(int(f[2]))
        elif line.startswith("BASE "):
            bases.append(int(f[1].split("-")[0], 16))
        elif line.startswith("LIBC ") and len(f) >= 7:
            libcs.append((int(f[1].split("-")[0], 16), f[-1]))
    # A position-dependent binary's symbols are its addresses already: its
    # mapping's start is not subtracted (ELF type 2, ET_EXEC).
    with open(binary, "rb") as f:
        if f.read(18)[16] == 2:
            bases = [0] * len(bases)
    usyms = []
    nm = subprocess.run(["nm", "-C", binary], capture_output=True, text=True).stdout
    for line in nm.splitlines():
        f = line.split(" ", 2)
        if len(f) == 3 and f[0] and f[1] in "tTwW":
            usyms.append((int(f[0], 16), "[rdtrace] " + f[2][:100]))
    ktab, utab = table(ksyms), table(usyms)
    ltabs = [libc_table(path) for _, path in libcs]
    windows = []
    for line in open(counts):
        if line.startswith("WINDOW"):
            windows.append(collections.Counter())
        else:
            a, n = line.split()
            windows[-1][int(a, 16)] += int(n)
    for i, w in enumerate(windows):
        c = calls[i] if i < len(calls) else 1
        base = bases[i] if i < len(bases) else None
        per = collections.Counter()
        for a, n in w.items():
            if a >= 1 << 47:
                name = lookup(ktab, a) or "? kernel"
            elif base is not None and 0 <= a - base < 1 << 28:
                name = lookup(utab, a - base) or "? rdtrace"
            elif i < len(libcs) and 0 <= a - libcs[i][0] < 1 << 24:
                name = "[libc] " + (lookup(ltabs[i], a - libcs[i][0]) or "?")
            else:
                name = "? other user code (libc, ...)"
            per[name] += n
        name = scripts[i] if i < len(scripts) else f"window {i}"
        print(f"== {name}: {c} calls, {sum(per.values()) / c:.1f} guest instructions per call")
        for s, n in per.most_common(top):
            print(f"  {n / c:8.1f}  {s}")


main()
