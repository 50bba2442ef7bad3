// SPDX-License-Identifier: GPL-2.0-or-later
/* The bfd child's answers: `vigilctl status`, `vigilctl show bfd`, the
 * dumps. */
#include "config.h"

#include <json-c/json.h>
#include <time.h>

#include "bfd/child_int.h"
#include "core/runtime/json_put.h"

/* A CLOCK_MONOTONIC time (µs) as wall-clock seconds, for "since". */
static int64_t
wall(const struct bfd_child *bc, uint64_t mono)
{
	uint64_t now = ev_now(bc->loop);

	return (int64_t)time(NULL) - (int64_t)((now - mono) / 1000000u);
}

static struct json_object *
counters(const struct bfd_inst *in)
{
	struct json_object *o = json_object_new_object();

	jput_u64(o, "rx", in->s.st.rx);
	jput_u64(o, "tx", in->s.st.tx);
	jput_u64(o, "rx_dropped_ttl", in->rx_ttl);
	jput_u64(o, "tx_errors", in->tx_err);
	jput_u64(o, "up", in->s.st.up);
	jput_u64(o, "down", in->s.st.down);
	jput_u64(o, "detect_expired", in->s.st.detect_expired);
	jput_u64(o, "polls", in->s.st.polls);
	return o;
}

static struct json_object *
inst_json(const struct bfd_child *bc, const struct bfd_inst *in)
{
	struct json_object *o = json_object_new_object();
	const struct bfd_sess *s = &in->s;
	char b[INET6_ADDRSTRLEN];

	jput_str(o, "name", in->name);
	jput_str(o, "neighbor", ipaddr_str(&in->neighbor, b, sizeof(b)));
	jput_str(o, "source",
		 in->source.family ? ipaddr_str(&in->source, b, sizeof(b))
				   : "any");
	jput_u64(o, "source_port", in->sport);
	jput_str(o, "state", bfd_state_name(s->state));
	jput_u64(o, "since", (uint64_t)wall(bc, s->since));
	jput_str(o, "diag", bfd_diag_name(s->diag));
	jput_str(o, "remote_state", bfd_state_name(s->remote_state));
	jput_str(o, "remote_diag", bfd_diag_name(s->remote_diag));
	jput_u64(o, "local_discr", s->local_discr);
	jput_u64(o, "remote_discr", s->remote_discr);
	jput_u64(o, "desired_min_tx_us", s->tx_adv);
	jput_u64(o, "required_min_rx_us", s->conf.min_rx);
	jput_u64(o, "multiplier", s->conf.mult);
	jput_u64(o, "remote_min_tx_us", s->remote_min_tx);
	jput_u64(o, "remote_min_rx_us", s->remote_min_rx);
	jput_u64(o, "remote_multiplier", s->remote_mult);
	jput_u64(o, "tx_interval_us", bfd_sess_tx_interval(s));
	jput_u64(o, "detect_time_us", bfd_sess_detect_time(s));
	json_object_object_add(o, "passive",
			       json_object_new_boolean(s->conf.passive));
	json_object_object_add(o, "counters", counters(in));
	return o;
}

static struct json_object *
dropped(const struct bfd_child *bc)
{
	struct json_object *o = json_object_new_object();

	for (unsigned e = BFD_E_SHORT; e < BFD_E_MAX; e++)
		jput_u64(o, bfd_pkt_err_name(e), bc->dropped[e]);
	jput_u64(o, "no-session", bc->unknown);
	return o;
}

struct json_object *
bfd_child_query(void *st, enum ipc_query q, const char *arg)
{
	struct bfd_child *bc = st;
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();
	uint64_t n = 0, up = 0;

	(void)arg;
	if (q == IPC_Q_DO || q == IPC_Q_ADMIN) {
		json_object_put(o);
		json_object_put(a);
		return NULL;
	}
	for (const struct bfd_inst *in = bc->inst; in; in = in->next) {
		n++;
		up += in->s.state == BFD_UP;
		if (q != IPC_Q_STATUS)
			json_object_array_add(a, inst_json(bc, in));
	}
	jput_u64(o, "sessions", n);
	jput_u64(o, "sessions_up", up);
	if (q == IPC_Q_STATUS) {
		json_object_put(a);
		return o;
	}
	json_object_object_add(o, "bfd_instances", a);
	json_object_object_add(o, "rx_dropped", dropped(bc));
	return o;
}
