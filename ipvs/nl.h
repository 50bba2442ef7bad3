/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A pipelined client for the kernel's "IPVS" generic-netlink family.
 *
 * Requests are queued, each with its own callbacks, and sent back to back:
 * many per sendmsg(), each with its own sequence number and NLM_F_ACK, up
 * to a window of requests in flight that the receive buffer can hold the
 * answers of. Answers are read many per recvmmsg() and matched to their
 * request by sequence number, so an error names its request and the
 * others go on. Dumps (reads) run one at a time, as netlink requires, while
 * other requests keep flowing.
 *
 * Non-blocking: an event loop watches ipvs_nl_fd() for ipvs_nl_events()
 * and calls ipvs_nl_pump() when it is ready. Tools and tests use
 * ipvs_nl_wait(), which pumps until nothing is pending.
 *
 * Callbacks run from ipvs_nl_pump() (or ipvs_nl_abort()); they may queue
 * new requests but must not free the client.
 */
#ifndef VIGIL_IPVS_NL_H
#define VIGIL_IPVS_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "ipvs/codec.h"
#include "ipvs/model.h"

struct ipvs_nl;

/* A reply message of a request (a service of a dump, the info...). */
typedef void (*ipvs_reply_cb)(void *arg, const struct ipvs_msg *m);
/* The request ended: err 0, or a positive errno (the kernel's, or EBADMSG
 * for a malformed reply, ENOBUFS when replies were lost, ECANCELED when
 * the client was aborted). */
typedef void (*ipvs_done_cb)(void *arg, int err);

/*
 * How bytes reach the kernel: its socket, or a fake in unit tests.
 * send: one datagram; bytes sent or -1 with errno (EAGAIN: try later).
 * recv: like recvmmsg() with MSG_DONTWAIT: datagrams received, 0 when
 *       none is ready, -1 with errno (ENOBUFS: replies were dropped).
 * reset: drop all state (a new socket); the new fd, or -1 with errno.
 */
struct ipvs_nl_io {
	ssize_t (*send)(void *ctx, const void *buf, size_t len);
	int (*recv)(void *ctx, struct mmsghdr *msgs, unsigned n);
	int (*reset)(void *ctx);
	int (*fd)(void *ctx);
	void (*free)(void *ctx);
};

/* Counters for `vigilctl show` and tests. */
struct ipvs_nl_stats {
	uint64_t requests, datagrams_out, datagrams_in, replies;
	uint64_t bad_replies;	/* malformed, dropped */
	uint64_t stray_replies; /* no request waiting for them */
	uint64_t resets;	/* replies lost; socket reopened */
};

/* Opens a socket to the kernel's IPVS family. NULL with errno (ENOENT:
 * the kernel has no IPVS, i.e. ip_vs is not loaded). */
struct ipvs_nl *ipvs_nl_open(void);
/*
 * net_namespace_ipvs: the IPVS table of another network namespace. A
 * socket lives in the namespace it was made in, whatever its user does
 * later; ipvs_nl_socket_in() makes a generic-netlink socket inside the
 * namespace of netns_fd (a /proc/PID/ns/net or /var/run/netns/NAME file):
 * a short-lived thread enters it and makes and binds the socket there
 * (the caller's thread stays where it is). It needs CAP_SYS_ADMIN and
 * setns(2), so a sandboxed process makes it before it gives them up. The
 * socket, or -1 with errno (EPERM without CAP_SYS_ADMIN, EINVAL when
 * netns_fd is no network namespace).
 *
 * ipvs_nl_open_sock() is ipvs_nl_open() over such a socket: the client
 * works on a duplicate, and sock stays the caller's, to open again after
 * a failure (ENOENT: ip_vs not loaded yet). Its client never makes a
 * socket of its own: where ipvs_nl_open()'s would make a new one (replies
 * lost, ipvs_nl_abort()), it reads what is queued away and goes on with
 * the same.
 */
int ipvs_nl_socket_in(int netns_fd);
struct ipvs_nl *ipvs_nl_open_sock(int sock);
/* The same over another transport (tests); takes ctx (io->free). */
struct ipvs_nl *ipvs_nl_open_io(const struct ipvs_nl_io *io, void *ctx,
				uint16_t family, size_t window);
/* Pending requests are dropped without their callbacks. */
void ipvs_nl_close(struct ipvs_nl *nl);

int ipvs_nl_fd(const struct ipvs_nl *nl);
uint16_t ipvs_nl_family(const struct ipvs_nl *nl);
#define IPVS_NL_READ 0x1u
#define IPVS_NL_WRITE 0x4u
/* What to wait for: READ while answers are due, WRITE while requests wait
 * to be sent and the window has room. 0 when idle. */
unsigned ipvs_nl_events(const struct ipvs_nl *nl);
/*
 * Send what may be sent, read what has arrived, run callbacks. Returns 0;
 * 1 when the socket had to be replaced (replies were lost: every request
 * in flight failed with ENOBUFS) and the fd changed; -1 with errno when
 * the socket failed and could not be replaced (all requests failed).
 */
int ipvs_nl_pump(struct ipvs_nl *nl);
/* Requests queued or in flight. */
size_t ipvs_nl_pending(const struct ipvs_nl *nl);
/* Blocking: pump until nothing is pending, at most timeout_ms (-1: no
 * limit). 0, or -1 with ETIMEDOUT (requests stay pending) or the pump's
 * errno. */
int ipvs_nl_wait(struct ipvs_nl *nl, int timeout_ms);
/* Fail every pending request with err (e.g. ETIMEDOUT from the caller's
 * timer) and start afresh on a new socket. */
void ipvs_nl_abort(struct ipvs_nl *nl, int err);
void ipvs_nl_get_stats(const struct ipvs_nl *nl, struct ipvs_nl_stats *st);

/*
 * Queue a request built by codec.h (copied; the sequence number and flags
 * are set here). dump: a NLM_F_DUMP request, else NLM_F_ACK. reply may be
 * NULL. Returns 0, or -1 with errno (ENOMEM).
 */
int ipvs_nl_submit(struct ipvs_nl *nl, const struct ipvs_req *req, bool dump,
		   ipvs_reply_cb reply, ipvs_done_cb done, void *arg);

/* Shorthands that encode and submit. */
int ipvs_nl_queue_op(struct ipvs_nl *nl, const struct ipvs_op *op,
		     ipvs_done_cb done, void *arg);
int ipvs_nl_queue_cmd(struct ipvs_nl *nl, int cmd, bool dump,
		      ipvs_reply_cb reply, ipvs_done_cb done, void *arg);
/* IPVS_CMD_NEW_DAEMON (d's every set field) or IPVS_CMD_DEL_DAEMON (d's
 * state) for an event loop; the running daemons are a dump of
 * IPVS_CMD_GET_DAEMON through ipvs_nl_queue_cmd (IPVS_MSG_DAEMON
 * replies). -1 with errno: EINVAL for another cmd, ENOMEM. */
int ipvs_nl_queue_daemon(struct ipvs_nl *nl, int cmd,
			 const struct ipvs_daemon *d, ipvs_done_cb done,
			 void *arg);

/* Blocking shorthands for tools and tests: 0 or -1 with errno. */
int ipvs_get_info(struct ipvs_nl *nl, struct ipvs_info *info);
int ipvs_get_timeouts(struct ipvs_nl *nl, struct ipvs_timeouts *t);
int ipvs_set_timeouts(struct ipvs_nl *nl, const struct ipvs_timeouts *t);
int ipvs_flush(struct ipvs_nl *nl);
int ipvs_zero(struct ipvs_nl *nl);
int ipvs_daemon_start(struct ipvs_nl *nl, const struct ipvs_daemon *d);
int ipvs_daemon_stop(struct ipvs_nl *nl, uint32_t state);
/* What a kernel errno means for starting a sync daemon: EINVAL is also
 * the kernel's answer while a mixed-family destination exists. */
const char *ipvs_daemon_strerror(int err);
/* Up to two daemons (master, backup); *n gets how many run. */
int ipvs_daemon_get(struct ipvs_nl *nl, struct ipvs_daemon d[2], size_t *n);

#endif
