#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# HTTP_GET against nginx, busybox httpd, Python's http.server and hostile
# servers: status lists and ranges, MD5 digests (plain and chunked bodies),
# virtual hosts, regex (PCRE2 syntax, regex_options), several urls, and a
# garbage status line, an endless body, a stalled body and a server that
# accepts and never answers -- each costs one timeout at most, never memory.
. "$(dirname "$0")/../check/lib.sh"
command -v nginx >/dev/null 2>&1 || exit 77
command -v busybox >/dev/null 2>&1 || exit 77

lab_init
for h in nginx:21 pyhttp:22 busybox:23 hostile:24 stall:25; do
	lab_host "${h%:*}" "${h#*:}"
done

mkdir -p "$TMP/www" "$TMP/www2" "$TMP/nginx"
echo "hello from vigil's test" >"$TMP/www/index.html"
echo "the other virtual host" >"$TMP/www2/index.html"
cat >"$TMP/nginx.conf" <<NGINX
daemon off; master_process off; worker_processes 1;
pid $TMP/nginx.pid; error_log $TMP/nginx-error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $TMP/nginx; proxy_temp_path $TMP/nginx;
	fastcgi_temp_path $TMP/nginx; uwsgi_temp_path $TMP/nginx;
	scgi_temp_path $TMP/nginx;
	server { listen 10.77.0.21:80 default_server; root $TMP/www; }
	server { listen 10.77.0.21:80; server_name other.test; root $TMP/www2; }
}
NGINX
lab_run nginx nginx -c "$TMP/nginx.conf" -p "$TMP/nginx"
lab_run pyhttp python3 -m http.server --bind 10.77.0.22 --directory "$TMP/www" 80
lab_run busybox busybox httpd -f -p 10.77.0.23:80 -h "$TMP/www"
lab_run hostile python3 "$SERVERS" http 10.77.0.24 80
lab_run stall python3 "$SERVERS" stall 10.77.0.25 80
for h in nginx pyhttp busybox hostile stall; do
	wait_listen $h 80
done
md5() { md5sum "$1" | cut -d' ' -f1; }
D1=$(md5 "$TMP/www/index.html")
D2=$(md5 "$TMP/www2/index.html")
DHELLO=$(printf 'hello\n' | md5sum | cut -d' ' -f1)

# One virtual server per case: LABEL ADDRESS PORT, then the lines of its
# HTTP_GET (url blocks and options). Every case: delay_loop 1,
# connect_timeout 2, retry 0.
add() {
	printf '%s {\n\tdelay_loop 1\n\tconnect_timeout 2\n\tretry 0\n' \
		"$(lab_vs "$1")"
	printf '\treal_server %s %s {\n\t\tHTTP_GET {\n' "$2" "$3"
	shift 3
	printf '%s\n' "$@"
	printf '\t\t}\n\t}\n}\n'
}
# A url block: PATH, then its other lines.
url() {
	printf 'url {\npath %s\n' "$1"
	shift
	[ $# = 0 ] || printf '%s\n' "$@"
	printf '}'
}
{
add nginx-digest 10.77.0.21 80 "$(url / "digest $D1")"
add nginx-404 10.77.0.21 80 "$(url /missing)"
add nginx-vhost 10.77.0.21 80 "$(url / "digest $D2" "virtualhost other.test")"
add nginx-novhost 10.77.0.21 80 "$(url / "digest $D2")"
add nginx-urls 10.77.0.21 80 "$(url /)" "$(url /nope.html)"
add py-digest 10.77.0.22 80 "$(url /index.html "digest $D1")"
add py-regex 10.77.0.22 80 "$(url / 'regex "hello from v[a-z]+"')"
# PCRE2 syntax POSIX ERE refuses (\d, a lazy quantifier, a lookahead);
# inside double quotes the config language takes "\\" for "\"
add py-pcre 10.77.0.22 80 \
	"$(url / 'regex "hello from v\\d*[a-z]+?(?=.s test)"')"
# dotall lets "." take the body's final newline; without it no match
add py-dotall 10.77.0.22 80 "$(url / 'regex test.\z' 'regex_options dotall')"
add py-nodotall 10.77.0.22 80 "$(url / 'regex test.\z')"
add py-regex-no 10.77.0.22 80 \
	"$(url / 'regex HELLO' 'regex_options caseless' regex_no_match)"
add py-11 10.77.0.22 80 "$(url / "digest $D1")" 'http_protocol 1.1'
add busybox 10.77.0.23 80 "$(url /index.html 'status_code 200')"
add h-503-ok 10.77.0.24 80 "$(url /503 'status_code 200-299 500-599')"
add h-503 10.77.0.24 80 "$(url /503)"
add h-301 10.77.0.24 80 "$(url /redirect)"
add h-chunked 10.77.0.24 80 "$(url /chunked "digest $DHELLO")" \
	'http_protocol 1.1'
add h-garbage 10.77.0.24 80 "$(url /garbage)"
add h-huge 10.77.0.24 80 "$(url /huge "digest $DHELLO")" 'max_body 1000000'
add h-huge-status 10.77.0.24 80 "$(url /huge)"
add h-slow 10.77.0.24 80 "$(url /slow "digest $DHELLO")"
add stall 10.77.0.25 80 "$(url /)"
} >"$TMP/vigil.conf"
lab_checktest "$TMP/vigil.conf"

# Within the first run (warmup <= 1 s) plus connect_timeout where it waits.
expect_event 'vs=nginx-404 rs=10.77.0.21:80 reason=bad-status-404 .*detail="/missing"' 2
expect_event 'vs=nginx-novhost rs=10.77.0.21:80 reason=digest-mismatch .*detail="/: md5 '"$D1"'"' 2
expect_event 'vs=nginx-urls rs=10.77.0.21:80 reason=bad-status-404 .*detail="/nope.html"' 2
expect_event 'vs=h-503 rs=10.77.0.24:80 reason=bad-status-503' 2
expect_event 'vs=h-301 rs=10.77.0.24:80 reason=bad-status-301' 2
expect_event 'vs=h-garbage rs=10.77.0.24:80 reason=bad-response .*not an HTTP' 2
expect_event 'vs=h-huge rs=10.77.0.24:80 reason=too-large' 2
expect_event 'vs=py-regex-no rs=10.77.0.22:80 reason=regex-mismatch .*matched' 2
expect_event 'vs=py-nodotall rs=10.77.0.22:80 reason=regex-mismatch .*detail="/: no match"' 2
expect_event 'vs=h-slow rs=10.77.0.24:80 reason=timeout .*detail="/slow"' 3.5
expect_event 'vs=stall rs=10.77.0.25:80 reason=timeout' 3.5
no_event 'vs=(nginx-digest|nginx-vhost|py-digest|py-regex|py-pcre|py-dotall|py-11|busybox|h-503-ok|h-chunked|h-huge-status) ' 2

expect_status 'vs("h-huge")["real_servers"][0]["state"]' down
expect_status 'vs("nginx-vhost")["real_servers"][0]["state"]' up
expect_status 'vs("py-pcre")["real_servers"][0]["state"]' up
expect_status 'vs("py-dotall")["real_servers"][0]["state"]' up
expect_status 'vs("py-nodotall")["real_servers"][0]["state"]' down
expect_status 'vs("stall")["real_servers"][0]["checks"][0]["timeouts"] >= 1' True
# The endless body was never buffered: the driver stays small.
rss=$(awk '/VmRSS/ { print $2 }' /proc/$CT_PID/status)
[ "$rss" -lt 65536 ] || fail "driver RSS ${rss} kB after the endless body"
log "driver RSS ${rss} kB"
# The one that needs no body does not read it: up despite endless data.
expect_status 'vs("h-huge-status")["real_servers"][0]["state"]' up
