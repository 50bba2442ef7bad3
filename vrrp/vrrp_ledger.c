// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ledger: a small file listing every address, route and rule this
 * engine added and still owns, rewritten (atomically) whenever that changes.
 * A process killed with SIGKILL leaves its VIPs behind; the next run reads
 * the ledger and knows they are its own -- it keeps them if it becomes MASTER
 * again, removes them if not -- and still never touches what it did not add.
 *
 * One line per object: "<owner> <list> <hex of the config entry>", owner
 * being the instance name or "static"; and one per VMAC we made,
 * "<owner> vmac <name>" (older readers skip those: no list number).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime/regfile.h"
#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_ledger_line.h"

static const size_t entry_size[OWN_MAX] = {
	[OWN_VIPS] = sizeof(struct vrrp_vip),
	[OWN_EVIPS] = sizeof(struct vrrp_vip),
	[OWN_ROUTES] = sizeof(struct vrrp_route),
	[OWN_RULES] = sizeof(struct vrrp_rule),
};

static void
write_hex(FILE *f, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", ((const uint8_t *)p)[i]);
}

static void
write_owner(FILE *f, const char *who, const struct vrrp_own_lists *l,
	    const struct vrrp_owned *o)
{
	for (int k = 0; k < OWN_MAX; k++)
		for (size_t i = 0; i < l->n[k]; i++) {
			if (!o->mine[k][i])
				continue;
			fprintf(f, "%s %d ", who, k);
			write_hex(f,
				  (const char *)l->items[k] + i * entry_size[k],
				  entry_size[k]);
			fputc('\n', f);
		}
}

static void
write_vmacs(FILE *f, const struct vrrp_instance *vi)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	char name[IFNAMSIZ];

	vrrp_owned_vmac_name(vi, name);
	if (c->use_vmac && vi->vmac.mine)
		fprintf(f, "%s vmac %s\n", c->name, name);
	for (size_t i = 0; i < c->naddr_vmacs; i++)
		if (vi->addr_vmac[i].mine)
			fprintf(f, "%s vmac %s\n", c->name,
				c->addr_vmacs[i].name);
}

void
vrrp_ledger_save(struct vrrp_engine *e)
{
	vrrp_owned_report(e); /* what we hold changed: tell the parent too */
	vrrp_ledger_write(e);
}

void
vrrp_ledger_write(struct vrrp_engine *e)
{
	const char *path = e->cfg->global.state_file;
	char tmp[VRRP_PATH_MAX + 8];
	struct vrrp_own_lists l;
	FILE *f;

	if (!path[0])
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = regfile_fopen(tmp, "w");
	if (!f)
		goto fail;
	vrrp_own_lists_static(e->cfg, &l);
	if (e->statics.mine[0])
		write_owner(f, "static", &l, &e->statics);
	for (size_t i = 0; i < e->ninst; i++) {
		vrrp_own_lists_instance(&e->inst[i]->conf, &l);
		write_owner(f, e->inst[i]->conf.name, &l, e->inst[i]->owned);
	}
	for (size_t i = 0; i < e->ninst; i++)
		write_vmacs(f, e->inst[i]);
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		goto fail;
	return;
fail:
	log_warn("vrrp ledger=%s op=save error=%s", path, strerror(errno));
}

static bool
parse_hex(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return false;
		out[i] = (uint8_t)v;
	}
	return s[2 * n] == '\0' || s[2 * n] == '\n';
}

/* Mark as ours the entries of `who` the ledger lists. */
static void
adopt_line(const char *line, const char *who, const struct vrrp_own_lists *l,
	   struct vrrp_owned *o)
{
	char name[VRRP_NAME_MAX];
	uint8_t item[sizeof(struct vrrp_route) + sizeof(struct vrrp_rule) +
		     sizeof(struct vrrp_vip)];
	int k, off;

	if (sscanf(line, "%63s %d %n", name, &k, &off) != 2 ||
	    strcmp(name, who) || k < 0 || k >= OWN_MAX ||
	    entry_size[k] > sizeof(item) ||
	    !parse_hex(line + off, item, entry_size[k]))
		return;
	for (size_t i = 0; i < l->n[k]; i++)
		if (!memcmp((const char *)l->items[k] + i * entry_size[k], item,
			    entry_size[k]))
			o->mine[k][i] = true;
}

/* What a reader of the ledger looks for, and what it found. */
struct ledger_look {
	const char *who;
	const struct vrrp_own_lists *l; /* entries of who's lists, or */
	struct vrrp_owned *o;
	const char *vmac; /* the VMAC of that name */
	bool *mine;
};

static void
each_line(struct vrrp_engine *e, const struct ledger_look *k)
{
	const char *path = e->cfg->global.state_file;
	char line[2 * 4096];
	FILE *f;

	if (!path[0] || !(f = regfile_fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f))
		if (k->vmac) {
			if (vrrp_ledger_vmac_line(line, k->who, k->vmac))
				*k->mine = true;
		} else {
			adopt_line(line, k->who, k->l, k->o);
		}
	fclose(f);
}

void
vrrp_ledger_adopt(struct vrrp_engine *e, const char *who,
		  const struct vrrp_own_lists *l, struct vrrp_owned *o)
{
	each_line(e, &(struct ledger_look){.who = who, .l = l, .o = o});
}

void
vrrp_ledger_adopt_vmac(struct vrrp_engine *e, const char *who, const char *name,
		       bool *mine)
{
	each_line(e, &(struct ledger_look){
			     .who = who, .vmac = name, .mine = mine});
}
