// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The AgentX subagent (snmp_agent.h). Net-SNMP is told to read no config
 * file, keep no persistent state and use no SIGALRM. The loop watches the
 * descriptors snmp_select_info() names and runs agent_check_and_process(0),
 * which never waits.
 *
 * Net-SNMP's own AgentX pings are off: a ping waits for its answer in a
 * select() of its own (timeout times retries), so a stopped master (snmpd
 * under SIGSTOP, or swapping) would stall vigild's loop at every ping.
 * Without them nothing is sent to the master but answers to its requests;
 * a master that exits or restarts closes the unix socket, the library
 * drops the session, and a loop timer opens a new one every 2 s until the
 * master answers. Opening and registering still wait for the master's
 * answer, at most 1 s with no retry (NETSNMP_DS_LIB_TIMEOUT is in seconds;
 * init_snmp() resets both, so they are set again after it), and only
 * then: a master that accepts the connection but never answers costs 1 s
 * every 2 s until it answers or goes.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

#include <json-c/json.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "core/parent/vigild.h"
#include "mgmt/model.h"
#include "mgmt/snmp_agent.h"
#include "mgmt/snmp_mib.h"
#include "mgmt/snmp_trap.h"
#include "mgmt/snmp_tree.h"

#define SNMP_MAX_FDS 8
#define SNMP_TREE_AGE EV_SEC(1)
#define SNMP_KEEP_FRESH EV_SEC(2)
#define SNMP_RECONNECT EV_SEC(2)
#define SNMP_PING_S 2 /* said in the logs: the reconnect period */
#define SNMP_WAIT_S 1 /* an open or register waits this, no retry */

/* Net-SNMP's subagent (agent/mibgroup/agentx/subagent.c): exported by
 * libnetsnmpagent, in no public header. configure checks they link. */
extern netsnmp_session *main_session;
int subagent_open_master_session(void);

struct snmp_agent {
	struct vigild *d;
	struct mgmt_model *model;
	char *socket;
	unsigned mibs;
	netsnmp_handler_registration *reg[8];
	struct snmp_tree tree;
	ev_time_t tree_at;
	bool tree_stale;
	struct ev_io io[SNMP_MAX_FDS];
	struct ev_timer timer, fresh, reconnect;
	bool down_logged;
	bool traps;
	uint64_t traps_sent;
	struct snmp_rx_seens rx_seen; /* vrrpTrapAuthFailure, ProtoError */
};

static void resync(struct snmp_agent *a);

/* ---- answers ---- */

static void rx_traps(struct snmp_agent *a);

static void
model_fresh(void *arg)
{
	struct snmp_agent *a = arg;

	a->tree_stale = true;
	rx_traps(a);
}

static unsigned
ifindex(const char *name)
{
	return if_nametoindex(name);
}

/* The interface's MAC address, from sysfs (a name is an interface name
 * the vrrp child reported: no '/' in it). */
static int
ifmac(const char *name, uint8_t mac[6])
{
	char path[128], line[32];
	unsigned b[6];
	FILE *f;
	int n;

	if (strchr(name, '/') || !*name)
		return -1;
	snprintf(path, sizeof(path), "/sys/class/net/%s/address", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fgets(line, sizeof(line), f)
		    ? sscanf(line, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2],
			     &b[3], &b[4], &b[5])
		    : 0;
	fclose(f);
	if (n != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static const struct snmp_ifaces ifaces = {ifindex, ifmac};

static void
tree_update(struct snmp_agent *a)
{
	ev_time_t now = ev_now(a->d->loop);
	struct mgmt_view v;

	if (a->tree.n && !a->tree_stale && now - a->tree_at < SNMP_TREE_AGE)
		return;
	snmp_tree_free(&a->tree);
	mgmt_model_view(a->model, &v);
	snmp_mib_build(&a->tree, &v, a->mibs | (a->traps ? MIB_TRAPS_ON : 0),
		       &ifaces);
	mgmt_view_done(&v);
	a->tree_at = now;
	a->tree_stale = false;
}

static void
set_value(netsnmp_variable_list *var, const struct snmp_leaf *l)
{
	long i = (long)l->num;
	u_long u = (u_long)l->num;
	struct counter64 c = {(u_long)((uint64_t)l->num >> 32),
			      (u_long)((uint64_t)l->num & 0xffffffffu)};

	switch (l->type) {
	case SV_INT:
		snmp_set_var_typed_value(var, ASN_INTEGER, &i, sizeof(i));
		break;
	case SV_GAUGE:
		snmp_set_var_typed_value(var, ASN_GAUGE, &u, sizeof(u));
		break;
	case SV_COUNTER:
		snmp_set_var_typed_value(var, ASN_COUNTER, &u, sizeof(u));
		break;
	case SV_COUNTER64:
		snmp_set_var_typed_value(var, ASN_COUNTER64, &c, sizeof(c));
		break;
	case SV_TICKS:
		snmp_set_var_typed_value(var, ASN_TIMETICKS, &u, sizeof(u));
		break;
	case SV_IPADDR:
		snmp_set_var_typed_value(var, ASN_IPADDRESS, l->str, 4);
		break;
	default:
		snmp_set_var_typed_value(var, ASN_OCTET_STR, l->str, l->slen);
	}
}

static bool
under(const struct snmp_leaf *l, const oid *root, size_t len)
{
	if (l->len < len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (l->oid[i] != root[i])
			return false;
	return true;
}

static void
answer(struct snmp_agent *a, netsnmp_handler_registration *reg,
       netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	netsnmp_variable_list *var = req->requestvb;
	uint32_t o[SNMP_OID_MAX];
	size_t len = var->name_length < SNMP_OID_MAX ? var->name_length
						     : SNMP_OID_MAX;
	const struct snmp_leaf *l;
	oid out[SNMP_OID_MAX];

	for (size_t i = 0; i < len; i++)
		o[i] = (uint32_t)var->name[i];
	if (ri->mode == MODE_GET) {
		l = snmp_tree_get(&a->tree, o, len);
		if (l && under(l, reg->rootoid, reg->rootoid_len))
			set_value(var, l);
		else
			netsnmp_set_request_error(ri, req, SNMP_NOSUCHINSTANCE);
		return;
	}
	l = snmp_tree_next(&a->tree, o, len);
	if (!l || !under(l, reg->rootoid, reg->rootoid_len))
		return; /* past this branch: the agent asks the next one */
	for (size_t i = 0; i < l->len; i++)
		out[i] = l->oid[i];
	snmp_set_var_objid(var, out, l->len);
	set_value(var, l);
}

static int
handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
	netsnmp_agent_request_info *ri, netsnmp_request_info *reqs)
{
	struct snmp_agent *a = h->myvoid;

	if (ri->mode != MODE_GET && ri->mode != MODE_GETNEXT)
		return SNMP_ERR_NOERROR;
	tree_update(a);
	for (netsnmp_request_info *r = reqs; r; r = r->next)
		if (!r->processed)
			answer(a, reg, ri, r);
	return SNMP_ERR_NOERROR;
}

/* ---- notifications ---- */

static void
send_one(const struct snmp_trap *t)
{
	static const oid trap_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};
	netsnmp_variable_list *vars = NULL, *var;
	oid o[SNMP_OID_MAX];

	for (size_t i = 0; i < t->len; i++)
		o[i] = t->oid[i];
	snmp_varlist_add_variable(&vars, trap_oid,
				  sizeof(trap_oid) / sizeof(trap_oid[0]),
				  ASN_OBJECT_ID, o, t->len * sizeof(oid));
	for (size_t k = 0; k < t->vars.n; k++) {
		const struct snmp_leaf *l = &t->vars.v[k];

		for (size_t i = 0; i < l->len; i++)
			o[i] = l->oid[i];
		var = snmp_varlist_add_variable(&vars, o, l->len, ASN_NULL,
						NULL, 0);
		if (var)
			set_value(var, l);
	}
	/* Queued on the AgentX session as a Notify: no wait for an answer;
	 * dropped when there is no session. */
	send_v2trap(vars);
	snmp_free_varbind(vars);
}

void
snmp_agent_traps(struct snmp_agent *a, bool on)
{
	a->traps = on;
	a->tree_stale = true; /* vrrpNotificationCntl says it */
}

void
snmp_agent_event(struct snmp_agent *a, const char *child, const char *json,
		 const char *router_id)
{
	struct snmp_trap traps[SNMP_TRAPS_MAX];
	struct json_object *ev;
	struct mgmt_view v;
	size_t n;

	if (!a->traps || !json)
		return;
	ev = json_tokener_parse(json);
	if (!json_object_is_type(ev, json_type_object)) {
		json_object_put(ev);
		return;
	}
	mgmt_model_view(a->model, &v);
	n = snmp_trap_build(traps, &v, a->mibs, child, ev, router_id, &ifaces);
	mgmt_view_done(&v);
	for (size_t i = 0; i < n; i++) {
		send_one(&traps[i]);
		snmp_trap_free(&traps[i]);
		a->traps_sent++;
	}
	json_object_put(ev);
	if (n)
		resync(a); /* the Notify may wait for the socket */
}

/* Refused-packet counters that grew since the last refresh; the seen
 * counters follow also while notifications are off, so turning them on
 * reports nothing old. */
static void
rx_traps(struct snmp_agent *a)
{
	struct snmp_trap traps[8];
	struct mgmt_view v;
	size_t n;

	mgmt_model_view(a->model, &v);
	n = snmp_trap_rx(traps, a->traps ? 8 : 0, &v, a->mibs, &a->rx_seen,
			 &ifaces);
	mgmt_view_done(&v);
	for (size_t i = 0; i < n; i++) {
		send_one(&traps[i]);
		snmp_trap_free(&traps[i]);
		a->traps_sent++;
	}
	if (n)
		resync(a);
}

/* ---- registration ---- */

void
snmp_agent_serve(struct snmp_agent *a, unsigned mibs)
{
	for (size_t i = 0; i < snmp_nroots; i++) {
		const struct snmp_root *r = &snmp_roots[i];
		bool want = mibs & r->mib;
		oid root[16];

		if (!want && a->reg[i]) {
			netsnmp_unregister_handler(a->reg[i]);
			a->reg[i] = NULL;
		}
		if (!want || a->reg[i])
			continue;
		for (size_t k = 0; k < r->len; k++)
			root[k] = r->oid[k];
		a->reg[i] = netsnmp_create_handler_registration(
			r->name, handler, root, r->len, HANDLER_CAN_RONLY);
		if (!a->reg[i]) {
			log_err("snmp mib=\"%s\" state=failed", r->name);
			continue;
		}
		a->reg[i]->handler->myvoid = a;
		if (netsnmp_register_handler(a->reg[i]) != MIB_REGISTERED_OK) {
			log_err("snmp mib=\"%s\" state=failed", r->name);
			a->reg[i] = NULL; /* freed by the library */
		}
	}
	a->mibs = mibs;
	a->tree_stale = true;
	resync(a);
}

/* ---- the loop ---- */

static void
work(struct snmp_agent *a)
{
	agent_check_and_process(0);
	resync(a);
}

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	(void)loop;
	(void)io;
	(void)revents;
	work(arg);
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	work(arg);
}

void
snmp_agent_kick(struct snmp_agent *a)
{
	mgmt_model_cancel(a->model, a);
	mgmt_model_fresh(a->model, SNMP_TREE_AGE, model_fresh, a);
}

/* Keep the model warm between requests: requests are answered from the
 * model as it is (an answer never waits for a child), so it is refreshed
 * every 2 s and at once after an event (snmp_agent_kick). */
static void
on_fresh(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	snmp_agent_kick(arg);
	ev_timer_start(loop, t, SNMP_KEEP_FRESH);
}

/* No session with the master (it is gone, or was never there): try
 * again. */
static void
on_reconnect(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct snmp_agent *a = arg;

	/* As Net-SNMP's own reconnection does: open, then register every
	 * branch again. */
	if (!main_session && subagent_open_master_session() == 0)
		register_mib_reattach();
	resync(a);
	ev_timer_start(loop, t, SNMP_RECONNECT);
}

/* Watch the descriptors Net-SNMP has now, and wake for its next timer. */
static void
resync(struct snmp_agent *a)
{
	struct ev_loop *loop = a->d->loop;
	struct timeval tv = {1, 0};
	int nfds = 0, block = 0, k = 0;
	fd_set fds;

	FD_ZERO(&fds);
	snmp_select_info(&nfds, &fds, &tv, &block);
	for (int i = 0; i < SNMP_MAX_FDS; i++)
		ev_io_stop(loop, &a->io[i]);
	for (int fd = 0; fd < nfds && fd < FD_SETSIZE; fd++)
		if (FD_ISSET(fd, &fds) && k < SNMP_MAX_FDS)
			ev_io_start(loop, &a->io[k++], fd, EV_READ);
	if (block)
		tv = (struct timeval){1, 0};
	ev_timer_stop(loop, &a->timer);
	ev_timer_start(loop, &a->timer,
		       EV_SEC(tv.tv_sec) + (ev_time_t)tv.tv_usec + 1);
}

/*
 * Net-SNMP's messages: the session's life becomes one line per change
 * (connected, disconnected, cannot connect: said once until connected);
 * the rest goes to the debug log.
 */
static int
log_cb(int major, int minor, void *server, void *client)
{
	struct snmp_log_message *m = server;
	struct snmp_agent *a = client;
	const char *ax = a->socket ? a->socket : "/var/agentx/master";
	char line[256];
	size_t n;

	(void)major;
	(void)minor;
	snprintf(line, sizeof(line), "%s", m && m->msg ? m->msg : "");
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		     line[n - 1] == ' ' || line[n - 1] == ':'))
		line[--n] = '\0';
	if (strstr(line, "subagent connected")) {
		a->down_logged = false;
		log_notice("snmp agentx=%s state=connected", ax);
	} else if (strstr(line, "disconnected us") ||
		   strstr(line, "Failed to connect")) {
		if (a->down_logged)
			return 0;
		a->down_logged = true;
		log_warn("snmp agentx=%s state=%s retry_s=%d", ax,
			 strstr(line, "Failed") ? "unreachable"
						: "disconnected",
			 SNMP_PING_S);
	} else {
		log_debug(LOG_SUB_CORE, "snmp msg=\"%s\"", line);
	}
	return 0;
}

static void
wait_settings(void)
{
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_TIMEOUT,
			   SNMP_WAIT_S);
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_RETRIES, 0);
}

/* Net-SNMP's messages while it shuts down. */
static int
log_last(int major, int minor, void *server, void *client)
{
	struct snmp_log_message *m = server;
	const char *msg = m && m->msg ? m->msg : "";

	(void)major;
	(void)minor;
	(void)client;
	log_debug(LOG_SUB_CORE, "snmp msg=\"%.*s\"", (int)strcspn(msg, "\r\n"),
		  msg);
	return 0;
}

/* Before init_agent(): a subagent, no files, no SIGALRM. */
static void
settings(struct snmp_agent *a)
{
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE,
			       1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_ALARM_DONT_USE_SIG, 1);
	snmp_disable_log();
	snmp_enable_calllog();
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
			       log_cb, a);
}

/* After init_agent(), which sets AgentX's defaults (a 15 s ping), before
 * init_snmp() opens the session. */
static void
agentx_settings(const char *socket)
{
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
			   NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, 0);
	wait_settings();
	if (socket)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
				      NETSNMP_DS_AGENT_X_SOCKET, socket);
}

/* init_snmp() loads Net-SNMP's default MIB modules, which a subagent
 * that answers by number does not need; MIBS="" (for this call only, so
 * that the parent's scripts keep the operator's) loads none. */
static void
init_quietly(void)
{
	const char *was = getenv("MIBS");
	char *saved = was ? strdup(was) : NULL;

	setenv("MIBS", "", 1);
	init_snmp("vigild");
	if (saved)
		setenv("MIBS", saved, 1);
	else
		unsetenv("MIBS");
	free(saved);
}

struct snmp_agent *
snmp_agent_new(struct vigild *d, struct mgmt_model *m, const char *socket)
{
	struct snmp_agent *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->d = d;
	a->model = m;
	a->socket = socket ? strdup(socket) : NULL;
	snmp_tree_init(&a->tree);
	for (int i = 0; i < SNMP_MAX_FDS; i++)
		ev_io_init(&a->io[i], on_io, a);
	ev_timer_init(&a->timer, on_timer, a);
	ev_timer_init(&a->fresh, on_fresh, a);
	ev_timer_init(&a->reconnect, on_reconnect, a);
	settings(a);
	if (init_agent("vigild") != 0) {
		free(a->socket);
		free(a);
		errno = EIO;
		return NULL;
	}
	agentx_settings(socket);
	init_quietly();
	wait_settings();
	ev_timer_start(d->loop, &a->fresh, 0);
	ev_timer_start(d->loop, &a->reconnect, SNMP_RECONNECT);
	log_info("snmp agentx=%s state=started",
		 socket ? socket : "/var/agentx/master");
	return a;
}

const char *
snmp_agent_socket(const struct snmp_agent *a)
{
	return a->socket;
}

void
snmp_agent_free(struct snmp_agent *a)
{
	if (!a)
		return;
	for (int i = 0; i < SNMP_MAX_FDS; i++)
		ev_io_stop(a->d->loop, &a->io[i]);
	ev_timer_stop(a->d->loop, &a->timer);
	ev_timer_stop(a->d->loop, &a->fresh);
	ev_timer_stop(a->d->loop, &a->reconnect);
	mgmt_model_cancel(a->model, a);
	/* The shutdown frees every callback's argument: a's callback goes
	 * first. A message logged with no callback at all is kept by
	 * Net-SNMP for a logger to come, and never freed: one without an
	 * argument takes the shutdown's own messages. */
	snmp_unregister_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
				 log_cb, a, 1);
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
			       log_last, NULL);
	snmp_shutdown("vigild");
	snmp_tree_free(&a->tree);
	free(a->socket);
	free(a);
}
