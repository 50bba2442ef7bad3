/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A local command runner for the test driver, standing in for vigild's
 * parent (which runs MISC_CHECK commands for the check child): fork, exec
 * the words of the command as the parent splits them (cmd_split(), no
 * shell), kill the process group at the timeout, report the exit status
 * through the loop.
 */
#ifndef VIGIL_TESTS_CHECK_RUNNER_H
#define VIGIL_TESTS_CHECK_RUNNER_H

#include "check/probe.h"
#include "core/runtime/event.h"

struct runner;

struct runner *runner_new(struct ev_loop *loop);
/* Kills and reaps whatever still runs. */
void runner_free(struct runner *r);
extern const struct chk_script_ops runner_ops;

#endif
