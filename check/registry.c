// SPDX-License-Identifier: GPL-2.0-or-later
/* The probe types: one line each. */
#include "config.h"

#include "check/probe.h"

const struct probe_ops *const chk_probe_registry[CHK_TYPE_MAX] = {
	[CHK_TCP] = &probe_tcp_ops,   [CHK_HTTP] = &probe_http_ops,
	[CHK_SSL] = &probe_ssl_ops,   [CHK_PING] = &probe_ping_ops,
	[CHK_UDP] = &probe_udp_ops,   [CHK_SMTP] = &probe_smtp_ops,
	[CHK_DNS] = &probe_dns_ops,   [CHK_MISC] = &probe_misc_ops,
	[CHK_FILE] = &probe_file_ops, [CHK_AGENT] = &probe_agent_ops,
};
