// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reload: compare the running config with a new one, instance by instance
 * (matched by name). An unchanged instance keeps its state, timers and
 * addresses. A changed one is updated in place: priority, timers,
 * authentication, addresses (only the difference is applied), peers,
 * tracking, notify. Only a new identity (VRID, interface, family, version,
 * VMAC) replaces the instance, which then resigns first like a stop.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_engine_priv.h"

static int
apply_in_place(struct vrrp_engine *e, struct vrrp_instance *vi,
	       const struct vrrp_instance_conf *nc, unsigned chg)
{
	struct vrrp_instance_conf old;

	if (vi->conf.promote_secondaries != nc->promote_secondaries)
		vrrp_owned_promote(e, vi, false); /* taken again below */
	old = vi->conf;
	if (vrrp_instance_conf_copy(&vi->conf, nc) < 0) {
		vi->conf = old;
		return -1;
	}
	if (vi->state != VRRP_STATE_INIT)
		vrrp_owned_promote(e, vi, true);
	free(vi->vip_addrs);
	vi->vip_addrs = calloc(nc->nvips + 1, sizeof(*vi->vip_addrs));
	if (!vi->vip_addrs) {
		vrrp_instance_conf_clear(&old);
		return -1;
	}
	for (size_t i = 0; i < nc->nvips; i++)
		vi->vip_addrs[i] = nc->vips[i].addr;
	if (chg & VRRP_CHG_ADDRS)
		vrrp_owned_reconcile(e, vi, &old);
	if (chg & VRRP_CHG_AUTH) {
		memset(&vi->hmac_rx, 0, sizeof(vi->hmac_rx));
		vi->ah_seq_rx_valid = false;
	}
	if ((chg & VRRP_CHG_PEERS) && !vi->if_missing) {
		vrrp_io_detach(e, vi);
		if (vrrp_io_attach(e, vi) < 0)
			log_err("vrrp instance=%s reload=sockets error=%s",
				vi->conf.name, strerror(errno));
		vrrp_io_resolve_source(vi);
	}
	if (chg & VRRP_CHG_PEERS) /* refreshed after the reload */
		vi->no_peer =
			vi->conf.unicast_fault_no_peer && !vi->conf.npeers;
	/* The interval takes effect at the next advertisement or timeout. */
	if ((chg & VRRP_CHG_TIMERS) && vi->state == VRRP_STATE_BACKUP &&
	    vi->conf.version == 2)
		vi->master_adver_int_cs = vi->conf.adver_int_cs;
	vrrp_instance_conf_clear(&old);
	return 0;
}

/* The old instance that the new config's instance c continues, if any. */
static struct vrrp_instance *
take_old(struct vrrp_instance **old, size_t nold,
	 const struct vrrp_instance_conf *c)
{
	for (size_t i = 0; i < nold; i++)
		if (old[i] && !strcmp(old[i]->conf.name, c->name)) {
			struct vrrp_instance *vi = old[i];

			old[i] = NULL;
			return vi;
		}
	return NULL;
}

static struct vrrp_instance *
carry(struct vrrp_engine *e, struct vrrp_instance **old, size_t nold,
      const struct vrrp_instance_conf *c, unsigned *changes)
{
	struct vrrp_instance *vi = take_old(old, nold, c);
	unsigned chg;

	if (!vi) {
		(*changes)++;
		return vrrp_instance_new(e, c);
	}
	chg = vrrp_instance_conf_diff(&vi->conf, c);
	if (!chg)
		return vi;
	(*changes)++;
	log_notice("vrrp instance=%s reload=%s changes=0x%x", c->name,
		   chg & VRRP_CHG_IDENTITY ? "replace" : "update", chg);
	if (!(chg & VRRP_CHG_IDENTITY) && apply_in_place(e, vi, c, chg) == 0)
		return vi;
	vrrp_instance_stop(e, vi);
	vrrp_instance_free(e, vi);
	return vrrp_instance_new(e, c);
}

static void
retire(struct vrrp_engine *e, struct vrrp_instance **old, size_t nold,
       unsigned *changes)
{
	for (size_t i = 0; i < nold; i++) {
		if (!old[i])
			continue;
		(*changes)++;
		log_notice("vrrp instance=%s reload=remove", old[i]->conf.name);
		old[i]->removed = true;
		vrrp_instance_stop(e, old[i]);
		vrrp_instance_free(e, old[i]);
	}
}

/* Trackers the new config still has, unchanged, keep running (and their
 * state); the others stop, new ones start. */
static void
rebuild_trackers(struct vrrp_engine *e)
{
	struct vrrp_tracker **old = e->trackers;
	size_t nold = e->ntrackers;

	e->trackers = NULL;
	e->ntrackers = 0;
	if (vrrp_trackers_build(e, old, nold) < 0)
		log_err("vrrp reload=trackers error=%s", strerror(errno));
	for (size_t i = 0; i < nold; i++)
		if (old[i])
			vrrp_tracker_free(old[i]);
	free(old);
	if (e->started)
		vrrp_trackers_start(e);
}

int
vrrp_engine_reload(struct vrrp_engine *e, const struct vrrp_config *cfg,
		   char *err, size_t errlen)
{
	struct vrrp_config *ncfg, *ocfg = e->cfg;
	struct vrrp_instance **old = e->inst, **inst;
	size_t nold = e->ninst;
	unsigned changes = 0;

	if (vrrp_config_check(cfg, err, errlen) < 0)
		return -1;
	ncfg = vrrp_config_dup(cfg);
	inst = calloc(cfg->ninst + 1, sizeof(*inst));
	if (!ncfg || !inst) {
		vrrp_config_free(ncfg);
		free(inst);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	vrrp_groups_retire(e, ncfg);
	vrrp_groups_free(e);
	e->cfg = ncfg;
	e->inst = inst;
	e->ninst = 0;
	/* Instances first, while the old trackers they use still exist. */
	for (size_t i = 0; i < ncfg->ninst; i++) {
		struct vrrp_instance *vi =
			carry(e, old, nold, &ncfg->inst[i], &changes);

		if (vi)
			e->inst[e->ninst++] = vi;
	}
	retire(e, old, nold, &changes);
	free(old);
	rebuild_trackers(e);
	for (size_t i = 0; i < e->ninst; i++)
		if (vrrp_instance_bind_trackers(e, e->inst[i]) < 0)
			log_err("vrrp instance=%s reload=track error=%s",
				e->inst[i]->conf.name, strerror(errno));
	if (vrrp_groups_build(e) < 0)
		log_err("vrrp reload=groups error=%s", strerror(ENOMEM));
	if (e->started)
		vrrp_owned_reconcile_statics(e, ocfg);
	vrrp_config_free(ocfg);
	for (size_t i = 0; e->started && i < e->ninst; i++)
		if (e->inst[i]->state == VRRP_STATE_INIT &&
		    vrrp_instance_start(e, e->inst[i]) < 0)
			snprintf(err, errlen, "instance %s did not start",
				 e->inst[i]->conf.name);
	if (e->started) {
		vrrp_watch_update(e);
		vrrp_adopt_map(e);
	}
	vrrp_engine_refresh_all(e);
	log_notice("vrrp reload=done instances=%zu changes=%u", e->ninst,
		   changes);
	return 0;
}
