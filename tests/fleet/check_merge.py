#!/usr/bin/env python3
"""The fleet test's arithmetic (tests/fleet/run): OWN.json... MERGED.json.

Adds up the guests' own aggregations (rdtrace collect --host, NDJSON) by
hand -- counts, sums and buckets add, min and max keep the extreme, avg
and stddev add their sums -- and checks that rdtrace collect's merged
ones equal them exactly, state and printed value, and that the totals are
what the three dd workloads did (guest i: 10*i writes of 1000*i bytes).
Exits 1 and says why on a difference.
"""
import json
import sys


def aggs(path):
    out = {}
    for line in open(path):
        v = json.loads(line)
        if v["type"] == "aggregation":
            out[v["name"]] = {json.dumps(e["keys"]): e for e in v["entries"]}
    return out


def add(func, a, b):
    (kind, x), = a.items()
    (_, y), = b.items()
    if kind == "scalar":
        if func == "min":
            return {kind: min(x, y, key=signed)}
        if func == "max":
            return {kind: max(x, y, key=signed)}
        return {kind: x + y}
    if kind in ("avg", "stddev"):
        return {kind: [str(int(p) + int(q)) if isinstance(p, str) else p + q for p, q in zip(x, y)]}
    buckets = dict(map(tuple, x))
    for i, n in y:
        buckets[i] = buckets.get(i, 0) + n
    return {kind: sorted([i, n] for i, n in buckets.items())}


def signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def main():
    *owns, merged_path = sys.argv[1:]
    merged = aggs(merged_path)
    funcs = {}
    for line in open(merged_path):
        v = json.loads(line)
        funcs[v["name"]] = v["function"]
    want = {}
    for path in owns:
        for name, entries in aggs(path).items():
            w = want.setdefault(name, {})
            for key, e in entries.items():
                s = e["state"]
                w[key] = add(funcs[name], w[key], s) if key in w else s
    bad = 0
    for name in sorted(set(want) | set(merged)):
        got = {k: e["state"] for k, e in merged.get(name, {}).items()}
        if got != want.get(name):
            print(f"{name}: merged {got}, the guests' own add up to {want.get(name)}")
            bad += 1
        else:
            print(f"{name}: {len(got)} entries equal the guests' own added up")
    value = lambda name: next(iter(merged[name].values())).get("value")
    for name, expect in [("@writes", 60), ("@bytes", 140000), ("@least", 1000),
                         ("@most", 3000), ("@mean", 140000 // 60)]:
        if value(name) != expect:
            print(f"{name}: merged value {value(name)}, the workloads make {expect}")
            bad += 1
    counts = sum(b["count"] for b in next(iter(merged["@sizes"].values()))["buckets"])
    if counts != 60:
        print(f"@sizes: {counts} in the buckets, want 60")
        bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
