// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the config reader: the input is a config file.
 * It goes through preprocess (from memory, no includes) + parse +
 * validate, and the raw bytes also through conf_parse() directly, as a
 * child would read a (possibly hostile) snapshot.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/conf/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
no_iface(const char *name, void *arg)
{
	(void)arg;
	return name[0] != 'x'; /* some interfaces "exist", some do not */
}

static void
ignore_script(const char *cmd, void *arg)
{
	(void)cmd;
	(*(size_t *)arg)++;
}

static void
run(const char *text, size_t len, const struct conf_opts *o)
{
	struct conf_diags d;
	struct conf *c;
	size_t n = 0;

	conf_diags_init(&d);
	c = conf_parse(text, len, o, &d);
	if (c) {
		conf_validate(c, o, &d);
		conf_for_each_script(c, ignore_script, &n);
		(void)conf_needs_check(c);
		(void)conf_equal(c, c);
	}
	conf_free(c);
	conf_diags_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_opts o = {.config_id = "fuzz", .iface_exists = no_iface};
	struct conf_diags d;
	char *snap = NULL;
	size_t len = 0;

	if (size > 1 << 16)
		return 0;
	conf_diags_init(&d);
	conf_preprocess_buffer("fuzz.conf", (const char *)data, size, &o, &snap,
			       &len, &d);
	conf_diags_free(&d);
	if (snap)
		run(snap, len, &o);
	free(snap);
	run((const char *)data, size, &o);
	return 0;
}
