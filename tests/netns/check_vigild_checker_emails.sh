#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# no_checker_emails through vigild's check child (this host: no IPVS, the
# checks run): a real server with two TCP_CHECKs (ports 80 and 81) and
# smtp_alert, an SMTP sink on the director's loopback. Port 81 stops (the
# server leaves: mail), port 80 stops (a checker down, the server already
# down), port 80 is back (a checker up, still down), port 81 is back (the
# server is back: mail). keepalived 2.2.7 mails each checker change: four
# mails, DOWN DOWN DOWN UP (the real server's state in the subject); with
# no_checker_emails only the two where the real server comes or goes.
. "$(dirname "$0")/../check/lib.sh"
. "$(dirname "$0")/check_vigild_lib.sh"

lab_init
lab_host a 11
serve() { # PORT
	lab_run a python3 "$SERVERS" http 10.77.0.11 "$1"
	eval "srv_$1=\$LAST_PID"
	wait_listen a "$1"
}
serve 80
serve 81

cat >"$TMP/sink.py" <<'PY'
import socketserver, sys

out = sys.argv[1]


class Session(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.say("220 sink")
        while True:
            line = self.rfile.readline(2048)
            if not line:
                return
            verb = line.decode().strip().upper()
            if verb == "DATA":
                self.say("354 go ahead")
                subject = ""
                while True:
                    l = self.rfile.readline(4096).decode()
                    if not l or l == ".\r\n":
                        break
                    if l.startswith("Subject: "):
                        subject = l[9:].strip()
                with open(out, "a") as f:
                    f.write(subject + "\n")
                self.say("250 queued")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("250 ok")


socketserver.TCPServer.allow_reuse_address = True
with socketserver.TCPServer(("127.0.0.1", 2525), Session) as s:
    s.serve_forever()
PY
lab_run dir python3 "$TMP/sink.py" "$TMP/mails"
wait_listen dir 2525

conf() { # GLOBAL-LINE
	cat <<EOF
global_defs {
	router_id lb1
	notification_email {
		ops@example.org
	}
	notification_email_from vigil@lb1.example.org
	smtp_server 127.0.0.1 2525
	$1
}
virtual_server 192.0.2.10 80 {
	delay_loop 1
	protocol TCP
	real_server 10.77.0.11 80 {
		TCP_CHECK { connect_timeout 1
			retry 0
			warmup 0 }
		TCP_CHECK { connect_port 81
			connect_timeout 1
			retry 0
			warmup 0 }
	}
}
EOF
}
S='[lb1] real server 10.77.0.11:80 of tcp 192.0.2.10:80 is'

wait_mails() { # SECONDS LINE...: the mails' subjects are exactly these
	for _ in $(seq 1 $(($1 * 10))); do
		[ "$(cat "$TMP/mails" 2>/dev/null)" = "$(printf '%s\n' "${@:2}")" ] &&
			return 0
		sleep 0.1
	done
	fail "mails: $(cat "$TMP/mails" 2>/dev/null)
--- expected
$(printf '%s\n' "${@:2}")"
}

run() { # GLOBAL-LINE MAIL-SUBJECTS...
	rm -f "$TMP/mails"
	conf "$1" >"$TMP/k.conf"
	vigild_start "$TMP/k.conf"
	expect_show checks '"address":"10.77.0.11:80","state":"up"' 5
	sleep 1.5
	kill "$srv_81"
	expect_show checks '"address":"10.77.0.11:80","state":"down"' 5
	wait_mails 5 "$S DOWN"
	kill "$srv_80"
	sleep 2.5
	serve 80
	sleep 2.5
	serve 81
	expect_show checks '"address":"10.77.0.11:80","state":"up"' 5
	wait_mails 5 "${@:2}"
	sleep 1.5
	wait_mails 1 "${@:2}"
	vigild_stop
}

run "" "$S DOWN" "$S DOWN" "$S DOWN" "$S UP"
log "without no_checker_emails: a mail for each checker change"
run no_checker_emails "$S DOWN" "$S UP"
log "no_checker_emails: a mail when the real server leaves and comes back"
log "PASS"
