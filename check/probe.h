/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A probe type is one ops struct in one file (check/probe_*.c) and one line
 * in the registry (check/registry.c). A probe only *reports* a typed result
 * with a reason; the scheduler (check/sched.c) owns timing, the deadline of
 * every run, retries, state changes and logging, and does not know which
 * probe type it drives.
 *
 * One run: the scheduler calls start(); the probe does its non-blocking
 * work on the loop and calls p->report() exactly once, then holds no fd
 * and no watcher. If the run's deadline passes first, the scheduler calls
 * cancel() instead, and the probe says in `why` what the run was waiting
 * for (connect-timeout, no-reply, or even success for UDP_CHECK without
 * require_reply, which passes when no ICMP error came back in time).
 */
#ifndef VIGIL_CHECK_PROBE_H
#define VIGIL_CHECK_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/conf.h"
#include "core/runtime/event.h"

enum chk_reason {
	CHK_R_OK = 0,
	CHK_R_ALPHA,	       /* no result yet; started down (alpha) */
	CHK_R_CONNECT_TIMEOUT, /* no answer to the connection attempt */
	CHK_R_REFUSED,	       /* RST to our SYN, ICMP port unreachable */
	CHK_R_RESET,	       /* connection reset once established */
	CHK_R_UNREACHABLE,     /* host or network unreachable */
	CHK_R_TIMEOUT,	       /* connected, but the answer did not come */
	CHK_R_CLOSED,	       /* peer closed before a complete answer */
	CHK_R_TLS,	       /* TLS handshake failed or alert received */
	CHK_R_TLS_VERIFY,      /* peer certificate did not verify */
	CHK_R_BAD_RESPONSE,    /* not a well-formed HTTP response */
	CHK_R_BAD_STATUS,      /* HTTP status not accepted (code) */
	CHK_R_TOO_LARGE,       /* headers or body over their bound */
	CHK_R_DIGEST,	       /* body MD5 differs from `digest` */
	CHK_R_REGEX,	       /* body does not (or does) match `regex` */
	CHK_R_REGEX_ERROR,     /* regex gave no answer: match limit... */
	CHK_R_BAD_BANNER,      /* SMTP greeting not 220 (code) */
	CHK_R_HELO_REJECTED,   /* SMTP HELO not answered 250 (code) */
	CHK_R_NO_REPLY,	       /* datagram probes: nothing came back */
	CHK_R_BAD_REPLY,       /* reply does not match what was asked */
	CHK_R_DNS_RCODE,       /* DNS answer with an error RCODE (code) */
	CHK_R_SCRIPT_EXIT,     /* MISC_CHECK exited non-zero (code) */
	CHK_R_SCRIPT_SIGNAL,   /* MISC_CHECK killed by a signal (code) */
	CHK_R_SCRIPT_TIMEOUT,  /* MISC_CHECK ran past misc_timeout */
	CHK_R_SCRIPT_ERROR,    /* MISC_CHECK could not be started */
	CHK_R_AGENT_DOWN,      /* agent said down / fail / stopped */
	CHK_R_AGENT_MAINT,     /* agent said maint */
	CHK_R_FILE_FAULT,      /* FILE_CHECK value means fault (code) */
	CHK_R_FILE_ERROR,      /* FILE_CHECK could not read the file */
	CHK_R_LOCAL,	       /* local failure: socket, bind (code errno) */
	CHK_R_MAX
};

/* What a result does to the real server's weight (dynamic checkers). */
enum chk_weight_kind {
	CHK_W_KEEP = 0, /* no change: keep what the checker last set */
	CHK_W_RESET,	/* back to the configured weight */
	CHK_W_ABS,	/* this weight (MISC_CHECK misc_dynamic) */
	CHK_W_PERCENT,	/* this % of the configured weight (agent) */
	CHK_W_DELTA,	/* configured weight + value (FILE_CHECK dynamic) */
};

struct chk_weight {
	uint8_t kind; /* enum chk_weight_kind */
	int64_t value;
};

#define CHK_DETAIL_MAX 64

struct chk_result {
	uint16_t reason; /* enum chk_reason */
	int32_t code;	 /* status, rcode, exit status, signal, errno */
	struct chk_weight weight;
	char detail[CHK_DETAIL_MAX]; /* e.g. the agent's "#text", TLS error */
};

/* "bad-status-503", "connect-timeout"... */
const char *chk_reason_fmt(const struct chk_result *r, char *buf, size_t len);
const char *chk_reason_name(enum chk_reason reason);
void chk_result_set(struct chk_result *r, enum chk_reason reason, int code);
/* Set the detail text (truncated to fit). */
void chk_result_detail(struct chk_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A result from a socket errno (ECONNREFUSED -> refused, ...). */
void chk_result_errno(struct chk_result *r, int err, bool connected);

/* ---- running commands (MISC_CHECK) ---- */

enum chk_script_status {
	CHK_SCRIPT_EXITED = 0, /* code: exit status */
	CHK_SCRIPT_SIGNALED,   /* code: signal */
	CHK_SCRIPT_TIMEOUT,    /* killed after the timeout */
	CHK_SCRIPT_NOSTART,    /* could not be started (code: errno) */
};

struct chk_script_req {
	const char *cmd;   /* misc_path, as written */
	const char *user;  /* user ..., or NULL */
	ev_time_t timeout; /* kill it after this */
};

typedef void (*chk_script_done_fn)(void *arg, enum chk_script_status st,
				   int code);

/*
 * Injected by the owner of the engine: in vigild the check child sends
 * IPC_SCRIPT_RUN to the parent and gets IPC_SCRIPT_DONE back; in tests a
 * local runner forks. run() returns a non-zero handle and calls done()
 * exactly once, later, from the loop; or returns 0 (done never called) if
 * it cannot take the request. cancel() forgets a run: done is not called.
 */
struct chk_script_ops {
	uint64_t (*run)(void *arg, const struct chk_script_req *req,
			chk_script_done_fn done, void *done_arg);
	void (*cancel)(void *arg, uint64_t handle);
};

/* ---- the environment probes share ---- */

struct probe_env {
	struct ev_loop *loop;
	const struct chk_script_ops *script;
	void *script_arg;
	const struct chk_ssl_conf *ssl; /* the SSL { } block */
	char hostname[64];		/* default SMTP helo_name */
	uint64_t rng;			/* xorshift state: ids, payloads */
	/* Per-type state shared by all probes of a type (the ICMP sockets,
	 * the SSL_CTX, the inotify fd), owned by that type's file. */
	void *shared[CHK_TYPE_MAX];
};

uint64_t probe_rand(struct probe_env *env);

struct probe;
typedef void (*probe_report_fn)(struct probe *p, const struct chk_result *r);

struct probe {
	const struct probe_ops *ops;
	const struct chk_probe_conf *conf; /* resolved: every knob set */
	struct probe_env *env;
	void *priv;		/* ops->priv_size bytes, zeroed, kept */
	probe_report_fn report; /* set by the owner */
	void *owner;
	/* Ask the owner to run the probe now (FILE_CHECK on inotify). */
	void (*kick)(struct probe *p);
};

struct probe_ops {
	enum chk_type type;
	const char *name; /* keepalived's block name */
	size_t priv_size; /* per-probe state kept across runs */
	/* Is this resolved config usable? 0, or -1 with a message in err
	 * (a reload is refused then). Pure. May be NULL. */
	int (*validate)(const struct chk_probe_conf *c, char *err,
			size_t errlen);
	/* Set up what lives as long as the probe (compiled regex...). Fails
	 * only for lack of memory; resources that can fail at run time
	 * (sockets) are made by start() and failures reported. May be NULL. */
	int (*init)(struct probe *p, char *err, size_t errlen);
	void (*fini)(struct probe *p);
	void (*start)(struct probe *p);
	void (*cancel)(struct probe *p, struct chk_result *why);
	/* The run's deadline (NULL: connect_timeout). */
	ev_time_t (*budget)(const struct chk_probe_conf *c);
	/* Type-specific config: deep copy, free, compare, hash. */
	int (*conf_copy)(struct chk_probe_conf *dst,
			 const struct chk_probe_conf *src);
	void (*conf_free)(struct chk_probe_conf *c);
	bool (*conf_equal)(const struct chk_probe_conf *a,
			   const struct chk_probe_conf *b);
	uint64_t (*conf_hash)(const struct chk_probe_conf *c, uint64_t h);
	/* (The type's defaults and whether it connects to a port are in
	 * check/types.h, with the config's.) */
	bool immediate; /* knows the state at once (FILE): no alpha, no retry */
	void (*shared_free)(struct probe_env *env);
};

/* The built-in table, indexed by enum chk_type. */
extern const struct probe_ops *const chk_probe_registry[CHK_TYPE_MAX];

/* Each probe file's ops. */
extern const struct probe_ops probe_tcp_ops;
extern const struct probe_ops probe_http_ops;
extern const struct probe_ops probe_ssl_ops;
extern const struct probe_ops probe_ping_ops;
extern const struct probe_ops probe_udp_ops;
extern const struct probe_ops probe_smtp_ops;
extern const struct probe_ops probe_dns_ops;
extern const struct probe_ops probe_misc_ops;
extern const struct probe_ops probe_file_ops;
extern const struct probe_ops probe_agent_ops;

#endif
