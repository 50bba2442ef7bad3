// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A sanitizer build (./configure --enable-sanitizers; the build picks this
 * file instead of sandbox_nosan.c): what ASan, UBSan and LeakSanitizer call
 * besides the program, added to every child's allowlist so that the
 * allowlist itself stays in force under the sanitizers. LeakSanitizer
 * checks for leaks at exit from a tracer task that ptraces the process:
 * that needs ptrace, wait4, getdents (the old call, to list the threads)
 * and the process dumpable after its uid changed. The tracer blocks
 * SIGSYS, so a call missing here kills it without a word and leaves the
 * child spinning at exit: tests/unit/sandbox_test.c's exit checks it.
 * A production build has none of this (core/runtime/README.md).
 */
#include "config.h"

#include <stddef.h>

#include "core/runtime/sandbox.h"

/* clang-format off */
const char *const sandbox_san_syscalls[] = {
	"ptrace", "clone", "wait4", "waitid", "prctl", "sched_getaffinity",
	"openat", "open", "readlink", "readlinkat", "getdents", "getdents64", "getppid",
	"msync", "mincore", "pipe2", "dup", "dup2", "dup3", "unlink",
	"sched_getparam", "getrlimit", "prlimit64", "setrlimit", "uname",
	"sigaltstack", NULL};
/* clang-format on */
const bool sandbox_san_dumpable = true;
