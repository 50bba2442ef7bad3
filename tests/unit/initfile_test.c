// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * track_file's init_file (core/parent/initfile.c): parsed from the config
 * into the model, then written by the parent: a missing file created 0644
 * with VALUE (default 0) whatever the umask, an existing one left alone
 * unless overwrite (its mode kept), a FIFO or a symlink refused unopened.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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
#include "core/parent/initfile.h"

static char dir[32], path[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/initfile.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tf", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
content(const char *want)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, want);
}

static void
put(const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void
test_parse(void **state)
{
	static const char text[] =
		"track_file a {\n file \"/run/a\"\n init_file\n}\n"
		"track_file b {\n file \"/run/b\"\n init_file overwrite\n}\n"
		"track_file c {\n file \"/run/c\"\n init_file -7 overwrite\n}\n"
		"track_file d {\n file \"/run/d\"\n}\n";
	struct conf_diags dg;
	struct conf *c;
	const struct conf_track_file *t;

	(void)state;
	c = load_text(text, NULL, &dg);
	assert_int_equal(dg.errors + dg.unsupported, 0);
	t = c->track_files.head;
	assert_true(t->init_file && !t->init_overwrite);
	assert_int_equal(t->init_value, 0);
	t = t->next;
	assert_true(t->init_file && t->init_overwrite);
	assert_int_equal(t->init_value, 0);
	t = t->next;
	assert_true(t->init_file && t->init_overwrite);
	assert_int_equal(t->init_value, -7);
	t = t->next;
	assert_false(t->init_file);
	conf_free(c);
	conf_diags_free(&dg);
}

static void
test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"track_file a {\n file x\n init_file 1 2\n}\n",
		"track_file a {\n file x\n init_file many\n}\n",
		"track_file a {\n file x\n init_file overwrite 1\n}\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct conf_diags dg;
		struct conf *c;

		c = load_text(bad[i], NULL, &dg);
		/* keepalived's fallback: warned at the line, ignored */
		assert_int_equal(diag_count(&dg, CONF_WARNING, 3, "init_file"),
				 1);
		assert_false(((struct conf_track_file *)c->track_files.head)
				     ->init_file);
		conf_free(c);
		conf_diags_free(&dg);
	}
}

static void
test_create(void **state)
{
	mode_t old = umask(077);
	struct stat st;

	(void)state;
	assert_int_equal(initfile_write(path, 42, false), 1);
	umask(old);
	content("42\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
}

static void
test_existing_kept(void **state)
{
	(void)state;
	put("7\n", 0600);
	assert_int_equal(initfile_write(path, 0, false), 0);
	content("7\n");
}

static void
test_overwrite(void **state)
{
	struct stat st;

	(void)state;
	put("1234567\n", 0640);
	assert_int_equal(initfile_write(path, -3, true), 1);
	content("-3\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(st.st_mode & 0777, 0640);
}

static void
test_not_regular(void **state)
{
	char target[80];

	(void)state;
	assert_int_equal(mkfifo(path, 0644), 0);
	errno = 0;
	assert_int_equal(initfile_write(path, 1, true), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(initfile_write(path, 1, false), -1);
	unlink(path);
	snprintf(target, sizeof(target), "%s/target", dir);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(initfile_write(path, 1, true), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(access(target, F_OK), -1); /* nothing created */
}

static void
test_no_dir(void **state)
{
	char p[96];

	(void)state;
	snprintf(p, sizeof(p), "%s/none/tf", dir);
	assert_int_equal(initfile_write(p, 1, false), -1);
	assert_int_equal(errno, ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_overwrite, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_dir, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
