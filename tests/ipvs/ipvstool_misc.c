// SPDX-License-Identifier: GPL-2.0-or-later
/* ipvstool's commands beyond the table: info, flush, timeouts, sync. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs/names.h"
#include "tests/ipvs/ipvstool.h"

static int
failed(const char *what)
{
	fprintf(stderr, "ipvstool: %s: %s\n", what, strerror(errno));
	return 1;
}

static int
num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return (!*s || *end || errno || *out > max) ? -1 : 0;
}

static int
cmd_timeouts(int argc, char **argv, struct ipvs_nl *nl)
{
	struct ipvs_timeouts t;
	unsigned long v[3];

	if (argc == 3) {
		for (int i = 0; i < 3; i++)
			if (num(argv[i], INT32_MAX, &v[i]))
				return 2;
		t = (struct ipvs_timeouts){(uint32_t)v[0], (uint32_t)v[1],
					   (uint32_t)v[2]};
		return ipvs_set_timeouts(nl, &t) < 0 ? failed("timeouts") : 0;
	}
	if (argc != 0)
		return 2;
	if (ipvs_get_timeouts(nl, &t) < 0)
		return failed("timeouts");
	printf("tcp %u tcpfin %u udp %u\n", t.tcp, t.tcp_fin, t.udp);
	return 0;
}

static int
parse_state(const char *s, uint32_t *state)
{
	if (!strcmp(s, "master"))
		*state = IP_VS_STATE_MASTER;
	else if (!strcmp(s, "backup"))
		*state = IP_VS_STATE_BACKUP;
	else
		return -1;
	return 0;
}

/* "maxlen N", "port N", "ttl N", "group ADDR" pairs. */
static int
sync_option(const char *k, const char *v, struct ipvs_daemon *d)
{
	unsigned long n;

	if (!strcmp(k, "group")) {
		d->group_af = strchr(v, ':') ? AF_INET6 : AF_INET;
		return inet_pton(d->group_af, v, &d->group) == 1 ? 0 : -1;
	}
	if (!strcmp(k, "maxlen") && !num(v, 65535, &n))
		d->maxlen = (uint16_t)n;
	else if (!strcmp(k, "port") && !num(v, 65535, &n))
		d->port = (uint16_t)n;
	else if (!strcmp(k, "ttl") && !num(v, 255, &n))
		d->ttl = (uint8_t)n;
	else
		return -1;
	return 0;
}

static int
sync_start(int argc, char **argv, struct ipvs_nl *nl)
{
	struct ipvs_daemon d = {0};
	unsigned long id;

	if (argc < 3 || argc % 2 == 0 || parse_state(argv[0], &d.state) ||
	    strlen(argv[1]) >= sizeof(d.ifname) || num(argv[2], 255, &id))
		return 2;
	snprintf(d.ifname, sizeof(d.ifname), "%s", argv[1]);
	d.syncid = (uint32_t)id;
	for (int i = 3; i < argc; i += 2)
		if (sync_option(argv[i], argv[i + 1], &d))
			return 2;
	if (ipvs_daemon_start(nl, &d) < 0) {
		fprintf(stderr, "ipvstool: sync start: %s\n",
			ipvs_daemon_strerror(errno));
		return 1;
	}
	return 0;
}

static int
sync_show(struct ipvs_nl *nl)
{
	struct ipvs_daemon d[2];
	size_t n;

	if (ipvs_daemon_get(nl, d, &n) < 0)
		return failed("sync show");
	for (size_t i = 0; i < n; i++) {
		char g[INET6_ADDRSTRLEN] = "default";

		if (d[i].group_af)
			ipvs_addr_str(d[i].group_af, &d[i].group, g, sizeof(g));
		printf("%s ifname %s syncid %u maxlen %u port %u ttl %u "
		       "group %s\n",
		       d[i].state == IP_VS_STATE_MASTER ? "master" : "backup",
		       d[i].ifname, d[i].syncid, d[i].maxlen, d[i].port,
		       d[i].ttl, g);
	}
	return 0;
}

static int
cmd_sync(int argc, char **argv, struct ipvs_nl *nl)
{
	uint32_t state;

	if (argc >= 1 && !strcmp(argv[0], "start"))
		return sync_start(argc - 1, argv + 1, nl);
	if (argc == 2 && !strcmp(argv[0], "stop")) {
		if (parse_state(argv[1], &state))
			return 2;
		return ipvs_daemon_stop(nl, state) < 0 ? failed("sync stop")
						       : 0;
	}
	if (argc == 1 && !strcmp(argv[0], "show"))
		return sync_show(nl);
	return 2;
}

int
cmd_misc(const char *cmd, int argc, char **argv, struct ipvs_nl *nl)
{
	struct ipvs_info info;

	if (!strcmp(cmd, "info") && argc == 0) {
		if (ipvs_get_info(nl, &info) < 0)
			return failed("info");
		printf("version %u.%u.%u conn_tab_size %u\n",
		       NVERSION(info.version), info.conn_tab_size);
		return 0;
	}
	if (!strcmp(cmd, "flush") && argc == 0)
		return ipvs_flush(nl) < 0 ? failed("flush") : 0;
	if (!strcmp(cmd, "timeouts"))
		return cmd_timeouts(argc, argv, nl);
	if (!strcmp(cmd, "sync"))
		return cmd_sync(argc, argv, nl);
	return 2;
}
