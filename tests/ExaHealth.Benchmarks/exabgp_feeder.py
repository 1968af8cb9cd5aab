#!/usr/bin/env python3
"""ExaBGP's own floor for the scale benchmark (issue 6): an API process that writes prepared
command lines exactly as ExaHealth paces them (one line in flight, the next after ExaBGP's
"done"), with no OVSDB and no decisions. It writes the announce lines at once, then waits for
the trigger file and writes the withdraw lines; it records when each series started and ended.
Usage (as ExaBGP's process): exabgp_feeder.py ANNOUNCE_FILE WITHDRAW_FILE TRIGGER_FILE TIMES_FILE
"""
import os
import sys
import time


def feed(path, times, name):
    with open(path) as lines:
        commands = [line for line in lines if line.strip()]
    times.write(f"{name}-start {time.time():.6f}\n")
    times.flush()
    for command in commands:
        sys.stdout.write(command)
        sys.stdout.flush()
        while True:
            answer = sys.stdin.readline()
            if not answer:
                sys.exit(0)
            if answer.strip() in ("done", "error"):
                break
    times.write(f"{name}-end {time.time():.6f}\n")
    times.flush()


def main():
    announce, withdraw, trigger, times_path = sys.argv[1:5]
    with open(times_path, "a") as times:
        feed(announce, times, "announce")
        while not os.path.exists(trigger):
            time.sleep(0.005)
        feed(withdraw, times, "withdraw")
    # Stay alive: ExaBGP would respawn a process that exits.
    for _ in sys.stdin:
        pass


if __name__ == "__main__":
    main()
