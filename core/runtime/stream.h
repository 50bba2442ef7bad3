/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A reply on a non-blocking stream socket, sent as the peer takes it
 * (the control socket's and the HTTP listener's clients). */
#ifndef VIGIL_CORE_STREAM_H
#define VIGIL_CORE_STREAM_H

#include <stddef.h>

enum stream_sent { STREAM_DONE, STREAM_AGAIN, STREAM_GONE };

/* Send what is left of buf (len bytes, *off sent so far) without
 * blocking or SIGPIPE; *off moves on. STREAM_AGAIN: wait until the socket
 * is writable and call again. STREAM_GONE: the peer left (or an error). */
enum stream_sent stream_send_rest(int fd, const char *buf, size_t len,
				  size_t *off);

#endif
