// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vrrp ledger is read back from the runtime directory at start, so it
 * is outside bytes: its VMAC lines (vrrp_ledger_vmac_line) must claim a
 * VMAC only for the exact line "<owner> vmac <name>".
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_ledger_line.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *line, *nl;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* line by line, as fgets() gives them (a NUL ends one early) */
	for (line = buf; line < buf + size; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (vrrp_ledger_vmac_line(line, "VI_1", "vrrp1.51") &&
		    (strncmp(line, "VI_1 vmac vrrp1.51", 18) ||
		     (line[18] && line[18] != '\n')))
			abort();
		if (!*nl)
			break;
	}
	free(buf);
	return 0;
}
