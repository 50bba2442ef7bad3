// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for the control socket's request parser: the input is
 * one request line as a client would send it. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/parent/control.h"
#include "tests/fuzz/control_tab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct control_req r;
	const char *err;

	if (control_parse((const char *)data, size, test_cmds, TEST_NCMDS, &r,
			  &err) == 0) {
		/* What a handler reads. */
		if (r.cmd->topic && control_topic_proc(r.topic) == PROC_PARENT)
			__builtin_trap();
		if (strlen(r.topic) >= sizeof(r.topic) ||
		    strlen(r.arg) >= sizeof(r.arg))
			__builtin_trap();
	}
	return 0;
}
