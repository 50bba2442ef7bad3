// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state record a restarted vrrp child resumes from (vrrp_rec.h): its
 * parse (another boot, a torn slot, a truncated or foreign file), the
 * adoption rule (MASTER, same config, last advert under three intervals)
 * and the config hash (any change of the instance changes it).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vrrp/vrrp_instance.h"
#include "vrrp/vrrp_rec.h"

#define BOOT "6f1c3c1e-0000-4000-8000-000000000001"

struct rec2 {
	struct vrrp_rec_hdr h;
	struct vrrp_rec_slot s[2];
};

static void
make(struct rec2 *r)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->h.magic, VRRP_REC_MAGIC, sizeof(VRRP_REC_MAGIC));
	snprintf(r->h.boot_id, sizeof(r->h.boot_id), "%s", BOOT);
	r->h.slot_size = sizeof(struct vrrp_rec_slot);
	r->h.nslots = 2;
	snprintf(r->s[0].name, sizeof(r->s[0].name), "VI_1");
	snprintf(r->s[1].name, sizeof(r->s[1].name), "VI_2");
	r->s[1].state = VRRP_STATE_MASTER;
	r->s[1].seq = 4;
}

static void
test_find(void **state)
{
	struct rec2 r;
	struct vrrp_rec_slot s;

	(void)state;
	make(&r);
	assert_int_equal(vrrp_rec_find(&r, sizeof(r), BOOT, "VI_2", &s),
			 VRRP_ADOPT_YES);
	assert_int_equal(s.state, VRRP_STATE_MASTER);
	assert_int_equal(vrrp_rec_find(&r, sizeof(r), BOOT, "VI_3", &s),
			 VRRP_ADOPT_NO_RECORD);
	/* another boot: addresses and clocks are not those of this one */
	assert_int_equal(vrrp_rec_find(&r, sizeof(r), "other", "VI_2", &s),
			 VRRP_ADOPT_NO_RECORD);
	/* cut short: the header promises more slots than there are */
	assert_int_equal(vrrp_rec_find(&r, sizeof(r) - 1, BOOT, "VI_2", &s),
			 VRRP_ADOPT_NO_RECORD);
	assert_int_equal(vrrp_rec_find(&r, 3, BOOT, "VI_2", &s),
			 VRRP_ADOPT_NO_RECORD);
	assert_int_equal(vrrp_rec_find(NULL, 0, BOOT, "VI_2", &s),
			 VRRP_ADOPT_NO_RECORD);
	/* killed while writing the slot */
	r.s[1].seq = 5;
	assert_int_equal(vrrp_rec_find(&r, sizeof(r), BOOT, "VI_2", &s),
			 VRRP_ADOPT_TORN);
	/* another layout or another file */
	make(&r);
	r.h.slot_size++;
	assert_int_equal(vrrp_rec_find(&r, sizeof(r), BOOT, "VI_2", &s),
			 VRRP_ADOPT_NO_RECORD);
	make(&r);
	r.h.magic[0] = 'X';
	assert_int_equal(vrrp_rec_find(&r, sizeof(r), BOOT, "VI_2", &s),
			 VRRP_ADOPT_NO_RECORD);
	/* a name without its NUL is nobody's */
	make(&r);
	memset(r.s[1].name, 'A', sizeof(r.s[1].name));
	assert_int_equal(vrrp_rec_find(&r, sizeof(r), BOOT, "VI_2", &s),
			 VRRP_ADOPT_NO_RECORD);
}

static void
test_check(void **state)
{
	struct vrrp_rec_slot s = {.state = VRRP_STATE_MASTER, .seq = 2};
	uint8_t h[VRRP_REC_HASH] = {1, 2, 3}, other[VRRP_REC_HASH] = {9};
	uint64_t now = 100000000; /* 100 s */
	/* The freshness window: down_timer_adverts - 1/2 intervals (a
	 * backup waits that many and a skew). */
	static const struct {
		uint64_t age;
		uint16_t cs;
		uint8_t n;
		enum vrrp_adopt_verdict v;
	} fresh[] = {
		/* advert_int 1 s: fresh under 2.5 s (3 s + skew) */
		{999000, 100, 3, VRRP_ADOPT_YES},
		{2499999, 100, 3, VRRP_ADOPT_YES},
		{2500000, 100, 3, VRRP_ADOPT_STALE},
		/* 10 ms adverts: 25 ms */
		{24000, 1, 3, VRRP_ADOPT_YES},
		{25000, 1, 3, VRRP_ADOPT_STALE},
		/* down_timer_adverts 1: under 0.5 s; 5: under 4.5 s */
		{499999, 100, 1, VRRP_ADOPT_YES},
		{500000, 100, 1, VRRP_ADOPT_STALE},
		{4499999, 100, 5, VRRP_ADOPT_YES},
		{4500000, 100, 5, VRRP_ADOPT_STALE},
	};

	(void)state;
	memcpy(s.conf_hash, h, sizeof(h));
	for (size_t i = 0; i < sizeof(fresh) / sizeof(fresh[0]); i++) {
		s.last_advert_us = now - fresh[i].age;
		assert_int_equal(
			vrrp_rec_check(&s, h, now, fresh[i].cs, fresh[i].n),
			fresh[i].v);
	}
	s.last_advert_us = 0;
	assert_int_equal(vrrp_rec_check(&s, h, now, 100, 3), VRRP_ADOPT_STALE);
	s.last_advert_us = now + 1; /* from the future: not this clock */
	assert_int_equal(vrrp_rec_check(&s, h, now, 100, 3), VRRP_ADOPT_STALE);
	s.last_advert_us = now - 1000;
	assert_int_equal(vrrp_rec_check(&s, other, now, 100, 3),
			 VRRP_ADOPT_CHANGED);
	s.state = VRRP_STATE_BACKUP;
	assert_int_equal(vrrp_rec_check(&s, h, now, 100, 3),
			 VRRP_ADOPT_NOT_MASTER);
	s.state = VRRP_STATE_MASTER;
	s.seq = 3;
	assert_int_equal(vrrp_rec_check(&s, h, now, 100, 3), VRRP_ADOPT_TORN);
	assert_string_equal(vrrp_adopt_verdict_str(VRRP_ADOPT_STALE), "stale");
}

static void
test_hash(void **state)
{
	struct vrrp_instance_conf a, b;
	struct vrrp_vip vip = {.plen = 24}, vip2;
	uint8_t ha[VRRP_REC_HASH], hb[VRRP_REC_HASH];

	(void)state;
	ipaddr_parse("192.0.2.10", &vip.addr);
	vip2 = vip;
	memset(&a, 0, sizeof(a));
	vrrp_instance_defaults(&a);
	snprintf(a.name, sizeof(a.name), "VI_1");
	a.vips = &vip;
	a.nvips = 1;
	assert_int_equal(vrrp_instance_conf_copy(&b, &a), 0);
	assert_int_equal(vrrp_rec_conf_hash(&a, ha), 0);
	assert_int_equal(vrrp_rec_conf_hash(&b, hb), 0);
	assert_memory_equal(ha, hb, sizeof(ha));
	/* the same VIP in another array: the same config */
	a.vips = &vip2;
	assert_int_equal(vrrp_rec_conf_hash(&a, ha), 0);
	assert_memory_equal(ha, hb, sizeof(ha));
	b.priority++;
	assert_int_equal(vrrp_rec_conf_hash(&b, hb), 0);
	assert_memory_not_equal(ha, hb, sizeof(ha));
	b.priority--;
	b.vips[0].plen = 25;
	assert_int_equal(vrrp_rec_conf_hash(&b, hb), 0);
	assert_memory_not_equal(ha, hb, sizeof(ha));
	vrrp_instance_conf_clear(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
