/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The benchmark's IPVS table, one definition for every contender that
 * builds it in code (bench/ipvs_gen.sh writes the same for the others):
 * service i is tcp 10.100.(i/250).(i%250+1):80, wrr; destination k of each
 * is 10.200.(k/250).(k%250+1):8080, NAT, weight 1.
 */
#ifndef VIGIL_BENCH_IPVS_TABLE_H
#define VIGIL_BENCH_IPVS_TABLE_H

#include <arpa/inet.h>
#include <stdint.h>
#include <time.h>

static inline uint32_t
bench_svc_addr(unsigned i)
{
	return htonl(0x0a640000u | (i / 250) << 8 | (i % 250 + 1));
}

static inline uint32_t
bench_dest_addr(unsigned k)
{
	return htonl(0x0ac80000u | (k / 250) << 8 | (k % 250 + 1));
}

/* Every contender times itself with the same clock. */
static inline double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#define BENCH_SVC_PORT 80
#define BENCH_DEST_PORT 8080

#endif
