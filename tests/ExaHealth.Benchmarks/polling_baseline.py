#!/usr/bin/python3
"""The polling baseline of the scale benchmark: what a cron-style script would do instead of
ExaHealth. Every INTERVAL seconds it lists Load_Balancer and Service_Monitor with ovn-sbctl,
decides every VIP (all-offline or any-offline, like ExaHealth) and prints the same announce /
withdraw lines on stdout for the VIPs that changed."""
import argparse, ipaddress, json, subprocess, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
parser.add_argument("--interval", type=float, default=1.0)
parser.add_argument("--allowed", default="10.0.0.0/8")
parser.add_argument("--next-hop", default="192.0.2.10")
parser.add_argument("--policy", default="any-offline")
args = parser.parse_args()
allowed = ipaddress.ip_network(args.allowed)


def listing(table):
    out = subprocess.run(["ovn-sbctl", "--db=" + args.db, "--format=json", "list", table],
                         check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    return [dict(zip(data["headings"], row)) for row in data["data"]]


def value(v):
    return v if not isinstance(v, list) else (v[1] if v[0] != "set" else (v[1][0] if v[1] else None))


announced = {}
while True:
    started = time.monotonic()
    status = {}
    for row in listing("Service_Monitor"):
        status[(value(row["ip"]), value(row["port"]))] = value(row["status"]) or "online"
    desired = {}
    for row in listing("Load_Balancer"):
        for key, backends in (row["vips"][1] if row["vips"][0] == "map" else []):
            vip = key.rsplit(":", 1)[0]
            if ipaddress.ip_address(vip) not in allowed:
                continue
            states = [status.get((b.rsplit(":", 1)[0], int(b.rsplit(":", 1)[1]))) for b in backends.split(",") if b]
            online = sum(1 for s in states if s == "online")
            healthy = online == len(states) if args.policy == "any-offline" else online > 0
            desired[vip] = healthy
    lines = []
    for vip, healthy in desired.items():
        if healthy and not announced.get(vip):
            lines.append(f"announce route {vip}/32 next-hop {args.next_hop}")
        elif not healthy and announced.get(vip):
            lines.append(f"withdraw route {vip}/32 next-hop {args.next_hop}")
        announced[vip] = healthy
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
    time.sleep(max(0.0, args.interval - (time.monotonic() - started)))
