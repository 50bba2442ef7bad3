#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile VRRP input for tests/netns/vrrp_hostile.sh (python3-scapy).

usage: vrrp_hostile.py IFACE SRC VIP_V2 VIP_V3 CASE[,CASE...] [COUNT]
       vrrp_hostile.py IFACE SRC VIP_V2 VIP_V3 replay PCAP
The v2 instance has VRID 52 (PASS auth), the v3 one VRID 53. "forged"
signs a v3 advert with an auth_hmac trailer under a key nobody has;
"replay" sends again the VRRP packets of a capture.
Each case sends advertisements that would win the election (priority 254)
if they were accepted, so a counter going up and the state staying put shows
they were refused. Frames go out at layer 2 to the VRRP group.
"""
import hashlib
import hmac
import os
import random
import struct
import sys
import time

from scapy.all import Ether, IP, Raw, conf, get_if_hwaddr, rdpcap, sendp

conf.verb = 0
MCAST = "224.0.0.18"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def pseudo(src, dst, length):
    return (bytes(map(int, src.split("."))) + bytes(map(int, dst.split(".")))
            + struct.pack("!BBH", 0, 112, length))


def v3(src, vrid, addrs, prio=254, naddr=None, ver=3, typ=1, good=True):
    """A VRRPv3 advert with the IPv4 pseudo header checksum."""
    n = len(addrs) if naddr is None else naddr
    body = struct.pack("!BBBBH", ver << 4 | typ, vrid, prio, n, 100)
    tail = b"".join(bytes(map(int, a.split("."))) for a in addrs)
    c = csum(pseudo(src, MCAST, 8 + len(tail)) + body + b"\0\0" + tail)
    if not good:
        c ^= 0x5A5A
    return body + struct.pack("!H", c) + tail


def forged(src, vrid, addrs, prio=254):
    """A v3 advert with an auth_hmac trailer signed with the wrong key."""
    key = b"\x55" * 32
    n = len(addrs)
    hdr = struct.pack("!BBBBH", 0x31, vrid, prio, n, 10)
    tail = b"".join(bytes(map(int, a.split("."))) for a in addrs)
    now = int(time.time())
    trailer = struct.pack("!BBHIHH", 1, 1, 0, now, 0, 1)
    pseudo_h = (bytes([4, 3, vrid, 0]) + bytes(map(int, src.split(".")))
                + b"\0" * 12)
    mac = hmac.new(key, pseudo_h + hdr + b"\0\0" + tail + trailer
                   + b"\0" * 16, hashlib.sha256).digest()[:16]
    c = csum(pseudo(src, MCAST, 8 + len(tail)) + hdr + b"\0\0" + tail)
    return hdr + struct.pack("!H", c) + tail + trailer + mac


def v2(vrid, addrs, password, prio=254):
    """A VRRPv2 advert with simple password authentication."""
    body = struct.pack("!BBBBBB", 0x21, vrid, prio, len(addrs), 1, 1)
    tail = (b"".join(bytes(map(int, a.split("."))) for a in addrs)
            + password.encode().ljust(8, b"\0")[:8])
    return body + struct.pack("!H", csum(body + b"\0\0" + tail)) + tail


MAC = None  # the sending interface's: a bridge drops a zero source MAC
FORGED_VRID = int(os.environ.get("VRID", "53"))


def frame(src, payload, ttl=255):
    return (Ether(src=MAC, dst="01:00:5e:00:00:12") /
            IP(src=src, dst=MCAST, ttl=ttl, proto=112, tos=0xC0) /
            Raw(payload))


def cases(src, vip2, vip3):
    return {
        # v3 instance (vrid 53, one VIP)
        "truncated": [frame(src, v3(src, 53, [vip3])[:10])],
        "version": [frame(src, v3(src, 53, [vip3], ver=4))],
        "type": [frame(src, v3(src, 53, [vip3], typ=2))],
        "ttl": [frame(src, v3(src, 53, [vip3]), ttl=254)],
        "checksum": [frame(src, v3(src, 53, [vip3], good=False))],
        "addrcount": [frame(src, v3(src, 53, [vip3, "10.1.2.3"]))],
        "addrlist": [frame(src, v3(src, 53, ["10.1.2.3"]))],
        "forged": [frame(src, forged(src, FORGED_VRID, [vip3]))],
        # v2 instance (vrid 52, PASS)
        "auth": [frame(src, v2(52, [vip2], "wrong"))],
    }


def flood(src, vip2, vip3, count):
    """Random garbage and near-valid adverts of every kind, mixed."""
    rng = random.Random(7)
    kinds = list(cases(src, vip2, vip3).values())
    out = []
    for i in range(count):
        if i % 2:
            out.append(frame(src, bytes(rng.getrandbits(8)
                                        for _ in range(rng.randrange(0, 64)))))
        else:
            out.append(rng.choice(kinds)[0])
    return out


def main():
    global MAC
    iface, src, vip2, vip3, case = sys.argv[1:6]
    MAC = get_if_hwaddr(iface)
    count = int(sys.argv[6]) if len(sys.argv) > 6 and case != "replay" else 1
    if case == "replay":
        pkts = [p for p in rdpcap(sys.argv[6]) if IP in p and p[IP].proto == 112]
        for p in pkts:
            p.src = MAC
    elif case == "flood":
        pkts = flood(src, vip2, vip3, count)
    else:
        pkts = [p for c in case.split(",")
                for p in cases(src, vip2, vip3)[c] * count]
    sendp(pkts, iface=iface)


if __name__ == "__main__":
    main()
