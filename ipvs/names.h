/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names of IPVS values as ipvsadm and keepalived spell them, both ways.
 * Parsers return -1 for a name they do not know; formatters never fail
 * (an unknown value prints as "?" or its number).
 */
#ifndef VIGIL_IPVS_NAMES_H
#define VIGIL_IPVS_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* "inet" / "inet6" */
const char *ipvs_af_name(int af);
int ipvs_af_parse(const char *s);
/* "tcp" "udp" "sctp" */
const char *ipvs_proto_name(int proto);
int ipvs_proto_parse(const char *s);
/* "nat" (or masq), "dr" (or route, direct), "tunnel" (or tun), "local" */
const char *ipvs_fwd_name(uint32_t fwd);
int ipvs_fwd_parse(const char *s);
/* "ipip" "gue" "gre" */
const char *ipvs_tun_type_name(unsigned type);
int ipvs_tun_type_parse(const char *s);
/* One name per tunnel flag: "nocsum" (no bit), "csum", "remcsum". */
int ipvs_tun_flag_parse(const char *s);
/* Comma list, e.g. "csum" or "nocsum"; returns buf. */
char *ipvs_tun_flags_str(unsigned flags, char *buf, size_t len);

/*
 * Scheduler flags are three generic bits that each scheduler names:
 * sh-fallback / sh-port for sh, mh-fallback / mh-port for mh, flag-1..3
 * for any. The parser returns the bit for any of those names.
 */
int ipvs_sched_flag_parse(const char *s);
/* Comma list of the scheduler-flag bits in flags, named for sched; ""
 * when none. Returns buf. */
char *ipvs_sched_flags_str(const char *sched, uint32_t flags, char *buf,
			   size_t len);

#endif
