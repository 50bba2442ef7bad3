// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VRRP engine: instances, trackers and sync groups from a config, on one
 * event loop. See vrrp.h for the API; vrrp_reload.c applies new configs.
 */
#include "config.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vrrp/vrrp_engine_priv.h"

/* ---- script runs ---- */

/* A run's end to whoever waits: a tracker's callback, a notify queue. */
static void
finish(struct vrrp_engine *e, const struct vrrp_pending *p,
       enum vrrp_script_result r, int status)
{
	if (p->done)
		p->done(p->arg, r, status);
	if (p->queue) {
		vrrp_notify_done(p->queue);
		vrrp_notify_kick(e, p->queue);
		vrrp_notify_queue_reap(e, p->queue);
	}
}

uint64_t
vrrp_engine_run(struct vrrp_engine *e, const char *cmd, uint32_t timeout_ms,
		struct vrrp_notify_queue *q, vrrp_track_run_done_fn done,
		void *arg)
{
	struct vrrp_pending *p = calloc(1, sizeof(*p));

	if (!p) {
		struct vrrp_pending failed = {
			.queue = q, .done = done, .arg = arg};

		finish(e, &failed, VRRP_SCRIPT_FAILED, 0);
		return 0;
	}
	*p = (struct vrrp_pending){.id = ++e->next_id,
				   .queue = q,
				   .done = done,
				   .arg = arg,
				   .next = e->pending};
	e->pending = p;
	log_debug(LOG_SUB_VRRP, "vrrp script=run id=%llu cmd=%s",
		  (unsigned long long)p->id, cmd);
	if (!e->hooks.run_script ||
	    e->hooks.run_script(e->hooks.arg, p->id, cmd, timeout_ms) < 0) {
		log_warn("vrrp script=%s result=not-started", cmd);
		vrrp_engine_script_done(e, p->id, VRRP_SCRIPT_FAILED, 0);
		return 0;
	}
	return p->id;
}

void
vrrp_engine_script_done(struct vrrp_engine *e, uint64_t id,
			enum vrrp_script_result r, int status)
{
	struct vrrp_pending **pp, *p = NULL;

	for (pp = &e->pending; *pp; pp = &(*pp)->next)
		if ((*pp)->id == id) {
			p = *pp;
			*pp = p->next;
			break;
		}
	if (!p)
		return; /* its owner is gone */
	finish(e, p, r, status);
	free(p);
}

void
vrrp_engine_forget(struct vrrp_engine *e, uint64_t id)
{
	struct vrrp_pending **pp = &e->pending;

	while (*pp) {
		struct vrrp_pending *p = *pp;

		if (p->id == id) {
			*pp = p->next;
			free(p);
		} else {
			pp = &p->next;
		}
	}
}

/* ---- priority and faults ---- */

void
vrrp_engine_refresh(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	int32_t weight = 0;
	unsigned tfaults = 0, faults;
	uint8_t prio;
	bool was_faulty = vi->faults != 0;

	for (size_t i = 0; i < vi->nuses; i++) {
		bool fault;

		weight += vrrp_track_contrib(vi->uses[i].t, vi->uses[i].ref,
					     &fault);
		tfaults += fault;
	}
	if (vi->no_source && vi->state != VRRP_STATE_INIT)
		vrrp_io_resolve_source(vi);
	vi->track_weight = weight;
	vi->track_faults = tfaults;
	faults = tfaults + vi->link_down + vi->no_source + vi->no_peer +
		 vrrp_group_inherited_faults(vi);
	prio = vrrp_effective_priority(vi->conf.priority, weight);
	vi->faults = faults;
	if (vi->state == VRRP_STATE_INIT) {
		vi->prio = prio;
		return;
	}
	if (prio != vi->prio) {
		log_notice("vrrp instance=%s priority=%u prev=%u",
			   vi->conf.name, prio, vi->prio);
		vi->prio = prio;
		if (vi->conf.notify.priority_changes && e->hooks.priority)
			e->hooks.priority(e->hooks.arg, vi->conf.name,
					  vi->state, prio);
		vrrp_fsm_event(vi, VRRP_EV_PRIORITY, NULL);
	}
	if (faults && !was_faulty)
		vrrp_fsm_event(vi, VRRP_EV_FAULT, NULL);
	else if (!faults && was_faulty)
		vrrp_fsm_event(vi, VRRP_EV_FAULT_CLEAR, NULL);
}

void
vrrp_engine_refresh_all(struct vrrp_engine *e)
{
	/* Two passes: a member's own fault changes what its group mates
	 * inherit. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < e->ninst; i++)
			vrrp_engine_refresh(e, e->inst[i]);
}

/* ---- instances ---- */

static int
op_send(struct vrrp_instance *vi, uint8_t prio)
{
	int r = vrrp_io_send_advert(vi, prio);

	if (r == 0 && prio != VRRP_PRIO_STOP)
		vrrp_adopt_beat(vi);
	return r;
}

static void
op_own(struct vrrp_instance *vi, bool up)
{
	if (up)
		vrrp_owned_take(vi->eng, vi);
	else
		vrrp_owned_release(vi->eng, vi);
}

static void
op_announce(struct vrrp_instance *vi)
{
	vrrp_announce_lower(vi->eng, vi);
}

static void
op_changed(struct vrrp_instance *vi, enum vrrp_state from, enum vrrp_reason why)
{
	vrrp_adopt_state(vi);
	vrrp_group_changed(vi->eng, vi, from, why);
}

static const struct vrrp_instance_ops engine_ops = {
	.send_advert = op_send,
	.own = op_own,
	.announce = op_announce,
	.changed = op_changed,
};

static int
instance_arrays(struct vrrp_instance *vi)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	size_t n[OWN_MAX] = {c->nvips, c->nevips, c->nroutes, c->nrules};

	free(vi->vip_addrs);
	vi->vip_addrs = calloc(c->nvips + 1, sizeof(*vi->vip_addrs));
	if (!vi->vip_addrs)
		return -1;
	for (size_t i = 0; i < c->nvips; i++)
		vi->vip_addrs[i] = c->vips[i].addr;
	/* a reload that changes them makes a new instance */
	if (!vi->addr_vmac)
		vi->addr_vmac =
			calloc(c->naddr_vmacs + 1, sizeof(*vi->addr_vmac));
	if (!vi->addr_vmac)
		return -1;
	if (vi->owned)
		return 0;
	vi->owned = calloc(1, sizeof(*vi->owned));
	return vi->owned ? vrrp_owned_alloc(vi->owned, n) : -1;
}

/* interface_up_down_delays: the link stayed in its new state for the
 * delay; take it as it is now. */
static void
link_settled(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_instance *vi = arg;
	bool up;
	int ifx;

	(void)loop;
	(void)t;
	if (vrrp_if_info(vi->conf.ifname, &ifx, NULL, &up) < 0)
		up = false;
	log_notice("vrrp instance=%s interface=%s link=%s after=delay",
		   vi->conf.name, vi->conf.ifname, up ? "up" : "down");
	vi->link_down = !up;
	vrrp_engine_refresh_all(vi->eng);
}

/* The instance's link went down (or up): at once, or once it stayed so
 * for its interface_up_down_delays; back before that, nothing happened. */
static void
link_set(struct vrrp_instance *vi, bool down)
{
	uint32_t delay =
		down ? vi->conf.link_down_delay_ms : vi->conf.link_up_delay_ms;

	if (down == vi->link_down) {
		ev_timer_stop(vi->loop, &vi->link_timer);
		return;
	}
	if (!delay)
		vi->link_down = down;
	else if (!ev_timer_active(&vi->link_timer))
		ev_timer_start(vi->loop, &vi->link_timer, EV_MSEC(delay));
}

struct vrrp_instance *
vrrp_instance_new(struct vrrp_engine *e, const struct vrrp_instance_conf *c)
{
	struct vrrp_instance *vi = calloc(1, sizeof(*vi));

	if (!vi)
		return NULL;
	vi->eng = e;
	if (vrrp_instance_conf_copy(&vi->conf, c) < 0) {
		free(vi);
		return NULL;
	}
	vi->notifyq = vrrp_notify_queue_get(e, false, c->name);
	if (!vi->notifyq || instance_arrays(vi) < 0 ||
	    vrrp_announce_new(vi) < 0) {
		vrrp_instance_free(e, vi);
		return NULL;
	}
	vi->rx_log = (struct log_ratelimit)LOG_RATELIMIT_INIT(EV_SEC(1), 5);
	vi->tx_log = (struct log_ratelimit)LOG_RATELIMIT_INIT(EV_SEC(1), 5);
	vrrp_fsm_init(vi, e->loop, &engine_ops, e);
	ev_timer_init(&vi->link_timer, link_settled, vi);
	return vi;
}

static int
resolve_ifaces(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	bool up;

	if (vrrp_if_info(vi->conf.ifname, &vi->ifindex, vi->tx_mac, &up) < 0 ||
	    !vi->ifindex)
		return -1;
	vi->link_down = !up && !vi->conf.dont_track_primary;
	vi->tx_ifindex = vi->io_ifindex = vi->ifindex;
	snprintf(vi->tx_ifname, sizeof(vi->tx_ifname), "%s", vi->conf.ifname);
	snprintf(vi->io_ifname, sizeof(vi->io_ifname), "%s", vi->conf.ifname);
	if (vi->conf.use_vmac)
		vrrp_owned_vmac_name(vi, vi->tx_ifname);
	if (vrrp_owned_vmac(e, vi, true) < 0)
		return -1;
	/* vmac_xmit_base: the VMAC holds the addresses, adverts stay on
	 * the base interface */
	if (vi->conf.use_vmac && !vi->conf.vmac_xmit_base) {
		vi->io_ifindex = vi->tx_ifindex;
		snprintf(vi->io_ifname, sizeof(vi->io_ifname), "%s",
			 vi->tx_ifname);
	}
	return 0;
}

static int
attach(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	if (resolve_ifaces(e, vi) < 0 || vrrp_io_attach(e, vi) < 0) {
		int err = errno;

		vrrp_io_detach(e, vi);
		errno = err;
		return -1;
	}
	vrrp_io_resolve_source(vi);
	return 0;
}

/* dynamic_interfaces: an instance whose interface is absent is in FAULT
 * (as with its link down) without sockets, until the interface comes. */
static void
if_absent(struct vrrp_instance *vi, const char *what)
{
	vi->if_missing = vi->link_down = true;
	log_notice("vrrp instance=%s interface=%s state=%s "
		   "dynamic_interfaces=on",
		   vi->conf.name, vi->conf.ifname, what);
}

/* A link event for vi's interface, with dynamic_interfaces. */
static void
if_changed(struct vrrp_engine *e, struct vrrp_instance *vi, bool gone)
{
	if (gone && !vi->if_missing) {
		vrrp_io_detach(e, vi);
		/* a VMAC went with its base: nothing to delete (its index may
		 * be another interface's soon) */
		vi->vmac.mine = false;
		vrrp_owned_vmac(e, vi, false);
		if_absent(vi, "gone");
	} else if (!gone && vi->if_missing && attach(e, vi) == 0) {
		vi->if_missing = false;
		log_notice("vrrp instance=%s interface=%s state=present "
			   "ifindex=%d",
			   vi->conf.name, vi->conf.ifname, vi->ifindex);
	}
}

int
vrrp_instance_start(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	if (attach(e, vi) < 0) {
		if (errno != ENODEV || !e->cfg->global.dynamic_interfaces) {
			log_err("vrrp instance=%s interface=%s error=%s",
				vi->conf.name,
				vi->tx_ifname[0] ? vi->tx_ifname
						 : vi->conf.ifname,
				strerror(errno));
			return -1;
		}
		if_absent(vi, "absent");
	}
	/* keepalived: "Cannot use unicast without any peers - going to
	 * fault state" */
	vi->no_peer = vi->conf.unicast_fault_no_peer && !vi->conf.npeers;
	vrrp_owned_promote(e, vi, true);
	if (vi->no_peer)
		log_warn("vrrp instance=%s unicast_peers=0 state=FAULT "
			 "reason=unicast_fault_no_peer",
			 vi->conf.name);
	vrrp_engine_refresh(e, vi);
	vi->ah_seq_tx = vrrp_ah_initial_seq();
	vrrp_owned_adopt(e, vi);
	vi->hold_master_until = e->hold_master_until;
	vi->old_csum = vi->conf.old_unicast_checksum == 1;
	vrrp_fsm_event(vi,
		       e->adopting && vrrp_adopt_decide(e, vi)
			       ? VRRP_EV_ADOPT
			       : VRRP_EV_STARTUP,
		       NULL);
	vrrp_owned_settle(e, vi);
	return 0;
}

void
vrrp_instance_stop(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	vrrp_fsm_event(vi, VRRP_EV_SHUTDOWN, NULL);
	vrrp_announce_stop(vi);
	vrrp_io_detach(e, vi);
	vrrp_owned_vmac(e, vi, false);
	vrrp_owned_promote(e, vi, false);
}

void
vrrp_instance_free(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	if (!vi)
		return;
	if (vi->loop) {
		vrrp_fsm_cancel(vi);
		ev_timer_stop(vi->loop, &vi->link_timer);
	}
	vrrp_announce_free(vi);
	vrrp_notify_queue_put(e, vi->notifyq);
	if (vi->owned)
		vrrp_owned_free(vi->owned);
	free(vi->owned);
	free(vi->uses);
	free(vi->vip_addrs);
	free(vi->addr_vmac);
	vrrp_instance_conf_clear(&vi->conf);
	free(vi);
}

struct vrrp_instance *
vrrp_engine_find(struct vrrp_engine *e, const char *name)
{
	for (size_t i = 0; i < e->ninst; i++)
		if (!strcmp(e->inst[i]->conf.name, name))
			return e->inst[i];
	return NULL;
}

/*
 * keepalived drops AH adverts whose sequence number is not above the last
 * one it accepted, for good: a peer that restarts from 1 is never heard
 * again. Start from the clock instead: four numbers a second since 2023,
 * more than a v2 router (one advert a second) uses, so a restarted vigil
 * always starts above where it stopped. Lasts until 2056.
 */
uint32_t
vrrp_ah_initial_seq(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec < 1672531200)
		return 1;
	return (uint32_t)((uint64_t)(ts.tv_sec - 1672531200) * 4u);
}

/* ---- life cycle ---- */

static int
build(struct vrrp_engine *e)
{
	e->inst = calloc(e->cfg->ninst + 1, sizeof(*e->inst));
	if (!e->inst || vrrp_trackers_build(e, NULL, 0) < 0)
		return -1;
	for (size_t i = 0; i < e->cfg->ninst; i++) {
		struct vrrp_instance *vi =
			vrrp_instance_new(e, &e->cfg->inst[i]);

		if (!vi)
			return -1;
		e->inst[e->ninst++] = vi;
		if (vrrp_instance_bind_trackers(e, vi) < 0)
			return -1;
	}
	return vrrp_groups_build(e);
}

struct vrrp_engine *
vrrp_engine_new(struct ev_loop *loop, const struct vrrp_config *cfg,
		const struct vrrp_engine_hooks *hooks, char *err, size_t errlen)
{
	struct vrrp_engine *e;

	if (vrrp_config_check(cfg, err, errlen) < 0) {
		errno = EINVAL;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->cfg = vrrp_config_dup(cfg))) {
		free(e);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	e->loop = loop;
	vrrp_track_env_init(e);
	if (hooks)
		e->hooks = *hooks;
	e->pkt_fd = -1;
	e->rx_log = (struct log_ratelimit)LOG_RATELIMIT_INIT(EV_SEC(1), 5);
	if (build(e) < 0) {
		snprintf(err, errlen, "%s",
			 errno == ENOENT ? "a tracked object is not defined"
					 : strerror(errno));
		vrrp_engine_free(e);
		return NULL;
	}
	return e;
}

static void
link_event(void *arg, int ifindex, const char *name, bool up, bool gone)
{
	struct vrrp_engine *e = arg;

	vrrp_engine_ifindex_forget(e, ifindex, name);
	vrrp_trackers_link(e, ifindex ? name : NULL, up && !gone);
	for (size_t i = 0; i < e->ninst; i++) {
		struct vrrp_instance *vi = e->inst[i];
		bool now_up;
		int ifx;

		if (e->cfg->global.dynamic_interfaces && ifindex &&
		    !strcmp(vi->conf.ifname, name))
			if_changed(e, vi, gone);
		if (vi->conf.dont_track_primary || vi->if_missing)
			continue;
		if (ifindex == 0 || !strcmp(vi->conf.ifname, name)) {
			if (vrrp_if_info(vi->conf.ifname, &ifx, NULL, &now_up) <
			    0)
				now_up = false;
			link_set(vi, !now_up);
		}
	}
	log_debug(LOG_SUB_VRRP, "vrrp link=%s ifindex=%d up=%d gone=%d", name,
		  ifindex, up, gone);
	vrrp_engine_refresh_all(e);
	if (ifindex && up && !gone)
		vrrp_watch_link_up(e);
}

void
vrrp_engine_addr_event(struct vrrp_engine *e)
{
	bool any = false;

	for (size_t i = 0; i < e->ninst; i++) {
		struct vrrp_instance *vi = e->inst[i];
		bool had = vi->no_source;

		if (!vi->conf.track_src_ip || vi->if_missing ||
		    vi->state == VRRP_STATE_INIT)
			continue;
		vrrp_io_resolve_source(vi);
		if (had != vi->no_source) {
			log_notice("vrrp instance=%s src_ip=%s state=%s",
				   vi->conf.name,
				   ipaddr_str(&vi->conf.src_ip,
					      (char[IPADDR_STRLEN]){0},
					      IPADDR_STRLEN),
				   vi->no_source ? "missing" : "present");
			any = true;
		}
	}
	if (any)
		vrrp_engine_refresh_all(e);
}

static int
open_shared(struct vrrp_engine *e)
{
	bool nft = false;

	if (vrrp_nl_open(&e->nl) < 0)
		return -1;
	e->pkt_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (e->pkt_fd < 0 ||
	    vrrp_linkmon_start(&e->linkmon, e->loop, link_event, e) < 0)
		return -1;
	for (size_t i = 0; i < e->ninst; i++)
		nft |= e->inst[i]->conf.nftables;
	if (nft) {
		char err[256];

		e->nft = vrrp_nft_open(e->cfg->global.nft_table, err,
				       sizeof(err));
		if (!e->nft) {
			log_err("vrrp nftables table=%s error=%s",
				e->cfg->global.nft_table, err);
			return -1;
		}
	}
	return 0;
}

int
vrrp_engine_start(struct vrrp_engine *e)
{
	const struct vrrp_config *c = e->cfg;
	size_t n[OWN_MAX] = {c->nstatic_addrs, 0, c->nstatic_routes,
			     c->nstatic_rules};
	int ret = 0;

	if (e->started)
		return 0;
	if (open_shared(e) < 0 || vrrp_owned_alloc(&e->statics, n) < 0) {
		log_err("vrrp engine=start error=%s", strerror(errno));
		return -1;
	}
	e->started = true;
	if (c->global.startup_delay_ms) {
		e->hold_master_until =
			ev_now(e->loop) + EV_MSEC(c->global.startup_delay_ms);
		log_notice("vrrp engine=start startup_delay=%ums",
			   c->global.startup_delay_ms);
	}
	if (vrrp_watch_start(e) < 0)
		log_err("vrrp watch=start error=%s", strerror(errno));
	/* Read the ledger for everyone before anything rewrites it. */
	for (size_t i = 0; i < e->ninst; i++)
		vrrp_owned_adopt(e, e->inst[i]);
	vrrp_owned_statics(e, true);
	vrrp_trackers_start(e);
	/* The previous run's record read, this run's written before the
	 * first transition. */
	vrrp_adopt_load(e);
	vrrp_adopt_map(e);
	e->adopting = true;
	for (size_t i = 0; i < e->ninst; i++)
		if (vrrp_instance_start(e, e->inst[i]) < 0)
			ret = -1;
	e->adopting = false;
	vrrp_adopt_forget(e);
	return ret;
}

void
vrrp_engine_stop(struct vrrp_engine *e)
{
	if (!e->started)
		return;
	/* What we remove now is not to be put back. */
	vrrp_watch_stop(e);
	for (size_t i = 0; i < e->ninst; i++)
		vrrp_instance_stop(e, e->inst[i]);
	vrrp_adopt_close(e);
	vrrp_trackers_stop(e);
	vrrp_owned_statics(e, false);
	vrrp_owned_free(&e->statics);
	vrrp_nft_close(e->nft);
	e->nft = NULL;
	vrrp_linkmon_stop(&e->linkmon, e->loop);
	if (e->pkt_fd >= 0)
		close(e->pkt_fd);
	e->pkt_fd = -1;
	vrrp_nl_close(&e->nl);
	e->started = false;
	log_notice("vrrp engine=stopped instances=%zu", e->ninst);
}

void
vrrp_engine_free(struct vrrp_engine *e)
{
	if (!e)
		return;
	vrrp_engine_stop(e);
	vrrp_groups_free(e);
	for (size_t i = 0; i < e->ninst; i++)
		vrrp_instance_free(e, e->inst[i]);
	free(e->inst);
	for (size_t i = 0; i < e->ntrackers; i++)
		vrrp_tracker_free(e->trackers[i]);
	free(e->trackers);
	while (e->pending) {
		struct vrrp_pending *p = e->pending;

		e->pending = p->next;
		free(p);
	}
	vrrp_notify_queues_free(e);
	vrrp_config_free(e->cfg);
	free(e->bfd_known);
	free(e);
}

int
vrrp_engine_force(struct vrrp_engine *e, const char *name, enum vrrp_state st)
{
	struct vrrp_instance *vi = vrrp_engine_find(e, name);

	if (!vi || st == VRRP_STATE_MAX) {
		errno = ENOENT;
		return -1;
	}
	log_notice("vrrp instance=%s admin=%s", name,
		   st == VRRP_STATE_INIT ? "release" : vrrp_state_str(st));
	vi->forced = st;
	vrrp_fsm_event(vi, VRRP_EV_FORCE, NULL);
	vrrp_engine_refresh_all(e);
	return 0;
}

bool
vrrp_engine_idle(const struct vrrp_engine *e)
{
	return e->pending == NULL;
}

struct json_object *
vrrp_engine_status(struct vrrp_engine *e)
{
	return vrrp_status_json(e);
}
