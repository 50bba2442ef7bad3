// SPDX-License-Identifier: GPL-2.0-or-later
/* A reply sent as the peer takes it (stream.h). */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "core/runtime/stream.h"

enum stream_sent
stream_send_rest(int fd, const char *buf, size_t len, size_t *off)
{
	ssize_t n =
		send(fd, buf + *off, len - *off, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return STREAM_AGAIN;
	if (n <= 0)
		return STREAM_GONE;
	*off += (size_t)n;
	return *off == len ? STREAM_DONE : STREAM_AGAIN;
}
