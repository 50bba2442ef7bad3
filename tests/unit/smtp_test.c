// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * E-mail alerts: the SMTP dialogue against scripted servers, the message
 * (headers, dot-stuffing, encoded subject), which events become mails and
 * with what subject, the config's warnings and defaults, and the sender on
 * a real loop (refused connection, full queue).
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "conf_helpers.h"
#include "core/parent/alert.h"
#include "core/parent/smtp_client.h"
#include "core/parent/smtp_send.h"

/* clang-format off */

static const char *const two[] = {"ops@example.org", "pager@example.org"};
static const struct smtp_mail mail = {
	.helo = "lb1.example.org",
	.from = "vigil@example.org",
	.to = two,
	.nto = 2,
	.data = "Subject: x\r\n\r\nhello\r\n.\r\n",
};

/* Take what the client wants to send (it must be `want`), then give it
 * the server's `reply`. */
static enum smtpc_state
step(struct smtpc *c, const char *want, const char *reply)
{
	size_t len;
	const char *p = smtpc_pending(c, &len);

	if (want) {
		assert_non_null(p);
		assert_int_equal(len, strlen(want));
		assert_memory_equal(p, want, len);
		smtpc_sent(c, len);
	} else {
		assert_null(p);
	}
	return smtpc_feed(c, (const uint8_t *)reply, strlen(reply));
}

static void
start(struct smtpc *c, const struct smtp_mail *m)
{
	smtpc_init(c, m);
	assert_int_equal(c->st, SMTPC_CONNECT);
	smtpc_connected(c);
	assert_int_equal(c->st, SMTPC_GREETING);
}

/* Greeted and EHLO answered: MAIL FROM is next. */
static void
hello(struct smtpc *c, const struct smtp_mail *m)
{
	start(c, m);
	step(c, NULL, "220 mx\r\n");
	assert_int_equal(step(c, "EHLO lb1.example.org\r\n", "250 mx\r\n"),
			 SMTPC_MAIL);
}

/* Up to MAIL FROM accepted. */
static void
to_rcpt(struct smtpc *c)
{
	hello(c, &mail);
	assert_int_equal(step(c, "MAIL FROM:<vigil@example.org>\r\n",
			      "250 ok\r\n"), SMTPC_RCPT);
}

/* Up to both recipients accepted and DATA sent (its reply next). */
static void
to_data(struct smtpc *c)
{
	to_rcpt(c);
	step(c, "RCPT TO:<ops@example.org>\r\n", "250 ok\r\n");
	step(c, "RCPT TO:<pager@example.org>\r\n", "250 ok\r\n");
}

static void
test_dialogue(void **state)
{
	struct smtpc c;
	enum smtpc_state st = SMTPC_EHLO;
	char why[200];
	size_t len;

	(void)state;
	start(&c, &mail);
	assert_int_equal(step(&c, NULL, "220 mx.example.org ESMTP\r\n"),
			 SMTPC_EHLO);
	/* a multi-line reply, fed byte by byte */
	assert_int_equal(step(&c, "EHLO lb1.example.org\r\n", ""), SMTPC_EHLO);
	for (const char *p = "250-mx.example.org\r\n250-SIZE 1000\r\n"
			     "250 HELP\r\n"; *p; p++)
		st = smtpc_feed(&c, (const uint8_t *)p, 1);
	assert_int_equal(st, SMTPC_MAIL);
	assert_int_equal(step(&c, "MAIL FROM:<vigil@example.org>\r\n",
			      "250 ok\r\n"), SMTPC_RCPT);
	/* one of two recipients refused: the mail still goes */
	assert_int_equal(step(&c, "RCPT TO:<ops@example.org>\r\n",
			      "550 5.1.1 no such user\r\n"), SMTPC_RCPT);
	assert_int_equal(step(&c, "RCPT TO:<pager@example.org>\r\n",
			      "251 forwarded\r\n"), SMTPC_DATA);
	assert_int_equal(step(&c, "DATA\r\n", "354 go ahead\r\n"), SMTPC_BODY);
	/* the message, sent in two pieces */
	assert_non_null(smtpc_pending(&c, &len));
	assert_int_equal(len, strlen(mail.data));
	smtpc_sent(&c, 5);
	assert_int_equal(step(&c, mail.data + 5, "250 2.0.0 queued\r\n"),
			 SMTPC_QUIT);
	assert_true(c.delivered);
	assert_int_equal(c.accepted, 1);
	assert_int_equal(step(&c, "QUIT\r\n", "221 bye\r\n"), SMTPC_DONE);
	assert_null(smtpc_pending(&c, &len));
	smtpc_reason(&c, why, sizeof(why));
}

static void
test_helo_fallback(void **state)
{
	struct smtpc c;

	(void)state;
	start(&c, &mail);
	step(&c, NULL, "220 old smtpd\r\n");
	assert_int_equal(step(&c, "EHLO lb1.example.org\r\n",
			      "502 command not implemented\r\n"), SMTPC_HELO);
	assert_int_equal(step(&c, "HELO lb1.example.org\r\n", "250 hi\r\n"),
			 SMTPC_MAIL);
	/* HELO refused too: the reply is the reason */
	start(&c, &mail);
	step(&c, NULL, "220 old smtpd\r\n");
	step(&c, "EHLO lb1.example.org\r\n", "500 what\r\n");
	assert_int_equal(step(&c, "HELO lb1.example.org\r\n",
			      "501 bad name\r\n"), SMTPC_FAILED);
	assert_string_equal(c.reason, "helo-refused");
	assert_int_equal(c.code, 501);
	/* a 4xx to EHLO is no reason to try HELO */
	start(&c, &mail);
	step(&c, NULL, "220 mx\r\n");
	assert_int_equal(step(&c, "EHLO lb1.example.org\r\n",
			      "421 busy\r\n"), SMTPC_FAILED);
	assert_string_equal(c.reason, "helo-refused");
}


static void
test_refusals(void **state)
{
	struct smtpc c;
	char why[200];

	(void)state;
	to_rcpt(&c);
	step(&c, "RCPT TO:<ops@example.org>\r\n", "550 no such user\r\n");
	assert_int_equal(step(&c, "RCPT TO:<pager@example.org>\r\n",
			      "553 \"mailbox\" name not allowed\r\n"),
			 SMTPC_FAILED);
	assert_false(c.delivered);
	smtpc_reason(&c, why, sizeof(why));
	assert_string_equal(why, "reason=rcpt-rejected stage=rcpt code=553 "
			    "text=\"'mailbox' name not allowed\"");

	start(&c, &mail);
	assert_int_equal(step(&c, NULL, "554 no service\r\n"), SMTPC_FAILED);
	smtpc_reason(&c, why, sizeof(why));
	assert_string_equal(why, "reason=greeting-refused stage=greeting "
			    "code=554 text=\"no service\"");

	hello(&c, &mail);
	assert_int_equal(step(&c, "MAIL FROM:<vigil@example.org>\r\n",
			      "451 try later\r\n"), SMTPC_FAILED);
	assert_string_equal(c.reason, "mail-from-rejected");

	to_data(&c);
	assert_int_equal(step(&c, "DATA\r\n", "503 bad sequence\r\n"),
			 SMTPC_FAILED);
	assert_string_equal(c.reason, "data-refused");

	to_data(&c);
	step(&c, "DATA\r\n", "354 go\r\n");
	assert_int_equal(step(&c, mail.data, "552 too big\r\n"),
			 SMTPC_FAILED);
	assert_string_equal(c.reason, "message-rejected");
	assert_int_equal(c.failed_in, SMTPC_BODY);
}

static void
test_bad_server(void **state)
{
	struct smtpc c;
	char why[200], big[3000];

	(void)state;
	start(&c, &mail);
	assert_int_equal(step(&c, NULL, "SSH-2.0-OpenSSH_9.2\r\n"),
			 SMTPC_FAILED);
	assert_string_equal(c.reason, "bad-reply");
	smtpc_reason(&c, why, sizeof(why));
	assert_string_equal(why, "reason=bad-reply stage=greeting "
			    "text=\"bad reply code\"");

	start(&c, &mail);
	assert_int_equal(step(&c, NULL, "220-mx\r\n250 other\r\n"),
			 SMTPC_FAILED);
	assert_string_equal(c.reason, "bad-reply");

	/* a line longer than the parser's bound */
	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "220 ", 4);
	big[sizeof(big) - 1] = '\0';
	start(&c, &mail);
	assert_int_equal(step(&c, NULL, big), SMTPC_FAILED);
	assert_string_equal(c.text, "line too long");

	/* two replies where one was asked for */
	start(&c, &mail);
	assert_int_equal(step(&c, NULL, "220 mx\r\n250 eager\r\n"),
			 SMTPC_FAILED);
	assert_string_equal(c.reason, "unexpected-data");

	/* closed in the middle, and after QUIT */
	to_rcpt(&c);
	assert_int_equal(smtpc_eof(&c), SMTPC_FAILED);
	smtpc_reason(&c, why, sizeof(why));
	assert_string_equal(why, "reason=closed stage=rcpt text=\"rcpt\"");
	to_data(&c);
	step(&c, "DATA\r\n", "354 go\r\n");
	step(&c, mail.data, "250 ok\r\n");
	step(&c, "QUIT\r\n", "");
	assert_int_equal(smtpc_eof(&c), SMTPC_DONE);
	assert_true(c.delivered);

	/* an outside failure keeps the first reason */
	start(&c, &mail);
	smtpc_fail(&c, "reply-timeout", NULL);
	smtpc_fail(&c, "timeout", NULL);
	assert_string_equal(c.reason, "reply-timeout");
	assert_int_equal(c.failed_in, SMTPC_GREETING);
}

static void
test_bad_address(void **state)
{
	static char long_to[1100];
	const char *const to[] = {long_to};
	const char *const crlf[] = {"a@b\r\nRSET"};
	struct smtp_mail m = mail;
	struct smtpc c;

	(void)state;
	memset(long_to, 'x', sizeof(long_to) - 1);
	m.to = to;
	m.nto = 1;
	hello(&c, &m);
	assert_int_equal(step(&c, "MAIL FROM:<vigil@example.org>\r\n",
			      "250 ok\r\n"), SMTPC_FAILED);
	assert_string_equal(c.reason, "bad-address");
	m.to = crlf;
	hello(&c, &m);
	assert_int_equal(step(&c, "MAIL FROM:<vigil@example.org>\r\n",
			      "250 ok\r\n"), SMTPC_FAILED);
	assert_string_equal(c.reason, "bad-address");
}

static void
test_message(void **state)
{
	const char *const to[] = {"ops@example.org", "pager@example.org"};
	struct smtp_message m = {
		.from = "vigil@lb1",
		.to = to,
		.nto = 2,
		.subject = "[lb1] VRRP instance VI_1 is now MASTER\r\nBcc: x",
		.body = "line one\n.starts with a dot\r\n..two\nlast",
		.when = 1790287744, /* 2026-09-24 22:09:04 UTC, a Thursday */
		.msgid = "1.2@lb1",
	};
	char *t = smtp_message_build(&m), date[64];

	(void)state;
	assert_non_null(t);
	assert_string_equal(
		t, "From: vigil@lb1\r\n"
		   "To: ops@example.org,\r\n pager@example.org\r\n"
		   "Subject: [lb1] VRRP instance VI_1 is now MASTER  Bcc: x\r\n"
		   "Date: Thu, 24 Sep 2026 22:09:04 +0000\r\n"
		   "Message-ID: <1.2@lb1>\r\n"
		   "MIME-Version: 1.0\r\n"
		   "Content-Type: text/plain; charset=UTF-8\r\n"
		   "Content-Transfer-Encoding: 8bit\r\n"
		   "\r\n"
		   "line one\r\n..starts with a dot\r\n...two\r\nlast\r\n"
		   ".\r\n");
	free(t);
	smtp_date(0, date, sizeof(date));
	assert_string_equal(date, "Thu, 01 Jan 1970 00:00:00 +0000");

	/* RFC 2047: a UTF-8 subject as encoded-words, whole characters */
	m.subject = "[l\xc3\xa9] bas";
	m.body = "";
	t = smtp_message_build(&m);
	assert_non_null(strstr(t, "Subject: =?UTF-8?B?W2zDqV0gYmFz?=\r\n"));
	assert_non_null(strstr(t, "8bit\r\n\r\n.\r\n"));
	free(t);
	m.subject = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9"; /* 48 bytes: two words */
	t = smtp_message_build(&m);
	/* 22 characters (44 bytes) in the first word, 2 in the second */
	assert_non_null(strstr(t, "?=\r\n =?UTF-8?B?w6nDqQ==?=\r\n"));
	free(t);
}

/* ---- which events become mails ---- */

#define GLOBAL(extra) \
	"global_defs {\n router_id lb1\n smtp_server 127.0.0.1\n" \
	" notification_email {\n  ops@example.org\n }\n" extra "}\n"
#define VS(extra, rs_extra) \
	"virtual_server 10.0.0.100 80 { protocol TCP\n" extra \
	" real_server 10.0.0.1 80 {\n" rs_extra "  TCP_CHECK {\n  }\n }\n" \
	" real_server 10.0.0.2 80 {\n  smtp_alert off\n  TCP_CHECK {\n  }\n }\n}\n"

static int
compose(const char *text, const char *event, struct alert_text *t)
{
	struct conf_diags d;
	struct conf *c = load_text(text, NULL, &d);
	struct json_object *ev = json_tokener_parse(event);
	int r;

	assert_no_errors(&d);
	assert_non_null(ev);
	memset(t, 0, sizeof(*t));
	r = alert_compose(c, ev, "lb1", 1790287744, t);
	json_object_put(ev);
	conf_free(c);
	conf_diags_free(&d);
	return r;
}

static void
test_vrrp_events(void **state)
{
	struct alert_text t;

	(void)state;
	assert_int_equal(compose(GLOBAL(""),
		"{\"event\":\"vrrp_state\",\"instance\":\"VI_1\",\"group\":\"\","
		"\"state\":\"MASTER\",\"prev\":\"BACKUP\",\"priority\":100,"
		"\"reason\":\"master-down-timer\",\"smtp_alert\":true}", &t), 1);
	assert_string_equal(t.subject, "[lb1] VRRP instance VI_1 is now MASTER");
	assert_non_null(strstr(t.body, "from BACKUP to MASTER"));
	assert_non_null(strstr(t.body, "Reason: master-down-timer\n"));
	assert_non_null(strstr(t.body, "Priority: 100\n"));
	assert_non_null(strstr(t.body,
			       "Time: Thu, 24 Sep 2026 22:09:04 +0000\n"));
	assert_int_equal(compose(GLOBAL(""),
		"{\"event\":\"vrrp_group_state\",\"group\":\"G1\","
		"\"state\":\"FAULT\",\"prev\":\"MASTER\",\"smtp_alert\":true}",
		&t), 1);
	assert_string_equal(t.subject, "[lb1] VRRP sync group G1 is now FAULT");
	/* the instance does not alert; INIT is no state to mail;
	 * no_email_faults */
	assert_int_equal(compose(GLOBAL(""),
		"{\"event\":\"vrrp_state\",\"instance\":\"VI_1\","
		"\"state\":\"MASTER\",\"smtp_alert\":false}", &t), 0);
	assert_int_equal(compose(GLOBAL(""),
		"{\"event\":\"vrrp_state\",\"instance\":\"VI_1\","
		"\"state\":\"INIT\",\"smtp_alert\":true}", &t), 0);
	assert_int_equal(compose(GLOBAL(" no_email_faults\n"),
		"{\"event\":\"vrrp_state\",\"instance\":\"VI_1\","
		"\"state\":\"FAULT\",\"smtp_alert\":true}", &t), 0);
	assert_int_equal(compose(GLOBAL(""), "{\"event\":\"rs_weight\"}", &t),
			 0);
	assert_int_equal(compose(GLOBAL(""), "[1]", &t), 0);
}

#define RS_DOWN(addr, on) \
	"{\"event\":\"rs_down\",\"vs\":\"tcp 10.0.0.100:80\",\"rs\":\"" addr \
	"\",\"reason\":\"connect-refused\",\"check\":\"TCP_CHECK\"," \
	"\"smtp_alert\":" on "}"
#define QUORUM_DOWN(on) \
	"{\"event\":\"quorum_down\",\"vs\":\"tcp 10.0.0.100:80\"," \
	"\"weight_sum\":0,\"threshold\":1,\"smtp_alert\":" on "}"

/* The smtp_alert the config settles for the virtual server (rs -1) or its
 * real server rs, which the check child puts in its events. */
static int
settled(const char *text, int rs)
{
	struct conf_diags d;
	struct conf *c = load_text(text, NULL, &d);
	const struct conf_vs *vs;
	const struct conf_rs *r;
	int v;

	assert_no_errors(&d);
	vs = c->vss.head;
	assert_non_null(vs);
	r = vs->rs.head;
	for (int i = 0; r && i < rs; i++)
		r = r->next;
	v = rs < 0 ? vs->smtp_alert : r->smtp_alert;
	conf_free(c);
	conf_diags_free(&d);
	return v == 1;
}

static void
test_checker_events(void **state)
{
	struct alert_text t;

	(void)state;
	/* the event says whether it is mailed */
	assert_int_equal(compose(GLOBAL(""), RS_DOWN("10.0.0.1:80", "true"),
				 &t), 1);
	assert_string_equal(t.subject, "[lb1] real server 10.0.0.1:80 of "
			    "tcp 10.0.0.100:80 is DOWN");
	assert_non_null(strstr(t.body, "Reason: connect-refused\n"
				       "Check: TCP_CHECK\n"));
	assert_int_equal(compose(GLOBAL(""), RS_DOWN("10.0.0.1:80", "false"),
				 &t), 0);
	assert_int_equal(compose(GLOBAL(""), QUORUM_DOWN("true"), &t), 1);
	assert_string_equal(t.subject, "[lb1] virtual server "
			    "tcp 10.0.0.100:80 quorum is DOWN");
	assert_int_equal(compose(GLOBAL(""), QUORUM_DOWN("false"), &t), 0);
	/* what the config settles: a real server alerts by default, a
	 * virtual server does not; the globals turn them */
	assert_true(settled(GLOBAL("") VS("", ""), 0));
	assert_false(settled(GLOBAL("") VS("", ""), 1));
	assert_false(settled(GLOBAL("") VS("", ""), -1));
	assert_false(settled(GLOBAL(" smtp_alert_checker off\n") VS("", ""), 0));
	assert_true(settled(GLOBAL(" smtp_alert\n") VS("", ""), -1));
	assert_true(settled(GLOBAL(" smtp_alert\n smtp_alert_checker off\n")
			    VS(" smtp_alert\n", ""), -1));
	assert_true(settled(GLOBAL(" smtp_alert off\n")
			    VS("", "  smtp_alert on\n"), 0));
}

static void
test_conf_warnings(void **state)
{
	struct conf_diags d;
	struct conf *c;

	(void)state;
	c = load_text("global_defs {\n smtp_alert\n}\n"
		      "vrrp_instance VI_1 {\n interface eth0\n"
		      " virtual_router_id 1\n smtp_alert\n}\n"
		      VS("", "  smtp_alert on\n"), NULL, &d);
	assert_no_errors(&d);
	assert_int_equal(diag_count(&d, CONF_WARNING, 1, "global_defs: "
			 "smtp_alert is on but global_defs has no smtp_server"),
			 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 4, "vrrp_instance "
			 "VI_1: smtp_alert is on"), 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 10, "real_server: "
			 "smtp_alert is on but global_defs has no smtp_server"),
			 1);
	/* the defaulted real server (line 14) and the one off say nothing */
	assert_int_equal(diag_count(&d, CONF_WARNING, -1, "smtp_alert"), 3);
	conf_free(c);
	conf_diags_free(&d);

	c = load_text("global_defs {\n smtp_server mail.example.org 2525\n}\n"
		      "vrrp_sync_group G {\n group {\n VI_1\n }\n smtp_alert\n}\n"
		      "vrrp_instance VI_1 {\n interface eth0\n"
		      " virtual_router_id 1\n}\n", NULL, &d);
	assert_int_equal(diag_count(&d, CONF_WARNING, 4, "vrrp_sync_group G: "
			 "smtp_alert is on but global_defs has no "
			 "notification_email"), 1);
	assert_int_equal(c->global.smtp_port, 2525);
	assert_int_equal(c->global.smtp_connect_timeout, 30000000);
	conf_free(c);
	conf_diags_free(&d);
}

/* ---- the sender on a loop ---- */

static void
target_to(struct smtp_target *t, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&t->addr;
	static const char *const to[] = {"ops@example.org"};

	memset(t, 0, sizeof(*t));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t->addr_len = sizeof(*sin);
	snprintf(t->name, sizeof(t->name), "127.0.0.1:%u", port);
	t->helo = "lb1";
	t->from = "vigil@lb1";
	t->to = to;
	t->nto = 1;
	t->connect_timeout = EV_SEC(1);
}

/* A loopback port nobody listens on. */
static uint16_t
closed_port(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, len), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

static void
test_sender(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct smtp_sender *s = smtp_sender_new(loop);
	const struct smtp_send_stats *st = smtp_sender_stats(s);
	struct smtp_target t;

	(void)state;
	/* mail off: refused, nothing queued */
	assert_int_equal(smtp_sender_queue(s, "x", "y", 0), -1);
	target_to(&t, closed_port());
	assert_int_equal(smtp_sender_target(s, &t), 0);
	/* more than the queue holds: the oldest go */
	for (int i = 0; i < SMTP_SEND_QUEUE + 3; i++)
		assert_int_equal(smtp_sender_queue(s, "subject", "body", 0), 0);
	assert_int_equal(st->dropped, 3);
	assert_int_equal(smtp_sender_pending(s), SMTP_SEND_QUEUE);
	/* each is tried, refused and counted, one connection at a time */
	for (int i = 0; i < 1000 && st->failed < SMTP_SEND_QUEUE; i++)
		ev_run_once(loop, EV_MSEC(100));
	assert_int_equal(st->failed, SMTP_SEND_QUEUE);
	assert_int_equal(st->sent, 0);
	assert_int_equal(smtp_sender_pending(s), 0);
	/* turned off with alerts waiting: they are dropped and counted */
	smtp_sender_queue(s, "a", "b", 0);
	assert_int_equal(smtp_sender_target(s, NULL), 0);
	assert_int_equal(st->dropped, 4);
	smtp_sender_free(s);
	ev_loop_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dialogue),
		cmocka_unit_test(test_helo_fallback),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bad_server),
		cmocka_unit_test(test_bad_address),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_vrrp_events),
		cmocka_unit_test(test_checker_events),
		cmocka_unit_test(test_conf_warnings),
		cmocka_unit_test(test_sender),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
