// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading the kernel's IPVS table back; see read.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "ipvs/read.h"

/* Bounds a blocking read; a large table in an emulated VM takes seconds. */
#define READ_TIMEOUT_MS 120000

struct reader;

/* Replies to one destination dump land in one service. */
struct dest_dump {
	struct reader *rd;
	size_t svc;
};

struct reader {
	struct ipvs_nl *nl;
	struct ipvs_table *t;
	ipvs_read_cb done;
	void *arg;
	int err;
	size_t pending;
	struct dest_dump *dumps;
};

static void
finish(struct reader *rd)
{
	ipvs_read_cb done = rd->done;
	void *arg = rd->arg;
	int err = rd->err;

	if (!err && ipvs_table_sort(rd->t, NULL, NULL) < 0)
		err = EBADMSG;
	free(rd->dumps);
	free(rd);
	done(arg, err);
}

static void
dest_reply(void *arg, const struct ipvs_msg *m)
{
	struct dest_dump *dd = arg;
	struct reader *rd = dd->rd;

	if (m->kind != IPVS_MSG_DEST || rd->err)
		return;
	if (!ipvs_service_add_dest(&rd->t->svcs[dd->svc], &m->dest))
		rd->err = ENOMEM;
}

static void
dest_done(void *arg, int err)
{
	struct dest_dump *dd = arg;
	struct reader *rd = dd->rd;

	if (err && !rd->err)
		rd->err = err;
	if (--rd->pending == 0)
		finish(rd);
}

static void
queue_dest_dumps(struct reader *rd)
{
	uint16_t family = ipvs_nl_family(rd->nl);
	struct ipvs_req r;

	rd->dumps = calloc(rd->t->n, sizeof(*rd->dumps));
	if (!rd->dumps) {
		rd->err = ENOMEM;
		return;
	}
	for (size_t i = 0; i < rd->t->n && !rd->err; i++) {
		struct dest_dump *dd = &rd->dumps[i];

		dd->rd = rd;
		dd->svc = i;
		if (ipvs_enc_get_dests(&r, family, &rd->t->svcs[i].key) < 0 ||
		    ipvs_nl_submit(rd->nl, &r, true, dest_reply, dest_done,
				   dd) < 0)
			rd->err = errno;
		else
			rd->pending++;
	}
}

static void
svc_reply(void *arg, const struct ipvs_msg *m)
{
	struct reader *rd = arg;

	if (m->kind != IPVS_MSG_SERVICE || rd->err)
		return;
	if (!ipvs_table_add(rd->t, &m->svc))
		rd->err = ENOMEM;
}

static void
svc_done(void *arg, int err)
{
	struct reader *rd = arg;

	rd->err = rd->err ? rd->err : err;
	if (!rd->err)
		queue_dest_dumps(rd);
	if (rd->pending == 0)
		finish(rd);
}

int
ipvs_read_start(struct ipvs_nl *nl, struct ipvs_table *t, ipvs_read_cb done,
		void *arg)
{
	struct reader *rd = calloc(1, sizeof(*rd));

	if (!rd) {
		errno = ENOMEM;
		return -1;
	}
	*rd = (struct reader){.nl = nl, .t = t, .done = done, .arg = arg};
	if (ipvs_nl_queue_cmd(nl, IPVS_CMD_GET_SERVICE, true, svc_reply,
			      svc_done, rd) < 0) {
		free(rd);
		return -1;
	}
	return 0;
}

struct read_wait {
	bool done;
	int err;
};

static void
read_done(void *arg, int err)
{
	struct read_wait *w = arg;

	w->done = true;
	w->err = err;
}

int
ipvs_read_table(struct ipvs_nl *nl, struct ipvs_table *t)
{
	struct read_wait w = {0};

	if (ipvs_read_start(nl, t, read_done, &w) < 0)
		return -1;
	if (ipvs_nl_wait(nl, READ_TIMEOUT_MS) < 0 && !w.done) {
		int e = errno;

		ipvs_nl_abort(nl, ECANCELED);
		errno = e;
		return -1;
	}
	if (w.err) {
		errno = w.err;
		return -1;
	}
	return 0;
}
