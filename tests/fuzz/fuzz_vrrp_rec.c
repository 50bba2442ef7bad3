// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state record of the vrrp child (vrrp_rec.h) is read from the
 * runtime directory at start, so it is outside bytes: any file must give
 * a verdict, and a slot found must carry a NUL-terminated name.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hash[VRRP_REC_HASH];
	struct vrrp_rec_slot s;
	enum vrrp_adopt_verdict v;

	v = vrrp_rec_find(data, size, "boot", "VI_1", &s);
	if (v >= VRRP_ADOPT_MAX)
		abort();
	if (v == VRRP_ADOPT_YES) {
		if (!memchr(s.name, '\0', sizeof(s.name)) ||
		    vrrp_rec_check(&s, hash, 5000000, 100, 3) >= VRRP_ADOPT_MAX)
			abort();
	}
	return 0;
}
