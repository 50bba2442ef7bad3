#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# E-mail alerts (smtp_alert) as an operator sees them. In a namespace:
# three SMTP sinks on loopback (Python, socketserver) -- one that takes
# mail, one that answers 550 to every RCPT, one that accepts the connection
# and never says a word -- a TCP "real server", and vigild with a VRRP
# instance alone on its link (it becomes MASTER) and a TCP_CHECK.
#   - the MASTER transition and the real server going DOWN arrive as mails
#     with the right subject, From, To, envelope, Date and body;
#   - smtp_server pointed (reload) at the 550 sink: vigild logs
#     result=failed reason=rcpt-rejected code=550 and runs on;
#   - pointed at the silent sink: result=failed reason=reply-timeout
#     within smtp_connect_timeout (2 s), and vigild runs on;
#   - SIGTERM: the STOP transition is mailed before vigild exits.
TEST=smtp_alert
. "$(dirname "$0")/vigild_lib.sh"

MAILS=$T/mails.jsonl
SINK=$T/sink.py
cat >"$SINK" <<'PY'
import json, socketserver, sys

mode, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]


class Session(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def data(self):
        lines = []
        while True:
            line = self.rfile.readline(4096)
            if not line or line == b".\r\n":
                return b"".join(lines).decode("utf-8", "replace")
            lines.append(line)

    def handle(self):
        if mode == "silent":
            self.rfile.read(1)  # until the client gives up
            return
        mail = {"rcpt": []}
        self.say("220 sink.test ESMTP")
        while True:
            line = self.rfile.readline(2048)
            if not line:
                return
            cmd = line.decode().rstrip("\r\n")
            verb = cmd.upper()
            if verb.startswith("EHLO "):
                mail["helo"] = cmd[5:]
                self.say("250-sink.test")
                self.say("250 8BITMIME")
            elif verb.startswith("MAIL FROM:"):
                mail["from"] = cmd[10:]
                self.say("250 2.1.0 ok")
            elif verb.startswith("RCPT TO:"):
                if mode == "rcpt550":
                    self.say("550 5.1.1 no such user")
                else:
                    mail["rcpt"].append(cmd[8:])
                    self.say("250 2.1.5 ok")
            elif verb == "DATA":
                self.say("354 go ahead")
                mail["data"] = self.data()
                with open(out, "a") as f:
                    f.write(json.dumps(mail) + "\n")
                self.say("250 2.0.0 queued")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 5.5.2 unknown")


socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer.daemon_threads = True
with socketserver.ThreadingTCPServer(("127.0.0.1", port), Session) as s:
    s.serve_forever()
PY

RS=$T/rs.py
cat >"$RS" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.99.0.1", 8081))
s.listen(16)
while True:
    s.accept()[0].close()
PY

nsx python3 "$SINK" ok 2525 "$MAILS" >>"$T/sink.log" 2>&1 &
nsx python3 "$SINK" rcpt550 2526 "$MAILS" >>"$T/sink.log" 2>&1 &
nsx python3 "$SINK" silent 2527 "$MAILS" >>"$T/sink.log" 2>&1 &
ip netns exec "$NS" python3 "$RS" >>"$T/sink.log" 2>&1 &
RSPID=$!

listening() { nsx ss -Htln "sport = :$1" | grep -q LISTEN; }
for p in 2525 2526 2527 8081; do
	wait_until 50 listening $p || fail "nothing listens on port $p"
done

smtp_conf() { # smtp_server port
	cat >"$CONF" <<CONF
global_defs {
	router_id lb1
	notification_email {
		ops@example.org
		pager@example.org
	}
	notification_email_from vigil@lb1.example.org
	smtp_server 127.0.0.1 $1
	smtp_helo_name lb1.example.org
	smtp_connect_timeout 2
}
vrrp_instance VI_1 {
	state BACKUP
	interface veth0
	virtual_router_id 51
	priority 100
	advert_int 1
	smtp_alert
	virtual_ipaddress {
		10.99.0.100/24
	}
}
virtual_server 10.99.0.100 80 {
	delay_loop 1
	lvs_sched rr
	protocol TCP
	real_server 10.99.0.1 8081 {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
CONF
}

# mail SUBJECT: the mail with that subject, as JSON, or nothing.
mail() {
	[ -f "$MAILS" ] || return 1
	python3 - "$MAILS" "$1" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if "\r\nSubject: " + sys.argv[2] + "\r\n" in "\r\n" + m["data"]:
        print(line.strip())
        sys.exit(0)
sys.exit(1)
PY
}
has_mail() { mail "$1" >/dev/null; }
logged() { grep -q "$1" "$LOG"; }
alive() { kill -0 "$VPID" 2>/dev/null || fail "vigild died"; }

smtp_conf 2525
start_vigild
wait_until 100 both_ready || fail "children not ready"
logged 'smtp server=127.0.0.1:2525 state=ready from=vigil@lb1.example.org recipients=2' ||
	fail "no smtp ready line"

SUBJ='[lb1] VRRP instance VI_1 is now MASTER'
wait_until 150 has_mail "$SUBJ" || fail "no mail '$SUBJ': $(cat "$MAILS" 2>/dev/null)"
mail "$SUBJ" | python3 -c '
import json, sys
m = json.load(sys.stdin)
d = m["data"]
def need(cond, what):
    if not cond:
        sys.exit("bad mail: %s\n%s" % (what, json.dumps(m, indent=1)))
need(m["helo"] == "lb1.example.org", "EHLO name")
need(m["from"] == "<vigil@lb1.example.org>", "envelope sender")
need(m["rcpt"] == ["<ops@example.org>", "<pager@example.org>"], "envelope recipients")
need("\r\nFrom: vigil@lb1.example.org\r\n" in "\r\n" + d, "From:")
need("\r\nTo: ops@example.org,\r\n pager@example.org\r\n" in d, "To:")
need("\r\nDate: " in d and " +0000\r\n" in d, "Date:")
need("\r\nMessage-ID: <vigil." in d and "@lb1.example.org>\r\n" in d, "Message-ID:")
need("Content-Type: text/plain; charset=UTF-8\r\n" in d, "Content-Type")
need("changed state from BACKUP to MASTER." in d, "body: transition")
need("\r\nRouter: lb1\r\n" in d, "body: router")
' || fail "the MASTER mail"
sent() { grep -F "subject=\"$SUBJ\"" "$LOG" | grep -q "$1"; }
wait_until 30 sent 'smtp server=127.0.0.1:2525 result=sent recipients=2/2' ||
	fail "no result=sent line"
ok "MASTER transition mailed (subject, From, To, envelope, body)"

kill "$RSPID"
SUBJ='[lb1] real server 10.99.0.1:8081 of tcp 10.99.0.100:80 is DOWN'
wait_until 100 has_mail "$SUBJ" || fail "no mail '$SUBJ'"
mail "$SUBJ" | grep -q 'Reason: [a-z]' || fail "no reason in the DOWN mail"
ok "real server DOWN mailed"

# A server that refuses every recipient: one failure line, vigild runs on.
smtp_conf 2526
kill -HUP "$VPID"
wait_until 50 logged 'smtp server=127.0.0.1:2526 state=ready' || fail "no reload"
ip netns exec "$NS" python3 "$RS" >>"$T/sink.log" 2>&1 &
RSPID=$!
wait_until 100 logged 'smtp server=127.0.0.1:2526 result=failed reason=rcpt-rejected stage=rcpt code=550 text="5.1.1 no such user"' ||
	fail "no rcpt-rejected failure"
alive
ok "550 to RCPT: $(grep -o 'smtp server=127.0.0.1:2526 result=failed.*' "$LOG" | head -1)"

# A server that never answers: reply-timeout within the 2 s bound.
smtp_conf 2527
kill -HUP "$VPID"
wait_until 50 logged 'smtp server=127.0.0.1:2527 state=ready' || fail "no reload"
kill "$RSPID"
t0=$(date +%s)
wait_until 100 logged 'smtp server=127.0.0.1:2527 result=failed reason=reply-timeout stage=greeting' ||
	fail "no reply-timeout failure"
t1=$(date +%s)
[ $((t1 - t0)) -le 8 ] || fail "the timeout took $((t1 - t0)) s"
alive
[ "$(status "s['pid']")" = "$VPID" ] || fail "vigilctl status does not answer"
[ "$(status "s['smtp']['failed']")" = 2 ] ||
	fail "vigilctl status: smtp failed=$(status "s['smtp']['failed']"), not 2"
ok "silent server: $(grep -o 'smtp server=127.0.0.1:2527 result=failed.*' "$LOG" | head -1)"

# SIGTERM: the STOP transition is mailed before vigild ends.
smtp_conf 2525
kill -HUP "$VPID"
wait_until 50 logged 'smtp server=127.0.0.1:2525 state=ready' || fail "no reload"
kill -TERM "$VPID"
gone() { ! kill -0 "$VPID" 2>/dev/null; }
wait_until 100 gone || fail "vigild does not stop"
has_mail '[lb1] VRRP instance VI_1 is now STOP' || fail "no STOP mail"
ok "STOP mailed at shutdown"
grep -q 'Sanitizer\|runtime error' "$LOG" && fail "sanitizer report"
exit 0
