/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipvstool's commands beyond the table: info, flush, timeouts, sync. */
#ifndef VIGIL_TESTS_IPVS_IPVSTOOL_H
#define VIGIL_TESTS_IPVS_IPVSTOOL_H

#include "ipvs/nl.h"

/* 0 done, 1 failed, 2 usage. */
int cmd_misc(const char *cmd, int argc, char **argv, struct ipvs_nl *nl);

#endif
