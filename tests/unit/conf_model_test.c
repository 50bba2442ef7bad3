// SPDX-License-Identifier: GPL-2.0-or-later
/* The keyword tables and the model's descriptors: tables sorted, setters
 * writing fields of their type, every field described, equality, and
 * memory that does not grow over 1,000 reloads. */
#include "config.h"

#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf_helpers.h"
#include "core/conf/conf_desc.h"
#include "core/conf/conf_kw.h"

static void
block_sorted(const struct conf_block *blk, void *arg)
{
	for (size_t k = 1; k < blk->nkw; k++) {
		if (strcmp(blk->kw[k - 1].name, blk->kw[k].name) >= 0)
			fail_msg("block '%s': '%s' before '%s'", blk->name,
				 blk->kw[k - 1].name, blk->kw[k].name);
	}
	for (size_t k = 0; k < blk->nkw; k++) {
		const struct conf_kw *kw = &blk->kw[k];

		/* an alias names a keyword of its block */
		if (kw->alias && !conf_kw_lookup(blk, kw->alias))
			fail_msg("block '%s': '%s' aliases unknown '%s'",
				 blk->name, kw->name, kw->alias);
		if (!kw->alias && !kw->fn)
			fail_msg("'%s' has no handler", kw->name);
	}
}

static void
test_tables_sorted(void **state)
{
	conf_for_each_block(block_sorted, NULL);
}

/* The top level and global_defs are assembled from core's table and each
 * subsystem's part: a keyword is in one of them only, and the parser finds
 * every one of them from the assembled block. */
static void
parts_disjoint(const struct conf_block *whole,
	       const struct conf_block *(*part)(const struct conf_subsys *))
{
	const struct conf_block *all[16] = {whole};
	size_t n = 1;

	for (size_t i = 0; i < conf_nsubsystems; i++)
		all[n++] = part(conf_subsystems[i]);
	for (size_t a = 0; a < n; a++) {
		assert_string_equal(all[a]->name, whole->name);
		for (size_t k = 0; k < all[a]->nkw; k++) {
			const char *name = all[a]->kw[k].name;

			if (conf_kw_lookup(whole, name) != &all[a]->kw[k])
				fail_msg("'%s' of block '%s' is defined twice",
					 name, whole->name);
		}
	}
}

static const struct conf_block *
top_part(const struct conf_subsys *s)
{
	return s->top;
}

static const struct conf_block *
global_part(const struct conf_subsys *s)
{
	return s->global;
}

static void
test_parts_disjoint(void **state)
{
	assert_true(conf_nsubsystems >= 2 && conf_nsubsystems < 16);
	parts_disjoint(&conf_blk_top, top_part);
	parts_disjoint(&conf_blk_global, global_part);
}

/* Which descriptor describes the object a block's keywords write. */
static const struct conf_tdesc *
block_type(const char *block)
{
	static const struct {
		const char *block, *type;
	} map[] = {
		{"", "conf"},
		{"global_defs", "global_defs"},
		{"SSL", "SSL"},
		{"track_group", "track_group"},
		{"vrrp_script", "vrrp_script"},
		{"vrrp_track_process", "vrrp_track_process"},
		{"track_file", "track_file"},
		{"bfd_instance", "bfd_instance"},
		{"vrrp_sync_group", "vrrp_sync_group"},
		{"garp_group", "garp_group"},
		{"vrrp_instance", "vrrp_instance"},
		{"authentication", "vrrp_instance"},
		{"auth_hmac", "auth_hmac"},
		{"virtual_server", "virtual_server"},
		{"real_server", "real_server"},
		{"url", "url"},
		{"conntrack_sync", "conntrack_sync"},
	};
	const char *type = "checker";

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].block, block))
			type = map[i].type;
	for (size_t i = 0; conf_all_tdescs[i]; i++)
		if (!strcmp(conf_all_tdescs[i]->name, type))
			return conf_all_tdescs[i];
	fail_msg("no descriptor for block '%s'", block);
	return NULL;
}

/* The innermost described field that starts at `off`. */
static const struct conf_fdesc *
field_at(const struct conf_tdesc *t, size_t off)
{
	for (const struct conf_fdesc *f = t->f; f->name; f++) {
		if (off < f->off || off >= f->off + f->size)
			continue;
		if (f->kind == FK_STRUCT)
			return field_at(f->sub, off - f->off)
				       ?: (off == f->off ? f : NULL);
		return off == f->off ? f : NULL;
	}
	return NULL;
}

static enum conf_fkind
setter_kind(conf_kw_handler fn)
{
	static const struct {
		conf_kw_handler fn;
		enum conf_fkind kind;
	} m[] = {
		{kw_flag, FK_BOOL},   {kw_tri, FK_I8},
		{kw_u32, FK_U32},     {kw_i32, FK_I32},
		{kw_port, FK_U16},    {kw_time, FK_TIME},
		{kw_str, FK_STR},     {kw_addr, FK_ADDR},
		{kw_enum8, FK_U8},    {kw_script, FK_SCRIPT},
		{kw_user, FK_SCRIPT}, {kw_strlist, FK_LIST},
		{kw_kept, FK_LIST},   {kw_sub_list, FK_LIST},
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i].fn == fn)
			return m[i].kind;
	return FK_END;
}

/* Every generic setter writes a field of its own type. */
static void
block_setters(const struct conf_block *blk, void *arg)
{
	const struct conf_tdesc *t = block_type(blk->name);

	for (size_t k = 0; k < blk->nkw; k++) {
		const struct conf_kw *kw = &blk->kw[k];
		enum conf_fkind want = setter_kind(kw->fn);
		const struct conf_fdesc *f;

		if (want == FK_END)
			continue;
		f = field_at(t, kw->off);
		if (!f || f->kind != want)
			fail_msg("%s '%s': offset %zu is %s, not a field of "
				 "kind %d",
				 blk->name, kw->name, kw->off,
				 f ? f->name : "?", want);
	}
}

static void
test_setters_match_fields(void **state)
{
	conf_for_each_block(block_setters, NULL);
}

static size_t
align_of(const struct conf_fdesc *f)
{
	size_t a = 1;

	switch (f->kind) {
	case FK_BOOL:
	case FK_I8:
	case FK_U8:
		return 1;
	case FK_BYTES: /* arrays of wider integers are aligned so */
		while (a < 8 && !(f->off % (a * 2)) && !(f->size % (a * 2)))
			a *= 2;
		return a;
	case FK_U16:
		return 2;
	case FK_I32:
	case FK_U32:
	case FK_ADDR:
		return 4;
	case FK_STRUCT:
		for (const struct conf_fdesc *g = f->sub->f; g->name; g++)
			if (align_of(g) > a)
				a = align_of(g);
		return a;
	default:
		return 8;
	}
}

/* No field is left out of a descriptor: the only gaps are padding. */
static void
test_descriptors_cover_structs(void **state)
{
	for (size_t i = 0; conf_all_tdescs[i]; i++) {
		const struct conf_tdesc *t = conf_all_tdescs[i];
		size_t end = 0, max_align = 1;
		const struct conf_fdesc *prev = NULL;

		/* lists of objects start with `next`, not described */
		if (t->f[0].off == sizeof(void *))
			end = sizeof(void *);
		for (const struct conf_fdesc *f = t->f; f->name; f++) {
			size_t al = align_of(f);

			if (al > max_align)
				max_align = al;
			if (f->off < end)
				fail_msg("%s.%s overlaps %s", t->name, f->name,
					 prev ? prev->name : "next");
			if (f->off - end >= al)
				fail_msg("%s: %zu bytes before %s are not "
					 "described",
					 t->name, f->off - end, f->name);
			end = f->off + f->size;
			prev = f;
		}
		if (t->size - end >= max_align && t->size - end >= 8)
			fail_msg("%s: %zu bytes after %s are not described",
				 t->name, t->size - end, prev->name);
	}
}

static const char big[] =
	"global_defs {\n router_id R\n notification_email {\n  a@b\n }\n}\n"
	"vrrp_script s {\n script /bin/s\n}\n"
	"vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
	" virtual_ipaddress {\n  10.0.0.1/24 dev eth0\n }\n"
	" track_script {\n  s weight 2\n }\n"
	" virtual_routes {\n  10.9.0.0/16 via 10.0.0.254\n }\n}\n"
	"virtual_server 10.0.0.1 80 { protocol TCP\n lb_algo rr\n"
	" real_server 10.0.0.2 80 {\n  weight 2\n"
	"  HTTP_GET {\n   url {\n    path /\n    status_code 200\n   }\n  }\n"
	"  UDP_CHECK {\n   payload 0102\n  }\n }\n}\n";

static void
test_equal(void **state)
{
	struct conf_diags d1, d2;
	struct conf *a = load_text(big, NULL, &d1);
	struct conf *b = load_text(big, NULL, &d2);
	/* the same config written elsewhere in the file: still equal */
	char *moved;
	struct conf *m;
	struct conf_rs *rs;

	assert_no_errors(&d1);
	assert_true(conf_equal(a, b));
	if (asprintf(&moved, "\n\n# moved\n%s", big) < 0)
		fail();
	conf_diags_free(&d2);
	m = load_text(moved, NULL, &d2);
	assert_true(conf_equal(a, m));
	assert_false(conf_desc_eq(&conf_td_conf, a, m, true));
	conf_free(m);
	free(moved);
	/* one changed value anywhere makes them differ */
	rs = ((struct conf_vs *)b->vss.head)->rs.head;
	rs->weight = 3;
	assert_false(conf_equal(a, b));
	assert_false(conf_desc_eq(&conf_td_rs,
				  ((struct conf_vs *)a->vss.head)->rs.head, rs,
				  false));
	rs->weight = 2;
	assert_true(conf_equal(a, b));
	((struct conf_check *)rs->checkers.tail)->udp->payload[1] = 9;
	assert_false(conf_equal(a, b));
	conf_free(a);
	conf_free(b);
	conf_diags_free(&d1);
	conf_diags_free(&d2);
}

static void
test_dump(void **state)
{
	struct conf_diags d;
	struct conf *c = load_text(big, NULL, &d);
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	conf_dump(c, f);
	fclose(f);
	assert_non_null(strstr(text, "router_id R\n"));
	assert_non_null(strstr(text, "  vrid 1\n"));
	assert_non_null(strstr(text, "addr 10.0.0.1/24\n"));
	assert_non_null(strstr(text, "sched rr\n"));
	free(text);
	conf_free(c);
	conf_diags_free(&d);
}

static size_t
heap_in_use(void)
{
	return mallinfo2().uordblks;
}

static size_t
load_free(void)
{
	struct conf_diags d;
	char *snap = NULL;
	size_t len = 0, errors;
	struct conf *c;

	conf_diags_init(&d);
	conf_preprocess_buffer("t.conf", big, strlen(big), NULL, &snap, &len,
			       &d);
	c = conf_parse(snap, len, NULL, &d);
	conf_validate(c, NULL, &d);
	errors = d.errors;
	free(snap);
	conf_free(c);
	conf_diags_free(&d);
	return errors;
}

/* 1,000 load+free cycles leave the heap where the first ones left it
 * (no cmocka call inside the loop: it allocates for itself; main() runs
 * the test with glibc's per-thread cache off, whose parked chunks would
 * count as in use). */
static void
test_reload_memory(void **state)
{
	size_t early = 0, errors = 0;

	for (int i = 0; i < 1000; i++) {
		errors += load_free();
		if (i == 9)
			early = heap_in_use();
	}
	assert_int_equal(errors, 0);
	/* ASan's allocator has no mallinfo; LeakSanitizer checks there */
	if (early)
		assert_true(heap_in_use() <= early);
}

static void
count_kw(const char *block, const char *kw, enum conf_kw_status st,
	 bool deprecated, const char *to, void *arg)
{
	int *n = arg;

	n[deprecated ? 3 : st]++;
}

static void
test_keyword_status(void **state)
{
	int n[4] = {0};

	conf_for_each_keyword(count_kw, n);
	/* global_defs block, router_id, script_user, enable_script_security,
	 * include_check and vigil's seven (mgmt's vigil_metrics_listen with
	 * them; vigil_child_user and vigil_child_seccomp), the seven SNMP
	 * keywords mgmt acts on (enable_snmp_vrrp, _checker, _rfc, _rfcv2,
	 * _rfcv3, enable_traps, snmp_socket); the 145 the vrrp child acts on
	 * (vrrp_priority, default_interface, use_vmac_addr and
	 * vmac_addr_prefix, unicast_fault_no_peer, log_unknown_vrids,
	 * promote_secondaries,
	 * track_file's init_file (written
	 * by the parent), a sync group's notify_deleted; vigil's
	 * vigil_vrrp_restore_owned and
	 * vigil_vrrp_adopt_on_restart, and down_timer_adverts with its
	 * global default, among them); the
	 * 140 the check child acts on (checker_priority, _rt_priority,
	 * _rlimit_rttime, _no_swap; virtual_server, real_server, the
	 * checkers with vigil's AGENT_CHECK, SSL, lvs_* (lvs_notify_fifo
	 * and its script among them), rs_init_notifies and track_file; HTTP_GET's six own keywords
	 * count again in SSL_GET); the 14 of e-mail alerts the parent acts
	 * on (global_defs' ten with no_checker_emails, smtp_alert of vrrp_instance,
	 * vrrp_sync_group, virtual_server and real_server); the sync child's
	 * lvs_sync_daemon; net_namespace_ipvs (the check and sync children's
	 * IPVS sockets); the parent's one-vigild-among-several keywords
	 * (net_namespace, instance, use_pid_dir, namespace_with_ipsets); its
	 * startup_script, shutdown_script, their timeouts, child_wait_time,
	 * data_use_instance, reload_check_config; random_seed (the
	 * preprocessor); conntrack_sync with its 17; lvs_sync_resync; the
	 * bfd child's bfd_instance with its 14 keywords (neighbour_ip
	 * counted) and track_bfd of vrrp_instance and vrrp_sync_group, and
	 * its process settings bfd_priority, _rt_priority, _rlimit_rttime,
	 * _no_swap */
	assert_int_equal(n[CONF_KW_ACTIVE],
			 19 + 146 + 140 + 14 + 1 + 1 + 4 + 8 + 18 + 1 + 17 + 4);
	assert_true(n[CONF_KW_PENDING] > 10); /* fewer as vigil acts on more */
	assert_true(n[CONF_KW_KEPT] > 10);
	assert_true(n[3] > 10);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sorted),
		cmocka_unit_test(test_parts_disjoint),
		cmocka_unit_test(test_setters_match_fields),
		cmocka_unit_test(test_descriptors_cover_structs),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_reload_memory),
		cmocka_unit_test(test_keyword_status),
	};

	if (argc > 0 && !getenv("GLIBC_TUNABLES")) {
		setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
		execv("/proc/self/exe", argv);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
