#!/usr/bin/env python3
"""rdtrace_dlog's collector: receives frames over TCP and writes them out.

    collector.py --listen 0.0.0.0:9999 | rdtrace decode

Each connection (one per traced host) is read in its own thread; whole
frames are written to the output (stdout, or --out FILE) one at a time, so
several hosts' streams interleave frame by frame. `rdtrace decode` prints
them as rdtrace prints a trace (frame format: userspace-ctl/src/decode_cmd.rs).

--stdio reads one stream from standard input instead of listening: QEMU's
user network runs it so (`-netdev user,guestfwd=tcp:IP:PORT-cmd:...`,
see scripts/vm-run), one process per connection of the guest.

--stall accepts connections and never reads them: the traced host's
sends then back up, for testing that a stalled collector costs counted
drops and nothing else. --ready FILE is created once listening.
"""
import argparse
import socket
import struct
import sys
import threading


def recv_exact(conn, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def serve(conn, out, lock, recv=None):
    recv = recv or (lambda n: recv_exact(conn, n))
    while True:
        head = recv(4)
        if head is None:
            return
        body = recv(struct.unpack("<I", head)[0])
        if body is None:
            return
        with lock:
            out.write(head + body)
            out.flush()


def closing_serve(conn, out, lock):
    with conn:
        serve(conn, out, lock)


def read_exact(stream, n):
    data = stream.read(n)
    return data if len(data) == n else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", default="0.0.0.0:9999", help="ADDR:PORT")
    ap.add_argument("--out", help="file for the frames (default: stdout)")
    ap.add_argument("--stall", action="store_true", help="accept, never read")
    ap.add_argument("--stdio", action="store_true", help="one stream on stdin")
    ap.add_argument("--ready", help="file to create once listening")
    args = ap.parse_args()
    if args.stdio:
        out = open(args.out, "ab") if args.out else sys.stdout.buffer
        stdin = sys.stdin.buffer
        serve(None, out, threading.Lock(), lambda n: read_exact(stdin, n))
        return
    addr, port = args.listen.rsplit(":", 1)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.stall:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    srv.bind((addr, int(port)))
    srv.listen(16)
    if args.ready:
        open(args.ready, "w").close()
    out = open(args.out, "ab") if args.out else sys.stdout.buffer
    lock = threading.Lock()
    held = []
    while True:
        conn, _ = srv.accept()
        if args.stall:
            held.append(conn)
            continue
        threading.Thread(target=lambda c=conn: closing_serve(c, out, lock), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
