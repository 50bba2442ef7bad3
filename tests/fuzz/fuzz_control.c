// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for the control socket's request parser: the input is
 * one request line as a client would send it. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/control.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
run_nothing(struct control_client *cl, const struct control_req *r)
{
	(void)cl;
	(void)r;
}

static const struct control_cmd tab[] = {
	{"status", false, false, run_nothing},
	{"reload", false, false, run_nothing},
	{"show", true, false, run_nothing},
	{"admin", true, true, run_nothing},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct control_req r;
	const char *err;

	if (control_parse((const char *)data, size, tab, 4, &r, &err) == 0) {
		/* What a handler reads. */
		if (r.cmd->topic && control_topic_proc(r.topic) == PROC_PARENT)
			__builtin_trap();
		if (strlen(r.topic) >= sizeof(r.topic) ||
		    strlen(r.arg) >= sizeof(r.arg))
			__builtin_trap();
	}
	return 0;
}
