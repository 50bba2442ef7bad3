// SPDX-License-Identifier: GPL-2.0-or-later
/* Agent-check reply parser. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/agent_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agent_reply a;
	const char *err = NULL;

	if (agent_parse((const char *)data, size, &a, &err) == 0 &&
	    (a.pct < 0 || a.pct > AGENT_PCT_MAX ||
	     strlen(a.text) >= sizeof(a.text)))
		abort();
	return 0;
}
