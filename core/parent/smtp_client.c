// SPDX-License-Identifier: GPL-2.0-or-later
/* The SMTP client dialogue of an alert. See smtp_client.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/parent/smtp_client.h"

static const char *const state_names[] = {
	[SMTPC_CONNECT] = "connect", [SMTPC_GREETING] = "greeting",
	[SMTPC_EHLO] = "ehlo",	     [SMTPC_HELO] = "helo",
	[SMTPC_MAIL] = "mail",	     [SMTPC_RCPT] = "rcpt",
	[SMTPC_DATA] = "data",	     [SMTPC_BODY] = "message",
	[SMTPC_QUIT] = "quit",	     [SMTPC_DONE] = "done",
	[SMTPC_FAILED] = "failed",
};

const char *
smtpc_state_name(enum smtpc_state s)
{
	return s <= SMTPC_FAILED ? state_names[s] : "?";
}

void
smtpc_init(struct smtpc *c, const struct smtp_mail *m)
{
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->st = SMTPC_CONNECT;
	smtp_reply_init(&c->r);
}

void
smtpc_connected(struct smtpc *c)
{
	if (c->st == SMTPC_CONNECT)
		c->st = SMTPC_GREETING;
}

static void
keep_reply(struct smtpc *c)
{
	c->code = c->r.code;
	snprintf(c->text, sizeof(c->text), "%s", c->r.text);
}

void
smtpc_fail(struct smtpc *c, const char *reason, const char *text)
{
	if (c->st == SMTPC_FAILED || c->st == SMTPC_DONE)
		return;
	c->failed_in = c->st;
	c->st = SMTPC_FAILED;
	c->reason = reason;
	if (text) {
		c->code = 0;
		snprintf(c->text, sizeof(c->text), "%s", text);
	}
	c->out = NULL;
	c->out_len = c->out_off = 0;
}

/* The server refused at this step: its reply is the reason. */
static enum smtpc_state
refused(struct smtpc *c, const char *reason)
{
	keep_reply(c);
	smtpc_fail(c, reason, NULL);
	return c->st;
}

/* Queue the command line VERB ARG POST; a line that does not fit, or an
 * argument with a line break in it, fails the mail. */
static enum smtpc_state
command(struct smtpc *c, enum smtpc_state next, const char *verb,
	const char *arg, const char *post)
{
	int n = snprintf(c->cmd, sizeof(c->cmd), "%s%s%s\r\n", verb, arg, post);

	if (n < 0 || (size_t)n >= sizeof(c->cmd) || strpbrk(arg, "\r\n")) {
		smtpc_fail(c, "bad-address", arg);
		return c->st;
	}
	c->st = next;
	c->out = c->cmd;
	c->out_len = (size_t)n;
	c->out_off = 0;
	return c->st;
}

static enum smtpc_state
next_rcpt(struct smtpc *c)
{
	if (c->rcpt < c->m->nto)
		return command(c, SMTPC_RCPT, "RCPT TO:<", c->m->to[c->rcpt++],
			       ">");
	if (!c->accepted) { /* c->code/text: the last refusal */
		smtpc_fail(c, "rcpt-rejected", NULL);
		return c->st;
	}
	return command(c, SMTPC_DATA, "DATA", "", "");
}

static enum smtpc_state
data_sent(struct smtpc *c)
{
	c->st = SMTPC_BODY;
	c->out = c->m->data;
	c->out_len = strlen(c->m->data);
	c->out_off = 0;
	return c->st;
}

/* A whole reply arrived in state c->st. */
static enum smtpc_state
reply(struct smtpc *c)
{
	int code = c->r.code, cls = code / 100;

	switch (c->st) {
	case SMTPC_GREETING:
		if (code != 220)
			return refused(c, "greeting-refused");
		return command(c, SMTPC_EHLO, "EHLO ", c->m->helo, "");
	case SMTPC_EHLO:
		/* RFC 5321 §3.2: a server that does not know EHLO says 5xx;
		 * the client then says HELO. */
		if (cls == 5)
			return command(c, SMTPC_HELO, "HELO ", c->m->helo, "");
		/* fall through */
	case SMTPC_HELO:
		if (code != 250)
			return refused(c, "helo-refused");
		return command(c, SMTPC_MAIL, "MAIL FROM:<", c->m->from, ">");
	case SMTPC_MAIL:
		if (code != 250)
			return refused(c, "mail-from-rejected");
		return next_rcpt(c);
	case SMTPC_RCPT:
		if (code == 250 || code == 251)
			c->accepted++;
		else
			keep_reply(c);
		return next_rcpt(c);
	case SMTPC_DATA:
		return code == 354 ? data_sent(c) : refused(c, "data-refused");
	case SMTPC_BODY:
		if (code != 250)
			return refused(c, "message-rejected");
		c->delivered = true;
		return command(c, SMTPC_QUIT, "QUIT", "", "");
	case SMTPC_QUIT:
		c->st = SMTPC_DONE; /* whatever it says: the mail is gone */
		return c->st;
	default:
		return c->st;
	}
}

enum smtpc_state
smtpc_feed(struct smtpc *c, const uint8_t *p, size_t n)
{
	if (c->st == SMTPC_CONNECT)
		smtpc_connected(c);
	while (n && c->st != SMTPC_DONE && c->st != SMTPC_FAILED) {
		size_t used = 0;
		enum smtp_feed f;

		if (c->out) { /* not a word is due before our command */
			smtpc_fail(c, "unexpected-data",
				   "reply before command");
			break;
		}
		f = smtp_reply_feed(&c->r, p, n, &used);
		p += used;
		n -= used;
		if (f == SMTP_ERROR) {
			smtpc_fail(c, "bad-reply", c->r.err);
		} else if (f == SMTP_DONE) {
			reply(c);
			smtp_reply_init(&c->r);
		}
	}
	return c->st;
}

enum smtpc_state
smtpc_eof(struct smtpc *c)
{
	if (c->st == SMTPC_QUIT)
		c->st = SMTPC_DONE;
	else
		smtpc_fail(c, "closed", smtpc_state_name(c->st));
	return c->st;
}

const char *
smtpc_pending(const struct smtpc *c, size_t *len)
{
	if (!c->out || c->st == SMTPC_DONE || c->st == SMTPC_FAILED) {
		*len = 0;
		return NULL;
	}
	*len = c->out_len - c->out_off;
	return c->out + c->out_off;
}

void
smtpc_sent(struct smtpc *c, size_t n)
{
	if (!c->out)
		return;
	c->out_off += n < c->out_len - c->out_off ? n : c->out_len - c->out_off;
	if (c->out_off == c->out_len)
		c->out = NULL;
}

void
smtpc_reason(const struct smtpc *c, char *buf, size_t n)
{
	char text[SMTP_TEXT_KEEP], code[16] = "";
	size_t i;
	int w;

	/* The text goes into a quoted log field: no quotes in it. */
	for (i = 0; c->text[i] && i < sizeof(text) - 1; i++)
		text[i] = c->text[i] == '"' ? '\'' : c->text[i];
	text[i] = '\0';
	if (c->code)
		snprintf(code, sizeof(code), " code=%d", c->code);
	w = snprintf(buf, n, "reason=%s stage=%s%s",
		     c->reason ? c->reason : "-",
		     smtpc_state_name(c->failed_in), code);
	if (*text && w >= 0 && (size_t)w < n)
		snprintf(buf + w, n - (size_t)w, " text=\"%s\"", text);
}
