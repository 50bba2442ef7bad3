/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checker's own configuration: plain data, built from the config model
 * (check/xlate.h: vigild's check child, tests/check/checktest) or by hand
 * (unit tests, benchmarks) and handed to the engine (check/engine.h).
 * Field names follow keepalived's keywords; the comment after each field
 * names the keyword it serves.
 *
 * Inheritance is keepalived's: a knob set on the virtual server is the
 * default for its real servers, a real server's is the default for its
 * checkers. Unset knobs are CHK_UNSET / -1 here and are resolved by the
 * engine (chk_probe_resolve) together with the per-type defaults of
 * check/types.h; a type's own options have no defaults here (the model
 * has them all once validated).
 *
 * Strings and arrays are malloc'd and owned by the struct that holds them;
 * chk_conf_free() releases a whole tree.
 */
#ifndef VIGIL_CHECK_CONF_H
#define VIGIL_CHECK_CONF_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "check/addr.h"
#include "check/types.h"
#include "core/runtime/event.h"

/* IPVS takes any int, but ipvsadm and keepalived cap weights here. */
#define CHK_WEIGHT_MAX 65535

/* A time knob that was not set (inherit or default). */
#define CHK_UNSET UINT64_MAX

/* Knobs a virtual server, real server and checker may each set. */
struct chk_knobs {
	ev_time_t delay_loop;	      /* delay_loop (default 60 s) */
	ev_time_t connect_timeout;    /* connect_timeout (default 5 s) */
	ev_time_t delay_before_retry; /* delay_before_retry (per type) */
	ev_time_t warmup;	      /* warmup (default: delay_loop) */
	int32_t retry;		      /* retry (-1 unset; default per type) */
	int8_t alpha;		      /* alpha (-1 unset; default off) */
	int8_t log_all_failures;      /* log_all_failures (-1 unset) */
};

/* Where a probe connects from and to. */
struct chk_target {
	struct chk_addr connect_ip; /* connect_ip (+ port once resolved);
				     * unset: the real server's address */
	uint16_t connect_port;	    /* connect_port; 0: the real server's */
	struct chk_addr bindto;	    /* bindto; unset: none */
	uint16_t bind_port;	    /* bind_port; 0: any */
	char bind_if[IF_NAMESIZE];  /* bind_if; "": none */
	uint32_t fwmark;	    /* fwmark (SO_MARK); 0: none */
};

struct chk_status_range {
	uint16_t lo, hi; /* inclusive */
};

enum chk_http_proto {
	CHK_HTTP_10 = 0, /* http_protocol 1.0 (keepalived's default) */
	CHK_HTTP_10C,	 /* http_protocol 1.0C: 1.0 + "Connection: close" */
	CHK_HTTP_11,	 /* http_protocol 1.1 */
};

struct chk_url {
	char *path;			 /* path */
	bool has_digest;		 /* digest given */
	uint8_t digest[16];		 /* digest: MD5 of the body */
	struct chk_status_range *status; /* status_code (lists, ranges) */
	size_t nstatus;			 /* 0: 200-299 */
	char *virtualhost;		 /* virtualhost (url level) */
	char *regex;			 /* regex (PCRE2) */
	bool regex_no_match;		 /* regex_no_match */
	uint32_t regex_flags;		 /* regex_options: PCRE2 options */
	uint32_t regex_stack_start;	 /* regex_stack: JIT stack bytes */
	uint32_t regex_stack_max;	 /* 0: PCRE2's default stack */
	uint32_t regex_min_offset;	 /* regex_min_offset */
	uint32_t regex_max_offset;	 /* regex_max_offset; 0: window */
};

/* HTTP_GET and SSL_GET. */
struct chk_http {
	struct chk_url *urls; /* url { } blocks, checked in order */
	size_t nurls;
	enum chk_http_proto proto; /* http_protocol */
	char *virtualhost;	   /* virtualhost (checker level) */
	bool enable_sni;	   /* enable_sni (SSL_GET) */
	bool verify;		   /* vigil: ssl_verify, peer certificate
				    * checked against SSL { ca } */
	uint64_t max_body;	   /* vigil: max_body, bytes of body read
				    * for digest/regex (default 16 MiB) */
};

struct chk_udp {
	uint8_t *payload; /* payload HEX (none: 16 random bytes) */
	size_t payload_len;
	bool require_reply;  /* require_reply */
	uint8_t *reply;	     /* require_reply HEX: expected prefix */
	uint8_t *reply_mask; /* nibbles given as x are 0 here */
	size_t reply_len;
	uint32_t min_reply_length; /* min_reply_length (default 0) */
	uint32_t max_reply_length; /* max_reply_length (default 255) */
};

struct chk_smtp {
	char *helo_name; /* helo_name (default: this host's name) */
};

struct chk_dns {
	uint16_t type; /* type: A NS CNAME SOA MX TXT AAAA (default SOA) */
	char *name;    /* name (default ".") */
};

struct chk_misc {
	char *path;	   /* misc_path: the command line */
	ev_time_t timeout; /* misc_timeout (CHK_UNSET: delay_loop) */
	bool dynamic;	   /* misc_dynamic */
	char *user;	   /* user USERNAME [GROUPNAME], as written */
};

/* FILE_CHECK, with the track_file it names already looked up. */
struct chk_file {
	char *name;	/* track_file NAME (for logs) */
	char *path;	/* that track_file's `file` */
	int32_t weight; /* weight (FILE_CHECK's, else track_file's; 1) */
	bool reverse;	/* weight ... reverse */
	bool dynamic;	/* dynamic: the value adjusts the IPVS weight */
};

struct chk_agent {
	char *send; /* vigil: agent_send, a line sent before reading */
};

struct chk_probe_conf {
	enum chk_type type;
	struct chk_knobs knobs;
	struct chk_target target;
	union {
		struct chk_http http; /* CHK_HTTP, CHK_SSL */
		struct chk_udp udp;
		struct chk_smtp smtp;
		struct chk_dns dns;
		struct chk_misc misc;
		struct chk_file file;
		struct chk_agent agent;
	} u;
};

struct chk_rs_conf {
	struct chk_addr addr;	       /* real_server IP [PORT] */
	int32_t weight;		       /* weight (default 1) */
	int8_t inhibit_on_failure;     /* inhibit_on_failure (-1: the VS's) */
	char *virtualhost;	       /* virtualhost */
	struct chk_knobs knobs;	       /* alpha, retry, delay_loop, ... */
	struct chk_probe_conf *checks; /* the checker blocks */
	size_t nchecks;
};

struct chk_vs_conf {
	char *name;		 /* unique: names the VS in logs, events,
				  * status, and matches it across reloads */
	struct chk_knobs knobs;	 /* delay_loop, alpha, retry, ... */
	bool inhibit_on_failure; /* inhibit_on_failure */
	int64_t quorum;		 /* quorum (default 1) */
	int64_t hysteresis;	 /* hysteresis (default 0) */
	bool ha_suspend;	 /* ha_suspend: no checks until told that
				  * the VIP's VRRP instance is MASTER */
	char *virtualhost;	 /* virtualhost */
	bool has_sorry;		 /* sorry_server given */
	struct chk_addr sorry;	 /* sorry_server IP [PORT] */
	bool sorry_inhibit;	 /* sorry_server_inhibit */
	struct chk_rs_conf *rs;	 /* real_server blocks */
	size_t nrs;
};

/* The global SSL { } block, used by SSL_GET. */
struct chk_ssl_conf {
	char *ca;	   /* ca */
	char *certificate; /* certificate */
	char *key;	   /* key */
	char *password;	   /* password */
};

struct chk_conf {
	struct chk_vs_conf *vs;
	size_t nvs;
	struct chk_ssl_conf ssl;
};

/* ---- building (each returns NULL on allocation failure) ---- */

struct chk_conf *chk_conf_new(void);
void chk_conf_free(struct chk_conf *c);
/* Appends; pointers to earlier elements of the same array may move. */
struct chk_vs_conf *chk_conf_add_vs(struct chk_conf *c, const char *name);
struct chk_rs_conf *chk_vs_add_rs(struct chk_vs_conf *vs,
				  const struct chk_addr *addr);
struct chk_probe_conf *chk_rs_add_check(struct chk_rs_conf *rs,
					enum chk_type type);
struct chk_url *chk_http_add_url(struct chk_http *h, const char *path);
int chk_url_add_status(struct chk_url *u, uint16_t lo, uint16_t hi);

void chk_knobs_unset(struct chk_knobs *k);
/* Set *dst to a copy of src (NULL stays NULL). Returns 0 or -1. */
int chk_strset(char **dst, const char *src);
/* Equal strings, or both NULL. */
bool chk_str_eq(const char *a, const char *b);

/* "TCP_CHECK"... (check/types.c) */
const char *chk_type_name(enum chk_type t);

/*
 * Whole-config checks the engine needs (ports it can connect to, URLs
 * with a path, unique names...). Returns 0, or -1 with a message naming
 * the object in err.
 */
int chk_conf_validate(const struct chk_conf *c, char *err, size_t errlen);

#endif
