#!/usr/bin/env python3
"""Relays TCP connections for the fleet test (tests/fleet/run).

  relay.py --stdio --to HOST:PORT [--down FILE]
      One connection on stdin/stdout (QEMU's guestfwd runs this for each
      guest connection to the broker's address) relayed to HOST:PORT. While
      FILE exists the link is down: new connections close at once and live
      ones are cut, as when the broker goes away.
  relay.py --listen ADDR:PORT --to HOST:PORT
      Each connection to ADDR:PORT relayed to HOST:PORT (in the guest: the
      address the broker advertises, on the guest's loopback, leads to the
      host's broker through the guestfwd).
"""
import argparse
import os
import selectors
import socket
import sys
import threading


def addr(s):
    host, port = s.rsplit(":", 1)
    return host, int(port)


def pump(a_read, a_write, b_read, b_write, down):
    """Copies both ways until either side closes or `down` appears."""
    sel = selectors.DefaultSelector()
    sel.register(a_read, selectors.EVENT_READ, b_write)
    sel.register(b_read, selectors.EVENT_READ, a_write)
    while True:
        if down and os.path.exists(down):
            return
        for key, _ in sel.select(timeout=0.2):
            data = os.read(key.fd, 65536)
            if not data:
                return
            out = key.data
            while data:
                data = data[os.write(out, data):]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stdio", action="store_true")
    p.add_argument("--listen")
    p.add_argument("--to", required=True)
    p.add_argument("--down")
    p.add_argument("--ready", help="a file to create once listening")
    a = p.parse_args()
    if a.stdio:
        if a.down and os.path.exists(a.down):
            return
        try:
            s = socket.create_connection(addr(a.to), timeout=5)
        except OSError:
            return
        pump(sys.stdin.fileno(), sys.stdout.fileno(), s.fileno(), s.fileno(), a.down)
        return
    srv = socket.create_server(addr(a.listen))
    if a.ready:
        open(a.ready, "w").close()
    while True:
        c, _ = srv.accept()

        def serve(c=c):
            try:
                s = socket.create_connection(addr(a.to), timeout=5)
            except OSError:
                c.close()
                return
            try:
                pump(c.fileno(), c.fileno(), s.fileno(), s.fileno(), None)
            except OSError:
                pass
            c.close()
            s.close()

        threading.Thread(target=serve, daemon=True).start()


if __name__ == "__main__":
    main()
