/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A line of the vrrp ledger (vrrp_ledger.c) that names a VMAC: pure, so
 * that its decoder can be fuzzed (tests/fuzz/fuzz_vrrp_ledger.c).
 */
#ifndef VIGIL_VRRP_LEDGER_LINE_H
#define VIGIL_VRRP_LEDGER_LINE_H

#include <stdbool.h>

/* line is "<who> vmac <name>" (then a newline or the end), NUL-terminated */
bool vrrp_ledger_vmac_line(const char *line, const char *who, const char *name);

#endif
