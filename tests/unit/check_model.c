// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/conf/conf.h"
#include "tests/unit/check_model.h"

struct conf *
chk_test_load(const char *text)
{
	struct conf_diags d;
	char *snap = NULL;
	size_t len = 0;
	struct conf *c;

	conf_diags_init(&d);
	conf_preprocess_buffer("t.conf", text, strlen(text), NULL, &snap, &len,
			       &d);
	assert_non_null(snap);
	c = conf_parse(snap, len, NULL, &d);
	assert_non_null(c);
	conf_validate(c, NULL, &d);
	if (d.errors)
		conf_diags_print(&d, stderr);
	assert_int_equal(d.errors, 0);
	free(snap);
	conf_diags_free(&d);
	return c;
}
