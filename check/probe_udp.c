// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * UDP_CHECK, as keepalived defines it: send `payload` (16 random bytes if
 * none) on a connected UDP socket. With require_reply, a reply must come
 * within connect_timeout, its length within [min_reply_length,
 * max_reply_length], and its first bytes must match the require_reply hex
 * string (x nibbles match anything). Without it, the check passes unless
 * an ICMP error (port or host unreachable) comes back in time.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/net.h"
#include "check/probe.h"

/* Bytes of a reply looked at (require_reply compares a prefix). */
#define UDP_RX_MAX 2048

struct udp_probe {
	struct probe *p;
	struct chk_dgram d;
	uint8_t random[16];
};

static void
udp_done(struct udp_probe *u, const struct chk_result *r)
{
	chk_dgram_close(&u->d);
	u->p->report(u->p, r);
}

static bool
reply_matches(const struct chk_udp *c, const uint8_t *buf, size_t len)
{
	size_t n = len < c->reply_len ? len : c->reply_len;

	for (size_t i = 0; i < n; i++)
		if ((buf[i] ^ c->reply[i]) & c->reply_mask[i])
			return false;
	return true;
}

/* n: the reply's real length (buf holds at most sizeof(buf) of it). */
static bool
reply_ok(const struct chk_udp *c, const uint8_t *buf, size_t n)
{
	size_t have = n < UDP_RX_MAX ? n : UDP_RX_MAX;

	return n >= c->min_reply_length && n <= c->max_reply_length &&
	       reply_matches(c, buf, have);
}

static void
udp_readable(struct ev_loop *loop, struct ev_io *io, unsigned revents,
	     void *arg)
{
	struct udp_probe *u = arg;
	const struct chk_udp *c = &u->p->conf->u.udp;
	struct chk_result r = {0};
	uint8_t buf[UDP_RX_MAX];
	ssize_t n;

	(void)loop;
	(void)io;
	(void)revents;
	n = chk_dgram_recv(&u->d, buf, sizeof(buf), MSG_TRUNC, &r);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n >= 0 && c->require_reply && !reply_ok(c, buf, (size_t)n))
		chk_result_set(&r, CHK_R_BAD_REPLY, (int)n);
	udp_done(u, &r);
}

static int
udp_init(struct probe *p, char *err, size_t errlen)
{
	struct udp_probe *u = p->priv;

	(void)err;
	(void)errlen;
	u->p = p;
	chk_dgram_init(&u->d, p->env->loop, udp_readable, u);
	return 0;
}

static void
udp_start(struct probe *p)
{
	struct udp_probe *u = p->priv;
	const struct chk_udp *c = &p->conf->u.udp;
	const void *payload = c->payload;
	size_t len = c->payload_len;
	struct chk_result r = {0};

	if (!payload) {
		for (size_t i = 0; i < sizeof(u->random); i += 8) {
			uint64_t x = probe_rand(p->env);

			memcpy(u->random + i, &x, 8);
		}
		payload = u->random;
		len = sizeof(u->random);
	}
	if (chk_dgram_send(&u->d, &p->conf->target, payload, len, &r) < 0)
		p->report(p, &r);
}

static void
udp_cancel(struct probe *p, struct chk_result *why)
{
	struct udp_probe *u = p->priv;

	if (why)
		chk_result_set(why,
			       p->conf->u.udp.require_reply ? CHK_R_NO_REPLY
							    : CHK_R_OK,
			       0);
	chk_dgram_close(&u->d);
}

static void
udp_fini(struct probe *p)
{
	struct udp_probe *u = p->priv;

	chk_dgram_close(&u->d);
}

static uint8_t *
dup_bytes(const uint8_t *p, size_t n)
{
	uint8_t *d;

	if (!p)
		return NULL;
	d = malloc(n ? n : 1);
	if (d)
		memcpy(d, p, n);
	return d;
}

static void
udp_conf_free(struct chk_probe_conf *c)
{
	free(c->u.udp.payload);
	free(c->u.udp.reply);
	free(c->u.udp.reply_mask);
	c->u.udp.payload = c->u.udp.reply = c->u.udp.reply_mask = NULL;
}

static int
udp_conf_copy(struct chk_probe_conf *dst, const struct chk_probe_conf *src)
{
	const struct chk_udp *s = &src->u.udp;
	struct chk_udp *d = &dst->u.udp;

	*d = *s;
	d->payload = dup_bytes(s->payload, s->payload_len);
	d->reply = dup_bytes(s->reply, s->reply_len);
	d->reply_mask = dup_bytes(s->reply_mask, s->reply_len);
	if ((s->payload && !d->payload) || (s->reply && !d->reply) ||
	    (s->reply_mask && !d->reply_mask)) {
		udp_conf_free(dst);
		return -1;
	}
	return 0;
}

static bool
bytes_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	return (!a && !b) || (a && b && !memcmp(a, b, n));
}

static bool
udp_conf_equal(const struct chk_probe_conf *a, const struct chk_probe_conf *b)
{
	const struct chk_udp *x = &a->u.udp, *y = &b->u.udp;

	return x->payload_len == y->payload_len &&
	       bytes_eq(x->payload, y->payload, x->payload_len) &&
	       x->require_reply == y->require_reply &&
	       x->reply_len == y->reply_len &&
	       bytes_eq(x->reply, y->reply, x->reply_len) &&
	       bytes_eq(x->reply_mask, y->reply_mask, x->reply_len) &&
	       x->min_reply_length == y->min_reply_length &&
	       x->max_reply_length == y->max_reply_length;
}

static int
udp_validate(const struct chk_probe_conf *c, char *err, size_t errlen)
{
	const struct chk_udp *u = &c->u.udp;

	if (u->reply && !u->reply_mask) {
		snprintf(err, errlen, "UDP_CHECK: require_reply without mask");
		return -1;
	}
	if (u->min_reply_length > u->max_reply_length) {
		snprintf(err, errlen,
			 "UDP_CHECK: min_reply_length above "
			 "max_reply_length");
		return -1;
	}
	return 0;
}

const struct probe_ops probe_udp_ops = {
	.type = CHK_UDP,
	.name = "UDP_CHECK",
	.priv_size = sizeof(struct udp_probe),
	.validate = udp_validate,
	.init = udp_init,
	.fini = udp_fini,
	.start = udp_start,
	.cancel = udp_cancel,
	.conf_copy = udp_conf_copy,
	.conf_free = udp_conf_free,
	.conf_equal = udp_conf_equal,
};
