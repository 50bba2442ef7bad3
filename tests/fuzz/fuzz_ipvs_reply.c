// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's replies as outside bytes: the input is a sequence of
 * datagrams (each a 2-byte little-endian length, then its bytes). Each is
 * decoded message by message, then the same datagrams are fed as the
 * answers to a client with requests of every kind in flight (sequence
 * numbers 1..6), and finally whatever is still pending is aborted.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "ipvs/nl.h"
#include "ipvs/read.h"

#define FAM 0x1c

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct feed {
	const uint8_t *data;
	size_t size, pos;
	int fd;
};

static ssize_t
feed_send(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	return (ssize_t)len;
}

/* The next datagram of the input, or none. */
static int
feed_recv(void *ctx, struct mmsghdr *msgs, unsigned n)
{
	struct feed *f = ctx;
	struct msghdr *mh = &msgs[0].msg_hdr;
	size_t len, cap = mh->msg_iov[0].iov_len;

	if (!n || f->pos + 2 > f->size)
		return 0;
	len = (size_t)f->data[f->pos] | (size_t)f->data[f->pos + 1] << 8;
	f->pos += 2;
	if (len > f->size - f->pos)
		len = f->size - f->pos;
	if (len > cap)
		len = cap;
	memcpy(mh->msg_iov[0].iov_base, f->data + f->pos, len);
	f->pos += len;
	msgs[0].msg_len = (unsigned)len;
	mh->msg_flags = 0;
	mh->msg_namelen = 0;
	return 1;
}

static int
feed_reset(void *ctx)
{
	return ((struct feed *)ctx)->fd;
}

static int
feed_fd(void *ctx)
{
	return ((struct feed *)ctx)->fd;
}

static const struct ipvs_nl_io feed_io = {
	.send = feed_send,
	.recv = feed_recv,
	.reset = feed_reset,
	.fd = feed_fd,
	.free = NULL,
};

static void
decode_all(const uint8_t *data, size_t size)
{
	/* replies arrive 4-byte aligned, as from a socket */
	uint32_t *buf = malloc(size + 4);
	struct ipvs_msg m;
	size_t off = 0;

	memcpy(buf, data, size);
	while (off < size) {
		ssize_t span = ipvs_msg_decode((uint8_t *)buf + off, size - off,
					       FAM, &m);

		if (span <= 0)
			break;
		off += (size_t)span;
	}
	free(buf);
}

static void
ignore_done(void *arg, int err)
{
	(void)arg;
	(void)err;
}

static void
ignore_read(void *arg, int err)
{
	(void)arg;
	(void)err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed f = {.data = data, .size = size, .fd = -1};
	struct ipvs_service s = {.key = {.af = AF_INET, .fwmark = 1},
				 .sched = "rr"};
	struct ipvs_dest d = {.key = {.af = AF_INET, .port = 80}};
	struct ipvs_op add = {IPVS_OP_SVC_ADD, &s, NULL};
	struct ipvs_op dadd = {IPVS_OP_DEST_ADD, &s, &d};
	struct ipvs_table t;
	struct ipvs_nl *nl;

	decode_all(data, size);
	f.fd = eventfd(1, EFD_CLOEXEC);
	nl = ipvs_nl_open_io(&feed_io, &f, FAM, 8);
	if (!nl) {
		close(f.fd);
		return 0;
	}
	ipvs_table_init(&t);
	ipvs_nl_queue_op(nl, &add, ignore_done, NULL);	/* 1 */
	ipvs_nl_queue_op(nl, &dadd, ignore_done, NULL); /* 2 */
	ipvs_nl_queue_cmd(nl, IPVS_CMD_GET_INFO, false, NULL, ignore_done,
			  NULL);		    /* 3 */
	ipvs_read_start(nl, &t, ignore_read, NULL); /* 4 */
	ipvs_nl_queue_cmd(nl, IPVS_CMD_GET_CONFIG, false, NULL, ignore_done,
			  NULL);
	ipvs_nl_queue_cmd(nl, IPVS_CMD_GET_DAEMON, true, NULL, ignore_done,
			  NULL);
	while (f.pos + 2 <= f.size && ipvs_nl_pending(nl))
		if (ipvs_nl_pump(nl) < 0)
			break;
	ipvs_nl_abort(nl, ECANCELED);
	ipvs_table_free(&t);
	ipvs_nl_close(nl);
	close(f.fd);
	return 0;
}
