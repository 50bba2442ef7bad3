/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "IPVS" generic-netlink messages, without sockets: requests are built
 * in place in a small buffer (no allocation: a large change encodes tens of
 * thousands), replies are decoded from the bytes of a datagram with libnl's
 * attribute parser and a policy per nest.
 *
 * Requests carry no sequence number or flags yet; the sender (nl.c) sets
 * them when it queues the message. Every decoder checks lengths before it
 * reads; a reply is outside input (ipvs_msg_decode has a fuzz target).
 */
#ifndef VIGIL_IPVS_CODEC_H
#define VIGIL_IPVS_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/netlink.h>

#include "ipvs/model.h"

/*
 * A request, built in place: a header and attributes, at most
 * IPVS_REQ_MAX bytes (a destination with its service's key, the largest,
 * is under 200). Encoders return 0, or -1 with EINVAL for a bad entry.
 */
#define IPVS_REQ_MAX 256

struct ipvs_req {
	union {
		struct nlmsghdr h; /* h.nlmsg_len: the bytes used */
		uint8_t b[IPVS_REQ_MAX];
	};
};

int ipvs_enc_op(struct ipvs_req *r, uint16_t family, const struct ipvs_op *op);
/* A command with no attributes: IPVS_CMD_GET_SERVICE (dump),
 * IPVS_CMD_GET_INFO, IPVS_CMD_GET_CONFIG, IPVS_CMD_GET_DAEMON (dump),
 * IPVS_CMD_FLUSH, IPVS_CMD_ZERO. */
int ipvs_enc_cmd(struct ipvs_req *r, uint16_t family, int cmd);
/* IPVS_CMD_GET_DEST (dump) for one service. */
int ipvs_enc_get_dests(struct ipvs_req *r, uint16_t family,
		       const struct ipvs_svc_key *k);
int ipvs_enc_timeouts(struct ipvs_req *r, uint16_t family,
		      const struct ipvs_timeouts *t);
/* IPVS_CMD_NEW_DAEMON with every set field, or IPVS_CMD_DEL_DAEMON with
 * the state only. */
int ipvs_enc_daemon(struct ipvs_req *r, uint16_t family, int cmd,
		    const struct ipvs_daemon *d);

enum ipvs_msg_kind {
	IPVS_MSG_ACK,	  /* NLMSG_ERROR: error 0 is a plain ack */
	IPVS_MSG_DONE,	  /* end of a dump, error in .error */
	IPVS_MSG_SERVICE, /* a service from a dump */
	IPVS_MSG_DEST,	  /* a destination from a dump */
	IPVS_MSG_DAEMON,  /* a sync daemon from a dump */
	IPVS_MSG_CONFIG,  /* timeouts */
	IPVS_MSG_INFO,	  /* version and connection table size */
	IPVS_MSG_NOOP,	  /* nothing to act on (NLMSG_NOOP...) */
	IPVS_MSG_INVALID, /* framed, but its contents are malformed */
};

struct ipvs_msg {
	enum ipvs_msg_kind kind;
	uint32_t seq;
	uint16_t nlflags;
	bool last; /* ends its request: an ack, an error, a dump's end */
	int error; /* ACK, DONE, INVALID: 0 or a positive errno */
	union {
		struct ipvs_service svc; /* without destinations */
		struct ipvs_dest dest;
		struct ipvs_daemon daemon;
		struct ipvs_timeouts timeouts;
		struct ipvs_info info;
	};
};

/*
 * Decode the netlink message at the start of buf (len bytes left in the
 * datagram) for the IPVS family id `family`. Returns the bytes it spans
 * (aligned, at most len), or -1 with EBADMSG when buf does not start with a
 * well-framed message: the rest of the datagram cannot be read then.
 */
ssize_t ipvs_msg_decode(const void *buf, size_t len, uint16_t family,
			struct ipvs_msg *m);

#endif
