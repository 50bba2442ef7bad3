// SPDX-License-Identifier: GPL-2.0-or-later
/* The table of check types and their defaults. See types.h. */
#include "config.h"

#include <stddef.h>

#include "check/types.h"
#include "core/conf/conf_model.h"

#define SEC(n) ((uint64_t)(n)*CONF_USEC)

/* keepalived.conf(5): retry 1 and delay_before_retry 1 s unless a type
 * says otherwise; HTTP_GET and SSL_GET wait 3 s, DNS_CHECK retries 3 times
 * a delay_loop apart, MISC_CHECK does not retry. AGENT_CHECK (vigil)
 * talks to vigil-agent on its own port, not the service's. */
/* clang-format off */
static const struct chk_type_info types[] = {
	{ "TCP_CHECK", CONF_CHECK_TCP, CHK_TCP, true, 0, 1, SEC(1), false },
	{ "HTTP_GET", CONF_CHECK_HTTP, CHK_HTTP, true, 0, 1, SEC(3), false },
	{ "SSL_GET", CONF_CHECK_SSL, CHK_SSL, true, 0, 1, SEC(3), false },
	{ "SMTP_CHECK", CONF_CHECK_SMTP, CHK_SMTP, true, 25, 1, SEC(1), false },
	{ "DNS_CHECK", CONF_CHECK_DNS, CHK_DNS, true, 53, 3,
	  CHK_RETRY_DELAY_LOOP, false },
	{ "UDP_CHECK", CONF_CHECK_UDP, CHK_UDP, true, 0, 1, SEC(1), false },
	{ "PING_CHECK", CONF_CHECK_PING, CHK_PING, false, 0, 1, SEC(1), false },
	{ "MISC_CHECK", CONF_CHECK_MISC, CHK_MISC, false, 0, 0, SEC(1), false },
	{ "FILE_CHECK", CONF_CHECK_FILE, CHK_FILE, false, 0, 1, SEC(1), false },
	{ "BFD_CHECK", CONF_CHECK_BFD, -1, false, 0, 1, SEC(1), false },
	{ "AGENT_CHECK", CONF_CHECK_AGENT, CHK_AGENT, true, CONF_AGENT_PORT, 1,
	  SEC(1), true },
};
/* clang-format on */

const struct chk_type_info *
chk_type_of_conf(int conf_type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (conf_type >= 0 && types[i].conf_type == conf_type)
			return &types[i];
	return NULL;
}

const struct chk_type_info *
chk_type_of_engine(int chk_type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (chk_type >= 0 && types[i].chk_type == chk_type)
			return &types[i];
	return NULL;
}
