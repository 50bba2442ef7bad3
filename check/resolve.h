/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * keepalived's inheritance, applied once when the engine is built: a knob
 * not set on a checker comes from its real server, then its virtual
 * server, then the default (check/types.h: some depend on the checker
 * type). A config from the model (xlate.h) has every knob set already.
 * The result is a self-contained checker config with every knob set,
 * which is also what identical checkers are recognised by. Pure.
 */
#ifndef VIGIL_CHECK_RESOLVE_H
#define VIGIL_CHECK_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/conf.h"
#include "check/probe.h"

/* Returns 0 with *out filled (free it with chk_probe_conf_release), or -1
 * with a message in err. */
int chk_probe_resolve(const struct chk_vs_conf *vs,
		      const struct chk_rs_conf *rs,
		      const struct chk_probe_conf *pc,
		      const struct probe_ops *ops, struct chk_probe_conf *out,
		      char *err, size_t errlen);
void chk_probe_conf_release(const struct probe_ops *ops,
			    struct chk_probe_conf *c);

/* Identity of resolved checkers: same type, target, knobs and options. */
bool chk_probe_conf_equal(const struct probe_ops *ops,
			  const struct chk_probe_conf *a,
			  const struct chk_probe_conf *b);
uint64_t chk_probe_conf_hash(const struct probe_ops *ops,
			     const struct chk_probe_conf *c);

/* Whether a real server is inhibited on failure (its own, else its VS's). */
bool chk_rs_inhibit(const struct chk_vs_conf *vs, const struct chk_rs_conf *rs);

#endif
