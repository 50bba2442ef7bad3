// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for vigilctl's printers (core/cli/ctl_print.h): the
 * input is a reply as vigild's control socket sends it; every command's
 * printer reads it. Nothing may crash, whatever the shape. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/cli/ctl_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const cmds[][3] = {
	{"status", NULL, NULL},
	{"reload", NULL, NULL},
	{"show", "vrrp", NULL},
	{"show", "vrrp", "VI_1"},
	{"show", "checks", NULL},
	{"show", "checks", "10.0.0.1:80"},
	{"show", "checks", "10.0.0.1:80 10.0.0.2:80"},
	{"show", "ipvs", NULL},
	{"show", "sync", NULL},
	{"drain", "10.0.0.1:80", "10.0.0.2:80"},
	{"force", "VI_1", "BACKUP"},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	FILE *out = fopen("/dev/null", "w");

	o = tok ? json_tokener_parse_ex(tok, (const char *)data, (int)size)
		: NULL;
	for (size_t c = 0; out && c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		const char *argv[] = {cmds[c][1], cmds[c][2]};
		struct ctl_req r;
		unsigned n = cmds[c][2] ? 2 : cmds[c][1] ? 1 : 0;

		if (ctl_parse(&r, cmds[c][0], n, argv) < 0)
			__builtin_trap();
		ctl_print(out, &r, o, 1796647200);
	}
	if (out)
		fclose(out);
	json_object_put(o);
	if (tok)
		json_tokener_free(tok);
	return 0;
}
