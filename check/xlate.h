/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * From the config model (core/conf/conf_model.h, after conf_validate) to what the
 * check child runs. Both are pure: no socket, no clock, no log.
 *
 *   chk_conf_from_model()  the checker engine's config (check/conf.h): one
 *                          chk_vs_conf per virtual_server and one
 *                          chk_rs_conf per real_server, in config order, so
 *                          the engine's (vs_idx, rs_idx) are the model's
 *                          list positions.
 *   chk_ipvs_want()        the desired IPVS table = f(config, health): the
 *                          services of every virtual server (a group gives
 *                          one per address of its ranges and per fwmark),
 *                          each with the real servers the health says are
 *                          in the pool, at the weight it says, and the
 *                          sorry server while it is in (or at weight 0 with
 *                          sorry_server_inhibit).
 *   chk_vs_name()          the name a virtual server goes by in logs,
 *                          events, status and across reloads.
 */
#ifndef VIGIL_CHECK_XLATE_H
#define VIGIL_CHECK_XLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/conf.h"
#include "ipvs/model.h"

struct conf;
struct conf_vs;

/* "tcp 192.0.2.10:80", "udp [2001:db8::1]:53", "fwmark 7", "fwmark 7
 * inet6", "group NAME tcp". Returns buf. */
#define CHK_VS_NAMELEN 160
char *chk_vs_name(const struct conf_vs *vs, char *buf, size_t len);

/* NULL with err set (or on allocation failure). */
struct chk_conf *chk_conf_from_model(const struct conf *c, char *err,
				     size_t errlen);

/* The health of the pool, asked per (virtual server, real server) index. */
struct chk_health {
	/* In the table? With which weight. */
	bool (*rs_dest)(void *arg, size_t vs, size_t rs, int64_t *weight);
	/* Is the sorry server in (quorum lost)? */
	bool (*sorry_in)(void *arg, size_t vs);
	void *arg;
};

/* Entries a virtual_server_group range may expand to, at most. */
#define CHK_VSG_RANGE_MAX 256u

/*
 * Fill *out (initialized by the caller, left sorted) with the desired
 * table. Returns 0, or -1 with err set: ENOMEM, or EINVAL for a group that
 * is missing or a range too large.
 */
int chk_ipvs_want(const struct conf *c, const struct chk_health *h,
		  struct ipvs_table *out, char *err, size_t errlen);

#endif
