/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state record: what each VRRP instance of a vrrp child is, kept where
 * it outlives the child (a file in the runtime directory, beside the
 * ledger, mapped MAP_SHARED), so that a child started again after a crash
 * can take its MASTER state back instead of failing over (vrrp_adopt.c).
 *
 * Why a file in the runtime directory and not the parent: the parent
 * would learn a state only by message, after the fact, and could not know
 * when the child last advertised (a hung child stops long before it is
 * killed); a mapped file is written by the child itself with plain stores
 * (no system call per advert), survives its SIGKILL in the page cache, and
 * needs no new message type nor any change to the parent.
 *
 * Layout: a header (magic, the boot it was written in, slot size, count)
 * and one fixed slot per instance. A slot is changed under a sequence
 * number (odd while being written), so one torn by a SIGKILL between two
 * stores is seen as torn and never used. The record is rewritten as a
 * whole (a new file renamed over the old) when the set of instances
 * changes.
 *
 * This header's parse and check are pure (fuzzed, unit-tested).
 */
#ifndef VIGIL_VRRP_REC_H
#define VIGIL_VRRP_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp_conf.h"

#define VRRP_REC_MAGIC "vigil-vrrp-rec1"
#define VRRP_REC_BOOT_ID 40 /* /proc/sys/kernel/random/boot_id, text */
#define VRRP_REC_HASH 32    /* SHA-256 */
#define VRRP_REC_MAX (1u << 20)

struct vrrp_rec_hdr {
	char magic[16];
	char boot_id[VRRP_REC_BOOT_ID];
	uint32_t slot_size;
	uint32_t nslots;
};

struct vrrp_rec_slot {
	uint32_t seq;		 /* even: whole; odd: being written */
	uint32_t state;		 /* enum vrrp_state */
	uint64_t last_advert_us; /* CLOCK_MONOTONIC of the last advert sent
				  * with a priority above 0; 0: none */
	uint8_t conf_hash[VRRP_REC_HASH]; /* of the instance's config */
	char name[VRRP_NAME_MAX];
};

/* Why a record does or does not let an instance resume as MASTER. */
enum vrrp_adopt_verdict {
	VRRP_ADOPT_YES = 0,
	VRRP_ADOPT_NO_RECORD,	 /* none, unreadable, or another boot */
	VRRP_ADOPT_NOT_MASTER,	 /* it was not MASTER */
	VRRP_ADOPT_TORN,	 /* its slot was being written */
	VRRP_ADOPT_CHANGED,	 /* its config is not the same */
	VRRP_ADOPT_STALE,	 /* its last advert is too old */
	VRRP_ADOPT_FAULT,	 /* it has a fault now */
	VRRP_ADOPT_ADDR_MISSING, /* a VIP is not on its interface */
	VRRP_ADOPT_OFF,		 /* vigil_vrrp_adopt_on_restart off */
	VRRP_ADOPT_MAX
};
const char *vrrp_adopt_verdict_str(enum vrrp_adopt_verdict v);

/*
 * The slot of instance `name` in a record of len bytes written in boot
 * boot_id, copied to *out. VRRP_ADOPT_YES if found whole, NO_RECORD if the
 * record is malformed, of another boot or has no such slot, TORN.
 */
enum vrrp_adopt_verdict vrrp_rec_find(const void *rec, size_t len,
				      const char *boot_id, const char *name,
				      struct vrrp_rec_slot *out);

/*
 * May an instance whose config hashes to `hash`, advertising every
 * adver_int_cs, resume as MASTER at `now_us` from slot s? Only if it was
 * MASTER with the same config and its last advert is less than
 * down_adverts - 1/2 advert intervals old (two and a half by default):
 * every backup's Master_Down_Interval is down_adverts (3 in RFC 5798 §6.1,
 * RFC 3768 §6.1; the peers are taken to share this instance's setting)
 * intervals plus a Skew_Time, so no backup can have declared it down yet,
 * and the advert it sends now resets their timers; the half interval left
 * is the time that advert has to reach them (Skew_Time alone can be under
 * 8 ms). Anything older is stale: a backup may be MASTER already.
 */
enum vrrp_adopt_verdict vrrp_rec_check(const struct vrrp_rec_slot *s,
				       const uint8_t hash[VRRP_REC_HASH],
				       uint64_t now_us, uint16_t adver_int_cs,
				       uint8_t down_adverts);

/* SHA-256 of an instance's config (its arrays included); -1 on failure. */
int vrrp_rec_conf_hash(const struct vrrp_instance_conf *c,
		       uint8_t out[VRRP_REC_HASH]);

#endif
