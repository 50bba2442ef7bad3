#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SSL_GET against `openssl s_server -www`: plain, with SNI and certificate
# verification against the SSL { ca } (the right certificate is only served
# for the right server name), a wrong name (fatal alert), a server that
# demands a client certificate (alert), and a plain HTTP server on the TLS
# port (the handshake costs one timeout).
. "$(dirname "$0")/../check/lib.sh"
command -v openssl >/dev/null 2>&1 || exit 77

lab_init
lab_host sni 31
lab_host alert 32
lab_host plain 33

# A CA, a server certificate for server.test signed by it, and a
# self-signed default certificate.
cd "$TMP" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
	-days 2 -subj /CN=vigil-test-ca 2>/dev/null || fail "CA"
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr \
	-subj /CN=server.test 2>/dev/null
printf 'subjectAltName=DNS:server.test\n' >ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	-out srv.pem -days 2 -extfile ext 2>/dev/null || fail "server cert"
openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem \
	-days 2 -subj /CN=default.test 2>/dev/null
cd - >/dev/null || exit 1

lab_run sni openssl s_server -quiet -www -accept 10.77.0.31:443 \
	-cert "$TMP/self.pem" -key "$TMP/self.key" \
	-cert2 "$TMP/srv.pem" -key2 "$TMP/srv.key" \
	-servername server.test -servername_fatal
lab_run alert openssl s_server -quiet -www -accept 10.77.0.32:443 \
	-cert "$TMP/srv.pem" -key "$TMP/srv.key" -Verify 1 -verify_return_error
lab_run plain python3 "$SERVERS" http 10.77.0.33 443
for h in sni alert plain; do
	wait_listen $h 443
done

# One virtual server per case: LABEL ADDRESS, then the SSL_GET's other
# lines.
vs() {
	printf '%s {\n\tdelay_loop 1\n\tconnect_timeout 2\n\tretry 0\n' \
		"$(lab_vs "$1")"
	printf '\treal_server %s 443 {\n\t\tSSL_GET {\n' "$2"
	printf '\t\t\turl { path / }\n'
	shift 2
	[ $# = 0 ] || printf '\t\t\t%s\n' "$@"
	printf '\t\t}\n\t}\n}\n'
}
{
	printf 'SSL {\n\tca %s\n}\n' "$TMP/ca.pem"
	vs plain 10.77.0.31
	vs sni-verify 10.77.0.31 enable_sni ssl_verify 'virtualhost server.test'
	vs nosni-verify 10.77.0.31 ssl_verify 'virtualhost server.test'
	vs wrong-sni 10.77.0.31 enable_sni 'virtualhost wrong.test'
	vs alert 10.77.0.32
	vs http-on-443 10.77.0.33
} >"$TMP/vigil.conf"
lab_checktest "$TMP/vigil.conf"

expect_event 'vs=nosni-verify rs=10.77.0.31:443 reason=tls-verify .*self-signed' 2
expect_event 'vs=wrong-sni rs=10.77.0.31:443 reason=tls-failure .*unrecognized name' 2
expect_event 'vs=alert rs=10.77.0.32:443 reason=tls-failure' 2
expect_event 'vs=http-on-443 rs=10.77.0.33:443 reason=tls-failure .*handshake timeout' 3.5
no_event 'vs=(plain|sni-verify) ' 2
expect_status 'vs("sni-verify")["real_servers"][0]["checks"][0]["ok"] >= 2' True
expect_status 'vs("plain")["real_servers"][0]["state"]' up
