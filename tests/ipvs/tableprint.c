// SPDX-License-Identifier: GPL-2.0-or-later
/* Printing tables: as the tool's JSON, and as `ipvsadm -Sn` prints them. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "ipvs/names.h"
#include "tests/ipvs/tablejson.h"

static void
add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void
add_int(json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static json_object *
stats_json(const struct ipvs_stats *st)
{
	json_object *o = json_object_new_object();

	add_int(o, "conns", (int64_t)st->conns);
	add_int(o, "inpkts", (int64_t)st->inpkts);
	add_int(o, "outpkts", (int64_t)st->outpkts);
	add_int(o, "inbytes", (int64_t)st->inbytes);
	add_int(o, "outbytes", (int64_t)st->outbytes);
	add_int(o, "cps", (int64_t)st->cps);
	add_int(o, "inpps", (int64_t)st->inpps);
	add_int(o, "outpps", (int64_t)st->outpps);
	add_int(o, "inbps", (int64_t)st->inbps);
	add_int(o, "outbps", (int64_t)st->outbps);
	return o;
}

static json_object *
names_json(const char *list)
{
	json_object *a = json_object_new_array();
	char buf[64], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save))
		json_object_array_add(a, json_object_new_string(t));
	return a;
}

static json_object *
dest_json(const struct ipvs_dest *d, bool stats)
{
	json_object *o = json_object_new_object();
	char ab[INET6_ADDRSTRLEN], fl[64];

	add_str(o, "family", ipvs_af_name(d->key.af));
	add_str(o, "address",
		ipvs_addr_str(d->key.af, &d->key.addr, ab, sizeof(ab)));
	add_int(o, "port", d->key.port);
	add_str(o, "forward", ipvs_fwd_name(d->fwd));
	add_int(o, "weight", d->weight);
	add_int(o, "upper", d->u_thresh);
	add_int(o, "lower", d->l_thresh);
	if (d->fwd == IPVS_FWD_TUNNEL) {
		json_object *t = json_object_new_object();

		add_str(t, "type", ipvs_tun_type_name(d->tun_type));
		add_int(t, "port", d->tun_port);
		json_object_object_add(t, "flags",
				       names_json(ipvs_tun_flags_str(
					       d->tun_flags, fl, sizeof(fl))));
		json_object_object_add(o, "tunnel", t);
	}
	if (stats) {
		add_int(o, "active", d->active_conns);
		add_int(o, "inactive", d->inact_conns);
		add_int(o, "persistent", d->persist_conns);
		json_object_object_add(o, "stats", stats_json(&d->stats));
	}
	return o;
}

static void
svc_key_json(json_object *o, const struct ipvs_svc_key *k)
{
	char ab[INET6_ADDRSTRLEN];

	add_str(o, "family", ipvs_af_name(k->af));
	if (k->fwmark) {
		add_int(o, "fwmark", k->fwmark);
		return;
	}
	add_str(o, "protocol", ipvs_proto_name(k->protocol));
	add_str(o, "address", ipvs_addr_str(k->af, &k->addr, ab, sizeof(ab)));
	add_int(o, "port", k->port);
}

static json_object *
svc_json(const struct ipvs_service *s, bool stats)
{
	json_object *o = json_object_new_object(), *ds;
	char fl[64];

	svc_key_json(o, &s->key);
	add_str(o, "scheduler", s->sched);
	ipvs_sched_flags_str(s->sched, s->flags, fl, sizeof(fl));
	if (fl[0])
		json_object_object_add(o, "flags", names_json(fl));
	if (s->flags & IP_VS_SVC_F_ONEPACKET)
		json_object_object_add(o, "ops", json_object_new_boolean(1));
	if (s->flags & IP_VS_SVC_F_PERSISTENT) {
		json_object *p = json_object_new_object();
		char nm[INET_ADDRSTRLEN];

		add_int(p, "timeout", s->timeout);
		if (s->key.af == AF_INET6)
			add_int(p, "netmask", s->netmask);
		else
			add_str(p, "netmask",
				inet_ntop(AF_INET, &s->netmask, nm,
					  sizeof(nm)));
		json_object_object_add(o, "persistence", p);
	}
	if (s->pe[0])
		add_str(o, "pe", s->pe);
	if (stats)
		json_object_object_add(o, "stats", stats_json(&s->stats));
	ds = json_object_new_array();
	for (size_t j = 0; j < s->ndests; j++)
		json_object_array_add(ds, dest_json(&s->dests[j], stats));
	json_object_object_add(o, "destinations", ds);
	return o;
}

json_object *
tj_from_table(const struct ipvs_table *t, bool stats)
{
	json_object *root = json_object_new_object();
	json_object *svcs = json_object_new_array();

	for (size_t i = 0; i < t->n; i++)
		json_object_array_add(svcs, svc_json(&t->svcs[i], stats));
	json_object_object_add(root, "services", svcs);
	return root;
}

/* ipvsadm's service option: "-t 192.0.2.1:80", "-f 7 -6"... */
static void
save_svc_spec(const struct ipvs_svc_key *k, FILE *f)
{
	char ab[INET6_ADDRSTRLEN];
	const char *opt = k->protocol == IPPROTO_UDP	? "-u"
			  : k->protocol == IPPROTO_SCTP ? "--sctp-service"
							: "-t";

	if (k->fwmark) {
		fprintf(f, "-f %u%s", k->fwmark,
			k->af == AF_INET6 ? " -6" : "");
		return;
	}
	ipvs_addr_str(k->af, &k->addr, ab, sizeof(ab));
	fprintf(f, k->af == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u", opt, ab,
		k->port);
}

static void
save_svc(const struct ipvs_service *s, FILE *f)
{
	char fl[64];

	fputs("-A ", f);
	save_svc_spec(&s->key, f);
	fprintf(f, " -s %s", s->sched);
	if (s->flags & IP_VS_SVC_F_PERSISTENT) {
		fprintf(f, " -p %u", s->timeout);
		if (s->key.af == AF_INET6 && s->netmask != 128) {
			fprintf(f, " -M %u", s->netmask);
		} else if (s->key.af == AF_INET && s->netmask != 0xffffffffu) {
			char nm[INET_ADDRSTRLEN];

			fprintf(f, " -M %s",
				inet_ntop(AF_INET, &s->netmask, nm,
					  sizeof(nm)));
		}
	}
	if (s->pe[0])
		fprintf(f, " --pe %s", s->pe);
	if (s->flags & IP_VS_SVC_F_ONEPACKET)
		fputs(" -o", f);
	if (ipvs_sched_flags_str(s->sched, s->flags, fl, sizeof(fl))[0])
		fprintf(f, " -b %s", fl);
	fputc('\n', f);
}

static void
save_dest(const struct ipvs_service *s, const struct ipvs_dest *d, FILE *f)
{
	static const char *const fwd_opt[] = {[IPVS_FWD_NAT] = "-m",
					      [IPVS_FWD_LOCAL] = "-m",
					      [IPVS_FWD_TUNNEL] = "-i",
					      [IPVS_FWD_DR] = "-g"};
	char ab[INET6_ADDRSTRLEN], fl[64];

	fputs("-a ", f);
	save_svc_spec(&s->key, f);
	ipvs_addr_str(d->key.af, &d->key.addr, ab, sizeof(ab));
	fprintf(f, d->key.af == AF_INET6 ? " -r [%s]:%u" : " -r %s:%u", ab,
		d->key.port);
	fprintf(f, " %s -w %d", fwd_opt[d->fwd & 3], d->weight);
	if (d->fwd == IPVS_FWD_TUNNEL) {
		fprintf(f, " --tun-type %s", ipvs_tun_type_name(d->tun_type));
		if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE)
			fprintf(f, " --tun-port %u", d->tun_port);
		if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_IPIP)
			fprintf(f, " --tun-%s",
				ipvs_tun_flags_str(d->tun_flags, fl,
						   sizeof(fl)));
	}
	fputc('\n', f);
}

void
tj_print_save(const struct ipvs_table *t, FILE *f)
{
	for (size_t i = 0; i < t->n; i++) {
		save_svc(&t->svcs[i], f);
		for (size_t j = 0; j < t->svcs[i].ndests; j++)
			save_dest(&t->svcs[i], &t->svcs[i].dests[j], f);
	}
}
