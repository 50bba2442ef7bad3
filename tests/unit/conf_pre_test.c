// SPDX-License-Identifier: GPL-2.0-or-later
/* The config preprocessor: conditionals, definitions, ~SEQ/~LST, includes,
 * and the snapshot round trip. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf_helpers.h"

/* The snapshot of `text` without marker lines, and its diagnostics. */
static char *
pre(const char *text, const char *id, struct conf_diags *d)
{
	struct conf_opts o = {.config_id = id};
	char *snap = NULL, *got = NULL;
	size_t len = 0, glen = 0;
	FILE *out;

	conf_diags_init(d);
	conf_preprocess_buffer("t.conf", text, strlen(text), &o, &snap, &len,
			       d);
	if (!snap) /* a runaway expansion: nothing to give */
		return strdup("");
	out = open_memstream(&got, &glen);
	assert_non_null(out);
	for (char *line = strtok(snap, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, "#@", 2))
			fprintf(out, "%s\n", line);
	free(snap);
	assert_int_equal(fclose(out), 0);
	return got;
}

static void
expect(const char *text, const char *id, const char *want)
{
	struct conf_diags d;
	char *got = pre(text, id, &d);

	if (strcmp(got, want))
		fprintf(stderr, "--- got:\n%s--- want:\n%s", got, want);
	assert_string_equal(got, want);
	assert_int_equal(d.errors, 0);
	free(got);
	conf_diags_free(&d);
}

static void
expect_error(const char *text, int line, const char *part)
{
	struct conf_diags d;
	char *got = pre(text, NULL, &d);

	assert_one_error(&d, line, part);
	free(got);
	conf_diags_free(&d);
}

static void
test_conditionals(void **state)
{
	const char *t = "@main router_id M\n@backup router_id B\n"
			"@^main x 1\n  @main   y 2\n@ z\n@^ w\n";

	expect(t, "main", "router_id M\ny 2\nw\n");
	expect(t, "backup", "router_id B\nx 1\nw\n");
	/* no config id: only @^ lines count */
	expect(t, NULL, "x 1\nw\n");
}

static void
test_definitions(void **state)
{
	expect("$A=hello\nk1 $A\nk2_${A}_x\nk3 $A_x\nk4 ${UNDEF} $UNDEF\n",
	       NULL, "k1 hello\nk2_hello_x\nk3 $A_x\nk4 $ { UNDEF } $UNDEF\n");
	/* keepalived.conf(5): replacement is recursive, at use time */
	expect("$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n$ADDRESS_BASE_SUB=0\n"
	       "${ADDRESS_BASE}.100/32\n$ADDRESS_BASE_SUB=10\n"
	       "${ADDRESS_BASE}.100/32\n",
	       NULL, "10.2.0.100/32\n10.2.10.100/32\n");
	expect("$E=\nk_${E}_x\n$S = no\n  $T=x # comment\nk ${T}\n", NULL,
	       "k__x\n$S = no\nk x\n");
	expect("$P=a \"b c\"\nk ${P}\n", NULL, "k a \"b c\"\n");
	/* a definition can hold a conditional */
	expect("$IF_MAIN=@main\n$IF_MAIN priority 240\n", "main",
	       "priority 240\n");
	expect("$IF_MAIN=@main\n$IF_MAIN priority 240\n", "other", "");
	expect_error("$X=${X}x\nk $X\n", 2, "without end");
}

static void
test_multiline(void **state)
{
	const char *t = "$RS= \\\n"
			"real_server 10.0.${VS}.${RS_NUM} 80 { \\\n"
			"  weight ${RS_NUM} \\\n"
			"}\n"
			"$VS_BLOCK= \\\n"
			"virtual_server 10.0.${VS}.1 80 { \\\n"
			"  $RS_NUM=1 \\\n"
			"  $RS \\\n"
			"  $RS_NUM=2 \\\n"
			"  $RS \\\n"
			"}\n"
			"$VS=7\n"
			"$VS_BLOCK\n";

	expect(t, NULL,
	       "virtual_server 10.0.7.1 80 {\n"
	       "real_server 10.0.7.1 80 {\nweight 1\n}\n"
	       "real_server 10.0.7.2 80 {\nweight 2\n}\n}\n");
	/* a blank line ends a multi-line definition (as in keepalived) */
	expect("$M= \\\nK1 \\\n\nK2\n$M\n", NULL, "K2\nK1\n");
	/* keepalived reads a definition's lines before their comments: a
	 * commented-out line ending in '\\' continues it, a comment line
	 * (or one of blanks) is skipped, a comment before a final '\\' goes */
	expect("$M= \\\nK1 \\\n# K2 \\\n  K3 # note \\\n# just a note\n"
	       "   \nK4\n$M\n",
	       NULL, "K1\nK3\nK4\n");
	expect("$M= \\\nK1 \\\n# last \\\n}\n$M\n", NULL, "K1\n}\n");
}

/* A whole virtual_server in a definition with commented-out lines: one
 * root cause used to give hundreds of errors. */
static void
test_multiline_comments(void **state)
{
	struct conf_diags d;
	struct conf *c;

	c = load_text("$VS= \\\n"
		      "virtual_server 10.0.0.1 80 { \\\n"
		      "    protocol TCP \\\n"
		      "    # quorum_down \"/bin/x\" \\\n"
		      "    real_server 10.0.0.2 80 { \\\n"
		      "        weight 2 \\\n"
		      "    } \\\n"
		      "}\n"
		      "$VS\n",
		      NULL, &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 0);
	assert_int_equal(c->vss.n, 1);
	assert_int_equal(((struct conf_vs *)c->vss.head)->rs.n, 1);
	conf_free(c);
	conf_diags_free(&d);
}

static void
test_seq(void **state)
{
	expect("~SEQ(i, 1, 3) k$i\n", NULL, "k1\nk2\nk3\n");
	expect("~SEQ(i, 3) k_${i}\n", NULL, "k_1\nk_2\nk_3\n");
	expect("~SEQ(i, 5, -2, 1) k${i}\n", NULL, "k5\nk3\nk1\n");
	expect("~SEQx(h, 0x90, 0x10, 0xc0) fe80::${h}:1\n", NULL,
	       "fe80::90:1\nfe80::a0:1\nfe80::b0:1\nfe80::c0:1\n");
	expect("~SEQ(a, 1, 2) ~SEQ(b, 1, 2) x${a}${b}\n", NULL,
	       "x11\nx12\nx21\nx22\n");
	expect("$N=2\n~SEQ(i, 1, $N) k$i\n", NULL, "k1\nk2\n");
	/* the loop variable does not leak, an earlier one is restored */
	expect("$i=keep\n~SEQ(i, 1, 1) a$i\nb$i\n", NULL, "a1\nbkeep\n");
	expect_error("~SEQ(i, 1, 0, 3) x\n", 1, "bad ~SEQ");
	expect_error("~SEQ(i, 1, x) x\n", 1, "bad ~SEQ");
	expect_error("~SEQ(i, 1, 3 x\n", 1, "missing ')'");
	/* keepalived ends a $NAME at ',' and ')' too */
	expect("$S=2\n$E=3\n~SEQ(H,$S,$E) k$H\n", NULL, "k2\nk3\n");
	expect("$S=2\n~SEQ(H, $S) k$H\n", NULL, "k1\nk2\n");
}

/* Lines that multiply at each level stop at a bound, quickly. */
static void
test_expansion_bounds(void **state)
{
	char *text = NULL, *got;
	size_t len = 0;
	FILE *b = open_memstream(&text, &len);
	struct conf_diags d;

	assert_non_null(b);
	for (char v = 'A'; v < 'J'; v++) {
		fprintf(b, "$%c= \\\n", v);
		for (int i = 0; i < 9; i++)
			fprintf(b, "$%c \\\n", v + 1);
		fprintf(b, "$%c\n", v + 1);
	}
	fputs("$J=x\n$A\n", b);
	assert_int_equal(fclose(b), 0);
	got = pre(text, NULL, &d);
	assert_one_error(&d, 101, "expands to more than 5000000 lines");
	free(got);
	conf_diags_free(&d);
	free(text);
	expect_error("$M= \\\na \\\n$M\n$M\n", 4, "nested more than 32 deep");
}

/* A flood of bad lines keeps 10,000 diagnostics and counts the rest. */
static void
test_diag_cap(void **state)
{
	struct conf_diags d;
	char *got = pre("~SEQ(i, 1, 20000) \"x\n", NULL, &d);

	assert_int_equal(d.errors, 20000);
	assert_int_equal(d.n, 10000);
	assert_non_null(strstr(d.v[9999].msg, "the rest are counted"));
	free(got);
	conf_diags_free(&d);
}

static void
test_lst(void **state)
{
	expect("~LST(v, a, b) k_${v}\n", NULL, "k_a\nk_b\n");
	expect("~LST({IP, IP1}, {10,1},{20,4}) 192.168.${IP}.${IP1}\n", NULL,
	       "192.168.10.1\n192.168.20.4\n");
	expect("~LST(a, 1, 2) ~SEQ(b, 1, 2) ${a}${b}\n", NULL,
	       "11\n12\n21\n22\n");
	expect_error("~LST({a, b}, {1}) x\n", 1, "fields");
}

/* random_seed N: the ${_RANDOM} after it are the same for the same seed
 * (a reload of the same files changes nothing), another for another. */
static char *
randoms(unsigned seed)
{
	struct conf_diags d;
	char text[160], *got;

	snprintf(text, sizeof(text),
		 "k ${_RANDOM 0 1000000000}\nglobal_defs {\n random_seed %u\n"
		 "}\nk ${_RANDOM 0 1000000000} ${_RANDOM 0 1000000000}\n",
		 seed);
	got = pre(text, NULL, &d);
	conf_diags_free(&d);
	return got;
}

static void
seeded(void)
{
	char *a = randoms(7), *b = randoms(7), *c = randoms(8);
	const char *la = strstr(a, "}\nk "), *lb = strstr(b, "}\nk "),
		   *lc = strstr(c, "}\nk ");

	assert_non_null(la);
	assert_non_null(lb);
	assert_non_null(lc);
	assert_string_equal(la, lb);
	assert_string_not_equal(la, lc);
	free(a);
	free(b);
	free(c);
}

static void
test_predefined(void **state)
{
	struct conf_diags d;
	char *got;

	/* keepalived strips comments again after substituting (keepalived
	 * 2.2.7 takes "5${_HASH}x" as 5): ${_HASH} and ${_BANG} are text in
	 * quotes only, and comment the rest of a line out elsewhere, which
	 * configs use ($X=${_HASH} then "$X line" to disable a line) */
	expect("k \"a${_HASH}b\" \"${_BANG}\"\n", NULL, "k \"a#b\" \"!\"\n");
	expect("k a${_HASH}b ${_BANG}\n", NULL, "k a\n");
	expect("$X=${_HASH}\n$X bogus\nk 1\n", NULL, "k 1\n");
	expect("$X=${_BANG}\n$X bogus\n", NULL, "");
	expect("k ${_INSTANCE}\n", "node1", "k node1\n");
	got = pre("k ${_RANDOM 5 5} ${_PWD}\n", NULL, &d);
	assert_non_null(strstr(got, "k 5 /"));
	free(got);
	conf_diags_free(&d);
	seeded();
	expect_error("include x.conf\n", 1, "include is not allowed");
}

/* ---- files -------------------------------------------------------- */

static char dir[64];

static void
put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
mkfiles(void **state)
{
	char path[256];

	snprintf(dir, sizeof(dir), "/tmp/vigil-conf-pre-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/sub", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/sub/deeper", dir);
	mkdir(path, 0700);
	return 0;
}

static int
rmfiles(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
pre_file(const char *name, struct conf_diags *d, int *rc)
{
	char path[256];
	char *snap = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	conf_diags_init(d);
	*rc = conf_preprocess(path, NULL, &snap, &len, d);
	return snap;
}

static void
test_include_relative(void **state)
{
	struct conf_diags d;
	char want[512];
	int rc;
	char *snap;

	put("main.conf", "include sub/one.conf\ninclude sub/*.glob\nk_main\n");
	put("sub/one.conf", "k_one ${_PWD}\ninclude deeper/two.conf\n");
	put("sub/deeper/two.conf", "k_two\n");
	put("sub/b.glob", "k_b\n");
	put("sub/a.glob", "k_a\n");
	snap = pre_file("main.conf", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(d.errors + d.warnings, 0);
	snprintf(want, sizeof(want), "k_one %s/sub\n", dir);
	assert_non_null(strstr(snap, want));
	/* includes are relative to the including file; globs sorted */
	assert_true(strstr(snap, "k_two") < strstr(snap, "k_a"));
	assert_true(strstr(snap, "k_a") < strstr(snap, "k_b"));
	assert_true(strstr(snap, "k_b") < strstr(snap, "k_main"));
	snprintf(want, sizeof(want), "#@F 2 %s/sub/deeper/two.conf", dir);
	assert_non_null(strstr(snap, want));
	free(snap);
	conf_diags_free(&d);
}

static void
test_include_missing(void **state)
{
	struct conf_diags d;
	char path[256];
	int rc;
	char *snap;

	put("m1.conf", "k\ninclude nothere.conf\ninclude none*.conf\n");
	snap = pre_file("m1.conf", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 2, "does not exist"), 1);
	free(snap);
	conf_diags_free(&d);

	put("m2.conf", "includem nothere.conf\nincludew none*.conf\n"
		       "includeb {sub/a,sub/zz}.glob\n");
	snap = pre_file("m2.conf", &d, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(d.errors, 3);
	assert_int_equal(diag_count(&d, CONF_ERROR, 1, "does not exist"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 2, "no file matches"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 3, "sub/zz.glob"), 1);
	snprintf(path, sizeof(path), "%s/m2.conf", dir);
	assert_string_equal(d.v[0].file, path);
	assert_non_null(strstr(snap, "k_a"));
	free(snap);
	conf_diags_free(&d);

	snap = pre_file("absent.conf", &d, &rc);
	assert_null(snap);
	assert_int_equal(rc, -1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 0, "cannot read"), 1);
	conf_diags_free(&d);
}

/* Includes that are no config file: a FIFO (open() and read() would wait
 * for a writer: the parent's loop would hang), a directory, a device, a
 * file of /proc (st_size 0, made up as it is read) are refused at the
 * including line, and so is the main file when it is one of them. */
static void
test_include_special(void **state)
{
	struct conf_diags d;
	char fifo[300], text[1024];
	int rc;
	char *snap;

	(void)state;
	snprintf(fifo, sizeof(fifo), "%s/sp.fifo", dir);
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(text, sizeof(text),
		 "k\ninclude %s\ninclude %s\ninclude /dev/zero\n"
		 "include /proc/self/status\n",
		 fifo, dir);
	put("sp.conf", text);
	snap = pre_file("sp.conf", &d, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(d.errors, 4);
	assert_int_equal(diag_count(&d, CONF_ERROR, 2, "a FIFO"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 3, "a directory"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 4, "a device"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 5, "pseudo file system"),
			 1);
	free(snap);
	conf_diags_free(&d);

	snap = pre_file("sp.fifo", &d, &rc);
	assert_null(snap);
	assert_int_equal(rc, -1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 0, "a FIFO"), 1);
	conf_diags_free(&d);
	unlink(fifo);
}

/* One file holds at most 64 MiB; the size is read to its end, not
 * trusted from stat. */
static void
test_include_too_large(void **state)
{
	struct conf_diags d;
	char path[300];
	int rc;
	char *snap;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/big.conf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(ftruncate(fileno(f), (64 << 20) + 1), 0);
	fclose(f);
	put("tb.conf", "k\ninclude big.conf\n");
	snap = pre_file("tb.conf", &d, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 2, "larger than 64 MiB"),
			 1);
	free(snap);
	conf_diags_free(&d);
	unlink(path);
}

/* global_defs include_check makes the plain include strict. */
static void
test_include_check(void **state)
{
	struct conf_diags d;
	int rc;
	char *snap;

	put("ic.conf", "include_check\ninclude nothere.conf\n");
	snap = pre_file("ic.conf", &d, &rc);
	assert_int_equal(rc, -1);
	assert_one_error(&d, 2, "does not exist");
	free(snap);
	conf_diags_free(&d);
	put("ic2.conf", "include_check -match\ninclude nothere.conf\n");
	snap = pre_file("ic2.conf", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(d.warnings, 1);
	free(snap);
	conf_diags_free(&d);
}

static void
test_include_loop(void **state)
{
	struct conf_diags d;
	char path[256];
	int rc;
	char *snap;

	put("loop.conf", "k1\ninclude sub/back.conf\n");
	put("sub/back.conf", "k2\n\ninclude ../loop.conf\n");
	snap = pre_file("loop.conf", &d, &rc);
	assert_int_equal(rc, -1);
	assert_one_error(&d, 3, "include loop");
	snprintf(path, sizeof(path), "%s/sub/back.conf", dir);
	assert_string_equal(d.v[0].file, path);
	free(snap);
	conf_diags_free(&d);
}

/* Diagnostics from an included file name that file and its line, also
 * when the snapshot is parsed again with the files gone. */
static void
test_snapshot_round_trip(void **state)
{
	struct conf_diags d1, d2;
	struct conf *c1, *c2;
	char path[256], *snap, *copy;
	size_t len;
	FILE *m1, *m2;
	char *dump1 = NULL, *dump2 = NULL;
	size_t dl1, dl2;

	put("rt.conf",
	    "global_defs {\n  router_id R1\n}\n"
	    "$PRIO=150\n"
	    "~SEQ(i, 1, 2) vrrp_script s$i { \"script\" \"/bin/t ${i}\" }\n"
	    "include rt-inc.conf\n");
	put("rt-inc.conf", "vrrp_instance V {\n  interface eth0\n"
			   "  virtual_router_id 7\n  priority 300\n"
			   "  bogus 1\n  priority $PRIO\n"
			   "  virtual_ipaddress {\n    10.1.1.1/24\n  }\n}\n");
	snprintf(path, sizeof(path), "%s/rt.conf", dir);
	conf_diags_init(&d1);
	assert_int_equal(conf_preprocess(path, NULL, &snap, &len, &d1), 0);
	c1 = conf_parse(snap, len, NULL, &d1);
	conf_validate(c1, NULL, &d1);
	snprintf(path, sizeof(path), "%s/rt-inc.conf", dir);
	assert_int_equal(diag_count(&d1, CONF_WARNING, 4,
				    "priority 300 out of "
				    "range 1-255"),
			 1);
	assert_int_equal(diag_count(&d1, CONF_WARNING, 5, "'bogus'"), 1);
	assert_int_equal(d1.errors, 0);
	for (size_t i = 0; i < d1.n; i++)
		if (strstr(d1.v[i].msg, "priority 300") ||
		    strstr(d1.v[i].msg, "bogus"))
			assert_string_equal(d1.v[i].file, path);
	/* the files go away; the snapshot alone gives the same */
	rmfiles(state);
	mkfiles(state);
	copy = malloc(len);
	memcpy(copy, snap, len);
	free(snap);
	conf_diags_init(&d2);
	c2 = conf_parse(copy, len, NULL, &d2);
	conf_validate(c2, NULL, &d2);
	assert_int_equal(d1.n, d2.n);
	for (size_t i = 0; i < d1.n; i++) {
		assert_string_equal(d1.v[i].file, d2.v[i].file);
		assert_int_equal(d1.v[i].line, d2.v[i].line);
		assert_string_equal(d1.v[i].msg, d2.v[i].msg);
	}
	assert_true(conf_equal(c1, c2));
	m1 = open_memstream(&dump1, &dl1);
	m2 = open_memstream(&dump2, &dl2);
	conf_dump(c1, m1);
	conf_dump(c2, m2);
	fclose(m1);
	fclose(m2);
	assert_string_equal(dump1, dump2); /* file:line included */
	assert_int_equal(((struct conf_vrrp *)c1->instances.head)->priority,
			 150);
	assert_int_equal(c1->scripts.n, 2);
	free(dump1);
	free(dump2);
	free(copy);
	conf_free(c1);
	conf_free(c2);
	conf_diags_free(&d1);
	conf_diags_free(&d2);
}

/* Lines expanded from one source line all carry that line. */
static void
test_markers(void **state)
{
	struct conf_diags d;
	const char *t = "a 1\nb 2\n~SEQ(i,1,2) c$i\n\n\nd 3\n";
	char *snap = NULL;
	size_t len;

	conf_diags_init(&d);
	conf_preprocess_buffer("m.conf", t, strlen(t), NULL, &snap, &len, &d);
	assert_string_equal(snap, "#@vigil-snapshot 1"
				  "\n#@F 0 m.conf\n"
				  "#@L 0 1\na 1\nb 2\nc1\n#@L 0 3\nc2\n"
				  "#@L 0 6\nd 3\n");
	free(snap);
	conf_diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conditionals),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_multiline),
		cmocka_unit_test(test_multiline_comments),
		cmocka_unit_test(test_seq),
		cmocka_unit_test(test_expansion_bounds),
		cmocka_unit_test(test_diag_cap),
		cmocka_unit_test(test_lst),
		cmocka_unit_test(test_predefined),
		cmocka_unit_test(test_include_relative),
		cmocka_unit_test(test_include_missing),
		cmocka_unit_test(test_include_check),
		cmocka_unit_test(test_include_loop),
		cmocka_unit_test(test_include_special),
		cmocka_unit_test(test_include_too_large),
		cmocka_unit_test(test_snapshot_round_trip),
		cmocka_unit_test(test_markers),
	};

	return cmocka_run_group_tests(tests, mkfiles, rmfiles);
}
