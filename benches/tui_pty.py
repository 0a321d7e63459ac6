#!/usr/bin/env python3
"""Start-up, search and memory of the real `spmp` TUI in a pseudo-terminal (docs/PERFORMANCE.md).

    python3 benches/tui_pty.py BINARY STORE_DIR [--runs 5] [--query smith] [--cols 160 --rows 48]

The login comes from $SPMP_USER and $SPMP_PASSPHRASE (a preset login: no login screen). Each run
starts the binary in a new pty of the given size and follows the screen it draws with a terminal
emulator (`pip install pyte`):

- first_frame: from the start of the process to the first frame showing the list's title
  ("Queue:" or "Subjects");
- search: "/" and the query typed as one burst right after the first frame, then the time to the
  first frame whose title shows results for the whole query ("found"), and to the complete result
  (a title without "searching");
- peak_rss: VmHWM of the process (from /proc) just before `ctrl-c` ends it; rss_after_search: its
  VmRSS then (what it holds once the index is built and the search answered).

Prints each run and the medians. Unlock (Argon2id) is inside first_frame: run it on a store with
no subjects (same user) to measure it alone and subtract.
"""
import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import termios
import time

import pyte


class Screen:
    """The pty's output as a screen."""

    def __init__(self, fd, cols, rows):
        self.fd = fd
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def text(self):
        return "\n".join(self.screen.display)

    def until(self, predicate, limit):
        """Read until predicate(screen text) or `limit` seconds; returns the time it held."""
        end = time.monotonic() + limit
        while not predicate(self.text()):
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(self.text())
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    raise TimeoutError("the process ended")
                if not chunk:
                    raise TimeoutError("the process ended")
                self.stream.feed(chunk)
        return time.monotonic()


def search_title(text):
    for line in text.splitlines():
        at = line.find("Search: ")
        if at >= 0:
            return line[at:]
    return ""


def vm_hwm(pid, key="VmHWM"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def one_run(binary, store, query, cols, rows):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, "--store", store])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    started = time.monotonic()
    screen = Screen(fd, cols, rows)
    first = screen.until(lambda t: "Queue:" in t or "Subjects" in t, 120)
    typed = time.monotonic()
    os.write(fd, b"/" + query.encode())

    def shows_results(t):
        title = search_title(t)
        return f"Search: {query}" in title and ("found" in title or " of " in title)

    first_results = screen.until(shows_results, 120)

    def complete(t):
        title = search_title(t)
        return shows_results(t) and "searching" not in title and "building" not in title

    done = screen.until(complete, 120)
    time.sleep(0.2)
    rss = vm_hwm(pid)
    settled = vm_hwm(pid, "VmRSS")
    os.write(fd, b"\x03")
    try:
        while True:
            r, _, _ = select.select([fd], [], [], 5)
            if not r or not os.read(fd, 1 << 16):
                break
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return {
        "first_frame_ms": (first - started) * 1000,
        "search_first_ms": (first_results - typed) * 1000,
        "search_complete_ms": (done - typed) * 1000,
        "peak_rss_mib": rss,
        "rss_after_search_mib": settled,
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("store")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--query", default="smith")
    p.add_argument("--cols", type=int, default=160)
    p.add_argument("--rows", type=int, default=48)
    a = p.parse_args()
    runs = []
    for n in range(a.runs):
        r = one_run(a.binary, a.store, a.query, a.cols, a.rows)
        runs.append(r)
        print(f"run {n + 1}: " + ", ".join(f"{k} {v:.0f}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()))
    print("median: " + ", ".join(
        f"{k} {statistics.median([r[k] for r in runs if r[k] is not None]):.0f}" for k in runs[0]))


if __name__ == "__main__":
    sys.exit(main())
