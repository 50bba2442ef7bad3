// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A vrrp child restarted on the MASTER (it crashed, or was killed, and the
 * parent started it again) takes its state back instead of failing over:
 * today's child writes its state record (vrrp_rec.h) as it goes, the next
 * one reads it at start and resumes as MASTER, advertising at once, where
 * the record, the config and the interfaces all agree (vrrp_adopt_decide).
 * Everything else starts as RFC 5798 §6.4.1 says, as BACKUP.
 *
 * The record is `<ledger>.state`, beside the ledger of owned addresses:
 * one per network namespace in the runtime directory.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/runtime/regfile.h"
#include "vrrp/vrrp_engine_priv.h"

static void
rec_path(const struct vrrp_engine *e, char *buf, size_t len, const char *sfx)
{
	snprintf(buf, len, "%s.state%s", e->cfg->global.state_file, sfx);
}

static void
read_boot_id(char out[VRRP_REC_BOOT_ID])
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");

	memset(out, 0, VRRP_REC_BOOT_ID);
	if (!f)
		return;
	if (!fgets(out, VRRP_REC_BOOT_ID, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

void
vrrp_adopt_load(struct vrrp_engine *e)
{
	char path[VRRP_PATH_MAX + 16];
	struct vrrp_rec_map *m = &e->rec;
	ssize_t n;
	int fd;

	read_boot_id(m->boot_id);
	if (!e->cfg->global.state_file[0])
		return;
	rec_path(e, path, sizeof(path), "");
	fd = regfile_open(path, O_RDONLY, 0);
	if (fd < 0)
		return;
	m->prev = malloc(VRRP_REC_MAX);
	n = m->prev ? read(fd, m->prev, VRRP_REC_MAX) : -1;
	close(fd);
	m->prev_len = n > 0 ? (size_t)n : 0;
}

/* Every instance's slot, carried over from its old one where it had one. */
static void
fill(struct vrrp_engine *e, struct vrrp_rec_slot *slots)
{
	for (size_t i = 0; i < e->ninst; i++) {
		struct vrrp_instance *vi = e->inst[i];
		struct vrrp_rec_slot *s = &slots[i];

		if (vi->rec)
			s->last_advert_us = vi->rec->last_advert_us;
		s->state = vi->state;
		snprintf(s->name, sizeof(s->name), "%s", vi->conf.name);
		if (vrrp_rec_conf_hash(&vi->conf, s->conf_hash) < 0)
			memset(s->conf_hash, 0, sizeof(s->conf_hash));
	}
}

static void
unmap(struct vrrp_rec_map *m)
{
	if (m->base)
		munmap(m->base, m->len);
	m->base = NULL;
	m->len = 0;
}

/* A new file with a slot per instance, mapped, renamed over the old. */
static int
remap(struct vrrp_engine *e)
{
	char path[VRRP_PATH_MAX + 16], tmp[VRRP_PATH_MAX + 16];
	struct vrrp_rec_map *m = &e->rec;
	size_t len = sizeof(struct vrrp_rec_hdr) +
		     e->ninst * sizeof(struct vrrp_rec_slot);
	struct vrrp_rec_hdr *h;
	void *base;
	int fd;

	rec_path(e, path, sizeof(path), "");
	rec_path(e, tmp, sizeof(tmp), ".tmp");
	fd = regfile_open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)len) < 0 ||
	    (base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 0)) == MAP_FAILED) {
		int err = errno;

		close(fd);
		unlink(tmp);
		errno = err;
		return -1;
	}
	close(fd);
	h = base;
	memcpy(h->magic, VRRP_REC_MAGIC, sizeof(VRRP_REC_MAGIC));
	memcpy(h->boot_id, m->boot_id, sizeof(h->boot_id));
	h->slot_size = sizeof(struct vrrp_rec_slot);
	h->nslots = (uint32_t)e->ninst;
	fill(e, (struct vrrp_rec_slot *)(h + 1));
	if (rename(tmp, path) < 0) {
		int err = errno;

		munmap(base, len);
		unlink(tmp);
		errno = err;
		return -1;
	}
	unmap(m);
	m->base = base;
	m->len = len;
	for (size_t i = 0; i < e->ninst; i++)
		e->inst[i]->rec = (struct vrrp_rec_slot *)(h + 1) + i;
	return 0;
}

void
vrrp_adopt_map(struct vrrp_engine *e)
{
	if (!e->cfg->global.state_file[0])
		return;
	if (remap(e) < 0) {
		log_warn("vrrp record=%s.state op=write error=%s",
			 e->cfg->global.state_file, strerror(errno));
		/* Slots in the old mapping may belong to freed instances. */
		for (size_t i = 0; i < e->ninst; i++)
			e->inst[i]->rec = NULL;
		unmap(&e->rec);
	}
}

void
vrrp_adopt_state(struct vrrp_instance *vi)
{
	struct vrrp_rec_slot *s = vi->rec;

	if (!s)
		return;
	/* A SIGKILL between these stores leaves seq odd: seen as torn. */
	__atomic_store_n(&s->seq, s->seq | 1, __ATOMIC_RELEASE);
	__atomic_store_n(&s->state, (uint32_t)vi->state, __ATOMIC_RELEASE);
	__atomic_store_n(&s->seq, s->seq + 1, __ATOMIC_RELEASE);
}

void
vrrp_adopt_beat(struct vrrp_instance *vi)
{
	if (vi->rec)
		__atomic_store_n(&vi->rec->last_advert_us, ev_monotonic(),
				 __ATOMIC_RELEASE);
}

static enum vrrp_adopt_verdict
decide(struct vrrp_engine *e, struct vrrp_instance *vi, uint64_t *age_us)
{
	struct vrrp_rec_slot s;
	uint8_t hash[VRRP_REC_HASH];
	enum vrrp_adopt_verdict v;
	uint64_t now = ev_monotonic();

	v = vrrp_rec_find(e->rec.prev, e->rec.prev_len, e->rec.boot_id,
			  vi->conf.name, &s);
	if (v != VRRP_ADOPT_YES)
		return v;
	if (s.state != VRRP_STATE_MASTER)
		return VRRP_ADOPT_NOT_MASTER;
	*age_us = now - s.last_advert_us;
	if (!e->cfg->global.adopt)
		return VRRP_ADOPT_OFF;
	if (vrrp_rec_conf_hash(&vi->conf, hash) < 0)
		return VRRP_ADOPT_CHANGED;
	v = vrrp_rec_check(&s, hash, now, vi->conf.adver_int_cs,
			   vi->conf.down_timer_adverts);
	if (v != VRRP_ADOPT_YES)
		return v;
	if (vi->faults)
		return VRRP_ADOPT_FAULT;
	return vrrp_owned_present(vi) ? VRRP_ADOPT_YES
				      : VRRP_ADOPT_ADDR_MISSING;
}

bool
vrrp_adopt_decide(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	uint64_t age = 0;
	enum vrrp_adopt_verdict v = decide(e, vi, &age);

	/* An instance that was not MASTER has nothing to adopt: no line. */
	if (v == VRRP_ADOPT_NO_RECORD || v == VRRP_ADOPT_NOT_MASTER)
		return false;
	log_notice("vrrp instance=%s adopt=%s reason=%s last_advert_ms=%llu",
		   vi->conf.name, v == VRRP_ADOPT_YES ? "yes" : "no",
		   vrrp_adopt_verdict_str(v), (unsigned long long)(age / 1000));
	return v == VRRP_ADOPT_YES;
}

void
vrrp_adopt_close(struct vrrp_engine *e)
{
	for (size_t i = 0; i < e->ninst; i++)
		e->inst[i]->rec = NULL;
	unmap(&e->rec);
	vrrp_adopt_forget(e);
}

void
vrrp_adopt_forget(struct vrrp_engine *e)
{
	free(e->rec.prev);
	e->rec.prev = NULL;
	e->rec.prev_len = 0;
}
