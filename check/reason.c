// SPDX-License-Identifier: GPL-2.0-or-later
/* Names of results, as they appear in logs, events and status. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check/probe.h"

static const char *const reason_names[CHK_R_MAX] = {
	[CHK_R_OK] = "ok",
	[CHK_R_ALPHA] = "alpha",
	[CHK_R_CONNECT_TIMEOUT] = "connect-timeout",
	[CHK_R_REFUSED] = "refused",
	[CHK_R_RESET] = "reset",
	[CHK_R_UNREACHABLE] = "unreachable",
	[CHK_R_TIMEOUT] = "timeout",
	[CHK_R_CLOSED] = "closed",
	[CHK_R_TLS] = "tls-failure",
	[CHK_R_TLS_VERIFY] = "tls-verify",
	[CHK_R_BAD_RESPONSE] = "bad-response",
	[CHK_R_BAD_STATUS] = "bad-status",
	[CHK_R_TOO_LARGE] = "too-large",
	[CHK_R_DIGEST] = "digest-mismatch",
	[CHK_R_REGEX] = "regex-mismatch",
	[CHK_R_REGEX_ERROR] = "regex-error",
	[CHK_R_BAD_BANNER] = "bad-banner",
	[CHK_R_HELO_REJECTED] = "helo-rejected",
	[CHK_R_NO_REPLY] = "no-reply",
	[CHK_R_BAD_REPLY] = "bad-reply",
	[CHK_R_DNS_RCODE] = "dns-rcode",
	[CHK_R_SCRIPT_EXIT] = "script-exit",
	[CHK_R_SCRIPT_SIGNAL] = "script-signal",
	[CHK_R_SCRIPT_TIMEOUT] = "script-timeout",
	[CHK_R_SCRIPT_ERROR] = "script-error",
	[CHK_R_AGENT_DOWN] = "agent-down",
	[CHK_R_AGENT_MAINT] = "agent-maint",
	[CHK_R_FILE_FAULT] = "file-fault",
	[CHK_R_FILE_ERROR] = "file-error",
	[CHK_R_LOCAL] = "local-error",
};

const char *
chk_reason_name(enum chk_reason reason)
{
	if ((unsigned)reason >= CHK_R_MAX)
		return "unknown";
	return reason_names[reason];
}

/* Reasons whose code is part of the name: "bad-status-503". */
static bool
code_in_name(enum chk_reason reason)
{
	switch (reason) {
	case CHK_R_BAD_STATUS:
	case CHK_R_BAD_BANNER:
	case CHK_R_HELO_REJECTED:
	case CHK_R_DNS_RCODE:
	case CHK_R_SCRIPT_EXIT:
	case CHK_R_SCRIPT_SIGNAL:
	case CHK_R_FILE_FAULT:
		return true;
	default:
		return false;
	}
}

const char *
chk_reason_fmt(const struct chk_result *r, char *buf, size_t len)
{
	const char *name = chk_reason_name(r->reason);

	if (code_in_name(r->reason))
		snprintf(buf, len, "%s-%d", name, (int)r->code);
	else
		snprintf(buf, len, "%s", name);
	return buf;
}

void
chk_result_set(struct chk_result *r, enum chk_reason reason, int code)
{
	r->reason = (uint16_t)reason;
	r->code = code;
}

void
chk_result_detail(struct chk_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

void
chk_result_errno(struct chk_result *r, int err, bool connected)
{
	enum chk_reason reason;

	switch (err) {
	case ECONNREFUSED:
		reason = CHK_R_REFUSED;
		break;
	case ECONNRESET:
	case EPIPE:
		reason = connected ? CHK_R_RESET : CHK_R_REFUSED;
		break;
	case ETIMEDOUT:
		reason = connected ? CHK_R_TIMEOUT : CHK_R_CONNECT_TIMEOUT;
		break;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ENETDOWN:
		reason = CHK_R_UNREACHABLE;
		break;
	default:
		reason = connected ? CHK_R_RESET : CHK_R_LOCAL;
		break;
	}
	chk_result_set(r, reason, err);
	if (reason == CHK_R_LOCAL || reason == CHK_R_UNREACHABLE)
		snprintf(r->detail, sizeof(r->detail), "%s", strerror(err));
}

uint64_t
probe_rand(struct probe_env *env)
{
	/* xorshift64*: ids and payloads need to differ, not be secret. */
	uint64_t x = env->rng ? env->rng : 0x2545F4914F6CDD1DULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	env->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}
