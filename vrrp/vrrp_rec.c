// SPDX-License-Identifier: GPL-2.0-or-later
/* The state record's parse and checks (pure); see vrrp_rec.h. */
#include "config.h"

#include <openssl/evp.h>
#include <string.h>

#include "vrrp/vrrp_instance.h"
#include "vrrp/vrrp_rec.h"

static const char *const verdicts[VRRP_ADOPT_MAX] = {
	[VRRP_ADOPT_YES] = "adopted",
	[VRRP_ADOPT_NO_RECORD] = "no-record",
	[VRRP_ADOPT_NOT_MASTER] = "was-not-master",
	[VRRP_ADOPT_TORN] = "record-torn",
	[VRRP_ADOPT_CHANGED] = "config-changed",
	[VRRP_ADOPT_STALE] = "stale",
	[VRRP_ADOPT_FAULT] = "fault",
	[VRRP_ADOPT_ADDR_MISSING] = "address-missing",
	[VRRP_ADOPT_OFF] = "off",
};

const char *
vrrp_adopt_verdict_str(enum vrrp_adopt_verdict v)
{
	return v < VRRP_ADOPT_MAX ? verdicts[v] : "?";
}

static bool
hdr_ok(const struct vrrp_rec_hdr *h, size_t len, const char *boot_id)
{
	return !memcmp(h->magic, VRRP_REC_MAGIC, sizeof(VRRP_REC_MAGIC)) &&
	       h->slot_size == sizeof(struct vrrp_rec_slot) &&
	       h->nslots <= (len - sizeof(*h)) / sizeof(struct vrrp_rec_slot) &&
	       !strncmp(h->boot_id, boot_id, sizeof(h->boot_id)) &&
	       memchr(h->boot_id, '\0', sizeof(h->boot_id));
}

enum vrrp_adopt_verdict
vrrp_rec_find(const void *rec, size_t len, const char *boot_id,
	      const char *name, struct vrrp_rec_slot *out)
{
	struct vrrp_rec_hdr h;

	if (!rec || len < sizeof(h) || len > VRRP_REC_MAX)
		return VRRP_ADOPT_NO_RECORD;
	memcpy(&h, rec, sizeof(h));
	if (!hdr_ok(&h, len, boot_id))
		return VRRP_ADOPT_NO_RECORD;
	for (uint32_t i = 0; i < h.nslots; i++) {
		memcpy(out, (const char *)rec + sizeof(h) + i * sizeof(*out),
		       sizeof(*out));
		if (!memchr(out->name, '\0', sizeof(out->name)) ||
		    strcmp(out->name, name))
			continue;
		return out->seq & 1 ? VRRP_ADOPT_TORN : VRRP_ADOPT_YES;
	}
	return VRRP_ADOPT_NO_RECORD;
}

enum vrrp_adopt_verdict
vrrp_rec_check(const struct vrrp_rec_slot *s, const uint8_t hash[VRRP_REC_HASH],
	       uint64_t now_us, uint16_t adver_int_cs, uint8_t down_adverts)
{
	/* down_adverts - 1/2 intervals, in microseconds (cs = 10,000 us) */
	uint64_t fresh =
		(2u * down_adverts - 1u) * (uint64_t)adver_int_cs * 5000u;

	if (s->seq & 1)
		return VRRP_ADOPT_TORN;
	if (s->state != VRRP_STATE_MASTER)
		return VRRP_ADOPT_NOT_MASTER;
	if (memcmp(s->conf_hash, hash, VRRP_REC_HASH))
		return VRRP_ADOPT_CHANGED;
	if (!s->last_advert_us || s->last_advert_us > now_us ||
	    now_us - s->last_advert_us >= fresh)
		return VRRP_ADOPT_STALE;
	return VRRP_ADOPT_YES;
}

int
vrrp_rec_conf_hash(const struct vrrp_instance_conf *c,
		   uint8_t out[VRRP_REC_HASH])
{
	struct vrrp_instance_conf flat;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok;

	if (!md)
		return -1;
	/* The struct as it is (its padding comes zeroed from the config's
	 * calloc), with the array pointers left out and their contents in. */
	memcpy(&flat, c, sizeof(flat));
#define X(f) flat.f = NULL;
	VRRP_INSTANCE_ARRAYS(X)
#undef X
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
	     EVP_DigestUpdate(md, &flat, sizeof(flat));
#define X(f)                                                                   \
	ok = ok && (!c->n##f ||                                                \
		    EVP_DigestUpdate(md, c->f, c->n##f * sizeof(*c->f)));
	VRRP_INSTANCE_ARRAYS(X)
#undef X
	ok = ok && EVP_DigestFinal_ex(md, out, NULL);
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}
