// SPDX-License-Identifier: GPL-2.0-or-later
/* What tracked objects do to instances; see vrrp_track.h. */
#include "config.h"

#include "core/runtime/log.h"
#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_track.h"

int32_t
vrrp_track_contrib(const struct vrrp_tracker *t,
		   const struct vrrp_track_ref *ref, bool *fault)
{
	int32_t w = ref->has_weight ? ref->weight : t->weight;
	bool reverse = ref->has_weight ? ref->reverse : t->reverse;
	int64_t v;

	*fault = false;
	if (t->ops->is_value) {
		if (w == 0) {
			*fault = t->value != 0;
			return 0;
		}
		v = t->value * w * (reverse ? -1 : 1);
		if (v <= -254) {
			*fault = true;
			return 0;
		}
		return v > 254 ? 254 : (int32_t)v;
	}
	if (w == 0) {
		/* 'weight 0 reverse': down while the object is up. */
		*fault = reverse ? t->up : !t->up;
		return 0;
	}
	/* weight > 0 counts while up, < 0 while down; reverse makes the
	 * first a decrease while up and the second an increase while down. */
	if ((w > 0) == t->up)
		return reverse ? -w : w;
	return 0;
}

void
vrrp_tracker_report(struct vrrp_tracker *t, bool up, int64_t value)
{
	if (t->up == up && t->value == value)
		return;
	log_notice("vrrp track=%s name=%s status=%s value=%lld prev=%s",
		   t->ops->kind, t->name, up ? "up" : "down", (long long)value,
		   t->up ? "up" : "down");
	t->up = up;
	t->value = value;
	vrrp_engine_refresh_all(t->eng);
}
