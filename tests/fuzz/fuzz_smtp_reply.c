// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The alert's SMTP dialogue (core/parent/smtp_client.h) against a server that says
 * anything: the input is what the server sends, cut in pieces whose sizes
 * come from the first byte. Whatever it says, the dialogue ends in DONE or
 * FAILED or waits, never sends past its buffers, and only ever has one
 * command outstanding.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/parent/smtp_client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const to[] = {"a@example.org", "b@example.org"};
static const struct smtp_mail mail = {
	.helo = "lb1.example.org",
	.from = "vigil@example.org",
	.to = to,
	.nto = 2,
	.data = "Subject: x\r\n\r\nbody\r\n.\r\n",
};

/* Send everything pending, as a socket that takes `chunk` bytes a time. */
static void
drain(struct smtpc *c, size_t chunk)
{
	const char *p;
	size_t len;

	while ((p = smtpc_pending(c, &len))) {
		if (len == 0 || !memchr(p, '\n', len))
			abort(); /* every command ends its line */
		smtpc_sent(c, len < chunk ? len : chunk);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtpc c;
	size_t off = 1, piece;
	char why[256];

	if (size < 1)
		return 0;
	piece = (data[0] & 15) + 1;
	smtpc_init(&c, &mail);
	smtpc_connected(&c);
	while (off < size && c.st != SMTPC_DONE && c.st != SMTPC_FAILED) {
		size_t n = size - off < piece ? size - off : piece;

		smtpc_feed(&c, data + off, n);
		off += n;
		drain(&c, piece * 7);
	}
	if (c.st != SMTPC_DONE && c.st != SMTPC_FAILED)
		smtpc_eof(&c);
	if (c.st != SMTPC_DONE && c.st != SMTPC_FAILED)
		abort();
	if (c.delivered && c.accepted == 0)
		abort(); /* a mail with no recipient cannot be delivered */
	smtpc_reason(&c, why, sizeof(why));
	return 0;
}
