// SPDX-License-Identifier: GPL-2.0-or-later
/* Names of IPVS values, both ways; see names.h. */
#include "config.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs/model.h"
#include "ipvs/names.h"

struct name {
	const char *name;
	int value;
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
lookup(const struct name *t, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, s))
			return t[i].value;
	return -1;
}

/* The first entry with a value is its canonical name. */
static const char *
rlookup(const struct name *t, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return "?";
}

static const struct name afs[] = {
	{"inet", AF_INET},
	{"inet6", AF_INET6},
	{"ipv4", AF_INET},
	{"ipv6", AF_INET6},
};

static const struct name protos[] = {
	{"tcp", IPPROTO_TCP}, {"udp", IPPROTO_UDP}, {"sctp", IPPROTO_SCTP},
	{"TCP", IPPROTO_TCP}, {"UDP", IPPROTO_UDP}, {"SCTP", IPPROTO_SCTP},
};

static const struct name fwds[] = {
	{"nat", IPVS_FWD_NAT},	     {"dr", IPVS_FWD_DR},
	{"tunnel", IPVS_FWD_TUNNEL}, {"local", IPVS_FWD_LOCAL},
	{"masq", IPVS_FWD_NAT},	     {"NAT", IPVS_FWD_NAT},
	{"route", IPVS_FWD_DR},	     {"direct", IPVS_FWD_DR},
	{"DR", IPVS_FWD_DR},	     {"tun", IPVS_FWD_TUNNEL},
	{"TUN", IPVS_FWD_TUNNEL},
};

static const struct name tun_types[] = {
	{"ipip", IP_VS_CONN_F_TUNNEL_TYPE_IPIP},
	{"gue", IP_VS_CONN_F_TUNNEL_TYPE_GUE},
	{"gre", IP_VS_CONN_F_TUNNEL_TYPE_GRE},
};

static const struct name tun_flags[] = {
	{"nocsum", IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM},
	{"csum", IP_VS_TUNNEL_ENCAP_FLAG_CSUM},
	{"remcsum", IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM},
};

static const struct name sched_flags[] = {
	{"flag-1", IP_VS_SVC_F_SCHED1},
	{"flag-2", IP_VS_SVC_F_SCHED2},
	{"flag-3", IP_VS_SVC_F_SCHED3},
	{"sh-fallback", IPVS_SVC_F_SH_FALLBACK},
	{"sh-port", IPVS_SVC_F_SH_PORT},
	{"mh-fallback", IPVS_SVC_F_MH_FALLBACK},
	{"mh-port", IPVS_SVC_F_MH_PORT},
};

const char *
ipvs_af_name(int af)
{
	return rlookup(afs, NELEM(afs), af);
}

int
ipvs_af_parse(const char *s)
{
	return lookup(afs, NELEM(afs), s);
}

const char *
ipvs_proto_name(int proto)
{
	return rlookup(protos, NELEM(protos), proto);
}

int
ipvs_proto_parse(const char *s)
{
	return lookup(protos, NELEM(protos), s);
}

const char *
ipvs_fwd_name(uint32_t fwd)
{
	return rlookup(fwds, NELEM(fwds), (int)fwd);
}

int
ipvs_fwd_parse(const char *s)
{
	return lookup(fwds, NELEM(fwds), s);
}

const char *
ipvs_tun_type_name(unsigned type)
{
	return rlookup(tun_types, NELEM(tun_types), (int)type);
}

int
ipvs_tun_type_parse(const char *s)
{
	return lookup(tun_types, NELEM(tun_types), s);
}

int
ipvs_tun_flag_parse(const char *s)
{
	return lookup(tun_flags, NELEM(tun_flags), s);
}

static void
append(char *buf, size_t len, const char *word)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s", used ? "," : "", word);
}

char *
ipvs_tun_flags_str(unsigned flags, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!flags)
		append(buf, len, "nocsum");
	for (size_t i = 1; i < NELEM(tun_flags); i++)
		if (flags & (unsigned)tun_flags[i].value)
			append(buf, len, tun_flags[i].name);
	return buf;
}

int
ipvs_sched_flag_parse(const char *s)
{
	return lookup(sched_flags, NELEM(sched_flags), s);
}

char *
ipvs_sched_flags_str(const char *sched, uint32_t flags, char *buf, size_t len)
{
	static const uint32_t bits[] = {IP_VS_SVC_F_SCHED1, IP_VS_SVC_F_SCHED2,
					IP_VS_SVC_F_SCHED3};
	bool sh = !strcmp(sched, "sh"), mh = !strcmp(sched, "mh");

	buf[0] = '\0';
	for (size_t i = 0; i < NELEM(bits); i++) {
		char generic[8];

		if (!(flags & bits[i]))
			continue;
		snprintf(generic, sizeof(generic), "flag-%zu", i + 1);
		if ((sh || mh) && i < 2)
			append(buf, len,
			       rlookup(sched_flags + (sh ? 3 : 5), 2,
				       (int)bits[i]));
		else
			append(buf, len, generic);
	}
	return buf;
}
