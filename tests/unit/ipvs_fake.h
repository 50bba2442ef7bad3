/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake kernel for the IPVS client's unit tests: an ipvs_nl_io transport
 * that parses the requests it is sent, keeps an IPVS table in memory with
 * the kernel's rules and errors (net/netfilter/ipvs/ip_vs_ctl.c), and
 * answers as the kernel does: an ack or error per request in the same
 * call, dumps in several datagrams produced as they are read, and a
 * receive buffer that drops answers (ENOBUFS) when it overflows.
 */
#ifndef VIGIL_TESTS_UNIT_IPVS_FAKE_H
#define VIGIL_TESTS_UNIT_IPVS_FAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "ipvs/model.h"
#include "ipvs/nl.h"

#define FAKE_FAMILY 0x1c

struct fake_kernel {
	struct ipvs_table t; /* the table, sorted (tests that add to it
				    * directly sort it after) */
	struct ipvs_timeouts tmo;
	struct ipvs_daemon daemons[2];
	size_t ndaemons;
	const char *scheds; /* space-separated schedulers "loaded" */

	/* answers waiting to be read */
	struct fake_dgram {
		unsigned char *buf;
		size_t len;
	} * q;
	size_t qhead, qn, qcap;
	size_t rcv_limit;   /* datagrams the buffer holds; more are dropped */
	bool overflowed;    /* the next recv fails with ENOBUFS */
	int send_errno;	    /* the next send fails with this */
	int del_errno;	    /* every DEL_SERVICE/DEL_DEST fails with this,
			     * the entry stays (EBUSY, as a busy module) */
	bool truncate_next; /* the next datagram read is MSG_TRUNC */

	/* a dump in progress */
	bool dumping;
	unsigned dump_cmd;
	uint32_t dump_seq;
	struct ipvs_svc_key dump_key;
	size_t dump_pos, dump_chunk;

	/* what was seen */
	size_t sends, requests, max_batch, max_queued, resets;
	int efd;
};

/* A transport over a new fake (freed with the client). */
struct fake_kernel *fake_new(void);
struct ipvs_nl *fake_open(struct fake_kernel *fk, size_t window);
/* Find in the fake's table (NULL if absent). */
struct ipvs_service *fake_find_svc(struct fake_kernel *fk,
				   const struct ipvs_svc_key *k);
/* Append a datagram of raw bytes to the answers (hostile input). */
void fake_inject(struct fake_kernel *fk, const void *buf, size_t len);

#endif
