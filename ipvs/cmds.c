// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Requests other than the table's: info, timeouts, flush, zero and the
 * sync daemons; queued forms and blocking shorthands for tools and tests.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "ipvs/nl.h"

/* Blocking shorthands wait this long for the kernel's answer. */
#define SYNC_TIMEOUT_MS 30000

int
ipvs_nl_queue_op(struct ipvs_nl *nl, const struct ipvs_op *op,
		 ipvs_done_cb done, void *arg)
{
	struct ipvs_req r;

	if (ipvs_enc_op(&r, ipvs_nl_family(nl), op) < 0)
		return -1;
	return ipvs_nl_submit(nl, &r, false, NULL, done, arg);
}

int
ipvs_nl_queue_cmd(struct ipvs_nl *nl, int cmd, bool dump, ipvs_reply_cb reply,
		  ipvs_done_cb done, void *arg)
{
	struct ipvs_req r;

	ipvs_enc_cmd(&r, ipvs_nl_family(nl), cmd);
	return ipvs_nl_submit(nl, &r, dump, reply, done, arg);
}

int
ipvs_nl_queue_daemon(struct ipvs_nl *nl, int cmd, const struct ipvs_daemon *d,
		     ipvs_done_cb done, void *arg)
{
	struct ipvs_req r;

	if (ipvs_enc_daemon(&r, ipvs_nl_family(nl), cmd, d) < 0)
		return -1;
	return ipvs_nl_submit(nl, &r, false, NULL, done, arg);
}

/* One request waited for: its error and what its replies carried. */
struct sync_req {
	int err;
	bool done;
	struct ipvs_info *info;
	struct ipvs_timeouts *timeouts;
	struct ipvs_daemon *daemons;
	size_t ndaemons;
};

static void
sync_reply(void *arg, const struct ipvs_msg *m)
{
	struct sync_req *s = arg;

	if (m->kind == IPVS_MSG_INFO && s->info)
		*s->info = m->info;
	else if (m->kind == IPVS_MSG_CONFIG && s->timeouts)
		*s->timeouts = m->timeouts;
	else if (m->kind == IPVS_MSG_DAEMON && s->daemons && s->ndaemons < 2)
		s->daemons[s->ndaemons++] = m->daemon;
}

static void
sync_done(void *arg, int err)
{
	struct sync_req *s = arg;

	s->err = err;
	s->done = true;
}

/* Submit r (or fail with the encoder's error, enc < 0) and wait. */
static int
run_sync(struct ipvs_nl *nl, const struct ipvs_req *r, int enc, bool dump,
	 struct sync_req *s)
{
	if (enc < 0 ||
	    ipvs_nl_submit(nl, r, dump, sync_reply, sync_done, s) < 0)
		return -1;
	if (ipvs_nl_wait(nl, SYNC_TIMEOUT_MS) < 0) {
		int e = errno;

		/* Nothing may call back into *s (on our stack) later. */
		if (!s->done)
			ipvs_nl_abort(nl, ECANCELED);
		errno = e;
		return -1;
	}
	if (s->err) {
		errno = s->err;
		return -1;
	}
	return 0;
}

/* A command without attributes, waited for. */
static int
sync_cmd(struct ipvs_nl *nl, int cmd, bool dump, struct sync_req *s)
{
	struct ipvs_req r;

	ipvs_enc_cmd(&r, ipvs_nl_family(nl), cmd);
	return run_sync(nl, &r, 0, dump, s);
}

int
ipvs_get_info(struct ipvs_nl *nl, struct ipvs_info *info)
{
	struct sync_req s = {.info = info};

	memset(info, 0, sizeof(*info));
	return sync_cmd(nl, IPVS_CMD_GET_INFO, false, &s);
}

int
ipvs_get_timeouts(struct ipvs_nl *nl, struct ipvs_timeouts *t)
{
	struct sync_req s = {.timeouts = t};

	memset(t, 0, sizeof(*t));
	return sync_cmd(nl, IPVS_CMD_GET_CONFIG, false, &s);
}

int
ipvs_set_timeouts(struct ipvs_nl *nl, const struct ipvs_timeouts *t)
{
	struct sync_req s = {0};
	struct ipvs_req r;
	int enc = ipvs_enc_timeouts(&r, ipvs_nl_family(nl), t);

	return run_sync(nl, &r, enc, false, &s);
}

int
ipvs_flush(struct ipvs_nl *nl)
{
	struct sync_req s = {0};

	return sync_cmd(nl, IPVS_CMD_FLUSH, false, &s);
}

int
ipvs_zero(struct ipvs_nl *nl)
{
	struct sync_req s = {0};

	return sync_cmd(nl, IPVS_CMD_ZERO, false, &s);
}

static int
daemon_cmd(struct ipvs_nl *nl, int cmd, const struct ipvs_daemon *d)
{
	struct sync_req s = {0};
	struct ipvs_req r;
	int enc = ipvs_enc_daemon(&r, ipvs_nl_family(nl), cmd, d);

	return run_sync(nl, &r, enc, false, &s);
}

int
ipvs_daemon_start(struct ipvs_nl *nl, const struct ipvs_daemon *d)
{
	return daemon_cmd(nl, IPVS_CMD_NEW_DAEMON, d);
}

const char *
ipvs_daemon_strerror(int err)
{
	switch (err) {
	case EINVAL:
		return "invalid settings, or a mixed-family destination exists "
		       "(the sync protocol cannot carry those)";
	case EEXIST:
		return "a daemon in this state already runs";
	case ENODEV:
		return "no such interface";
	case ESRCH:
		return "no daemon in this state runs";
	default:
		return strerror(err);
	}
}

int
ipvs_daemon_stop(struct ipvs_nl *nl, uint32_t state)
{
	struct ipvs_daemon d = {.state = state};

	return daemon_cmd(nl, IPVS_CMD_DEL_DAEMON, &d);
}

int
ipvs_daemon_get(struct ipvs_nl *nl, struct ipvs_daemon d[2], size_t *n)
{
	struct sync_req s = {.daemons = d};
	int rc;

	memset(d, 0, 2 * sizeof(*d));
	rc = sync_cmd(nl, IPVS_CMD_GET_DAEMON, true, &s);
	*n = s.ndaemons;
	return rc;
}
