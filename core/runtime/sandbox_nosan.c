// SPDX-License-Identifier: GPL-2.0-or-later
/* A build without sanitizers: the allowlist has nothing more, and a
 * child that changed its user stays undumpable (core/runtime/sandbox.h). */
#include "config.h"

#include <stddef.h>

#include "core/runtime/sandbox.h"

const char *const sandbox_san_syscalls[] = {NULL};
const bool sandbox_san_dumpable = false;
