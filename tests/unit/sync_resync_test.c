// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bulk resync's pure parts: /proc/net/ip_vs_conn_sync lines as the
 * 6.1 kernel writes them (sync/conn_proc.h), the v1 encoder against the
 * decoder (sync/msg_enc.h, sync/msg.h: encode, decode, compare), and the
 * flags taken from the IPVS table (sync/resync.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/ip_vs.h>

#include "sync/conn_proc.h"
#include "sync/msg_enc.h"
#include "sync/resync.h"

#define L4                                                                     \
	"TCP C0A80A02 D431 0A000064 0050 0A01000B 1F90 ESTABLISHED LOCAL     " \
	" 899"
#define L6                                                                     \
	"UDP 2001:0db8:0000:0000:0000:0000:0000:0002 D431 "                    \
	"2001:0db8:0000:0000:0000:0000:0000:0064 0035 "                        \
	"2001:0db8:0001:0000:0000:0000:0000:000b 0035 UDP         SYNC       " \
	" 12"

static int
parse(const char *line, struct sync_proc_conn *c, const char **why, size_t *at)
{
	return sync_proc_parse(line, strlen(line), c, why, at);
}

static void
test_parse(void **state)
{
	struct sync_proc_conn c;
	const char *why;
	size_t at;
	char a[INET6_ADDRSTRLEN];

	(void)state;
	assert_int_equal(parse("Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt "
			       "State       Origin Expires",
			       &c, &why, &at),
			 0);
	assert_int_equal(parse(L4, &c, &why, &at), 1);
	assert_int_equal(c.c.af, AF_INET);
	assert_int_equal(c.c.protocol, IPPROTO_TCP);
	assert_string_equal(inet_ntop(AF_INET, &c.c.caddr, a, sizeof(a)),
			    "192.168.10.2");
	assert_int_equal(c.c.cport, 0xd431);
	assert_string_equal(inet_ntop(AF_INET, &c.c.vaddr, a, sizeof(a)),
			    "10.0.0.100");
	assert_int_equal(c.c.vport, 80);
	assert_string_equal(inet_ntop(AF_INET, &c.c.daddr, a, sizeof(a)),
			    "10.1.0.11");
	assert_int_equal(c.c.dport, 8080);
	assert_int_equal(c.c.state, 1); /* IP_VS_TCP_S_ESTABLISHED */
	assert_false(c.c.template);
	assert_false(c.synced);
	assert_int_equal(c.c.timeout, 899);

	assert_int_equal(parse(L6, &c, &why, &at), 1);
	assert_int_equal(c.c.af, AF_INET6);
	assert_int_equal(c.daf, AF_INET6);
	assert_int_equal(c.c.protocol, IPPROTO_UDP);
	assert_string_equal(inet_ntop(AF_INET6, &c.c.daddr, a, sizeof(a)),
			    "2001:db8:1::b");
	assert_int_equal(c.c.state, 0);
	assert_true(c.synced);
	assert_int_equal(c.c.timeout, 12);
}

static void
test_templates(void **state)
{
	struct sync_proc_conn c;
	const char *why;
	size_t at;

	(void)state;
	/* persistence: client port 0, a template state */
	assert_int_equal(parse("TCP C0A80A02 0000 0A000064 0050 0A01000B 0050 "
			       "ASSURED     LOCAL      360",
			       &c, &why, &at),
			 1);
	assert_true(c.c.template);
	assert_int_equal(c.c.flags, IP_VS_CONN_F_TEMPLATE);
	assert_int_equal(c.c.state, 1); /* IP_VS_CTPL_S_ASSURED */
	/* firewall mark 7: protocol IP, the mark in the virtual address */
	assert_int_equal(parse("IP  C0A80A00 0000 00000007 0000 0A01000B 0000 "
			       "NONE        LOCAL      300",
			       &c, &why, &at),
			 1);
	assert_true(c.c.template);
	assert_int_equal(c.c.fwmark, 7);
	/* a TCP state with client port 0 is a connection, not a template */
	assert_int_equal(parse("TCP C0A80A02 0000 0A000064 0050 0A01000B 0050 "
			       "SYN_RECV    LOCAL       30",
			       &c, &why, &at),
			 1);
	assert_false(c.c.template);
	assert_int_equal(c.c.state, 3);
	/* SCTP's own names */
	assert_int_equal(parse("SCTP C0A80A02 0BB8 0A000064 0BB8 0A01000B 0BB8 "
			       "S-ACK-SENT  LOCAL       60",
			       &c, &why, &at),
			 1);
	assert_int_equal(c.c.protocol, IPPROTO_SCTP);
	assert_int_equal(c.c.state, 11);
}

static void
bad_line(const char *line, const char *want, size_t want_at)
{
	struct sync_proc_conn c;
	const char *why = NULL;
	size_t at = 999;

	assert_int_equal(parse(line, &c, &why, &at), -1);
	assert_string_equal(why, want);
	assert_int_equal(at, want_at);
}

static void
test_malformed(void **state)
{
	(void)state;
	bad_line("TCP C0A80A02 D431 0A000064 0050 0A01000B 1F90 ESTABLISHED",
		 "not 10 fields", 57);
	bad_line("TCP C0A80A0Z D431 0A000064 0050 0A01000B 1F90 "
		 "ESTABLISHED LOCAL 1",
		 "bad client address", 4);
	bad_line("TCP C0A80A02 D43 0A000064 0050 0A01000B 1F90 "
		 "ESTABLISHED LOCAL 1",
		 "bad client port", 13);
	bad_line("TCP C0A80A02 D431 0A000064 0050 0A01000B 1F90 "
		 "OPEN LOCAL 1",
		 "unknown state for the protocol", 46);
	bad_line("UDP C0A80A02 D431 0A000064 0050 0A01000B 1F90 "
		 "ESTABLISHED LOCAL 1",
		 "unknown state for the protocol", 46);
	bad_line("IP_50 C0A80A02 0000 0A000064 0000 0A01000B 0000 "
		 "ERR! LOCAL 1",
		 "unknown state for the protocol", 48);
	bad_line("FOO C0A80A02 D431 0A000064 0050 0A01000B 1F90 "
		 "ESTABLISHED LOCAL 1",
		 "unknown protocol", 0);
	bad_line("TCP C0A80A02 D431 0A000064 0050 0A01000B 1F90 "
		 "ESTABLISHED REMOTE 1",
		 "origin is neither LOCAL nor SYNC", 58);
	bad_line("TCP C0A80A02 D431 0A000064 0050 0A01000B 1F90 "
		 "ESTABLISHED LOCAL 4294967296",
		 "bad expiry", 64);
	bad_line("TCP C0A80A02 D431 2001:0db8:0000:0000:0000:0000:0000:0064 "
		 "0050 0A01000B 1F90 ESTABLISHED LOCAL 1",
		 "bad virtual address", 18);
}

/* ---- encoder: encode, decode with msg.c, compare ---- */

static struct sync_conn got[300];
static unsigned ngot;

static void
collect(void *arg, const struct sync_conn *c)
{
	(void)arg;
	got[ngot++] = *c;
}

static void
test_round_trip(void **state)
{
	struct sync_proc_conn p4, p6;
	struct sync_conn in[3];
	uint8_t buf[1472];
	struct sync_enc e;
	struct sync_msg m;
	const char *why;
	size_t at, len;

	(void)state;
	assert_int_equal(parse(L4, &p4, &why, &at), 1);
	assert_int_equal(parse(L6, &p6, &why, &at), 1);
	in[0] = p4.c;
	in[0].flags = IP_VS_CONN_F_MASQ;
	in[1] = p6.c;
	in[1].flags = IP_VS_CONN_F_DROUTE | IP_VS_CONN_F_INACTIVE;
	in[2] = p4.c;
	in[2].flags = IP_VS_CONN_F_TUNNEL | IP_VS_CONN_F_TEMPLATE;
	in[2].fwmark = 7;
	in[2].template = true;
	sync_enc_init(&e, buf, sizeof(buf), 42);
	for (int i = 0; i < 3; i++)
		assert_int_equal(sync_enc_add(&e, &in[i]), 0);
	len = sync_enc_finish(&e);
	assert_int_equal(len, 8 + 36 + 72 + 36);
	ngot = 0;
	assert_int_equal(
		sync_msg_decode(buf, len, &m, collect, NULL, &why, &at), 0);
	assert_int_equal(m.version, 1);
	assert_int_equal(m.syncid, 42);
	assert_int_equal(m.nconns, 3);
	assert_int_equal(m.templates, 1);
	assert_int_equal(m.v6, 1);
	assert_int_equal(ngot, 3);
	for (int i = 0; i < 3; i++)
		assert_memory_equal(&got[i], &in[i], sizeof(in[i]));
}

/* Entries packed up to maxlen, never past it, nor past 255. */
static void
test_pack(void **state)
{
	struct sync_proc_conn p;
	uint8_t buf[10000];
	struct sync_enc e;
	struct sync_msg m;
	const char *why;
	size_t at, len;

	(void)state;
	assert_int_equal(parse(L4, &p, &why, &at), 1);
	sync_enc_init(&e, buf, 1472, 1);
	while (sync_enc_add(&e, &p.c) == 0)
		;
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(sync_enc_count(&e), (1472 - 8) / 36);
	len = sync_enc_finish(&e);
	assert_true(len <= 1472);
	ngot = 0;
	assert_int_equal(
		sync_msg_decode(buf, len, &m, collect, NULL, &why, &at), 0);
	assert_int_equal(ngot, 40);

	sync_enc_init(&e, buf, sizeof(buf), 1);
	while (sync_enc_add(&e, &p.c) == 0)
		;
	assert_int_equal(sync_enc_count(&e), 255);
	len = sync_enc_finish(&e);
	ngot = 0;
	assert_int_equal(
		sync_msg_decode(buf, len, &m, collect, NULL, &why, &at), 0);
	assert_int_equal(ngot, 255);
}

/* ---- flags from the table ---- */

static void
add_svc(struct ipvs_table *t, uint16_t proto, const char *vip, uint16_t port,
	uint32_t fwmark, const char *rip, uint16_t rport, uint32_t fwd)
{
	struct ipvs_service s = {0}, *sp;
	struct ipvs_dest d = {0};

	s.key.af = AF_INET;
	s.key.protocol = proto;
	s.key.port = port;
	s.key.fwmark = fwmark;
	if (vip)
		inet_pton(AF_INET, vip, &s.key.addr);
	strcpy(s.sched, "rr");
	assert_non_null(sp = ipvs_table_add(t, &s));
	d.key.af = AF_INET;
	d.key.port = rport;
	inet_pton(AF_INET, rip, &d.key.addr);
	d.fwd = fwd;
	assert_non_null(ipvs_service_add_dest(sp, &d));
}

static void
test_resync_conn(void **state)
{
	struct ipvs_table t;
	struct sync_proc_conn p;
	struct sync_conn c;
	const char *why;
	size_t at;

	(void)state;
	ipvs_table_init(&t);
	add_svc(&t, IPPROTO_TCP, "10.0.0.100", 80, 0, "10.1.0.11", 8080,
		IPVS_FWD_NAT);
	add_svc(&t, 0, NULL, 0, 9, "10.1.0.12", 443, IPVS_FWD_DR);
	assert_int_equal(ipvs_table_sort(&t, NULL, NULL), 0);

	assert_int_equal(parse(L4, &p, &why, &at), 1);
	assert_int_equal(resync_conn(&t, &p, &c), 0);
	assert_int_equal(c.flags, IP_VS_CONN_F_MASQ);
	assert_int_equal(c.fwmark, 0);
	assert_int_equal(c.timeout, 899);

	/* a connection of the fwmark service: the mark from its dest */
	assert_int_equal(parse("TCP C0A80A02 D431 0A0000C8 01BB 0A01000C 01BB "
			       "TIME_WAIT   LOCAL        0",
			       &p, &why, &at),
			 1);
	assert_int_equal(resync_conn(&t, &p, &c), 0);
	assert_int_equal(c.flags, IP_VS_CONN_F_DROUTE | IP_VS_CONN_F_INACTIVE);
	assert_int_equal(c.fwmark, 9);
	assert_int_equal(c.timeout, 1); /* 0 would be the full timeout */

	/* its template */
	assert_int_equal(parse("IP  C0A80A00 0000 00000009 0000 0A01000C 0000 "
			       "ASSURED     LOCAL      300",
			       &p, &why, &at),
			 1);
	p.c.dport = 443;
	assert_int_equal(resync_conn(&t, &p, &c), 0);
	assert_int_equal(c.flags, IP_VS_CONN_F_DROUTE | IP_VS_CONN_F_TEMPLATE);
	assert_int_equal(c.fwmark, 9);

	/* the destination is gone */
	assert_int_equal(parse("TCP C0A80A02 D431 0A000064 0050 0A01000D 1F90 "
			       "ESTABLISHED LOCAL      899",
			       &p, &why, &at),
			 1);
	assert_int_equal(resync_conn(&t, &p, &c), -1);
	assert_int_equal(errno, ENOENT);
	ipvs_table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_pack),
		cmocka_unit_test(test_resync_conn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
