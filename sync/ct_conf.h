/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conntrack_sync as plain, comparable data for the child (ct.c): what the
 * model says, with the key read and the addresses parsed.
 */
#ifndef VIGIL_SYNC_CT_CONF_H
#define VIGIL_SYNC_CT_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sync/chan_sock.h"
#include "sync/ct_conv.h"

struct conf;

struct ct_conf {
	struct sch_sock_conf ch;
	char instance[64];
	uint32_t cache_max, queue;
	uint32_t nl_buffer; /* the events socket's receive buffer, bytes */
	uint64_t alive_us;
	uint8_t mode, commit; /* enum conf_ct_mode, conf_ct_commit */
	bool track_local;
	struct ct_filter_net ignore[CT_FILTER_MAX];
	size_t nignore;
	/* the config's virtual addresses: never "own" */
	struct ipaddr vips[CT_FILTER_MAX];
	size_t nvips;
};

/* 0, or -1 with err set (the key file unreadable...). Zeroes *cc first,
 * so two results compare with memcmp. */
int ct_conf_from_model(struct ct_conf *cc, const struct conf *c, char *err,
		       size_t errlen);

#endif
