/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrptest's JSON description of a VRRP config, read into the engine's
 * struct vrrp_config. The keys follow keepalived's keywords; see
 * tests/vrrp/README.md for the format.
 */
#ifndef VIGIL_TESTS_VRRPTEST_CONF_H
#define VIGIL_TESTS_VRRPTEST_CONF_H

#include <stddef.h>

#include "vrrp/vrrp_conf.h"

struct vrrptest_opts {
	char status_file[VRRP_PATH_MAX];
	char command_file[VRRP_PATH_MAX];
};

/* NULL and a message on error. */
struct vrrp_config *vrrptest_conf_load(const char *path,
				       struct vrrptest_opts *opts, char *err,
				       size_t errlen);

#endif
