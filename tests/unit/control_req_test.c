// SPDX-License-Identifier: GPL-2.0-or-later
/* The control commands (core/cli/ctl_cmd.h): the table, the words each
 * command takes and the typed message they become, the request line. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/cli/ctl_cmd.h"

#define V6VS "2001:db8:ffff:ffff:ffff:ffff:ffff:1"
#define V6RS "2001:db8:ffff:ffff:ffff:ffff:ffff:2"

/* A command line as vigilctl gets it: words after the command. */
static int
words(struct ctl_req *r, const char *cmd, const char *a0, const char *a1,
      const char *a2, const char *a3)
{
	const char *argv[] = {a0, a1, a2, a3};
	unsigned n = 0;

	while (n < 4 && argv[n])
		n++;
	return ctl_parse(r, cmd, n, argv);
}

static int
line(struct ctl_req *r, const char *s)
{
	return ctl_parse_line(r, s, strlen(s));
}

static void
assert_inet(const struct ipc_inet *a, int family, const char *ip, uint16_t port)
{
	uint8_t want[16] = {0};

	assert_int_equal(inet_pton(family, ip, want), 1);
	assert_int_equal(a->family, family);
	assert_int_equal(a->port, port);
	assert_memory_equal(a->addr, want, family == AF_INET ? 4 : 16);
}

/* Who answers, which message, how long. */
static void
assert_req(const struct ctl_req *r, enum vigil_proc proc, enum ipc_type type,
	   size_t len)
{
	assert_int_equal(r->proc, proc);
	assert_int_equal(r->type, type);
	assert_int_equal(r->len, len);
}

static void
test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ctl_ncmds; i++) {
		const struct ctl_cmd *c = &ctl_cmds[i];

		assert_ptr_equal(ctl_cmd_find(c->name), c);
		assert_true(strlen(c->name) < CTL_NAME_MAX);
		assert_true(c->min <= c->max && c->max <= CTL_MAX_WORDS);
		/* No words, no parser; the parent's own send nothing. */
		assert_true((c->max == 0) == (c->parse == NULL));
		/* the parent's own take options at most (reload's) */
		assert_true(c->proc != PROC_PARENT || c->max <= 1);
		assert_true(c->proc != PROC_PARENT || c->type == IPC_NONE);
	}
	assert_null(ctl_cmd_find("admin"));
}

static void
test_parent_and_show(void **state)
{
	struct ctl_req r;

	(void)state;
	assert_int_equal(line(&r, "{\"cmd\":\"status\"}"), 0);
	assert_int_equal(r.cmd->id, CTL_STATUS);
	assert_req(&r, PROC_PARENT, IPC_NONE, 0);
	/* Unknown members are ignored, for newer clients. */
	assert_int_equal(line(&r, "{\"cmd\":\"reload\",\"x\":[1,{}]}"), 0);
	assert_int_equal(r.cmd->id, CTL_RELOAD);
	assert_false(r.allow_empty);
	assert_int_equal(line(&r, "{\"cmd\":\"reload\",\"args\":"
				  "[\"--allow-empty\"]}"),
			 0);
	assert_true(r.allow_empty);
	assert_req(&r, PROC_PARENT, IPC_NONE, 0);
	assert_int_equal(line(&r, "{\"cmd\":\"reload\",\"args\":[\"--all\"]}"),
			 -1);
	assert_non_null(strstr(r.error, "--allow-empty"));
	/* metrics: the parent's, answered by a parent service (mgmt/) */
	assert_int_equal(line(&r, "{\"cmd\":\"metrics\"}"), 0);
	assert_int_equal(r.cmd->id, CTL_METRICS);
	assert_req(&r, PROC_PARENT, IPC_NONE, 0);
	assert_int_equal(line(&r, "{\"cmd\":\"metrics\",\"args\":[\"x\"]}"),
			 -1);

	assert_int_equal(line(&r, " { \"cmd\" : \"show\", \"args\": "
				  "[\"ipvs\"] }"),
			 0);
	assert_req(&r, PROC_CHECK, IPC_QUERY, sizeof(struct ipc_query_req));
	assert_int_equal(r.msg.query.query, IPC_Q_SHOW);
	assert_string_equal(r.msg.query.arg, "ipvs");
	assert_int_equal(words(&r, "show", "sync", NULL, NULL, NULL), 0);
	assert_int_equal(r.proc, PROC_SYNC);

	assert_int_equal(words(&r, "show", "vrrp", "VI_1", NULL, NULL), 0);
	assert_int_equal(r.proc, PROC_VRRP);
	assert_int_equal(r.type, IPC_ADMIN_VRRP);
	assert_int_equal(r.msg.vrrp.h.op, IPC_VI_SHOW);
	assert_string_equal(r.msg.vrrp.instance, "VI_1");

	assert_int_equal(
		words(&r, "show", "checks", "udp 192.0.2.1:53", NULL, NULL), 0);
	assert_int_equal(r.type, IPC_ADMIN_RS);
	assert_int_equal(r.msg.rs.h.op, IPC_RS_SHOW);
	assert_int_equal(r.msg.rs.vs.protocol, IPPROTO_UDP);
	assert_inet(&r.msg.rs.vs.addr, AF_INET, "192.0.2.1", 53);
	assert_int_equal(r.msg.rs.rs.family, 0); /* the whole VS */
}

/* The case the free-text argument could not carry: two full-length IPv6
 * addresses, as two or three words. */
static void
test_drain_v6(void **state)
{
	struct ctl_req r, r2;
	char buf[IPC_VS_STRLEN];

	(void)state;
	assert_int_equal(words(&r, "drain", "tcp", "[" V6VS "]:443",
			       "[" V6RS "]:443", NULL),
			 0);
	assert_req(&r, PROC_CHECK, IPC_ADMIN_RS, sizeof(struct ipc_admin_rs));
	assert_int_equal(r.msg.rs.h.op, IPC_RS_DRAIN);
	assert_int_equal(r.msg.rs.vs.kind, IPC_VS_ADDR);
	assert_int_equal(r.msg.rs.vs.protocol, IPPROTO_TCP);
	assert_inet(&r.msg.rs.vs.addr, AF_INET6, V6VS, 443);
	assert_inet(&r.msg.rs.rs, AF_INET6, V6RS, 443);
	assert_string_equal(ipc_vs_fmt(&r.msg.rs.vs, buf, sizeof(buf)),
			    "tcp [" V6VS "]:443");
	assert_string_equal(ipc_inet_fmt(&r.msg.rs.rs, buf, sizeof(buf)),
			    "[" V6RS "]:443");
	/* The VS as `show checks` names it, in one argument; the protocol
	 * defaults to tcp. Same message. */
	assert_int_equal(words(&r2, "drain", "tcp [" V6VS "]:443",
			       "[" V6RS "]:443", NULL, NULL),
			 0);
	assert_memory_equal(&r.msg, &r2.msg, r.len);
	assert_int_equal(words(&r2, "drain", "[" V6VS "]:443", "[" V6RS "]:443",
			       NULL, NULL),
			 0);
	assert_memory_equal(&r.msg, &r2.msg, r.len);
	/* vigilctl's request line, parsed by vigild: the same again. */
	{
		const char *argv[] = {"tcp", "[" V6VS "]:443",
				      "[" V6RS "]:443"};
		char *s = ctl_request_line("drain", 3, argv);

		assert_non_null(s);
		assert_int_equal(s[strlen(s) - 1], '\n');
		assert_int_equal(ctl_parse_line(&r2, s, strlen(s) - 1), 0);
		assert_memory_equal(&r.msg, &r2.msg, r.len);
		free(s);
	}
}

static void
test_vs_forms(void **state)
{
	struct ctl_req r;
	char buf[IPC_VS_STRLEN];

	(void)state;
	assert_int_equal(
		words(&r, "restore", "fwmark", "7", "inet6", "[2001:db8::2]"),
		0);
	assert_int_equal(r.msg.rs.h.op, IPC_RS_RESTORE);
	assert_int_equal(r.msg.rs.vs.kind, IPC_VS_FWMARK);
	assert_int_equal(r.msg.rs.vs.fwmark, 7);
	assert_int_equal(r.msg.rs.vs.addr.family, AF_INET6);
	assert_inet(&r.msg.rs.rs, AF_INET6, "2001:db8::2", 0);
	assert_string_equal(ipc_vs_fmt(&r.msg.rs.vs, buf, sizeof(buf)),
			    "fwmark 7 inet6");
	assert_int_equal(
		words(&r, "drain", "fwmark 4294967295", "10.0.0.2", NULL, NULL),
		0);
	assert_int_equal(r.msg.rs.vs.fwmark, 4294967295u);
	assert_int_equal(r.msg.rs.vs.addr.family, AF_INET);
	assert_int_equal(
		words(&r, "drain", "group", "web", "SCTP", "10.0.0.2:80"), 0);
	assert_int_equal(r.msg.rs.vs.kind, IPC_VS_GROUP);
	assert_int_equal(r.msg.rs.vs.protocol, IPPROTO_SCTP);
	assert_string_equal(r.msg.rs.vs.group, "web");
	assert_string_equal(ipc_vs_fmt(&r.msg.rs.vs, buf, sizeof(buf)),
			    "group web sctp");
	assert_int_equal(
		words(&r, "drain", "group web", "10.0.0.2:80", NULL, NULL), 0);
	assert_int_equal(r.msg.rs.vs.protocol, IPPROTO_TCP);
	assert_int_equal(
		words(&r, "drain", "192.0.2.1:0", "10.0.0.2:80", NULL, NULL),
		0);
	assert_string_equal(ipc_vs_fmt(&r.msg.rs.vs, buf, sizeof(buf)),
			    "tcp 192.0.2.1:0");
}

static void
test_force(void **state)
{
	struct ctl_req r;

	(void)state;
	assert_int_equal(line(&r, "{\"cmd\":\"force\",\"args\":[\"VI_1\","
				  "\"backup\"]}"),
			 0);
	assert_req(&r, PROC_VRRP, IPC_ADMIN_VRRP,
		   sizeof(struct ipc_admin_vrrp));
	assert_int_equal(r.msg.vrrp.h.op, IPC_VI_FORCE);
	assert_string_equal(r.msg.vrrp.instance, "VI_1");
	assert_int_equal(r.msg.vrrp.state, IPC_VRRP_BACKUP);
	assert_int_equal(words(&r, "force", "VI_1", "NONE", NULL, NULL), 0);
	assert_int_equal(r.msg.vrrp.state, IPC_VRRP_INIT);
}

static void
expect_bad(const char *s, const char *why)
{
	struct ctl_req r;

	assert_int_equal(line(&r, s), -1);
	assert_null(r.cmd);
	assert_string_equal(r.error, why);
}

static void
test_bad(void **state)
{
	char big[300];

	(void)state;
	expect_bad("", "not a JSON object");
	expect_bad("garbage", "not a JSON object");
	expect_bad("[1,2]", "not a JSON object");
	expect_bad("{\"cmd\":\"status\"} trailing", "not a JSON object");
	expect_bad("{\"cmd\":\"status\"", "not a JSON object");
	expect_bad("{}", "missing or bad \"cmd\"");
	expect_bad("{\"cmd\":7}", "missing or bad \"cmd\"");
	expect_bad("{\"cmd\":\"reboot\"}", "unknown command");
	expect_bad("{\"cmd\":\"admin\",\"topic\":\"vrrp\",\"arg\":\"x\"}",
		   "unknown command");
	expect_bad("{\"cmd\":\"status\",\"args\":[\"now\"]}", "usage: status ");
	expect_bad("{\"cmd\":\"show\"}",
		   "usage: show vrrp [INSTANCE] | checks [VS [RS]] | ipvs "
		   "| sync | bfd");
	expect_bad("{\"cmd\":\"show\",\"args\":[\"disks\"]}",
		   "unknown topic \"disks\" (vrrp|checks|ipvs|sync|bfd)");
	expect_bad("{\"cmd\":\"show\",\"args\":[\"ipvs\",\"x\"]}",
		   "usage: show ipvs");
	expect_bad("{\"cmd\":\"show\",\"args\":\"ipvs\"}",
		   "\"args\" is not an array of strings");
	expect_bad("{\"cmd\":\"show\",\"args\":[1]}",
		   "\"args\" is not an array of strings");
	expect_bad("{\"cmd\":\"show\",\"args\":[\"\\u0000vrrp\"]}",
		   "NUL in request");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"a\",\"b\",\"c\",\"d\","
		   "\"e\",\"f\",\"g\",\"h\",\"i\"]}",
		   "too many arguments");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"1 2 3 4 5 6 7 8 9\"]}",
		   "too many arguments");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"tcp [::1]:1\"]}",
		   "usage: drain VS RS");
	expect_bad(
		"{\"cmd\":\"drain\",\"args\":[\"tcp\",\"[2001:db8::zz]:443\","
		"\"[::1]:1\"]}",
		"bad address \"2001:db8::zz\"");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"tcp " V6VS ":443\","
		   "\"[::1]:1\"]}",
		   "IPv6 needs brackets: [ADDR]:PORT, not \"" V6VS ":443\"");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"fe80::1:80\",\"[::1]:1\"]}",
		   "IPv6 needs brackets: [ADDR]:PORT, not \"fe80::1:80\"");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"[::1\",\"[::1]:1\"]}",
		   "bad address \"[::1\" ([ADDR]:PORT)");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"10.0.0.1\",\"[::1]:1\"]}",
		   "no port in \"10.0.0.1\" (ADDR:PORT)");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"udp [::1]:99999\","
		   "\"[::2]:2\"]}",
		   "bad port \"99999\"");
	expect_bad(
		"{\"cmd\":\"drain\",\"args\":[\"icmp [::1]:1\",\"[::2]:2\"]}",
		"bad protocol \"icmp\" (tcp|udp|sctp)");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"10.0.0.1:80\",\"10.0.0.2:+"
		   "8\"]}",
		   "bad port \"+8\"");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"fwmark 0\",\"10.0.0.2\"]}",
		   "bad fwmark \"0\"");
	expect_bad("{\"cmd\":\"drain\",\"args\":[\"fwmark 4294967296\","
		   "\"10.0.0.2\"]}",
		   "bad fwmark \"4294967296\"");
	expect_bad("{\"cmd\":\"force\",\"args\":[\"VI_1\",\"SIDEWAYS\"]}",
		   "unknown state \"SIDEWAYS\" (MASTER|BACKUP|FAULT|NONE)");
	/* A word of 200 bytes; a name of 64. */
	snprintf(big, sizeof(big),
		 "{\"cmd\":\"force\",\"args\":[\"%0200d\","
		 "\"MASTER\"]}",
		 0);
	expect_bad(big, "argument too long");
	snprintf(big, sizeof(big),
		 "{\"cmd\":\"force\",\"args\":[\"%064d\","
		 "\"MASTER\"]}",
		 0);
	expect_bad(big, "instance name too long (at most 63 bytes)");
}

static void
test_limits(void **state)
{
	struct ctl_req r;
	size_t n = CTL_MAX_REQUEST + 1;
	char *buf = malloc(n);

	(void)state;
	memset(buf, ' ', n);
	assert_int_equal(ctl_parse_line(&r, buf, n), -1);
	assert_string_equal(r.error, "request too large");
	assert_int_equal(ctl_parse_line(&r, "{\"cmd\":\"status\"}\0x", 19), -1);
	assert_string_equal(r.error, "NUL in request");
	free(buf);
}

/* A key given twice, at any depth, is refused; the same key in two
 * objects, a ':' or a quote inside a string, or escapes are not
 * duplicates. */
static void
test_duplicate_keys(void **state)
{
	static const char *const dup[] = {
		"{\"cmd\":\"status\",\"cmd\":\"reload\"}",
		"{\"cmd\":\"reload\",\"cmd\":\"status\"}",
		"{\"cmd\":\"status\",\"\\u0063md\":\"status\"}",
		"{\"cmd\":\"status\",\"x\":{\"a\":1,\"b\":{},\"a\":2}}",
		"{\"cmd\":\"status\",\"x\":[{},{\"a\":[{\"b\":1,\"b\":1}]}]}",
		"{\"cmd\":\"show\",\"args\":[\"vrrp\"],\"args\":[\"checks\"]}",
		"{\"cmd\":\"status\",'cmd':\"status\"}",
	};
	static const char *const good[] = {
		"{\"cmd\":\"status\",\"x\":{\"cmd\":1},\"y\":{\"cmd\":2}}",
		"{\"cmd\":\"status\",\"a:b\":\"{\\\"c\\\":1,\",\"c\":\"}:\"}",
		"{\"cmd\":\"status\",\"x\\\\\":[{\"y\":{}},{\"y\":[]}]}",
		"{\"cmd\":\"status\",'a:\"':{'b':1}}",
		"{\"cmd\":\"status\",\"x\":{}}",
	};
	struct ctl_req r;

	(void)state;
	for (size_t i = 0; i < sizeof(dup) / sizeof(dup[0]); i++) {
		print_message("dup %s\n", dup[i]);
		expect_bad(dup[i], "duplicate key in a JSON object");
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		print_message("good %s\n", good[i]);
		assert_int_equal(line(&r, good[i]), 0);
		assert_int_equal(r.cmd->id, CTL_STATUS);
	}
	/* Comments could hide a ':' from the count: strict JSON only. */
	expect_bad("{\"cmd\":\"status\" /* a:1 */}", "not a JSON object");
}

/* vigilctl(8) has every command of the table in its synopsis and a
 * paragraph of its own. */
static void
test_man_page(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[512], buf[256];
	unsigned seen[64] = {0};
	FILE *f;

	(void)state;
	assert_true(ctl_ncmds <= 64);
	snprintf(path, sizeof(path), "%s/doc/vigilctl.8", top ? top : "..");
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(buf, sizeof(buf), f)) {
		if (strncmp(buf, ".B", 2))
			continue;
		for (size_t i = 0; i < ctl_ncmds; i++) {
			const char *n = ctl_cmds[i].name, *at = strstr(buf, n);
			size_t len = strlen(n);

			/* ".B show", ".BR drain | restore", ".BI \"force ..." */
			if (at && (at[-1] == ' ' || at[-1] == '"') &&
			    (at[len] == ' ' || at[len] == '\n' ||
			     at[len] == '"'))
				seen[i]++;
		}
	}
	fclose(f);
	for (size_t i = 0; i < ctl_ncmds; i++) {
		if (seen[i] < 2)
			fprintf(stderr, "doc/vigilctl.8: '%s' seen %u times\n",
				ctl_cmds[i].name, seen[i]);
		assert_true(seen[i] >= 2);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_parent_and_show),
		cmocka_unit_test(test_drain_v6),
		cmocka_unit_test(test_vs_forms),
		cmocka_unit_test(test_force),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_man_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
