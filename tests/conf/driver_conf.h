/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the test drivers (tests/check/checktest, tests/vrrp/vrrptest) read
 * their config: the config library loads it as vigild does, every
 * diagnostic goes to stderr, and a config with an error is refused with
 * the first one ("file:line: message").
 */
#ifndef VIGIL_TESTS_DRIVER_CONF_H
#define VIGIL_TESTS_DRIVER_CONF_H

#include <stdio.h>

#include "core/conf/conf.h"

/* The validated model, or NULL with the first error in err. */
static inline struct conf *
driver_conf_load(const char *path, char *err, size_t errlen)
{
	struct conf_diags d;
	struct conf *c;

	conf_diags_init(&d);
	c = conf_load(path, NULL, &d, NULL, NULL);
	conf_diags_print(&d, stderr);
	if (c && conf_diags_failed(&d, false)) {
		conf_free(c);
		c = NULL;
	}
	if (!c) {
		snprintf(err, errlen, "%s: no config", path);
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].severity == CONF_ERROR) {
				snprintf(err, errlen, "%s:%d: %s", d.v[i].file,
					 d.v[i].line, d.v[i].msg);
				break;
			}
	}
	conf_diags_free(&d);
	return c;
}

#endif
