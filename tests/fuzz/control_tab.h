/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table the control parser's tests and fuzzer parse against:
 * the daemon's commands (core/parent/control.c) with handlers that do nothing. */
#ifndef VIGIL_TESTS_CONTROL_TAB_H
#define VIGIL_TESTS_CONTROL_TAB_H

#include "core/parent/control.h"

static void
run_nothing(struct control_client *cl, const struct control_req *r)
{
	(void)cl;
	(void)r;
}

static const struct control_cmd test_cmds[] = {
	{"status", false, false, run_nothing},
	{"reload", false, false, run_nothing},
	{"show", true, false, run_nothing},
	{"admin", true, true, run_nothing},
};
#define TEST_NCMDS (sizeof(test_cmds) / sizeof(test_cmds[0]))

#endif
