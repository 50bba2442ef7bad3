// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The decoders of outside bytes: HTTP responses, DNS replies, SMTP
 * replies, agent replies, ICMP packets.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "check/agent_parse.h"
#include "check/dns.h"
#include "check/http_parse.h"
#include "check/icmp.h"
#include "check/tcpsyn.h"
#include "core/runtime/wire.h"
#include "core/runtime/smtp_parse.h"

/* ---- HTTP ---- */

struct body {
	char buf[4096];
	size_t len;
};

static int
collect(void *arg, const uint8_t *p, size_t n)
{
	struct body *b = arg;

	if (b->len + n < sizeof(b->buf)) {
		memcpy(b->buf + b->len, p, n);
		b->len += n;
	}
	return 0;
}

/* Feed `text` in pieces of `step` bytes; returns the last result. */
static enum http_feed
feed_http(struct http_resp *r, const char *text, size_t step, struct body *b,
	  bool *saw_head)
{
	size_t len = strlen(text), off = 0;
	enum http_feed f = HTTP_MORE;

	http_resp_init(r);
	memset(b, 0, sizeof(*b));
	*saw_head = false;
	while (off < len) {
		size_t n = len - off < step ? len - off : step, used = 0;

		while (n) {
			f = http_resp_feed(r, (const uint8_t *)text + off, n,
					   &used, collect, b);
			if (f == HTTP_HEAD_DONE)
				*saw_head = true;
			if (f == HTTP_ERROR || f == HTTP_MSG_DONE)
				return f;
			off += used;
			n -= used;
		}
	}
	return f;
}

static void
test_http_content_length(void **state)
{
	const char *resp = "HTTP/1.1 200 OK\r\nServer: x\r\n"
			   "Content-Length: 5\r\n\r\nhelloEXTRA";
	struct http_resp r;
	struct body b;
	bool head;

	(void)state;
	for (size_t step = 1; step <= strlen(resp); step++) {
		assert_int_equal(feed_http(&r, resp, step, &b, &head),
				 HTTP_MSG_DONE);
		assert_true(head);
		assert_int_equal(r.status, 200);
		assert_int_equal(r.minor, 1);
		assert_int_equal(b.len, 5);
		assert_memory_equal(b.buf, "hello", 5);
	}
}

static void
test_http_chunked(void **state)
{
	const char *resp = "HTTP/1.1 503 Busy\r\n"
			   "Transfer-Encoding: gzip, chunked\r\n\r\n"
			   "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\n"
			   "Trailer: x\r\n\r\n";
	struct http_resp r;
	struct body b;
	bool head;

	(void)state;
	for (size_t step = 1; step <= strlen(resp); step += 3) {
		assert_int_equal(feed_http(&r, resp, step, &b, &head),
				 HTTP_MSG_DONE);
		assert_int_equal(r.status, 503);
		assert_int_equal(b.len, 9);
		assert_memory_equal(b.buf, "Wikipedia", 9);
	}
}

static void
test_http_until_close_and_interim(void **state)
{
	const char *resp = "HTTP/1.1 100 Continue\r\n\r\n"
			   "HTTP/1.0 404 Not Found\n"
			   "Content-Type: text/plain\n\nbody";
	struct http_resp r;
	struct body b;
	bool head;

	(void)state;
	assert_int_equal(feed_http(&r, resp, 7, &b, &head), HTTP_MORE);
	assert_int_equal(r.status, 404);
	assert_int_equal(http_resp_eof(&r), HTTP_MSG_DONE);
	assert_int_equal(b.len, 4);
}

static void
test_http_bad(void **state)
{
	static const char *const bad[] = {
		"garbage\r\n\r\n",
		"HTTP/1.1 2x0 OK\r\n\r\n",
		"HTTP/1.1 099 Low\r\n\r\n",
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4"
		"\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		"1\r\nab\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		"fffffffffffffffffff\r\n",
	};
	struct http_resp r;
	struct body b;
	bool head;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(feed_http(&r, bad[i], 1000, &b, &head),
				 HTTP_ERROR);
	/* Truncated: EOF in the middle of the body. */
	feed_http(&r, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", 100,
		  &b, &head);
	assert_int_equal(http_resp_eof(&r), HTTP_ERROR);
	feed_http(&r, "HTTP/1.1 20", 100, &b, &head);
	assert_int_equal(http_resp_eof(&r), HTTP_ERROR);
}

static void
test_http_header_bound(void **state)
{
	struct http_resp r;
	char line[1024];
	size_t used;
	enum http_feed f = HTTP_MORE;

	(void)state;
	http_resp_init(&r);
	f = http_resp_feed(&r, (const uint8_t *)"HTTP/1.1 200 OK\r\n", 17,
			   &used, NULL, NULL);
	memset(line, 'a', sizeof(line));
	line[sizeof(line) - 2] = '\r';
	line[sizeof(line) - 1] = '\n';
	for (int i = 0; i < 100 && f == HTTP_MORE; i++)
		f = http_resp_feed(&r, (const uint8_t *)line, sizeof(line),
				   &used, NULL, NULL);
	assert_int_equal(f, HTTP_ERROR);
	assert_non_null(strstr(r.err, "too large"));
	/* A long header line that is not one we read is fine. */
	http_resp_init(&r);
	f = http_resp_feed(&r, (const uint8_t *)"HTTP/1.1 204 No\r\nX: ", 20,
			   &used, NULL, NULL);
	f = http_resp_feed(&r, (const uint8_t *)line, sizeof(line) - 2, &used,
			   NULL, NULL);
	assert_int_equal(f, HTTP_MORE);
	f = http_resp_feed(&r, (const uint8_t *)"\r\n\r\n", 4, &used, NULL,
			   NULL);
	assert_int_equal(f, HTTP_HEAD_DONE);
	assert_int_equal(r.st, HS_DONE);
}

/* ---- DNS ---- */

static size_t
reply_for(uint8_t *buf, const uint8_t *q, size_t qlen, int rcode, bool answer)
{
	size_t n = qlen;

	memcpy(buf, q, qlen);
	buf[2] |= 0x80; /* QR */
	buf[3] = (uint8_t)rcode;
	if (answer) {
		static const uint8_t rr[] = {
			0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1,
		};
		buf[7] = 1;
		memcpy(buf + n, rr, sizeof(rr));
		n += sizeof(rr);
	}
	return n;
}

static void
test_dns(void **state)
{
	uint8_t q[DNS_QUERY_MAX], rep[600];
	struct dns_info info;
	const char *err = NULL;
	ssize_t qlen;
	size_t n;

	(void)state;
	qlen = dns_build_query(q, sizeof(q), 0x1234, "www.Example.com", 1);
	assert_true(qlen > 12);
	n = reply_for(rep, q, (size_t)qlen, 0, true);
	assert_int_equal(dns_parse_reply(rep, n, 0x1234, "www.example.com.", 1,
					 &info, &err),
			 0);
	assert_int_equal(info.rcode, 0);
	assert_int_equal(info.answers, 1);
	assert_int_equal(dns_parse_reply(rep, n, 0x1235, "www.example.com", 1,
					 &info, &err),
			 -1);
	assert_string_equal(err, "wrong id");
	assert_int_equal(
		dns_parse_reply(rep, n, 0x1234, "example.com", 1, &info, &err),
		-1);
	assert_int_equal(dns_parse_reply(rep, n - 1, 0x1234, "www.example.com",
					 1, &info, &err),
			 -1);
	n = reply_for(rep, q, (size_t)qlen, 3, false);
	assert_int_equal(dns_parse_reply(rep, n, 0x1234, "www.example.com", 1,
					 &info, &err),
			 0);
	assert_int_equal(info.rcode, 3);
	/* The query itself is not a reply. */
	assert_int_equal(dns_parse_reply(q, (size_t)qlen, 0x1234,
					 "www.example.com", 1, &info, &err),
			 -1);
	/* A compression pointer to itself must not loop. */
	n = reply_for(rep, q, (size_t)qlen, 0, true);
	rep[qlen] = 0xc0;
	rep[qlen + 1] = (uint8_t)qlen;
	assert_int_equal(dns_parse_reply(rep, n, 0x1234, "www.example.com", 1,
					 &info, &err),
			 -1);
	/* Root and bad names. */
	assert_int_equal(dns_build_query(q, sizeof(q), 1, ".", 6), 17);
	assert_int_equal(dns_build_query(q, sizeof(q), 1, "a..b", 6), -1);
}

/* ---- SMTP ---- */

static enum smtp_feed
feed_smtp(struct smtp_reply *r, const char *text)
{
	size_t used = 0, len = strlen(text);
	enum smtp_feed f = SMTP_MORE;

	smtp_reply_init(r);
	for (size_t off = 0; off < len && f == SMTP_MORE; off += used)
		f = smtp_reply_feed(r, (const uint8_t *)text + off, 1, &used);
	return f;
}

static void
test_smtp(void **state)
{
	struct smtp_reply r;

	(void)state;
	assert_int_equal(feed_smtp(&r, "220 mx.example ESMTP\r\n"), SMTP_DONE);
	assert_int_equal(r.code, 220);
	assert_string_equal(r.text, "mx.example ESMTP");
	assert_int_equal(feed_smtp(&r, "250-mx\r\n250-SIZE 10\r\n250 OK\r\n"),
			 SMTP_DONE);
	assert_int_equal(r.code, 250);
	assert_int_equal(feed_smtp(&r, "250-mx\r\n"), SMTP_MORE);
	assert_int_equal(feed_smtp(&r, "554\n"), SMTP_DONE);
	assert_int_equal(r.code, 554);
	assert_int_equal(feed_smtp(&r, "250-a\r\n251 b\r\n"), SMTP_ERROR);
	assert_int_equal(feed_smtp(&r, "SSH-2.0-OpenSSH\r\n"), SMTP_ERROR);
	assert_int_equal(feed_smtp(&r, "220x\r\n"), SMTP_ERROR);
	assert_int_equal(feed_smtp(&r, "99 no\r\n"), SMTP_ERROR);
	/* RFC 5321 4.2: the first digit is 2 to 5 */
	assert_int_equal(feed_smtp(&r, "150 info\r\n"), SMTP_ERROR);
	assert_int_equal(feed_smtp(&r, "600 no\r\n"), SMTP_ERROR);
}

/* ---- agent ---- */

static void
test_agent(void **state)
{
	struct agent_reply a;
	const char *err = NULL;

	(void)state;
	assert_int_equal(agent_parse("75%\n", 4, &a, &err), 0);
	assert_true(a.has_pct);
	assert_int_equal(a.pct, 75);
	assert_int_equal(agent_parse("up 50%", 6, &a, &err), 0);
	assert_int_equal(a.state, AGENT_UP);
	assert_int_equal(a.pct, 50);
	assert_int_equal(agent_parse("ready,100%\r\n", 12, &a, &err), 0);
	assert_int_equal(a.admin, AGENT_READY);
	assert_int_equal(agent_parse("drain", 5, &a, &err), 0);
	assert_int_equal(a.admin, AGENT_DRAIN);
	assert_false(a.has_pct);
	assert_int_equal(agent_parse("down #disk full \n", 17, &a, &err), 0);
	assert_int_equal(a.state, AGENT_DOWN);
	assert_string_equal(a.text, "disk full");
	assert_int_equal(agent_parse("MAINT\tstopped", 13, &a, &err), 0);
	assert_int_equal(a.admin, AGENT_MAINT);
	assert_int_equal(a.state, AGENT_STOPPED);
	assert_int_equal(agent_parse("\n", 1, &a, &err), -1);
	assert_int_equal(agent_parse("fine", 4, &a, &err), -1);
	assert_int_equal(agent_parse("75", 2, &a, &err), -1);
	assert_int_equal(agent_parse("999999%", 7, &a, &err), -1);
	assert_int_equal(agent_parse("up\0", 3, &a, &err), -1);
	/* Only the first line counts. */
	assert_int_equal(agent_parse("up\ngarbage", 10, &a, &err), 0);
}

/* ---- ICMP ---- */

static void
test_icmp_v4(void **state)
{
	uint8_t pkt[64] = {0x45, 0, 0,	36, 0, 0, 0,  0, 64, 1,
			   0,	 0, 10, 0,  0, 2, 10, 0, 0,  1};
	uint8_t echo[ICMP_ECHO_LEN];
	struct chk_addr from, target;
	struct icmp_msg m;
	uint16_t sum;

	(void)state;
	assert_int_equal(
		icmp_build_echo(AF_INET, echo, sizeof(echo), 0xbeef, 7, 42),
		ICMP_ECHO_LEN);
	assert_int_equal(icmp_checksum(echo, sizeof(echo)), 0);
	/* The reply: type 0, same id/seq, checksum fixed up. */
	memcpy(pkt + 20, echo, sizeof(echo));
	pkt[20] = 0;
	pkt[22] = pkt[23] = 0;
	sum = icmp_checksum(pkt + 20, sizeof(echo));
	pkt[22] = (uint8_t)(sum >> 8);
	pkt[23] = (uint8_t)sum;
	chk_addr_parse(&from, "10.0.0.2", 0);
	assert_int_equal(icmp_decode(AF_INET, pkt, 36, &from, &m), 0);
	assert_int_equal(m.kind, ICMP_K_REPLY);
	assert_int_equal(m.id, 0xbeef);
	assert_int_equal(m.seq, 7);
	assert_true(chk_addr_equal(&m.addr, &from, false));
	/* A corrupted checksum or a short packet is not ours. */
	pkt[30] ^= 1;
	assert_int_equal(icmp_decode(AF_INET, pkt, 36, &from, &m), -1);
	assert_int_equal(icmp_decode(AF_INET, pkt, 19, &from, &m), -1);
	/* Host unreachable quoting our request to 10.0.0.9. */
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 0x45;
	pkt[9] = 1;
	pkt[20] = 3;
	pkt[21] = 1;
	pkt[28] = 0x45;
	pkt[37] = 1;
	inet_pton(AF_INET, "10.0.0.9", pkt + 28 + 16);
	memcpy(pkt + 48, echo, 8);
	sum = icmp_checksum(pkt + 20, 36);
	pkt[22] = (uint8_t)(sum >> 8);
	pkt[23] = (uint8_t)sum;
	assert_int_equal(icmp_decode(AF_INET, pkt, 56, &from, &m), 0);
	assert_int_equal(m.kind, ICMP_K_UNREACH);
	assert_int_equal(m.seq, 7);
	chk_addr_parse(&target, "10.0.0.9", 0);
	assert_true(chk_addr_equal(&m.addr, &target, false));
}

static void
test_icmp_v6(void **state)
{
	uint8_t pkt[96] = {0};
	struct chk_addr from, target;
	struct icmp_msg m;

	(void)state;
	icmp_build_echo(AF_INET6, pkt, sizeof(pkt), 1, 2, 3);
	assert_int_equal(pkt[0], 128);
	pkt[0] = 129;
	chk_addr_parse(&from, "fd00::2", 0);
	assert_int_equal(icmp_decode(AF_INET6, pkt, 16, &from, &m), 0);
	assert_int_equal(m.kind, ICMP_K_REPLY);
	assert_int_equal(m.seq, 2);
	/* Destination unreachable quoting the request to fd00::9. */
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 1;
	pkt[8] = 0x60;
	pkt[8 + 6] = 58;
	inet_pton(AF_INET6, "fd00::9", pkt + 8 + 24);
	icmp_build_echo(AF_INET6, pkt + 48, 48, 1, 5, 3);
	assert_int_equal(icmp_decode(AF_INET6, pkt, 64, &from, &m), 0);
	assert_int_equal(m.kind, ICMP_K_UNREACH);
	assert_int_equal(m.seq, 5);
	chk_addr_parse(&target, "fd00::9", 0);
	assert_true(chk_addr_equal(&m.addr, &target, false));
	assert_int_equal(icmp_decode(AF_INET6, pkt, 50, &from, &m), -1);
}

/* An IPv4 datagram holding a TCP header with these flags, from
 * 192.0.2.9:80 to 192.0.2.1:40000, acknowledging `ack`. */
static size_t
tcp_v4_reply(uint8_t *pkt, uint8_t flags, uint32_t ack)
{
	static const uint8_t ip[20] = {
		0x45, 0, 0,   40, 0, 0, 0x40, 0, 64, 6,
		0,    0, 192, 0,  2, 9, 192,  0, 2,  1,
	};

	memset(pkt, 0, 40);
	memcpy(pkt, ip, sizeof(ip));
	pkt[20] = 0;
	pkt[21] = 80;
	pkt[22] = 40000 >> 8;
	pkt[23] = 40000 & 0xff;
	pkt[24] = 0x11; /* seq 0x11223344 */
	pkt[25] = 0x22;
	pkt[26] = 0x33;
	pkt[27] = 0x44;
	pkt[28] = (uint8_t)(ack >> 24);
	pkt[29] = (uint8_t)(ack >> 16);
	pkt[30] = (uint8_t)(ack >> 8);
	pkt[31] = (uint8_t)ack;
	pkt[32] = 5 << 4;
	pkt[33] = flags;
	return 40;
}

static void
test_tcpsyn(void **state)
{
	struct chk_addr src, dst, from, src6, dst6;
	struct tcpsyn_reply r;
	uint8_t syn[TCPSYN_LEN], pkt[64], ph[12];
	uint32_t sum;

	(void)state;
	assert_int_equal(chk_addr_parse(&src, "192.0.2.1", 0), 0);
	assert_int_equal(chk_addr_parse(&dst, "192.0.2.9", 80), 0);
	assert_int_equal(chk_addr_parse(&src6, "2001:db8::1", 0), 0);
	assert_int_equal(chk_addr_parse(&dst6, "2001:db8::9", 443), 0);
	memset(&from, 0, sizeof(from));

	/* A SYN: ports, sequence, flags, and a checksum that verifies over
	 * the pseudo-header. */
	assert_int_equal(
		tcpsyn_build(syn, sizeof(syn), &src, 40000, &dst, 0x00070001),
		TCPSYN_LEN);
	assert_int_equal(syn[0] << 8 | syn[1], 40000);
	assert_int_equal(syn[2] << 8 | syn[3], 80);
	assert_int_equal(syn[6] << 8 | syn[7], 1);
	assert_int_equal(syn[13], TCPSYN_F_SYN);
	assert_int_equal(syn[12] >> 4, TCPSYN_LEN / 4);
	memcpy(ph, &src.u.sin.sin_addr, 4);
	memcpy(ph + 4, &dst.u.sin.sin_addr, 4);
	ph[8] = 0;
	ph[9] = 6;
	ph[10] = 0;
	ph[11] = TCPSYN_LEN;
	sum = wire_csum_add(wire_csum_add(0, ph, 12), syn, sizeof(syn));
	assert_int_equal(wire_csum_fold(sum), 0);
	/* IPv6 leaves the checksum to the kernel; families must agree. */
	assert_int_equal(tcpsyn_build(syn, sizeof(syn), &src6, 1, &dst6, 5),
			 TCPSYN_LEN);
	assert_int_equal(syn[16] | syn[17], 0);
	assert_int_equal(tcpsyn_build(syn, sizeof(syn), &src, 1, &dst6, 5), 0);
	assert_int_equal(tcpsyn_build(syn, 10, &src, 1, &dst, 5), 0);

	/* SYN-ACK and RST decode; a bare ACK, a fragment, a short or
	 * malformed header do not. */
	tcp_v4_reply(pkt, TCPSYN_F_SYN | TCPSYN_F_ACK, 0x00070002);
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 40, &from, &r), 0);
	assert_true(chk_addr_equal(&r.from, &dst, true));
	assert_int_equal(r.dport, 40000);
	assert_int_equal(r.ack, 0x00070002);
	assert_int_equal(r.seq, 0x11223344);
	tcp_v4_reply(pkt, TCPSYN_F_RST | TCPSYN_F_ACK, 9);
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 40, &from, &r), 0);
	assert_true(r.flags & TCPSYN_F_RST);
	tcp_v4_reply(pkt, TCPSYN_F_ACK, 9);
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 40, &from, &r), -1);
	tcp_v4_reply(pkt, TCPSYN_F_SYN, 9);
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 40, &from, &r), -1);
	tcp_v4_reply(pkt, TCPSYN_F_RST, 9);
	pkt[6] = 0x20; /* more fragments */
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 40, &from, &r), -1);
	tcp_v4_reply(pkt, TCPSYN_F_RST, 9);
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 39, &from, &r), -1);
	pkt[32] = 15 << 4; /* header longer than the segment */
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 40, &from, &r), -1);
	tcp_v4_reply(pkt, TCPSYN_F_RST, 9);
	pkt[9] = 17; /* UDP */
	assert_int_equal(tcpsyn_decode(AF_INET, pkt, 40, &from, &r), -1);

	/* IPv6: the TCP header alone, the source from recvfrom(). */
	tcp_v4_reply(pkt, TCPSYN_F_SYN | TCPSYN_F_ACK, 77);
	assert_int_equal(tcpsyn_decode(AF_INET6, pkt + 20, 20, &dst6, &r), 0);
	assert_int_equal(chk_addr_port(&r.from), 80);
	assert_int_equal(r.ack, 77);
	assert_int_equal(tcpsyn_decode(AF_INET6, pkt + 20, 20, &dst, &r), -1);
	assert_int_equal(tcpsyn_decode(AF_INET6, pkt + 20, 19, &dst6, &r), -1);

	/* An ICMP error quotes our SYN: source port, target port, sequence. */
	{
		uint16_t sport = 0;

		assert_int_equal(tcpsyn_build(syn, sizeof(syn), &src, 40000,
					      &dst, 0x00070001),
				 TCPSYN_LEN);
		assert_int_equal(tcpsyn_decode_quoted(syn, 8, &sport, &r), 0);
		assert_int_equal(sport, 40000);
		assert_int_equal(r.dport, 80);
		assert_int_equal(r.seq, 0x00070001);
		assert_int_equal(tcpsyn_decode_quoted(syn, 7, &sport, &r), -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_content_length),
		cmocka_unit_test(test_http_chunked),
		cmocka_unit_test(test_http_until_close_and_interim),
		cmocka_unit_test(test_http_bad),
		cmocka_unit_test(test_http_header_bound),
		cmocka_unit_test(test_dns),
		cmocka_unit_test(test_smtp),
		cmocka_unit_test(test_agent),
		cmocka_unit_test(test_icmp_v4),
		cmocka_unit_test(test_icmp_v6),
		cmocka_unit_test(test_tcpsyn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
