// SPDX-License-Identifier: GPL-2.0-or-later
/* The ledger's VMAC lines; see vrrp_ledger_line.h. */
#include "config.h"

#include <string.h>

#include "vrrp/vrrp_ledger_line.h"

bool
vrrp_ledger_vmac_line(const char *line, const char *who, const char *name)
{
	size_t lw = strlen(who), ln = strlen(name);

	/* strncmp() stops at the line's NUL: nothing is read past it */
	if (strncmp(line, who, lw) || strncmp(line + lw, " vmac ", 6) ||
	    strncmp(line + lw + 6, name, ln))
		return false;
	return line[lw + 6 + ln] == '\0' || line[lw + 6 + ln] == '\n';
}
