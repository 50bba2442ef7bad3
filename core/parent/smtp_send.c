// SPDX-License-Identifier: GPL-2.0-or-later
/* The parent's mail sender on its event loop. See smtp_send.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/runtime/log.h"
#include "core/parent/smtp_client.h"
#include "core/parent/smtp_send.h"

struct tgt {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char name[300];
	char *helo, *from;
	char **to;
	size_t nto;
	ev_time_t connect_timeout;
};

struct item {
	char *subject, *body;
	time_t when;
};

/* The message being sent: its own copy of the target, so that a reload
 * does not pull the addresses from under it. */
struct conn {
	struct tgt t;
	struct item it;
	struct smtp_mail mail;
	struct smtpc c;
	char *data;
	int fd;
	bool connecting;
	ev_time_t started;
	struct ev_io io;
	struct ev_timer step, deadline;
};

struct smtp_sender {
	struct ev_loop *loop;
	struct tgt t;
	bool enabled;
	struct item q[SMTP_SEND_QUEUE];
	size_t head, n;
	struct conn *conn;
	struct ev_timer next;
	uint64_t seq;
	struct smtp_send_stats st;
};

static void
tgt_free(struct tgt *t)
{
	free(t->helo);
	free(t->from);
	for (size_t i = 0; t->to && i < t->nto; i++)
		free(t->to[i]);
	free(t->to);
	memset(t, 0, sizeof(*t));
}

static int
tgt_copy(struct tgt *dst, const struct smtp_target *t)
{
	memset(dst, 0, sizeof(*dst));
	dst->addr = t->addr;
	dst->addr_len = t->addr_len;
	snprintf(dst->name, sizeof(dst->name), "%s", t->name);
	dst->connect_timeout = t->connect_timeout;
	dst->helo = strdup(t->helo);
	dst->from = strdup(t->from);
	dst->to = calloc(t->nto + 1, sizeof(*dst->to));
	if (!dst->helo || !dst->from || !dst->to)
		goto fail;
	for (; dst->nto < t->nto; dst->nto++)
		if (!(dst->to[dst->nto] = strdup(t->to[dst->nto])))
			goto fail;
	return 0;
fail:
	tgt_free(dst);
	errno = ENOMEM;
	return -1;
}

/* A target as the public struct sees it (to copy it again). */
static void
tgt_view(const struct tgt *t, struct smtp_target *v)
{
	v->addr = t->addr;
	v->addr_len = t->addr_len;
	memcpy(v->name, t->name, sizeof(v->name));
	v->helo = t->helo;
	v->from = t->from;
	v->to = (const char *const *)t->to;
	v->nto = t->nto;
	v->connect_timeout = t->connect_timeout;
}

static void
item_free(struct item *it)
{
	free(it->subject);
	free(it->body);
	memset(it, 0, sizeof(*it));
}

/* Take the oldest alert off the queue (the caller owns it). */
static struct item
queue_pop(struct smtp_sender *s)
{
	struct item it = s->q[s->head];

	memset(&s->q[s->head], 0, sizeof(s->q[s->head]));
	s->head = (s->head + 1) % SMTP_SEND_QUEUE;
	s->n--;
	return it;
}

/* For a quoted log field. */
static const char *
quoted(const char *s, char *buf, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i < n - 1; i++)
		buf[i] = s[i] == '"' ? '\'' : s[i];
	buf[i] = '\0';
	return buf;
}

/* ---- one connection ---- */

static void
conn_close(struct smtp_sender *s)
{
	struct conn *k = s->conn;

	ev_io_stop(s->loop, &k->io);
	ev_timer_stop(s->loop, &k->step);
	ev_timer_stop(s->loop, &k->deadline);
	if (k->fd >= 0)
		close(k->fd);
	tgt_free(&k->t);
	item_free(&k->it);
	free(k->data);
	free(k);
	s->conn = NULL;
}

static void
finish(struct smtp_sender *s)
{
	struct conn *k = s->conn;
	char subj[160], why[160];
	unsigned ms = (unsigned)((ev_now(s->loop) - k->started) / 1000);

	quoted(k->it.subject, subj, sizeof(subj));
	if (k->c.delivered) {
		s->st.sent++;
		log_info("smtp server=%s result=sent recipients=%zu/%zu ms=%u "
			 "subject=\"%s\"",
			 k->t.name, k->c.accepted, k->t.nto, ms, subj);
	} else {
		s->st.failed++;
		smtpc_reason(&k->c, why, sizeof(why));
		log_err("smtp server=%s result=failed %s ms=%u failures=%llu "
			"subject=\"%s\"",
			k->t.name, why, ms, (unsigned long long)s->st.failed,
			subj);
	}
	conn_close(s);
	if (s->n)
		ev_timer_start(s->loop, &s->next, 0);
}

static void
fail(struct smtp_sender *s, const char *reason, const char *text)
{
	smtpc_fail(&s->conn->c, reason, text);
	finish(s);
}

static void
on_step_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct smtp_sender *s = arg;

	(void)loop;
	(void)t;
	if (s->conn->connecting)
		fail(s, "connect-timeout", NULL);
	else
		fail(s, "reply-timeout", NULL);
}

static void
on_deadline(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	fail(arg, "timeout", NULL);
}

/* Send what the dialogue has for the server; watch for writability only
 * while some of it is left. 0, or -1 when the connection failed. */
static int
flush(struct smtp_sender *s)
{
	struct conn *k = s->conn;
	size_t len;
	const char *p;

	while ((p = smtpc_pending(&k->c, &len))) {
		ssize_t w = send(k->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w < 0) {
			fail(s, "send-error", strerror(errno));
			return -1;
		}
		smtpc_sent(&k->c, (size_t)w);
	}
	ev_io_modify(s->loop, &k->io, EV_READ | (p ? EV_WRITE : 0));
	return 0;
}

static void
receive(struct smtp_sender *s)
{
	struct conn *k = s->conn;
	uint8_t buf[4096];
	ssize_t r = recv(k->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (r < 0)
		smtpc_fail(&k->c, "recv-error", strerror(errno));
	else if (r == 0)
		smtpc_eof(&k->c);
	else
		smtpc_feed(&k->c, buf, (size_t)r);
	/* the server spoke: it has another connect_timeout for the next */
	ev_timer_start(s->loop, &k->step, k->t.connect_timeout);
}

static bool
connected(struct smtp_sender *s)
{
	struct conn *k = s->conn;
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(k->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		fail(s,
		     err == ECONNREFUSED ? "connect-refused" : "connect-failed",
		     strerror(err));
		return false;
	}
	k->connecting = false;
	smtpc_connected(&k->c);
	ev_timer_start(s->loop, &k->step, k->t.connect_timeout);
	return true;
}

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct smtp_sender *s = arg;
	struct conn *k = s->conn;

	(void)loop;
	(void)io;
	if (k->connecting && !connected(s))
		return;
	if (revents & (EV_READ | EV_ERROR | EV_HANGUP))
		receive(s);
	if (k->c.st == SMTPC_DONE || k->c.st == SMTPC_FAILED) {
		finish(s);
		return;
	}
	flush(s);
}

static int
build(struct smtp_sender *s, struct conn *k)
{
	char msgid[400];
	struct smtp_message m = {
		.from = k->t.from,
		.to = (const char *const *)k->t.to,
		.nto = k->t.nto,
		.subject = k->it.subject,
		.body = k->it.body,
		.when = k->it.when,
		.msgid = msgid,
	};

	snprintf(msgid, sizeof(msgid), "vigil.%lld.%d.%llu@%s",
		 (long long)k->it.when, (int)getpid(),
		 (unsigned long long)++s->seq, k->t.helo);
	k->data = smtp_message_build(&m);
	if (!k->data)
		return -1;
	k->mail = (struct smtp_mail){.helo = k->t.helo,
				     .from = k->t.from,
				     .to = (const char *const *)k->t.to,
				     .nto = k->t.nto,
				     .data = k->data};
	smtpc_init(&k->c, &k->mail);
	return 0;
}

/* Take the oldest alert and open its connection. */
static void
start(struct smtp_sender *s)
{
	struct conn *k = calloc(1, sizeof(*k));
	struct smtp_target v;

	tgt_view(&s->t, &v);
	if (!k || tgt_copy(&k->t, &v) < 0) {
		free(k);
		log_err("smtp server=%s result=deferred error=\"%s\"",
			s->t.name, strerror(ENOMEM));
		ev_timer_start(s->loop, &s->next, EV_SEC(1));
		return;
	}
	k->it = queue_pop(s);
	k->fd = -1;
	k->connecting = true;
	k->started = ev_now(s->loop);
	ev_io_init(&k->io, on_io, s);
	ev_timer_init(&k->step, on_step_timeout, s);
	ev_timer_init(&k->deadline, on_deadline, s);
	s->conn = k;
	if (build(s, k) < 0) {
		fail(s, "no-memory", NULL);
		return;
	}
	k->fd = socket(k->t.addr.ss_family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (k->fd < 0 ||
	    (connect(k->fd, (struct sockaddr *)&k->t.addr, k->t.addr_len) < 0 &&
	     errno != EINPROGRESS) ||
	    ev_io_start(s->loop, &k->io, k->fd, EV_WRITE) < 0) {
		fail(s,
		     errno == ECONNREFUSED ? "connect-refused"
					   : "connect-failed",
		     strerror(errno));
		return;
	}
	ev_timer_start(s->loop, &k->step, k->t.connect_timeout);
	ev_timer_start(s->loop, &k->deadline,
		       k->t.connect_timeout * SMTP_SEND_TIMEOUT_FACTOR);
}

static void
on_next(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct smtp_sender *s = arg;

	(void)loop;
	(void)t;
	if (!s->conn && s->n && s->enabled)
		start(s);
}

int
smtp_sender_queue(struct smtp_sender *s, const char *subject, const char *body,
		  time_t when)
{
	struct item it = {strdup(subject), strdup(body), when};
	char subj[160];

	if (!s->enabled) {
		item_free(&it);
		errno = ENOTCONN;
		return -1;
	}
	if (!it.subject || !it.body) {
		item_free(&it);
		errno = ENOMEM;
		return -1;
	}
	if (s->n == SMTP_SEND_QUEUE) { /* the oldest goes */
		struct item old = queue_pop(s);

		s->st.dropped++;
		log_warn("smtp server=%s result=dropped reason=queue-full "
			 "queue=%d dropped=%llu subject=\"%s\"",
			 s->t.name, SMTP_SEND_QUEUE,
			 (unsigned long long)s->st.dropped,
			 quoted(old.subject, subj, sizeof(subj)));
		item_free(&old);
	}
	s->q[(s->head + s->n) % SMTP_SEND_QUEUE] = it;
	s->n++;
	s->st.queued++;
	if (!s->conn)
		ev_timer_start(s->loop, &s->next, 0);
	return 0;
}

static void
drop_queue(struct smtp_sender *s, const char *why)
{
	if (s->n) {
		s->st.dropped += s->n;
		log_warn("smtp server=%s result=dropped reason=%s alerts=%zu",
			 s->t.name[0] ? s->t.name : "-", why, s->n);
	}
	while (s->n) {
		struct item it = queue_pop(s);

		item_free(&it);
	}
	s->head = 0;
}

int
smtp_sender_target(struct smtp_sender *s, const struct smtp_target *t)
{
	struct tgt n;

	if (!t) {
		drop_queue(s, "mail-off");
		tgt_free(&s->t);
		s->enabled = false;
		return 0;
	}
	if (tgt_copy(&n, t) < 0)
		return -1;
	tgt_free(&s->t);
	s->t = n;
	s->enabled = true;
	return 0;
}

struct smtp_sender *
smtp_sender_new(struct ev_loop *loop)
{
	struct smtp_sender *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->loop = loop;
	ev_timer_init(&s->next, on_next, s);
	return s;
}

void
smtp_sender_free(struct smtp_sender *s)
{
	if (!s)
		return;
	if (s->conn) {
		s->st.dropped++;
		log_warn("smtp server=%s result=dropped reason=shutdown "
			 "alerts=1 stage=%s",
			 s->conn->t.name, smtpc_state_name(s->conn->c.st));
		conn_close(s);
	}
	drop_queue(s, "shutdown");
	ev_timer_stop(s->loop, &s->next);
	tgt_free(&s->t);
	free(s);
}

const struct smtp_send_stats *
smtp_sender_stats(const struct smtp_sender *s)
{
	return &s->st;
}

size_t
smtp_sender_pending(const struct smtp_sender *s)
{
	return s->n;
}

bool
smtp_sender_enabled(const struct smtp_sender *s)
{
	return s->enabled;
}

bool
smtp_sender_busy(const struct smtp_sender *s)
{
	return s->conn || (s->n && s->enabled);
}
