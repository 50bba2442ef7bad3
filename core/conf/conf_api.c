// SPDX-License-Identifier: GPL-2.0-or-later
/* The reader's entry points that chain the stages: conf_load() and the
 * config test that `vigild -t` and tests/conf/conftest share. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf_int.h"

struct conf *
conf_load(const char *path, const struct conf_opts *o, struct conf_diags *d,
	  char **snapshot, size_t *len)
{
	char *text = NULL;
	size_t tlen = 0;
	struct conf *c;

	if (snapshot)
		*snapshot = NULL;
	if (len)
		*len = 0;
	conf_preprocess(path, o, &text, &tlen, d);
	if (!text)
		return NULL;
	c = conf_parse(text, tlen, o, d);
	if (c)
		conf_validate(c, o, d);
	else
		conf_diag_add(d, CONF_ERROR, path, 0, "out of memory");
	if (snapshot && c) {
		*snapshot = text;
		if (len)
			*len = tlen;
	} else {
		free(text);
	}
	return c;
}

enum conf_test_result
conf_test_file(const char *path, const struct conf_opts *o, bool strict,
	       FILE *out)
{
	struct conf_diags d;
	struct conf *c;
	bool failed, quiet, insecure;

	conf_diags_init(&d);
	c = conf_load(path, o, &d, NULL, NULL);
	failed = !c || conf_diags_failed(&d, strict);
	quiet = !d.unsupported && !d.warnings;
	insecure = d.insecure_scripts;
	conf_diags_print_max(&d, out,
			     o && o->show_max ? o->show_max : SIZE_MAX);
	fprintf(out,
		"%s: %s (%zu errors, %zu not supported yet, %zu "
		"warnings)\n",
		path,
		failed	? "FAILED"
		: quiet ? "OK"
			: "OK with warnings",
		d.errors, d.unsupported, d.warnings);
	conf_free(c);
	conf_diags_free(&d);
	if (failed)
		return CONF_TEST_CANNOT_RUN;
	if (insecure)
		return CONF_TEST_SECURITY;
	return quiet ? CONF_TEST_OK : CONF_TEST_WARNINGS;
}
