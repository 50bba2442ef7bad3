// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for IPC decoding. The first byte picks the mode:
 *   even: one payload: type (2 bytes), a has-fd bit, then the payload;
 *         ipc_validate(), and ipc_terminate() on what validates;
 *   odd:  raw datagrams (2-byte length, then bytes: header and payload as a
 *         hostile peer would write them) sent over a real SEQPACKET pair to
 *         an ipc_conn, which reassembles, validates and dispatches them.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/runtime/ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t msgs, bytes;
	int closed;
};

static void
on_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	struct seen *s = arg;
	const struct ipc_type_info *ti = ipc_type_info(m->type);

	(void)c;
	s->msgs++;
	/* Touch what a handler reads: the whole payload, the JSON text. */
	for (size_t i = 0; i < m->len; i++)
		s->bytes += ((const uint8_t *)m->payload)[i];
	if (ti->kind == IPC_JSON)
		s->bytes += strlen(m->json);
	if (m->fd >= 0)
		close(m->fd);
}

static void
on_close(struct ipc_conn *c, int err, void *arg)
{
	struct seen *s = arg;

	(void)c;
	(void)err;
	s->closed = 1;
}

static void
one_payload(const uint8_t *data, size_t size)
{
	unsigned type;
	bool fd;
	uint8_t *p;

	if (size < 3)
		return;
	type = (unsigned)data[0] | (unsigned)data[1] << 8;
	fd = data[2] & 1;
	size -= 3;
	p = malloc(size ? size : 1);
	if (!p)
		return;
	memcpy(p, data + 3, size);
	if (ipc_validate(type, p, size, fd) == 0)
		ipc_terminate(type, p);
	free(p);
}

static void
datagrams(const uint8_t *data, size_t size)
{
	struct ev_loop *loop = ev_loop_new();
	struct seen s = {0};
	struct ipc_conn *c;
	int sv[2];

	if (!loop || ipc_socketpair(sv) < 0) {
		ev_loop_free(loop);
		return;
	}
	c = ipc_conn_new(loop, sv[0], on_msg, on_close, &s);
	while (c && size >= 2 && !s.closed) {
		size_t n = (size_t)data[0] | (size_t)data[1] << 8;

		data += 2;
		size -= 2;
		if (n > size)
			n = size;
		if (send(sv[1], data, n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
			break;
		data += n;
		size -= n;
		ev_run_once(loop, 0);
	}
	close(sv[1]);
	for (int i = 0; c && i < 4 && !s.closed; i++)
		ev_run_once(loop, 0);
	ipc_conn_free(c);
	ev_loop_free(loop);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		datagrams(data + 1, size - 1);
	else
		one_payload(data + 1, size - 1);
	return 0;
}
