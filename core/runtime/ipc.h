/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Typed messages between the parent and its children, over one
 * SOCK_SEQPACKET socketpair per child.
 *
 * Every message is a header (type, flags, payload length) and a payload that
 * is either a fixed-layout struct (no pointers, strings as NUL-terminated
 * fixed arrays) checked for its exact size, or a JSON text (an ipc_json
 * prefix, then the text and its NUL) for status snapshots. Long JSON payloads
 * travel as several datagrams flagged IPC_F_MORE and are reassembled up to a
 * bound. A file descriptor may ride along (SCM_RIGHTS) where the table says.
 *
 * This header lists every message type there is: IPC_MESSAGES below.
 */
#ifndef VIGIL_CORE_IPC_H
#define VIGIL_CORE_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include "core/runtime/event.h"

#define IPC_VERSION 1

/* Largest datagram written; larger JSON payloads are split. */
#define IPC_CHUNK (60u * 1024u)
/* Largest reassembled JSON payload accepted. */
#define IPC_MAX_PAYLOAD (32u * 1024u * 1024u)

struct ipc_hdr {
	uint16_t type;
	uint16_t flags;
	uint32_t len; /* bytes of payload in this datagram */
};

#define IPC_F_MORE 0x1u /* another datagram of this payload follows */
#define IPC_F_FD 0x2u	/* a descriptor is attached */

/* Which process a message talks about. */
enum vigil_proc {
	PROC_PARENT = 0,
	PROC_CHECK,
	PROC_VRRP,
	PROC_SYNC,
	PROC_BFD,
	PROC_MAX
};

const char *proc_name(enum vigil_proc p);

/* ---- payloads ---- */

/* Watchdog: the parent pings, the child answers with the same seq. */
struct ipc_ping {
	uint64_t seq;
};

/* A child has parsed its config snapshot and is running. */
struct ipc_ready {
	uint32_t version; /* IPC_VERSION */
	int32_t pid;
	uint64_t config_gen;
};

/* parent -> child: apply the config snapshot attached as a sealed memfd. */
struct ipc_reload {
	uint64_t config_gen;
	uint8_t hash[32]; /* SHA-256 of the snapshot */
};

/* child -> parent: result of a reload. */
struct ipc_reload_done {
	uint64_t config_gen;
	int32_t ok;	/* 1 applied, 0 refused (old config kept) */
	uint32_t changes; /* objects added, changed or removed */
	char error[256];
};

/* parent -> child: stop cleanly. */
struct ipc_shutdown {
	uint32_t flags;
};

/* What a status request asks for. */
enum ipc_query {
	IPC_Q_STATUS = 1, /* the child's summary for `vigilctl status` */
	IPC_Q_DATA,	  /* SIGUSR1 state dump */
	IPC_Q_STATS,	  /* SIGUSR2 statistics dump */
	IPC_Q_SHOW,	  /* `vigilctl show <child's topic>` */
	IPC_Q_ADMIN,	  /* the reply to an admin request (IPC_ADMIN_*) */
	IPC_Q_DO,	  /* a child's own command, named by arg ("resync") */
	IPC_Q_MAX
};

struct ipc_query_req {
	uint32_t req_id;
	uint32_t query; /* enum ipc_query */
	char arg[64];	/* query-specific, e.g. a filter */
};

/* Prefix of every JSON payload; the JSON text and its NUL follow. */
struct ipc_json {
	uint32_t req_id; /* 0 for unsolicited events */
	uint32_t query;
};

/* child -> parent: run a script from the config (the parent checks that it
 * is one) as script_user, with a timeout and bounded output. */
#define IPC_SCRIPT_CMD_MAX 1024
#define IPC_SCRIPT_OUT_MAX 512
struct ipc_script_run {
	uint64_t id;
	uint32_t timeout_ms;
	uint32_t flags; /* IPC_SCRIPT_* */
	char cmd[IPC_SCRIPT_CMD_MAX];
	/* "user" or "user group" as the config's `user` keyword of that
	 * script says; "" = global_defs script_user (or keepalived_script,
	 * else nobody). The parent refuses a user the config does not name. */
	char user[64];
};
#define IPC_SCRIPT_KEEP_OUTPUT 0x1u /* return the first bytes of stdout */

/* parent -> child: how it ended. */
struct ipc_script_done {
	uint64_t id;
	int32_t status; /* waitpid() status when result == IPC_SCRIPT_OK */
	uint32_t result; /* enum ipc_script_result */
	uint32_t duration_ms;
	uint32_t out_len;
	char out[IPC_SCRIPT_OUT_MAX];
};

/*
 * vrrp -> parent -> check, sync: an instance or a sync group changed state.
 * The parent forwards it to the other children unchanged (check uses it for
 * ha_suspend and the sync child for which side runs the sync daemon).
 */
enum ipc_vrrp_state {
	IPC_VRRP_INIT = 0,
	IPC_VRRP_BACKUP,
	IPC_VRRP_MASTER,
	IPC_VRRP_FAULT,
	IPC_VRRP_STOP,
};
struct ipc_vrrp_state_msg {
	char instance[64]; /* instance name; "" for a group-only message */
	char group[64];	   /* its vrrp_sync_group, "" if none */
	uint32_t state;	   /* enum ipc_vrrp_state */
	uint32_t prev;
	uint32_t priority; /* effective priority now */
	uint32_t vrid;
	uint64_t when_us;  /* CLOCK_MONOTONIC of the transition */
};

/*
 * bfd -> parent -> vrrp (and check): a bfd_instance's session changed
 * state, or was (re)made (prev == state). The parent relays it to the
 * other ready children and replays the last one of each session to a
 * child that becomes ready; each child acts on it if `to` names it
 * (keepalived's `vrrp` and `checker` keywords of bfd_instance).
 */
#define IPC_BFD_TO_VRRP 0x1u
#define IPC_BFD_TO_CHECK 0x2u
struct ipc_bfd_state_msg {
	char name[64];	/* the bfd_instance */
	uint32_t state; /* RFC 5880's: 0 AdminDown, 1 Down, 2 Init, 3 Up */
	uint32_t prev;
	uint32_t to; /* IPC_BFD_TO_* */
	uint32_t pad;
	uint64_t when_us; /* CLOCK_MONOTONIC of the change */
};

enum ipc_script_result {
	IPC_SCRIPT_OK = 0,
	IPC_SCRIPT_TIMEOUT,   /* killed after timeout_ms */
	IPC_SCRIPT_REFUSED,   /* not a script of the running config */
	IPC_SCRIPT_NOSTART,   /* fork/exec failed, or too many running */
};

/*
 * child -> parent: the addresses the child holds for the network (the
 * vrrp child's VIPs while MASTER), so that the parent can take them away
 * at once when it finds the child hung (core/parent/owned.c): a stopped
 * child would keep them while a peer takes over. The whole set after
 * every change, in chunks: IPC_OWNED_FIRST starts the set over,
 * IPC_OWNED_LAST completes it (an empty set is one chunk with both).
 */
#define IPC_OWNED_CHUNK 32
#define IPC_OWNED_FIRST 0x1u
#define IPC_OWNED_LAST 0x2u

struct ipc_owned_addr {
	int32_t ifindex;
	uint8_t family; /* AF_INET, AF_INET6 */
	uint8_t plen;
	uint16_t pad;
	uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes */
};

struct ipc_owned {
	uint32_t flags; /* IPC_OWNED_* */
	uint32_t n;	/* entries used, at most IPC_OWNED_CHUNK */
	struct ipc_owned_addr a[IPC_OWNED_CHUNK];
};

/*
 * parent -> child: admin requests from `vigilctl` (drain, restore, force,
 * show one object), typed by the control socket (core/cli/ctl_cmd.h) so
 * that no child parses text. Each begins with ipc_admin_hdr; the child
 * answers with QUERY_REPLY (req_id, query IPC_Q_ADMIN): a JSON object, or
 * {"error": "..."} when it refuses.
 */
#define IPC_NAME_MAX 64 /* a name with its NUL: instance, group */

struct ipc_admin_hdr {
	uint32_t req_id;
	uint32_t op; /* enum ipc_rs_op or ipc_vi_op, by message type */
};

/* An address and port. */
struct ipc_inet {
	uint8_t family; /* AF_INET, AF_INET6; 0 = none */
	uint8_t pad;
	uint16_t port;	  /* host order; 0 = none written */
	uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes */
};

enum ipc_vs_kind { IPC_VS_ADDR = 1, IPC_VS_FWMARK, IPC_VS_GROUP };

/* A virtual server as its config block names it. */
struct ipc_vs {
	uint8_t kind;	  /* enum ipc_vs_kind */
	uint8_t protocol; /* IPPROTO_TCP, _UDP, _SCTP (ADDR, GROUP) */
	uint16_t pad;
	uint32_t fwmark;	  /* FWMARK */
	struct ipc_inet addr;	  /* ADDR: address, port; FWMARK: family */
	char group[IPC_NAME_MAX]; /* GROUP */
};

enum ipc_rs_op {
	IPC_RS_DRAIN = 1, /* weight 0 until restored, whatever its health */
	IPC_RS_RESTORE,
	IPC_RS_SHOW, /* its checks; rs.family 0: the whole virtual server */
};

/* parent -> check */
struct ipc_admin_rs {
	struct ipc_admin_hdr h; /* op: enum ipc_rs_op */
	struct ipc_vs vs;
	struct ipc_inet rs;
};

enum ipc_vi_op {
	IPC_VI_FORCE = 1, /* hold `state`: MASTER, BACKUP, FAULT; INIT gives
			   * the instance back to the protocol */
	IPC_VI_SHOW,
};

/* parent -> vrrp */
struct ipc_admin_vrrp {
	struct ipc_admin_hdr h; /* op: enum ipc_vi_op */
	char instance[IPC_NAME_MAX];
	uint32_t state; /* IPC_VI_FORCE: enum ipc_vrrp_state */
	uint32_t pad;
};

/* The one table of the relayed VRRP states' names (INIT, BACKUP, MASTER,
 * FAULT, STOP), for the parent's logs, alerts and scripts and for
 * vigilctl; the parse ignores case. Header-only: vigilctl links no
 * runtime. The vrrp engine names its own states (vrrp_state_name) and maps
 * them to these in vrrp/child_msg.c. */
static inline const char *
ipc_vrrp_state_name(uint32_t s)
{
	static const char *const names[] = {
		[IPC_VRRP_INIT] = "INIT",     [IPC_VRRP_BACKUP] = "BACKUP",
		[IPC_VRRP_MASTER] = "MASTER", [IPC_VRRP_FAULT] = "FAULT",
		[IPC_VRRP_STOP] = "STOP",
	};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

static inline int
ipc_vrrp_state_parse(const char *name, uint32_t *s)
{
	for (uint32_t i = IPC_VRRP_INIT; name && i <= IPC_VRRP_STOP; i++)
		if (!strcasecmp(name, ipc_vrrp_state_name(i))) {
			*s = i;
			return 0;
		}
	return -1;
}

/* "tcp [2001:db8::1]:443", "fwmark 7 inet6", "group NAME udp": what the
 * check child calls a virtual server; "[2001:db8::2]:443" or "10.0.0.1"
 * (no port when it is 0). Write into buf and return it. */
const char *ipc_vs_fmt(const struct ipc_vs *vs, char *buf, size_t len);
const char *ipc_inet_fmt(const struct ipc_inet *a, char *buf, size_t len);
#define IPC_VS_STRLEN 96
#define IPC_INET_STRLEN 56

/*
 * X(name, payload struct or void, kind, fd)
 *   kind: IPC_FIXED (exact sizeof), IPC_EMPTY (no payload), IPC_JSON
 *   fd:   1 if a descriptor must be attached, 0 if none may be
 */
#define IPC_MESSAGES(X)                                                        \
	X(PING, struct ipc_ping, IPC_FIXED, 0)                                 \
	X(PONG, struct ipc_ping, IPC_FIXED, 0)                                 \
	X(READY, struct ipc_ready, IPC_FIXED, 0)                               \
	X(RELOAD, struct ipc_reload, IPC_FIXED, 1)                             \
	X(RELOAD_DONE, struct ipc_reload_done, IPC_FIXED, 0)                   \
	X(SHUTDOWN, struct ipc_shutdown, IPC_FIXED, 0)                         \
	X(QUERY, struct ipc_query_req, IPC_FIXED, 0)                           \
	X(QUERY_REPLY, struct ipc_json, IPC_JSON, 0)                           \
	X(SCRIPT_RUN, struct ipc_script_run, IPC_FIXED, 0)                     \
	X(SCRIPT_DONE, struct ipc_script_done, IPC_FIXED, 0)                   \
	X(EVENT, struct ipc_json, IPC_JSON, 0)                                 \
	X(VRRP_STATE, struct ipc_vrrp_state_msg, IPC_FIXED, 0)                 \
	X(ADMIN_RS, struct ipc_admin_rs, IPC_FIXED, 0)                         \
	X(ADMIN_VRRP, struct ipc_admin_vrrp, IPC_FIXED, 0)                     \
	X(OWNED, struct ipc_owned, IPC_FIXED, 0)                               \
	X(BFD_STATE, struct ipc_bfd_state_msg, IPC_FIXED, 0)

enum ipc_kind { IPC_EMPTY, IPC_FIXED, IPC_JSON };

enum ipc_type {
	IPC_NONE = 0,
#define X(name, st, kind, fd) IPC_##name,
	IPC_MESSAGES(X)
#undef X
	IPC_TYPE_MAX
};

struct ipc_type_info {
	const char *name;
	enum ipc_kind kind;
	size_t size; /* exact size (FIXED) or prefix size (JSON) */
	bool fd;
};

/* NULL for an unknown type. */
const struct ipc_type_info *ipc_type_info(unsigned type);

/* A received message. For JSON, `json` points into `payload` after the
 * prefix and is NUL-terminated. */
struct ipc_msg {
	enum ipc_type type;
	const void *payload;
	size_t len;
	const char *json;
	int fd; /* -1 if none; the handler owns it */
};

/*
 * Check a reassembled payload against the table: known type, exact size for
 * fixed structs, prefix and NUL termination for JSON, a descriptor exactly
 * where one is required; fixed structs' string fields are NUL-terminated by
 * the receiver (ipc_terminate). Returns 0 or a negative errno value.
 */
int ipc_validate(unsigned type, const void *payload, size_t len, bool has_fd);
/* Force NUL into the last byte of every string field of a fixed payload. */
void ipc_terminate(unsigned type, void *payload);

/* ---- a connection ---- */

struct ipc_conn;
/* Called for every valid message. */
typedef void (*ipc_msg_cb)(struct ipc_conn *c, const struct ipc_msg *m,
			   void *arg);
/* Called once when the peer goes away or the stream is corrupt; the owner
 * then frees the connection. */
typedef void (*ipc_close_cb)(struct ipc_conn *c, int err, void *arg);

struct ipc_stats {
	uint64_t rx_msgs, tx_msgs;
	uint64_t rx_bad;   /* dropped: unknown type, wrong size, no fd... */
	uint64_t tx_queued_max;
};

/* Takes ownership of fd (non-blocking SEQPACKET). NULL on allocation error. */
struct ipc_conn *ipc_conn_new(struct ev_loop *loop, int fd, ipc_msg_cb on_msg,
			      ipc_close_cb on_close, void *arg);
void ipc_conn_free(struct ipc_conn *c);
const struct ipc_stats *ipc_conn_stats(const struct ipc_conn *c);
int ipc_conn_fd(const struct ipc_conn *c);

/* Queue a message; sent as soon as the socket takes it. fd (or -1) is
 * duplicated, the caller keeps its own. Returns 0 or -1/errno (EINVAL if the
 * payload does not match the table, ENOBUFS if the queue bound is hit,
 * EPIPE if the peer is gone or c is NULL: its end was freed). */
int ipc_send(struct ipc_conn *c, enum ipc_type type, const void *payload,
	     size_t len, int fd);
/* JSON payload: prefix then text (copied). */
int ipc_send_json(struct ipc_conn *c, enum ipc_type type, uint32_t req_id,
		  uint32_t query, const char *json);
/* Bytes waiting in the output queue. */
size_t ipc_pending(const struct ipc_conn *c);
/* Try to write everything queued now, blocking up to timeout (used only at
 * shutdown). Returns 0 when the queue is empty. */
int ipc_flush(struct ipc_conn *c, ev_time_t timeout);

/* A connected non-blocking, close-on-exec SEQPACKET pair. */
int ipc_socketpair(int sv[2]);

#endif
