// SPDX-License-Identifier: GPL-2.0-or-later
/* DNS reply parser: any bytes, as a reply to a fixed question. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "check/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_info info;
	const char *err = NULL;
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;

	dns_parse_reply(data, size, id, "www.example.com", 1, &info, &err);
	dns_parse_reply(data, size, id, ".", 6, &info, &err);
	return 0;
}
