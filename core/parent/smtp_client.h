/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMTP client dialogue of an alert (RFC 5321), pure: no socket, no
 * clock. The caller feeds what the server sent (smtpc_feed), sends what
 * smtpc_pending() returns and says how much went out (smtpc_sent), until
 * the state is SMTPC_DONE or SMTPC_FAILED (then smtpc_reason()).
 *
 *   220 greeting -> EHLO (HELO if EHLO gets 5xx) -> MAIL FROM -> RCPT TO
 *   for each recipient (the mail goes on if at least one is accepted) ->
 *   DATA -> 354 -> the message -> 250 -> QUIT.
 *
 * Replies are parsed by core/runtime/smtp_parse.h (bounded lines and replies);
 * one command is outstanding at a time (no PIPELINING), so bytes that
 * arrive while nothing was asked are an error.
 *
 * smtp_message_build() makes the DATA payload: RFC 5322 headers, a
 * text/plain UTF-8 body with CRLF lines, dot-stuffed, ending "\r\n.\r\n".
 */
#ifndef VIGIL_CORE_SMTP_CLIENT_H
#define VIGIL_CORE_SMTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/runtime/smtp_parse.h"

#define SMTPC_CMD_MAX 1024 /* one command line; longer addresses fail */

struct smtp_mail {
	const char *helo; /* EHLO/HELO argument */
	const char *from; /* reverse-path */
	const char *const *to;
	size_t nto;
	const char *data; /* smtp_message_build() output */
};

enum smtpc_state {
	SMTPC_CONNECT = 0, /* until smtpc_connected() */
	SMTPC_GREETING,
	SMTPC_EHLO,
	SMTPC_HELO,
	SMTPC_MAIL,
	SMTPC_RCPT,
	SMTPC_DATA,
	SMTPC_BODY,
	SMTPC_QUIT,
	SMTPC_DONE,
	SMTPC_FAILED,
};

struct smtpc {
	const struct smtp_mail *m;
	enum smtpc_state st;
	struct smtp_reply r;
	size_t rcpt, accepted;
	char cmd[SMTPC_CMD_MAX];
	const char *out; /* what is to be sent: cmd or m->data */
	size_t out_len, out_off;
	bool delivered; /* the server took the message (250 after DATA) */
	/* why it failed, or the last refused recipient */
	const char *reason; /* short token: "rcpt-rejected", "bad-reply"... */
	enum smtpc_state failed_in;
	int code; /* reply code, 0 if none */
	char text[SMTP_TEXT_KEEP];
};

void smtpc_init(struct smtpc *c, const struct smtp_mail *m);
/* The connection is up: the greeting is awaited. */
void smtpc_connected(struct smtpc *c);
/* Bytes from the server; returns the state after them. */
enum smtpc_state smtpc_feed(struct smtpc *c, const uint8_t *p, size_t n);
/* The server closed the connection. */
enum smtpc_state smtpc_eof(struct smtpc *c);
/* Bytes to send now; NULL (and *len 0) when waiting for a reply. */
const char *smtpc_pending(const struct smtpc *c, size_t *len);
void smtpc_sent(struct smtpc *c, size_t n);
/* Fail from outside (timeout, socket error): keeps the first reason. */
void smtpc_fail(struct smtpc *c, const char *reason, const char *text);
/* `reason=R stage=S code=C text="T"` (code, text when there is one). */
void smtpc_reason(const struct smtpc *c, char *buf, size_t n);
const char *smtpc_state_name(enum smtpc_state s);

struct smtp_message {
	const char *from;
	const char *const *to;
	size_t nto;
	const char *subject; /* UTF-8; encoded (RFC 2047) if not ASCII */
	const char *body;    /* UTF-8 text, "\n" or "\r\n" lines */
	time_t when;	     /* Date: */
	const char *msgid;   /* Message-ID without <> */
};

/* malloc'd DATA payload, or NULL with errno. */
char *smtp_message_build(const struct smtp_message *m);
/* RFC 5322 §3.3 date-time in UTC: "Tue, 24 Nov 2026 22:09:04 +0000". */
void smtp_date(time_t t, char *buf, size_t n);

#endif
