// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SMTP_CHECK: the server greets with 220, answers our HELO with 250; then
 * QUIT is sent and the connection reset (RFC 5321 §4.1.1.1, §4.2).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/conn.h"
#include "check/probe.h"
#include "core/runtime/smtp_parse.h"

enum smtp_step { SMTP_BANNER, SMTP_HELO };

struct smtp_probe {
	struct probe *p;
	struct chk_conn conn;
	struct smtp_reply reply;
	enum smtp_step step;
	char helo[300];
	size_t helo_len;
};

static const char smtp_quit[] = "QUIT\r\n";

static void
smtp_done(struct smtp_probe *s, const struct chk_result *r)
{
	chk_conn_close(&s->conn);
	s->p->report(s->p, r);
}

static void
fail(struct smtp_probe *s, enum chk_reason reason, int code, const char *txt)
{
	struct chk_result r = {0};

	chk_result_set(&r, reason, code);
	snprintf(r.detail, sizeof(r.detail), "%s", txt ? txt : "");
	smtp_done(s, &r);
}

/* A complete reply. Returns false once the run is decided. */
static bool
reply_done(struct smtp_probe *s)
{
	struct chk_result ok = {0};

	if (s->step == SMTP_BANNER) {
		if (s->reply.code != 220) {
			fail(s, CHK_R_BAD_BANNER, s->reply.code, s->reply.text);
			return false;
		}
		s->step = SMTP_HELO;
		smtp_reply_init(&s->reply);
		if (chk_conn_send(&s->conn, s->helo, s->helo_len) < 0) {
			smtp_done(s, &s->conn.err);
			return false;
		}
		return true;
	}
	if (s->reply.code != 250) {
		fail(s, CHK_R_HELO_REJECTED, s->reply.code, s->reply.text);
		return false;
	}
	/* Best effort: the QUIT fits any socket buffer. */
	chk_conn_send(&s->conn, smtp_quit, sizeof(smtp_quit) - 1);
	smtp_done(s, &ok);
	return false;
}

static bool
feed(void *arg, const uint8_t *buf, size_t n)
{
	struct smtp_probe *s = arg;
	size_t off = 0;

	while (off < n) {
		size_t used = 0;
		enum smtp_feed f =
			smtp_reply_feed(&s->reply, buf + off, n - off, &used);

		off += used;
		if (f == SMTP_ERROR) {
			fail(s,
			     s->step == SMTP_BANNER ? CHK_R_BAD_BANNER
						    : CHK_R_BAD_REPLY,
			     0, s->reply.err);
			return false;
		}
		if (f == SMTP_DONE && !reply_done(s))
			return false;
	}
	return true;
}

static void
on_readable(struct smtp_probe *s)
{
	uint8_t buf[4096];
	int rc = chk_conn_pump(&s->conn, buf, sizeof(buf), feed, s);

	if (rc > 0)
		fail(s, CHK_R_CLOSED, 0,
		     s->step == SMTP_BANNER ? "before banner"
					    : "before HELO reply");
	else if (rc < 0)
		smtp_done(s, &s->conn.err);
}

static void
on_conn(struct chk_conn *c, enum chk_conn_event ev)
{
	struct smtp_probe *s = c->arg;

	if (ev == CONN_EV_READ)
		on_readable(s);
	else if (ev == CONN_EV_ERROR)
		smtp_done(s, &c->err);
}

static int
smtp_init(struct probe *p, char *err, size_t errlen)
{
	struct smtp_probe *s = p->priv;
	const char *name = p->conf->u.smtp.helo_name;
	int n;

	(void)err;
	(void)errlen;
	s->p = p;
	chk_conn_init(&s->conn, on_conn, s);
	n = snprintf(s->helo, sizeof(s->helo), "HELO %s\r\n",
		     name ? name : p->env->hostname);
	s->helo_len = n > 0 && (size_t)n < sizeof(s->helo) ? (size_t)n : 0;
	return 0;
}

static void
smtp_start(struct probe *p)
{
	struct smtp_probe *s = p->priv;

	s->step = SMTP_BANNER;
	smtp_reply_init(&s->reply);
	if (chk_conn_open(&s->conn, p->env->loop, &p->conf->target, NULL) < 0)
		smtp_done(s, &s->conn.err);
}

static void
smtp_cancel(struct probe *p, struct chk_result *why)
{
	struct smtp_probe *s = p->priv;

	if (why) {
		chk_conn_timeout_reason(&s->conn, why);
		if (s->conn.st == CONN_OPEN)
			snprintf(why->detail, sizeof(why->detail), "%s",
				 s->step == SMTP_BANNER
					 ? "waiting for banner"
					 : "waiting for HELO reply");
	}
	chk_conn_close(&s->conn);
}

static void
smtp_fini(struct probe *p)
{
	struct smtp_probe *s = p->priv;

	chk_conn_close(&s->conn);
}

static int
smtp_conf_copy(struct chk_probe_conf *d, const struct chk_probe_conf *s)
{
	d->u.smtp.helo_name = NULL;
	return chk_strset(&d->u.smtp.helo_name, s->u.smtp.helo_name);
}

static void
smtp_conf_free(struct chk_probe_conf *c)
{
	free(c->u.smtp.helo_name);
	c->u.smtp.helo_name = NULL;
}

static bool
smtp_conf_equal(const struct chk_probe_conf *a, const struct chk_probe_conf *b)
{
	return chk_str_eq(a->u.smtp.helo_name, b->u.smtp.helo_name);
}

static int
smtp_validate(const struct chk_probe_conf *c, char *err, size_t errlen)
{
	const char *h = c->u.smtp.helo_name;

	if (h && (strpbrk(h, "\r\n") || strlen(h) > 255)) {
		snprintf(err, errlen, "SMTP_CHECK: bad helo_name");
		return -1;
	}
	return 0;
}

const struct probe_ops probe_smtp_ops = {
	.type = CHK_SMTP,
	.name = "SMTP_CHECK",
	.priv_size = sizeof(struct smtp_probe),
	.validate = smtp_validate,
	.init = smtp_init,
	.fini = smtp_fini,
	.start = smtp_start,
	.cancel = smtp_cancel,
	.conf_copy = smtp_conf_copy,
	.conf_free = smtp_conf_free,
	.conf_equal = smtp_conf_equal,
};
