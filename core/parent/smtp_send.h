/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent's mail sender: a bounded queue of alerts, delivered one
 * connection at a time on the event loop, never blocking it.
 *
 *   connect      bounded by smtp_connect_timeout;
 *   each reply   bounded by smtp_connect_timeout too (a server that
 *                accepts and then says nothing);
 *   the message  bounded by SMTP_SEND_TIMEOUT_FACTOR x smtp_connect_timeout
 *                from connect to QUIT.
 *
 * A full queue drops its oldest alert (counted, logged). Each message ends
 * with one log line: `smtp server=ADDR:PORT result=sent|failed ...`.
 */
#ifndef VIGIL_CORE_SMTP_SEND_H
#define VIGIL_CORE_SMTP_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "core/runtime/event.h"

#define SMTP_SEND_QUEUE 32
#define SMTP_SEND_TIMEOUT_FACTOR 4

struct smtp_target {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char name[300]; /* "ADDR:PORT" or "host(ADDR):PORT" for logs */
	const char *helo, *from;
	const char *const *to;
	size_t nto;
	ev_time_t connect_timeout;
};

struct smtp_send_stats {
	uint64_t queued, sent, failed, dropped;
};

struct smtp_sender;

struct smtp_sender *smtp_sender_new(struct ev_loop *loop);
/* Drops what is queued (logged), closes a connection in progress. */
void smtp_sender_free(struct smtp_sender *s);
/* Where and to whom from now on (copied). NULL: mail is off; the queue is
 * dropped. A message being sent finishes with the old target. */
int smtp_sender_target(struct smtp_sender *s, const struct smtp_target *t);
/* Queue one alert (copied). 0, or -1/errno (ENOMEM, or ENOTCONN when mail
 * is off). */
int smtp_sender_queue(struct smtp_sender *s, const char *subject,
		      const char *body, time_t when);
const struct smtp_send_stats *smtp_sender_stats(const struct smtp_sender *s);
/* Alerts waiting (not counting one being sent). */
size_t smtp_sender_pending(const struct smtp_sender *s);
/* A mail is being sent, or one waits that will be. */
/* Has a server and recipients (smtp_sender_target() with one). */
bool smtp_sender_enabled(const struct smtp_sender *s);
bool smtp_sender_busy(const struct smtp_sender *s);

#endif
