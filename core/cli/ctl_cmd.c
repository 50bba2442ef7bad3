// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control commands and their arguments' parsers (ctl_cmd.h). Pure:
 * words in, a typed message out. Fuzzed by tests/fuzz/fuzz_control.c.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cli/ctl_cmd.h"

static int __attribute__((format(printf, 2, 3)))
fail(struct ctl_req *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
	return -1;
}

static int
usage(struct ctl_req *r)
{
	return fail(r, "usage: %s %s", r->cmd->name, r->cmd->args);
}

/* ---- words ---- */

static int
parse_port(struct ctl_req *r, const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9' || strlen(s) > 5 ||
	    (v = strtoul(s, &end, 10)) > 65535 || *end)
		return fail(r, "bad port \"%s\"", s);
	*port = (uint16_t)v;
	return 0;
}

static int
parse_ip(struct ctl_req *r, const char *s, int family, struct ipc_inet *a)
{
	if (inet_pton(family, s, a->addr) != 1)
		return fail(r, "bad address \"%s\"", s);
	a->family = (uint8_t)family;
	return 0;
}

/*
 * "192.0.2.1:80", "[2001:db8::1]:443"; with port_opt also "192.0.2.1" and
 * "[2001:db8::1]" (port 0). IPv6 always in brackets: "2001:db8::1:443"
 * would be a valid address too.
 */
static int
parse_inet(struct ctl_req *r, const char *w, bool port_opt, struct ipc_inet *a)
{
	char buf[CTL_WORD_MAX];
	const char *port = NULL;
	char *c;

	memset(a, 0, sizeof(*a));
	snprintf(buf, sizeof(buf), "%s", w);
	if (buf[0] == '[') {
		if (!(c = strchr(buf, ']')) || (c[1] && c[1] != ':'))
			return fail(r, "bad address \"%s\" ([ADDR]:PORT)", w);
		*c = '\0';
		port = c[1] ? c + 2 : NULL;
		if (parse_ip(r, buf + 1, AF_INET6, a) < 0)
			return -1;
	} else {
		if (strchr(buf, ':') != strrchr(buf, ':'))
			return fail(r,
				    "IPv6 needs brackets: [ADDR]:PORT, not "
				    "\"%s\"",
				    w);
		if ((c = strchr(buf, ':'))) {
			*c = '\0';
			port = c + 1;
		}
		if (parse_ip(r, buf, AF_INET, a) < 0)
			return -1;
	}
	if (!port && !port_opt)
		return fail(r, "no port in \"%s\" (ADDR:PORT)", w);
	return port ? parse_port(r, port, &a->port) : 0;
}

static int
parse_proto(const char *w, uint8_t *p)
{
	static const struct {
		const char *name;
		uint8_t proto;
	} protos[] = {{"tcp", IPPROTO_TCP},
		      {"udp", IPPROTO_UDP},
		      {"sctp", IPPROTO_SCTP}};

	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (!strcasecmp(w, protos[i].name)) {
			*p = protos[i].proto;
			return 0;
		}
	return -1;
}

static int
parse_name(struct ctl_req *r, const char *what, const char *w, char *out)
{
	if (strlen(w) >= IPC_NAME_MAX)
		return fail(r, "%s name too long (at most %d bytes)", what,
			    IPC_NAME_MAX - 1);
	strcpy(out, w);
	return 0;
}

/* ---- virtual servers ---- */

/* How many of the n words name the virtual server: "ADDR:PORT", "tcp
 * ADDR:PORT", "fwmark N [inet|inet6]", "group NAME [tcp|udp|sctp]". */
static unsigned
vs_words(unsigned n, char *const *w)
{
	uint8_t p;

	if (n < 2)
		return n;
	if (!strcmp(w[0], "fwmark"))
		return n > 2 && (!strcmp(w[2], "inet") ||
				 !strcmp(w[2], "inet6"))
			       ? 3
			       : 2;
	if (!strcmp(w[0], "group"))
		return n > 2 && parse_proto(w[2], &p) == 0 ? 3 : 2;
	/* A word, not an address: a protocol (parse_vs says if it is not). */
	return isalpha((unsigned char)w[0][0]) && !strchr(w[0], ':') ? 2 : 1;
}

static int
parse_fwmark(struct ctl_req *r, unsigned n, char *const *w, struct ipc_vs *vs)
{
	char *end;
	unsigned long long m;

	vs->kind = IPC_VS_FWMARK;
	vs->addr.family = n > 2 && !strcmp(w[2], "inet6") ? AF_INET6 : AF_INET;
	if (w[1][0] < '1' || w[1][0] > '9' || strlen(w[1]) > 10 ||
	    (m = strtoull(w[1], &end, 10)) > UINT32_MAX || *end)
		return fail(r, "bad fwmark \"%s\"", w[1]);
	vs->fwmark = (uint32_t)m;
	return 0;
}

static int
parse_vs(struct ctl_req *r, unsigned n, char *const *w, struct ipc_vs *vs)
{
	memset(vs, 0, sizeof(*vs));
	vs->protocol = IPPROTO_TCP;
	if (n >= 2 && !strcmp(w[0], "fwmark"))
		return parse_fwmark(r, n, w, vs);
	if (n >= 2 && !strcmp(w[0], "group")) {
		vs->kind = IPC_VS_GROUP;
		if (n > 2)
			parse_proto(w[2], &vs->protocol);
		return parse_name(r, "group", w[1], vs->group);
	}
	vs->kind = IPC_VS_ADDR;
	if (n == 2 && parse_proto(w[0], &vs->protocol) < 0)
		return fail(r, "bad protocol \"%s\" (tcp|udp|sctp)", w[0]);
	return parse_inet(r, w[n - 1], false, &vs->addr);
}

/* VS RS (rs_opt: VS [RS]) into an ADMIN_RS message. */
static int
parse_vs_rs(struct ctl_req *r, unsigned n, char *const *w, bool rs_opt)
{
	struct ipc_admin_rs *m = &r->msg.rs;
	unsigned k = vs_words(n, w);

	if (k == 0 || n - k > 1 || (!rs_opt && n - k != 1))
		return usage(r);
	if (parse_vs(r, k, w, &m->vs) < 0)
		return -1;
	if (n > k)
		return parse_inet(r, w[k], true, &m->rs);
	return 0;
}

/* ---- the commands ---- */

static int
parse_drain(struct ctl_req *r, unsigned n, char *const *w)
{
	r->msg.rs.h.op =
		r->cmd->id == CTL_DRAIN ? IPC_RS_DRAIN : IPC_RS_RESTORE;
	return parse_vs_rs(r, n, w, false);
}

static int
parse_force(struct ctl_req *r, unsigned n, char *const *w)
{
	uint32_t st;

	(void)n;
	r->msg.vrrp.h.op = IPC_VI_FORCE;
	if (parse_name(r, "instance", w[0], r->msg.vrrp.instance) < 0)
		return -1;
	/* NONE lifts a forced state: the relayed INIT. */
	if (!strcasecmp(w[1], "NONE")) {
		r->msg.vrrp.state = IPC_VRRP_INIT;
		return 0;
	}
	if (!ipc_vrrp_state_parse(w[1], &st) && st != IPC_VRRP_INIT &&
	    st != IPC_VRRP_STOP) {
		r->msg.vrrp.state = st;
		return 0;
	}
	return fail(r, "unknown state \"%s\" (MASTER|BACKUP|FAULT|NONE)", w[1]);
}

/* reload [--allow-empty]: a config without any object (no instance, no
 * virtual server, no static address) is refused unless asked for, as it
 * would stop every child and take the VIPs and services down. */
static int
parse_reload(struct ctl_req *r, unsigned n, char *const *w)
{
	if (n == 1 && strcmp(w[0], "--allow-empty"))
		return fail(r, "unknown option \"%s\" (--allow-empty)", w[0]);
	r->allow_empty = n == 1;
	return 0;
}

/* show TOPIC: the child's view (QUERY); show checks VS [RS], show vrrp
 * INSTANCE: one object's (ADMIN_RS, ADMIN_VRRP). */
static int
parse_show(struct ctl_req *r, unsigned n, char *const *w)
{
	static const struct {
		const char *topic;
		enum vigil_proc proc;
		enum ipc_type one; /* IPC_NONE: no object form */
	} topics[] = {
		{"vrrp", PROC_VRRP, IPC_ADMIN_VRRP},
		{"checks", PROC_CHECK, IPC_ADMIN_RS},
		{"ipvs", PROC_CHECK, IPC_NONE},
		{"sync", PROC_SYNC, IPC_NONE},
		{"bfd", PROC_BFD, IPC_NONE},
	};

	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		if (strcmp(w[0], topics[i].topic))
			continue;
		r->proc = topics[i].proc;
		if (n == 1) {
			r->type = IPC_QUERY;
			r->msg.query.query = IPC_Q_SHOW;
			strcpy(r->msg.query.arg, w[0]);
			return 0;
		}
		r->type = topics[i].one;
		if (r->type == IPC_ADMIN_RS) {
			r->msg.rs.h.op = IPC_RS_SHOW;
			return parse_vs_rs(r, n - 1, w + 1, true);
		}
		if (r->type == IPC_ADMIN_VRRP && n == 2) {
			r->msg.vrrp.h.op = IPC_VI_SHOW;
			return parse_name(r, "instance", w[1],
					  r->msg.vrrp.instance);
		}
		return fail(r, "usage: show %s%s", w[0],
			    r->type == IPC_ADMIN_VRRP ? " [INSTANCE]" : "");
	}
	return fail(r, "unknown topic \"%s\" (vrrp|checks|ipvs|sync|bfd)",
		    w[0]);
}

/* sync resync: the sync child's own command (IPC_Q_DO). */
static int
parse_sync(struct ctl_req *r, unsigned n, char *const *w)
{
	(void)n;
	if (strcmp(w[0], "resync"))
		return fail(r, "unknown sync command \"%s\" (resync)", w[0]);
	r->msg.query.query = IPC_Q_DO;
	strcpy(r->msg.query.arg, w[0]);
	return 0;
}

/* clang-format off */
const struct ctl_cmd ctl_cmds[] = {
	{CTL_STATUS,  "status",  "",		     0, 0,
	 PROC_PARENT, IPC_NONE,	      NULL},
	{CTL_RELOAD,  "reload",  "[--allow-empty]",  0, 1,
	 PROC_PARENT, IPC_NONE,	      parse_reload},
	{CTL_SHOW,    "show",    "vrrp [INSTANCE] | checks [VS [RS]] | ipvs | sync | bfd",
	 1, 5, PROC_MAX, IPC_NONE, parse_show},
	{CTL_DRAIN,   "drain",   "VS RS",	     2, 4,
	 PROC_CHECK,  IPC_ADMIN_RS,   parse_drain},
	{CTL_RESTORE, "restore", "VS RS",	     2, 4,
	 PROC_CHECK,  IPC_ADMIN_RS,   parse_drain},
	{CTL_FORCE,   "force",   "INSTANCE MASTER|BACKUP|FAULT|NONE", 2, 2,
	 PROC_VRRP,   IPC_ADMIN_VRRP, parse_force},
	/* answered by a parent service (mgmt/), core/parent/services.h */
	{CTL_METRICS, "metrics", "",		     0, 0,
	 PROC_PARENT, IPC_NONE,	      NULL},
	{CTL_SYNC,    "sync",    "resync",	     1, 1,
	 PROC_SYNC,   IPC_QUERY,      parse_sync},
};
/* clang-format on */
const size_t ctl_ncmds = sizeof(ctl_cmds) / sizeof(ctl_cmds[0]);

const struct ctl_cmd *
ctl_cmd_find(const char *name)
{
	for (size_t i = 0; i < ctl_ncmds; i++)
		if (!strcmp(ctl_cmds[i].name, name))
			return &ctl_cmds[i];
	return NULL;
}

/* Split the arguments at blanks into words[]. */
static int
split(struct ctl_req *r, unsigned argc, const char *const *argv,
      char words[CTL_MAX_WORDS][CTL_WORD_MAX], unsigned *n)
{
	*n = 0;
	for (unsigned i = 0; i < argc; i++) {
		const char *s = argv[i];

		while (*s) {
			size_t len;

			s += strspn(s, " \t");
			if (!*s)
				break;
			len = strcspn(s, " \t");
			if (*n == CTL_MAX_WORDS)
				return fail(r, "too many arguments");
			if (len >= CTL_WORD_MAX)
				return fail(r, "argument too long");
			memcpy(words[*n], s, len);
			words[(*n)++][len] = '\0';
			s += len;
		}
	}
	return 0;
}

/* Without ipc_type_info(): vigilctl does not link the IPC runtime. */
static size_t
msg_len(enum ipc_type t)
{
	switch (t) {
	case IPC_QUERY:
		return sizeof(struct ipc_query_req);
	case IPC_ADMIN_RS:
		return sizeof(struct ipc_admin_rs);
	case IPC_ADMIN_VRRP:
		return sizeof(struct ipc_admin_vrrp);
	default:
		return 0;
	}
}

int
ctl_parse(struct ctl_req *r, const char *name, unsigned argc,
	  const char *const *argv)
{
	char words[CTL_MAX_WORDS][CTL_WORD_MAX];
	char *w[CTL_MAX_WORDS];
	unsigned n;

	memset(r, 0, sizeof(*r));
	if (!(r->cmd = ctl_cmd_find(name))) {
		fail(r, "unknown command");
		return -1;
	}
	if (split(r, argc, argv, words, &n) < 0)
		goto bad;
	if (n < r->cmd->min || n > r->cmd->max) {
		usage(r);
		goto bad;
	}
	for (unsigned i = 0; i < n; i++)
		w[i] = words[i];
	r->proc = r->cmd->proc;
	r->type = r->cmd->type;
	if (r->cmd->parse && r->cmd->parse(r, n, w) < 0)
		goto bad;
	r->len = msg_len(r->type);
	return 0;
bad:
	r->cmd = NULL;
	return -1;
}
