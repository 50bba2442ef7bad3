#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Small real servers for the check scenarios, well-behaved and hostile.

    servers.py MODE ADDR PORT [options]

MODE:
  http     HTTP/1.x: "/" 200 "hello", "/503" 503, "/chunked" a chunked
           200, "/garbage" a non-HTTP line, "/huge" an endless body,
           "/slow" headers then silence, "/redirect" 301
  reset    accepts, then resets the connection (SO_LINGER 0)
  stall    accepts and never says anything
  flap     an HTTP server that is up --up seconds, then gone --down seconds
  smtp     --banner CODE (220), --helo CODE (250)
  dns      UDP: ok.test A 192.0.2.1, nx.test NXDOMAIN, fail.test SERVFAIL,
           bad.test a malformed reply, "." SOA NOERROR with no records
  udp-echo UDP: sends back what it got (--prefix HEX replaces its start)
Each runs until killed; every loop is bounded by the test's lifetime.
"""
import argparse
import socket
import struct
import threading
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def listener(addr, port, kind=socket.SOCK_STREAM):
    s = socket.socket(family(addr), kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    if kind == socket.SOCK_STREAM:
        s.listen(128)
    return s


def serve_forever(s, handler):
    while True:
        try:
            c, _ = s.accept()
        except OSError:
            return
        threading.Thread(target=handler, args=(c,), daemon=True).start()


def read_request(c):
    data = b""
    c.settimeout(10)
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = c.recv(4096)
        if not chunk:
            break
        data += chunk
    line = data.split(b"\r\n", 1)[0].decode(errors="replace").split()
    return line[1] if len(line) > 1 else "/"


def respond(c, status, body, extra=b""):
    head = b"HTTP/1.1 %d X\r\nContent-Length: %d\r\n%sConnection: close\r\n\r\n" % (
        status, len(body), extra)
    c.sendall(head + body)


def http_handler(c):
    try:
        path = read_request(c)
        if path == "/503":
            respond(c, 503, b"busy\n")
        elif path == "/redirect":
            respond(c, 301, b"", b"Location: /\r\n")
        elif path == "/chunked":
            c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                      b"3\r\nhel\r\n3\r\nlo\n\r\n0\r\n\r\n")
        elif path == "/garbage":
            c.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
        elif path == "/huge":
            c.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            block = b"x" * 65536
            end = time.time() + 60
            while time.time() < end:
                c.sendall(block)
        elif path == "/slow":
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
            time.sleep(60)
        else:
            respond(c, 200, b"hello\n")
    except OSError:
        pass
    finally:
        c.close()


def reset_handler(c):
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def stall_handler(c):
    time.sleep(120)
    c.close()


def flap(args):
    while True:
        s = listener(args.addr, args.port)
        t = threading.Thread(target=serve_forever, args=(s, http_handler),
                             daemon=True)
        t.start()
        time.sleep(args.up)
        s.shutdown(socket.SHUT_RDWR)
        s.close()
        time.sleep(args.down)


def smtp(args):
    def handler(c):
        try:
            c.settimeout(10)
            c.sendall(b"%d-smtp.test greets\r\n%d ESMTP ready\r\n" %
                      (args.banner, args.banner))
            data = b""
            while b"\n" not in data:
                chunk = c.recv(1024)
                if not chunk:
                    return
                data += chunk
            if data.upper().startswith(b"HELO "):
                c.sendall(b"%d smtp.test\r\n" % args.helo)
            else:
                c.sendall(b"500 what\r\n")
            c.recv(1024)
        except OSError:
            pass
        finally:
            c.close()
    serve_forever(listener(args.addr, args.port), handler)


def dns_name(msg, off):
    labels = []
    while msg[off]:
        n = msg[off]
        labels.append(msg[off + 1:off + 1 + n].decode().lower())
        off += 1 + n
    return ".".join(labels) or ".", off + 1


def dns(args):
    s = listener(args.addr, args.port, socket.SOCK_DGRAM)
    while True:
        q, peer = s.recvfrom(2048)
        if len(q) < 12:
            continue
        qid = q[:2]
        name, end = dns_name(q, 12)
        question = q[12:end + 4]
        rcode, answers = 0, b""
        if name == "nx.test":
            rcode = 3
        elif name == "fail.test":
            rcode = 2
        elif name == "bad.test":
            # Five answers announced, a broken one sent.
            s.sendto(qid + b"\x81\x80" + struct.pack(">HHHH", 1, 5, 0, 0) +
                     question + b"\xc0\x0c\x00", peer)
            continue
        elif name == "ok.test":
            answers = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04" + \
                socket.inet_aton("192.0.2.1")
        hdr = qid + bytes([0x81, 0x80 | rcode]) + struct.pack(
            ">HHHH", 1, 1 if answers else 0, 0, 0)
        s.sendto(hdr + question + answers, peer)


def udp_echo(args):
    s = listener(args.addr, args.port, socket.SOCK_DGRAM)
    prefix = bytes.fromhex(args.prefix) if args.prefix else b""
    while True:
        data, peer = s.recvfrom(65536)
        s.sendto(prefix + data[len(prefix):], peer)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode")
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--up", type=float, default=3)
    ap.add_argument("--down", type=float, default=3)
    ap.add_argument("--banner", type=int, default=220)
    ap.add_argument("--helo", type=int, default=250)
    ap.add_argument("--prefix", default="")
    args = ap.parse_args()
    handlers = {"http": http_handler, "reset": reset_handler,
                "stall": stall_handler}
    if args.mode in handlers:
        serve_forever(listener(args.addr, args.port), handlers[args.mode])
    elif args.mode == "flap":
        flap(args)
    elif args.mode == "smtp":
        smtp(args)
    elif args.mode == "dns":
        dns(args)
    elif args.mode == "udp-echo":
        udp_echo(args)
    else:
        ap.error("unknown mode")


if __name__ == "__main__":
    main()
