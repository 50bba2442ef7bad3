// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A sanitizer build (./configure --enable-sanitizers; the build picks this
 * file instead of sandbox_nosan.c): what ASan, UBSan and LeakSanitizer call
 * besides the program, added to every child's allowlist so that the
 * allowlist itself stays in force under the sanitizers. LeakSanitizer
 * checks for leaks at exit from a tracer task that ptraces the process:
 * that needs ptrace, wait4 and the process dumpable after its uid changed.
 * A production build has none of this (core/runtime/README.md).
 */
#include "config.h"

#include <stddef.h>

#include "core/runtime/sandbox.h"

const char *const sandbox_san_syscalls[] = {"ptrace",
					    "clone",
					    "wait4",
					    "waitid",
					    "sched_setaffinity",
					    "personality",
					    "readlink",
					    "getdents",
					    "sigaltstack",
					    "msync",
					    "mincore",
					    "process_vm_readv",
					    "tkill",
					    NULL};
const bool sandbox_san_dumpable = true;
