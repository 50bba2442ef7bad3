/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bfd child's state, private to bfd/. */
#ifndef VIGIL_BFD_CHILD_INT_H
#define VIGIL_BFD_CHILD_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "bfd/pkt.h"
#include "bfd/session.h"
#include "core/runtime/child.h"
#include "core/runtime/event.h"
#include "core/runtime/ipaddr.h"

struct conf;
struct conf_bfd;

/* A bfd_instance as the child runs it: the parts of its config that
 * need a new socket, then the session. */
struct bfd_inst {
	struct bfd_inst *next;
	char name[IPC_NAME_MAX];
	struct ipaddr neighbor, source;
	uint32_t ttl;	   /* ttl (IPv4) or hoplimit (IPv6) sent */
	uint32_t max_hops; /* received TTL >= ttl - max_hops; 255: any */
	uint32_t to;	   /* IPC_BFD_TO_* */
	int fd;		   /* the sending socket */
	uint16_t sport;
	struct ev_timer timer;
	struct bfd_sess s;
	struct bfd_child *bc;
	uint64_t rx_ttl; /* packets dropped for their TTL (GTSM) */
	uint64_t tx_err;
	bool seen; /* reload: still in the config */
};

struct bfd_rx {
	int fd;
	struct ev_io io;
	struct bfd_child *bc;
};

struct bfd_child {
	struct child_ctx *cx;
	struct ev_loop *loop;
	struct bfd_inst *inst;
	struct bfd_rx rx4, rx6;
	uint64_t rng;
	uint64_t dropped[BFD_E_MAX]; /* by bfd_pkt_decode()'s reason */
	uint64_t unknown;	     /* valid packets of no session */
	bool stopping;
};

/* query.c */
struct json_object *bfd_child_query(void *st, enum ipc_query q,
				    const char *arg);

#endif
