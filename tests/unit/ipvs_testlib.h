/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entries for the ipvs unit tests: v4 services and destinations by number. */
#ifndef VIGIL_TESTS_UNIT_IPVS_TESTLIB_H
#define VIGIL_TESTS_UNIT_IPVS_TESTLIB_H

#include <arpa/inet.h>
#include <stdio.h>

#include "ipvs/model.h"

/* tcp 192.0.2.0+host:port with scheduler sched */
static inline struct ipvs_service
ipvs_t_svc4(uint32_t host, uint16_t port, const char *sched)
{
	struct ipvs_service s = {0};

	s.key.af = AF_INET;
	s.key.protocol = IPPROTO_TCP;
	s.key.port = port;
	s.key.addr.v4.s_addr = htonl(0xc0000200u + host);
	snprintf(s.sched, sizeof(s.sched), "%s", sched);
	s.netmask = 0xffffffffu;
	return s;
}

/* 10.0.0.0+host:port, NAT, weight */
static inline struct ipvs_dest
ipvs_t_dest4(uint32_t host, uint16_t port, int weight)
{
	struct ipvs_dest d = {0};

	d.key.af = AF_INET;
	d.key.port = port;
	d.key.addr.v4.s_addr = htonl(0x0a000000u + host);
	d.weight = weight;
	return d;
}

#endif
