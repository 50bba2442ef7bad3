/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every check type, once: the block that configures it, its type in the
 * config model (enum conf_check_type) and in the engine (enum chk_type),
 * and keepalived's defaults for it. The config's validation
 * (check/conf_validate_lvs.c) fills the model from this table and the
 * engine (check/resolve.c) resolves what a hand-made config leaves unset
 * from it: no other place knows a check type's retry, delay_before_retry
 * or port. Pure data, in core/conf/libvigilconf.a with the checker's
 * grammar; the options of one type (a DNS_CHECK's query, a UDP_CHECK's
 * reply length...) get their defaults where the model is validated.
 */
#ifndef VIGIL_CHECK_TYPES_H
#define VIGIL_CHECK_TYPES_H

#include <stdbool.h>
#include <stdint.h>

/* The engine's check types (check/probe.h: one probe_ops each). */
enum chk_type {
	CHK_TCP = 0, /* TCP_CHECK */
	CHK_HTTP,    /* HTTP_GET */
	CHK_SSL,     /* SSL_GET */
	CHK_PING,    /* PING_CHECK */
	CHK_UDP,     /* UDP_CHECK */
	CHK_SMTP,    /* SMTP_CHECK */
	CHK_DNS,     /* DNS_CHECK */
	CHK_MISC,    /* MISC_CHECK */
	CHK_FILE,    /* FILE_CHECK */
	CHK_AGENT,   /* AGENT_CHECK (vigil: HAProxy's agent-check protocol) */
	CHK_TYPE_MAX
};

/* keepalived's defaults of a virtual server, for every type
 * (microseconds) */
#define CHK_DEFAULT_DELAY_LOOP 60000000ull
#define CHK_DEFAULT_CONNECT_TIMEOUT 5000000ull
/* the bytes of body an HTTP_GET/SSL_GET reads for digest and regex */
#define CHK_DEFAULT_MAX_BODY (16u << 20)

/* delay_before_retry: the checker's delay_loop */
#define CHK_RETRY_DELAY_LOOP UINT64_MAX

struct chk_type_info {
	const char *name;     /* the block: "TCP_CHECK" */
	int8_t conf_type;     /* enum conf_check_type; -1: no block */
	int8_t chk_type;      /* enum chk_type; -1: not run by the engine */
	bool needs_port;      /* connects to a port */
	uint16_t port;	      /* connect_port when the real server has none;
			    * 0: none, the config must give one */
	uint32_t retry;	      /* retry */
	uint64_t retry_delay; /* delay_before_retry, microseconds, or
			       * CHK_RETRY_DELAY_LOOP */
	bool own_port;	      /* `port` even when the real server has one:
			       * the check talks to its own service */
};

/* The row of a model or an engine type; NULL if there is none. */
const struct chk_type_info *chk_type_of_conf(int conf_type);
const struct chk_type_info *chk_type_of_engine(int chk_type);

#endif
