// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The codec: every request's attributes as the kernel reads them, and the
 * decoder on well-formed and malformed replies.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "ipvs/codec.h"

#define FAM 0x21

static struct ipvs_service
v6svc(void)
{
	struct ipvs_service s = {0};

	s.key.af = AF_INET6;
	s.key.protocol = IPPROTO_UDP;
	s.key.port = 53;
	inet_pton(AF_INET6, "2001:db8::1", &s.key.addr);
	strcpy(s.sched, "sh");
	strcpy(s.pe, "sip");
	s.flags = IP_VS_SVC_F_PERSISTENT | IPVS_SVC_F_SH_PORT;
	s.timeout = 300;
	s.netmask = 64;
	return s;
}

/* The command and top-level attributes of a request. */
static int
parse_req(struct ipvs_req *m, struct nlattr **tb)
{
	struct nlmsghdr *h = &m->h;

	assert_int_equal(h->nlmsg_type, FAM);
	assert_int_equal(genlmsg_parse(h, 0, tb, IPVS_CMD_ATTR_MAX, NULL), 0);
	return ((struct genlmsghdr *)nlmsg_data(h))->cmd;
}

static void
test_service_add_and_delete(void **state)
{
	struct ipvs_service s = v6svc();
	struct ipvs_op op = {.kind = IPVS_OP_SVC_ADD, .svc = &s};
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *a[IPVS_SVC_ATTR_MAX + 1];
	struct ipvs_req m;
	struct ip_vs_flags *f;
	struct in6_addr addr;

	(void)state;
	assert_int_equal(ipvs_enc_op(&m, FAM, &op), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_NEW_SERVICE);
	assert_non_null(tb[IPVS_CMD_ATTR_SERVICE]);
	assert_null(tb[IPVS_CMD_ATTR_DEST]);
	nla_parse_nested(a, IPVS_SVC_ATTR_MAX, tb[IPVS_CMD_ATTR_SERVICE], NULL);
	assert_int_equal(nla_get_u16(a[IPVS_SVC_ATTR_AF]), AF_INET6);
	assert_int_equal(nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL]), IPPROTO_UDP);
	assert_int_equal(nla_get_u16(a[IPVS_SVC_ATTR_PORT]), htons(53));
	nla_memcpy(&addr, a[IPVS_SVC_ATTR_ADDR], sizeof(addr));
	assert_memory_equal(&addr, &s.key.addr.v6, 16);
	assert_null(a[IPVS_SVC_ATTR_FWMARK]);
	assert_string_equal(nla_get_string(a[IPVS_SVC_ATTR_SCHED_NAME]), "sh");
	assert_string_equal(nla_get_string(a[IPVS_SVC_ATTR_PE_NAME]), "sip");
	f = nla_data(a[IPVS_SVC_ATTR_FLAGS]);
	assert_int_equal(f->flags, s.flags);
	assert_int_equal(f->mask, 0xffffffffu);
	assert_int_equal(nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]), 300);
	assert_int_equal(nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]), 64);

	/* a delete names the service and nothing else */
	op.kind = IPVS_OP_SVC_DEL;
	assert_int_equal(ipvs_enc_op(&m, FAM, &op), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_DEL_SERVICE);
	nla_parse_nested(a, IPVS_SVC_ATTR_MAX, tb[IPVS_CMD_ATTR_SERVICE], NULL);
	assert_non_null(a[IPVS_SVC_ATTR_ADDR]);
	assert_null(a[IPVS_SVC_ATTR_SCHED_NAME]);
	assert_null(a[IPVS_SVC_ATTR_FLAGS]);
}

static void
test_fwmark_edit_without_pe(void **state)
{
	struct ipvs_service s = {.key = {.af = AF_INET, .fwmark = 9}};
	struct ipvs_op op = {.kind = IPVS_OP_SVC_EDIT, .svc = &s};
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *a[IPVS_SVC_ATTR_MAX + 1];
	struct ipvs_req m;

	(void)state;
	strcpy(s.sched, "rr");
	s.netmask = 0x00ffffff; /* 255.255.255.0 in network order */
	s.flags = 0xff00 | IP_VS_SVC_F_ONEPACKET; /* unknown bits dropped */
	assert_int_equal(ipvs_enc_op(&m, FAM, &op), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_SET_SERVICE);
	nla_parse_nested(a, IPVS_SVC_ATTR_MAX, tb[IPVS_CMD_ATTR_SERVICE], NULL);
	assert_int_equal(nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]), 9);
	assert_null(a[IPVS_SVC_ATTR_ADDR]);
	assert_null(a[IPVS_SVC_ATTR_PORT]);
	/* an edit without an engine removes it, so none is sent */
	assert_null(a[IPVS_SVC_ATTR_PE_NAME]);
	assert_int_equal(
		((struct ip_vs_flags *)nla_data(a[IPVS_SVC_ATTR_FLAGS]))->flags,
		IP_VS_SVC_F_ONEPACKET);
	assert_int_equal(nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]), 0x00ffffff);
}

static void
test_destinations(void **state)
{
	struct ipvs_service s = v6svc();
	struct ipvs_dest d = {0};
	struct ipvs_op op = {.kind = IPVS_OP_DEST_ADD, .svc = &s, .dest = &d};
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *a[IPVS_DEST_ATTR_MAX + 1];
	struct nlattr *sa[IPVS_SVC_ATTR_MAX + 1];
	struct ipvs_req m;

	(void)state;
	d.key.af = AF_INET; /* a mixed-family tunnel */
	d.key.port = 53;
	inet_pton(AF_INET, "10.0.0.1", &d.key.addr);
	d.fwd = IPVS_FWD_TUNNEL;
	d.weight = 7;
	d.u_thresh = 100;
	d.l_thresh = 10;
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 6080;
	d.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	assert_int_equal(ipvs_enc_op(&m, FAM, &op), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_NEW_DEST);
	nla_parse_nested(sa, IPVS_SVC_ATTR_MAX, tb[IPVS_CMD_ATTR_SERVICE],
			 NULL);
	assert_non_null(sa[IPVS_SVC_ATTR_PORT]);
	assert_null(sa[IPVS_SVC_ATTR_SCHED_NAME]); /* the key only */
	nla_parse_nested(a, IPVS_DEST_ATTR_MAX, tb[IPVS_CMD_ATTR_DEST], NULL);
	assert_int_equal(nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]), AF_INET);
	assert_int_equal(nla_get_u16(a[IPVS_DEST_ATTR_PORT]), htons(53));
	assert_int_equal(nla_get_u32(a[IPVS_DEST_ATTR_FWD_METHOD]),
			 IP_VS_CONN_F_TUNNEL);
	assert_int_equal(nla_get_u32(a[IPVS_DEST_ATTR_WEIGHT]), 7);
	assert_int_equal(nla_get_u32(a[IPVS_DEST_ATTR_U_THRESH]), 100);
	assert_int_equal(nla_get_u32(a[IPVS_DEST_ATTR_L_THRESH]), 10);
	assert_int_equal(nla_get_u8(a[IPVS_DEST_ATTR_TUN_TYPE]),
			 IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	assert_int_equal(nla_get_u16(a[IPVS_DEST_ATTR_TUN_PORT]), htons(6080));
	assert_int_equal(nla_get_u16(a[IPVS_DEST_ATTR_TUN_FLAGS]), 1);

	/* not a tunnel: no tunnel attributes; family defaults to the
	 * service's; a delete has the key only */
	d.fwd = IPVS_FWD_DR;
	d.key.af = 0;
	op.kind = IPVS_OP_DEST_EDIT;
	assert_int_equal(ipvs_enc_op(&m, FAM, &op), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_SET_DEST);
	nla_parse_nested(a, IPVS_DEST_ATTR_MAX, tb[IPVS_CMD_ATTR_DEST], NULL);
	assert_null(a[IPVS_DEST_ATTR_TUN_TYPE]);
	assert_int_equal(nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]), AF_INET6);
	op.kind = IPVS_OP_DEST_DEL;
	assert_int_equal(ipvs_enc_op(&m, FAM, &op), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_DEL_DEST);
	nla_parse_nested(a, IPVS_DEST_ATTR_MAX, tb[IPVS_CMD_ATTR_DEST], NULL);
	assert_null(a[IPVS_DEST_ATTR_WEIGHT]);

	op.dest = NULL; /* a destination operation without one */
	assert_int_equal(ipvs_enc_op(&m, FAM, &op), -1);
	assert_int_equal(errno, EINVAL);
}

static void
test_other_requests(void **state)
{
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1], *a[IPVS_DAEMON_ATTR_MAX + 1];
	struct ipvs_timeouts t = {.tcp = 900, .udp = 60};
	struct ipvs_daemon d = {.state = IP_VS_STATE_BACKUP,
				.ifname = "eth1",
				.syncid = 3,
				.maxlen = 1400,
				.port = 8849,
				.ttl = 2,
				.group_af = AF_INET6};
	struct ipvs_svc_key k = {.af = AF_INET, .fwmark = 5};
	struct ipvs_req m;

	(void)state;
	assert_int_equal(ipvs_enc_timeouts(&m, FAM, &t), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_SET_CONFIG);
	assert_int_equal(nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP]), 900);
	assert_null(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]); /* 0: unchanged */
	assert_int_equal(nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_UDP]), 60);

	inet_pton(AF_INET6, "ff02::81", &d.group);
	assert_int_equal(ipvs_enc_daemon(&m, FAM, IPVS_CMD_NEW_DAEMON, &d), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_NEW_DAEMON);
	nla_parse_nested(a, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON],
			 NULL);
	assert_int_equal(nla_get_u32(a[IPVS_DAEMON_ATTR_STATE]),
			 IP_VS_STATE_BACKUP);
	assert_string_equal(nla_get_string(a[IPVS_DAEMON_ATTR_MCAST_IFN]),
			    "eth1");
	assert_int_equal(nla_get_u32(a[IPVS_DAEMON_ATTR_SYNC_ID]), 3);
	assert_int_equal(nla_get_u16(a[IPVS_DAEMON_ATTR_SYNC_MAXLEN]), 1400);
	assert_int_equal(nla_get_u16(a[IPVS_DAEMON_ATTR_MCAST_PORT]), 8849);
	assert_int_equal(nla_get_u8(a[IPVS_DAEMON_ATTR_MCAST_TTL]), 2);
	assert_int_equal(nla_len(a[IPVS_DAEMON_ATTR_MCAST_GROUP6]), 16);
	assert_null(a[IPVS_DAEMON_ATTR_MCAST_GROUP]);
	assert_int_equal(ipvs_enc_daemon(&m, FAM, IPVS_CMD_DEL_DAEMON, &d), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_DEL_DAEMON);
	nla_parse_nested(a, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON],
			 NULL);
	assert_non_null(a[IPVS_DAEMON_ATTR_STATE]);
	assert_null(a[IPVS_DAEMON_ATTR_MCAST_IFN]);
	assert_int_equal(ipvs_enc_daemon(&m, FAM, IPVS_CMD_FLUSH, &d), -1);

	assert_int_equal(ipvs_enc_get_dests(&m, FAM, &k), 0);
	assert_int_equal(parse_req(&m, tb), IPVS_CMD_GET_DEST);
	assert_non_null(tb[IPVS_CMD_ATTR_SERVICE]);
}

/* -- decoding */

/* Bytes of a message, at a 4-byte aligned place. */
static uint32_t wire[1024];

static size_t
to_wire(struct nl_msg *m)
{
	size_t len = nlmsg_hdr(m)->nlmsg_len;

	memcpy(wire, nlmsg_hdr(m), len);
	nlmsg_free(m);
	return len;
}

static size_t
status_msg(int type, int value, size_t payload)
{
	struct nlmsghdr *h = (struct nlmsghdr *)wire;

	memset(wire, 0, sizeof(wire));
	h->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + payload);
	h->nlmsg_type = (uint16_t)type;
	h->nlmsg_seq = 42;
	memcpy(NLMSG_DATA(h), &value, sizeof(value));
	return h->nlmsg_len;
}

static void
test_decode_status(void **state)
{
	struct ipvs_msg m;

	(void)state;
	assert_int_equal(
		ipvs_msg_decode(wire, status_msg(NLMSG_ERROR, 0, 20), FAM, &m),
		36);
	assert_int_equal(m.kind, IPVS_MSG_ACK);
	assert_int_equal(m.error, 0);
	assert_int_equal(m.seq, 42);
	assert_true(m.last);
	ipvs_msg_decode(wire, status_msg(NLMSG_ERROR, -ENOENT, 20), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_ACK);
	assert_int_equal(m.error, ENOENT);
	/* a positive or absurd error, or none at all, is malformed; the
	 * message still ends its request */
	ipvs_msg_decode(wire, status_msg(NLMSG_ERROR, 5, 20), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
	assert_true(m.last);
	ipvs_msg_decode(wire, status_msg(NLMSG_ERROR, -100000, 20), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
	ipvs_msg_decode(wire, status_msg(NLMSG_ERROR, 0, 2), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
	assert_int_equal(m.seq, 42);
	ipvs_msg_decode(wire, status_msg(NLMSG_DONE, 0, 0), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_DONE);
	assert_int_equal(m.error, 0);
	ipvs_msg_decode(wire, status_msg(NLMSG_DONE, -EINTR, 4), FAM, &m);
	assert_int_equal(m.error, EINTR);
	ipvs_msg_decode(wire, status_msg(NLMSG_NOOP, 0, 0), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_NOOP);
	assert_false(m.last);
	ipvs_msg_decode(wire, status_msg(FAM + 1, 0, 4), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
}

static void
test_decode_framing(void **state)
{
	struct nlmsghdr *h = (struct nlmsghdr *)wire;
	struct ipvs_msg m;
	size_t len = status_msg(NLMSG_DONE, 0, 5); /* 21 bytes: span 24 */

	(void)state;
	assert_int_equal(ipvs_msg_decode(wire, 24, FAM, &m), 24);
	assert_int_equal(ipvs_msg_decode(wire, len, FAM, &m), 21);
	assert_int_equal(ipvs_msg_decode(wire, 15, FAM, &m), -1);
	assert_int_equal(errno, EBADMSG);
	assert_int_equal(ipvs_msg_decode(wire, len - 1, FAM, &m), -1);
	h->nlmsg_len = 8;
	assert_int_equal(ipvs_msg_decode(wire, 64, FAM, &m), -1);
}

static struct nl_msg *
reply(int cmd)
{
	struct nl_msg *m = nlmsg_alloc_size(2048);

	genlmsg_put(m, 0, 7, FAM, 0, NLM_F_MULTI, (uint8_t)cmd, 1);
	return m;
}

/* A service as the kernel sends it, with the 32-bit counters only (as
 * kernels before 4.1 do); drop: an attribute to leave out. */
static size_t
svc_reply(int drop, size_t addr_len)
{
	struct nl_msg *m = reply(IPVS_CMD_NEW_SERVICE);
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE), *st;
	struct ip_vs_flags f = {IP_VS_SVC_F_HASHED | IP_VS_SVC_F_PERSISTENT,
				~0u};
	struct ipvs_service s = v6svc();

	if (drop != IPVS_SVC_ATTR_AF)
		nla_put_u16(m, IPVS_SVC_ATTR_AF, AF_INET6);
	nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_UDP);
	nla_put(m, IPVS_SVC_ATTR_ADDR, (int)addr_len, &s.key.addr);
	nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(53));
	if (drop != IPVS_SVC_ATTR_SCHED_NAME)
		nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, "sh");
	nla_put(m, IPVS_SVC_ATTR_FLAGS, sizeof(f), &f);
	nla_put_u32(m, IPVS_SVC_ATTR_TIMEOUT, 300);
	nla_put_u32(m, IPVS_SVC_ATTR_NETMASK, 64);
	st = nla_nest_start(m, IPVS_SVC_ATTR_STATS);
	nla_put_u32(m, IPVS_STATS_ATTR_CONNS, 12);
	nla_put_u64(m, IPVS_STATS_ATTR_INBYTES, 1ull << 33);
	nla_nest_end(m, st);
	nla_nest_end(m, n);
	return to_wire(m);
}

static void
test_decode_service(void **state)
{
	struct ipvs_msg m;

	(void)state;
	ipvs_msg_decode(wire, svc_reply(0, 16), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_SERVICE);
	assert_false(m.last);
	assert_int_equal(m.seq, 7);
	assert_int_equal(m.svc.key.af, AF_INET6);
	assert_int_equal(m.svc.key.port, 53);
	assert_string_equal(m.svc.sched, "sh");
	assert_string_equal(m.svc.pe, "");
	assert_int_equal(m.svc.timeout, 300);
	assert_int_equal(m.svc.stats.conns, 12);
	assert_int_equal(m.svc.stats.inbytes, 1ull << 33);
	ipvs_service_normalize(&m.svc);
	assert_int_equal(m.svc.flags, IP_VS_SVC_F_PERSISTENT);
	/* missing what every service has, or a short v6 address */
	ipvs_msg_decode(wire, svc_reply(IPVS_SVC_ATTR_AF, 16), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
	ipvs_msg_decode(wire, svc_reply(IPVS_SVC_ATTR_SCHED_NAME, 16), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
	ipvs_msg_decode(wire, svc_reply(0, 4), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
}

static void
test_decode_dest_info_config(void **state)
{
	struct nl_msg *r = reply(IPVS_CMD_NEW_DEST);
	struct nlattr *n = nla_nest_start(r, IPVS_CMD_ATTR_DEST);
	struct in_addr a4 = {htonl(0x0a000001)};
	struct ipvs_msg m;

	(void)state;
	nla_put(r, IPVS_DEST_ATTR_ADDR, 4, &a4);
	nla_put_u16(r, IPVS_DEST_ATTR_PORT, htons(8080));
	nla_put_u32(r, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_DROUTE | 0x100);
	nla_put_u32(r, IPVS_DEST_ATTR_WEIGHT, 4);
	nla_put_u32(r, IPVS_DEST_ATTR_ACTIVE_CONNS, 3);
	nla_nest_end(r, n);
	ipvs_msg_decode(wire, to_wire(r), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_DEST);
	assert_int_equal(m.dest.key.af, 0); /* an old kernel: no family */
	assert_int_equal(m.dest.key.addr.v4.s_addr, a4.s_addr);
	assert_int_equal(m.dest.key.port, 8080);
	assert_int_equal(m.dest.fwd, IPVS_FWD_DR);
	assert_int_equal(m.dest.weight, 4);
	assert_int_equal(m.dest.active_conns, 3);

	r = reply(IPVS_CMD_SET_INFO);
	nla_put_u32(r, IPVS_INFO_ATTR_VERSION, 0x010201);
	nla_put_u32(r, IPVS_INFO_ATTR_CONN_TAB_SIZE, 4096);
	ipvs_msg_decode(wire, to_wire(r), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INFO);
	assert_int_equal(m.info.conn_tab_size, 4096);

	r = reply(IPVS_CMD_SET_CONFIG);
	nla_put_u32(r, IPVS_CMD_ATTR_TIMEOUT_TCP, 900);
	ipvs_msg_decode(wire, to_wire(r), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_CONFIG);
	assert_int_equal(m.timeouts.tcp, 900);
	assert_int_equal(m.timeouts.udp, 0);

	/* a command no reply carries, and a wrong attribute size */
	r = reply(IPVS_CMD_FLUSH);
	ipvs_msg_decode(wire, to_wire(r), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
	r = reply(IPVS_CMD_SET_CONFIG);
	nla_put_u8(r, IPVS_CMD_ATTR_TIMEOUT_TCP, 1);
	ipvs_msg_decode(wire, to_wire(r), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
}

/* A daemon of a GET_DAEMON dump: every field back, the v6 group; a
 * daemon without its state is malformed. */
static void
test_decode_daemon(void **state)
{
	struct nl_msg *r = reply(IPVS_CMD_NEW_DAEMON);
	struct nlattr *n = nla_nest_start(r, IPVS_CMD_ATTR_DAEMON);
	struct in6_addr g;
	struct ipvs_msg m;

	(void)state;
	inet_pton(AF_INET6, "ff02::81", &g);
	nla_put_u32(r, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_MASTER);
	nla_put_string(r, IPVS_DAEMON_ATTR_MCAST_IFN, "eth2");
	nla_put_u32(r, IPVS_DAEMON_ATTR_SYNC_ID, 42);
	nla_put_u16(r, IPVS_DAEMON_ATTR_SYNC_MAXLEN, 1452);
	nla_put_u16(r, IPVS_DAEMON_ATTR_MCAST_PORT, 8849);
	nla_put_u8(r, IPVS_DAEMON_ATTR_MCAST_TTL, 4);
	nla_put(r, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, &g);
	nla_nest_end(r, n);
	ipvs_msg_decode(wire, to_wire(r), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_DAEMON);
	assert_int_equal(m.daemon.state, IP_VS_STATE_MASTER);
	assert_string_equal(m.daemon.ifname, "eth2");
	assert_int_equal(m.daemon.syncid, 42);
	assert_int_equal(m.daemon.maxlen, 1452);
	assert_int_equal(m.daemon.port, 8849);
	assert_int_equal(m.daemon.ttl, 4);
	assert_int_equal(m.daemon.group_af, AF_INET6);
	assert_memory_equal(&m.daemon.group.v6, &g, 16);

	r = reply(IPVS_CMD_NEW_DAEMON);
	n = nla_nest_start(r, IPVS_CMD_ATTR_DAEMON);
	nla_put_string(r, IPVS_DAEMON_ATTR_MCAST_IFN, "eth2");
	nla_put_u32(r, IPVS_DAEMON_ATTR_SYNC_ID, 42);
	nla_nest_end(r, n);
	ipvs_msg_decode(wire, to_wire(r), FAM, &m);
	assert_int_equal(m.kind, IPVS_MSG_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service_add_and_delete),
		cmocka_unit_test(test_fwmark_edit_without_pe),
		cmocka_unit_test(test_destinations),
		cmocka_unit_test(test_other_requests),
		cmocka_unit_test(test_decode_status),
		cmocka_unit_test(test_decode_framing),
		cmocka_unit_test(test_decode_service),
		cmocka_unit_test(test_decode_dest_info_config),
		cmocka_unit_test(test_decode_daemon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
