// SPDX-License-Identifier: GPL-2.0-or-later
/* TCP_CHECK's reply decoder: what a raw IPPROTO_TCP socket hands over,
 * either family. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check/tcpsyn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chk_addr from;
	struct tcpsyn_reply r;

	memset(&from, 0, sizeof(from));
	chk_addr_parse(&from, "192.0.2.1", 0);
	tcpsyn_decode(AF_INET, data, size, &from, &r);
	chk_addr_parse(&from, "2001:db8::1", 0);
	tcpsyn_decode(AF_INET6, data, size, &from, &r);
	{
		uint16_t sport;

		tcpsyn_decode_quoted(data, size, &sport, &r);
	}
	return 0;
}
