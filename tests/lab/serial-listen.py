#!/usr/bin/env python3
# Copied from the reference lab (shared/lab): Bochs COM1 in mode=file is
# stdio-buffered and loses its tail when Bochs is killed, so COM1 is a TCP
# client connecting here instead.
"""Receive Bochs COM1 (mode=socket-client) and timestamp each line on arrival.

usage: serial-listen.py PORTFILE RAWLOG TSLOG T0_US
Binds 127.0.0.1:<ephemeral>, writes the port number to PORTFILE, accepts one
connection, appends raw bytes to RAWLOG (unbuffered) and writes
"<ms since T0> <line>" to TSLOG for each line. Exits on EOF.
"""
import os, socket, sys, time

portfile, rawlog, tslog = sys.argv[1:4]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(120)
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
c, _ = s.accept()
t0 = None
raw = open(rawlog, "ab", buffering=0)
ts = open(tslog, "w", buffering=1)
buf = b""
while True:
    try:
        d = c.recv(65536)
    except OSError:
        break
    if not d:
        break
    if t0 is None:
        # T0 is read lazily: the launcher writes it right after starting bochs
        try:
            t0 = int(open(sys.argv[4]).read().strip()) / 1e6
        except Exception:
            t0 = time.time()
    raw.write(d)
    buf += d
    now = time.time()
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        ts.write("%8d %s\n" % ((now - t0) * 1000, line.rstrip(b"\r").decode("utf-8", "replace")))
if buf:
    ts.write("%8d %s\n" % ((time.time() - t0) * 1000 if t0 else 0, buf.decode("utf-8", "replace")))

