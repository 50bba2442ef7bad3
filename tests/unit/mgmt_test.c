// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mgmt/: the listener's address, the HTTP request head, the metrics text
 * (valid exposition format: one HELP and TYPE per family, its samples
 * together after them, label values escaped) and the status page, from
 * views made of the children's JSON as they send it.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "core/runtime/json_get.h"
#include "mgmt/http_req.h"
#include "mgmt/listen.h"
#include "mgmt/metrics.h"
#include "mgmt/model.h"
#include "mgmt/page.h"
#include "mgmt/snmp_mib.h"
#include "mgmt/snmp_trap.h"
#include "mgmt/snmp_tree.h"

static void
test_listen(void **state)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	const char *why;

	(void)state;
	assert_int_equal(mgmt_listen_parse("9650", &ss, &len, &why), 0);
	assert_int_equal(a4->sin_family, AF_INET);
	assert_int_equal(ntohs(a4->sin_port), 9650);
	assert_int_equal(ntohl(a4->sin_addr.s_addr), INADDR_LOOPBACK);
	assert_int_equal(mgmt_listen_parse("192.0.2.1:80", &ss, &len, &why), 0);
	assert_int_equal(len, sizeof(struct sockaddr_in));
	assert_int_equal(
		mgmt_listen_parse("[2001:db8::1]:443", &ss, &len, &why), 0);
	assert_int_equal(a6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(a6->sin6_port), 443);
	assert_int_equal(mgmt_listen_parse("2001:db8::1:443", &ss, &len, &why),
			 -1);
	assert_non_null(strstr(why, "brackets"));
	assert_int_equal(mgmt_listen_parse("192.0.2.1:0", &ss, &len, &why), -1);
	assert_int_equal(mgmt_listen_parse("192.0.2.1:65536", &ss, &len, &why),
			 -1);
	assert_int_equal(mgmt_listen_parse("host:80", &ss, &len, &why), -1);
	assert_string_equal(why, "bad address");
	assert_int_equal(mgmt_listen_parse("[::1:80", &ss, &len, &why), -1);
}

static int
req(const char *s, struct http_req *r, int *status)
{
	return http_req_parse(s, strlen(s), r, status);
}

static void
test_http_req(void **state)
{
	struct http_req r;
	char big[HTTP_REQ_MAX + 10];
	int st;

	(void)state;
	assert_int_equal(req("GET /metrics HTTP/1.1\r\nHost: a\r\n", &r, &st),
			 0);
	assert_int_equal(
		req("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", &r, &st),
		1);
	assert_int_equal(r.method, HTTP_GET);
	assert_string_equal(r.path, "/metrics");
	assert_int_equal(r.minor, 1);
	assert_int_equal(req("HEAD / HTTP/1.0\n\n", &r, &st), 1);
	assert_int_equal(r.method, HTTP_HEAD);
	assert_int_equal(req("DELETE / HTTP/1.1\r\n\r\n", &r, &st), 1);
	assert_int_equal(r.method, HTTP_OTHER);
	assert_int_equal(req("GET / HTTP/2.0\r\n\r\n", &r, &st), -1);
	assert_int_equal(st, 400);
	assert_int_equal(req("GET x HTTP/1.1\r\n\r\n", &r, &st), -1);
	assert_int_equal(req("GET  / HTTP/1.1\r\n\r\n", &r, &st), -1);
	assert_int_equal(req("GET /\x01 HTTP/1.1\r\n\r\n", &r, &st), -1);
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	assert_int_equal(http_req_parse(big, sizeof(big), &r, &st), -1);
	assert_int_equal(st, 431);
	memcpy(big + 400, " HTTP/1.1\r\n\r\n", 13);
	assert_int_equal(http_req_parse(big, 413, &r, &st), -1);
	assert_int_equal(st, 414);
}

/* ---- views ---- */

static const char parent_json[] =
	"{\"pid\":42,\"uptime_s\":7,\"config_gen\":3,\"reloads\":2,"
	"\"reloads_failed\":1,\"last_reload\":{\"ok\":false},"
	"\"children\":{\"check\":{\"ready\":true,\"restarts\":4,"
	"\"ipc_rejected\":0},\"vrrp\":{\"ready\":false,\"restarts\":0,"
	"\"ipc_rejected\":2}},\"smtp\":{\"queued\":5,\"sent\":3,"
	"\"failed\":1,\"dropped\":0,\"pending\":1}}";

static const char vrrp_json[] =
	"{\"text\":\"...\",\"vrrp\":{\"instances\":[{\"name\":\"VI_<1>\","
	"\"state\":\"MASTER\",\"vrid\":51,\"interface\":\"eth0\","
	"\"priority\":150,\"master\":\"192.0.2.1\",\"reason\":\"priority\","
	"\"family\":\"inet\",\"base_priority\":100,\"advert_int_ms\":1000,"
	"\"version\":2,\"source\":\"192.0.2.2\","
	"\"addresses\":[\"192.0.2.100\",\"192.0.2.101\"],"
	"\"addresses_owned\":2,\"stats\":{\"advertise_sent\":17,"
	"\"become_master\":2,\"auth_failures\":1}},{\"name\":\"a\\\"b\\\\c\","
	"\"state\":\"FAULT\",\"vrid\":52,\"interface\":\"eth1\",\"stats\":{}}"
	"],\"sync_groups\":[{\"name\":\"G\",\"state\":\"BACKUP\","
	"\"members\":[\"VI_<1>\"]}],"
	"\"trackers\":[{\"kind\":\"script\",\"name\":\"chk\",\"status\":"
	"\"down\"}]}}";

static const char check_json[] =
	"{\"checks\":{\"virtual_servers\":[{\"name\":\"tcp 192.0.2.10:80\","
	"\"quorum_state\":\"up\",\"weight_sum\":3,\"real_servers\":[{"
	"\"address\":\"10.0.0.1:80\",\"state\":\"up\",\"weight\":3,"
	"\"in_pool\":true,\"drained\":false,\"reason\":\"ok\",\"checks\":[{"
	"\"type\":\"HTTP_GET\",\"target\":\"10.0.0.1:80\",\"state\":\"up\","
	"\"ok\":9,\"failed\":1,\"timeouts\":0,\"latency\":{\"le_s\":[0.001,"
	"0.01],\"counts\":[6,3,1],\"sum_s\":2.25}}]}]}]},\"ipvs\":{"
	"\"converger\":"
	"{\"state\":\"idle\",\"passes\":4,\"applied\":6,\"failed\":0},"
	"\"kernel\":[{\"service\":\"tcp 192.0.2.10:80\",\"connections\":12,"
	"\"stats\":{\"conns\":12,\"inpkts\":40,\"outpkts\":30,"
	"\"inbytes\":4000,\"outbytes\":90000},"
	"\"destinations\":[{\"address\":\"10.0.0.1:80\",\"weight\":3,"
	"\"active_conns\":2,\"inactive_conns\":5,\"stats\":{\"conns\":7,"
	"\"inpkts\":21,\"outpkts\":15,\"inbytes\":2100,"
	"\"outbytes\":47000}}]}]}}";

static const char sync_json[] =
	"{\"interface\":\"eth1\",\"threads\":[{\"thread\":\"backup\"}],"
	"\"thread_starts\":3,"
	"\"failures\":0,\"receiver\":{\"messages\":8,\"malformed\":2,"
	"\"connections\":11,\"bytes\":900,\"last_message_age_s\":1.5},"
	"\"conntrack\":{\"cache_entries\":300,\"cache_drops\":4,"
	"\"committed\":299,\"nacks_sent\":6,\"resyncs_done\":2,"
	"\"overruns\":5,\"channel\":{\"sent\":70,\"received\":81,"
	"\"resent\":3,\"drops\":{\"mac\":7,\"short\":0}}},"
	"\"resync\":{\"state\":\"idle\",\"requested\":2,\"done\":1,"
	"\"entries\":500,\"ms\":250,\"started\":1,\"replayed\":1,"
	"\"failed\":0}}";

static const char *const sync_series[] = {
	"\n# TYPE vigil_sync_ct_cache_entries "
	"gauge\nvigil_sync_ct_cache_entries 300\n",
	"\nvigil_sync_ct_cache_drops_total 4\n",
	"\nvigil_sync_ct_committed_total 299\n",
	"\nvigil_sync_ct_nacks_sent_total 6\n",
	"\nvigil_sync_ct_resyncs_done_total 2\n",
	"\nvigil_sync_ct_overruns_total 5\n",
	"\nvigil_sync_ct_messages_sent_total 70\n",
	"\nvigil_sync_ct_messages_received_total 81\n",
	"\nvigil_sync_ct_resent_total 3\n",
	"\nvigil_sync_ct_drops_total{reason=\"mac\"} 7\n",
	"\nvigil_sync_ct_drops_total{reason=\"short\"} 0\n",
	"\nvigil_sync_resync_requested_total 2\n",
	"\nvigil_sync_resync_done_total 1\n",
	"\nvigil_sync_resync_last_entries 500\n",
	"\nvigil_sync_resync_last_duration_seconds 0.25\n",
	"\nvigil_sync_resync_replays_started_total 1\n",
	"\nvigil_sync_resync_replays_failed_total 0\n",
};

struct fixture {
	struct mgmt_view v;
	struct mgmt_event ev[1];
	struct mgmt_count counts[1];
};

static void
make_view(struct fixture *x)
{
	memset(x, 0, sizeof(*x));
	x->v.parent = json_tokener_parse(parent_json);
	x->v.nchildren = 3;
	x->v.child[2].name = "sync";
	x->v.child[2].data = json_tokener_parse(sync_json);
	assert_non_null(x->v.child[2].data);
	x->v.child[0].name = "check";
	x->v.child[0].data = json_tokener_parse(check_json);
	x->v.child[1].name = "vrrp";
	x->v.child[1].data = json_tokener_parse(vrrp_json);
	assert_non_null(x->v.parent);
	assert_non_null(x->v.child[0].data);
	assert_non_null(x->v.child[1].data);
	x->ev[0] = (struct mgmt_event){0, "check", "event=rs_down <b>"};
	x->counts[0] = (struct mgmt_count){"check", "rs_down", "timeout", 3};
	x->v.events = x->ev;
	x->v.nevents = 1;
	x->v.counts = x->counts;
	x->v.ncounts = 1;
	x->v.refreshes = 9;
}

static void
free_view(struct fixture *x)
{
	json_object_put(x->v.parent);
	json_object_put(x->v.child[0].data);
	json_object_put(x->v.child[1].data);
	json_object_put(x->v.child[2].data);
}

/* The exposition format, strictly: HELP then TYPE per family, each family
 * once, its samples right after; a sample is NAME[{k="v",...}] NUMBER. */
static void
check_exposition(const char *text)
{
	char fam[128] = "", seen[8192] = " ";
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n'), *p = line;
		char name[160];
		size_t n = 0;

		assert_non_null(nl);
		if (!strncmp(line, "# HELP ", 7)) {
			sscanf(line + 7, "%127s", fam);
			snprintf(name, sizeof(name), " %s ", fam);
			assert_null(strstr(seen, name)); /* once */
			strncat(seen, fam, sizeof(seen) - strlen(seen) - 2);
			strcat(seen, " ");
			line = nl + 1;
			nl = strchr(line, '\n');
			assert_true(!strncmp(line, "# TYPE ", 7));
			assert_true(!strncmp(line + 7, fam, strlen(fam)));
			line = nl + 1;
			continue;
		}
		while (isalnum((unsigned char)*p) || *p == '_')
			name[n++] = *p++;
		name[n] = '\0';
		/* in its family (a histogram's: _bucket, _sum, _count) */
		assert_true(!strncmp(name, fam, strlen(fam)));
		assert_true(!name[strlen(fam)] ||
			    !strcmp(name + strlen(fam), "_bucket") ||
			    !strcmp(name + strlen(fam), "_sum") ||
			    !strcmp(name + strlen(fam), "_count"));
		if (*p == '{') {
			while (*++p != '}') {
				while (isalnum((unsigned char)*p) || *p == '_')
					p++;
				assert_int_equal(*p++, '=');
				assert_int_equal(*p++, '"');
				for (; *p != '"'; p++)
					if (*p == '\\')
						assert_non_null(
							strchr("\\\"n", *++p));
				p++;
				if (*p != ',')
					break;
			}
			assert_int_equal(*p++, '}');
		}
		assert_int_equal(*p++, ' ');
		strtod(p, (char **)&p);
		assert_ptr_equal(p, nl);
		line = nl + 1;
	}
}

static void
test_metrics(void **state)
{
	struct fixture x;
	size_t len;
	char *t;

	(void)state;
	make_view(&x);
	t = mgmt_metrics_text(&x.v, &len);
	assert_non_null(t);
	assert_int_equal(strlen(t), len);
	check_exposition(t);
	/* keepalived_vrrp_state: one series per virtual address, as the
	 * exporters publish it; "" for an instance without any. */
	assert_non_null(strstr(t, "\nkeepalived_vrrp_state{iname=\"VI_<1>\","
				  "intf=\"eth0\",vrid=\"51\",ip_address="
				  "\"192.0.2.101\"} 2\n"));
	assert_non_null(strstr(t,
			       "\nkeepalived_vrrp_state{iname=\"a\\\"b\\\\c\","
			       "intf=\"eth1\",vrid=\"52\",ip_address=\"\"} "
			       "3\n"));
	assert_non_null(strstr(t, "\nvigil_vrrp_priority{iname=\"VI_<1>\","
				  "intf=\"eth0\",vrid=\"51\"} 150\n"));
	assert_non_null(strstr(t, "\nkeepalived_advertisements_sent_total{"
				  "iname=\"VI_<1>\",intf=\"eth0\",vrid=\"51\"} "
				  "17\n"));
	assert_non_null(strstr(t, "\nkeepalived_authentication_failure_total{"
				  "iname=\"VI_<1>\",intf=\"eth0\",vrid=\"51\"} "
				  "1\n"));
	assert_non_null(strstr(t, "\nvigil_vrrp_owned_restored_total{iname="
				  "\"VI_<1>\",intf=\"eth0\",vrid=\"51\"} 0\n"));
	assert_non_null(
		strstr(t, "\nkeepalived_script_status{name=\"chk\"} 0\n"));
	assert_non_null(
		strstr(t, "\nvigil_vrrp_sync_group_state{group=\"G\"} 1\n"));
	assert_non_null(strstr(t, "\nvigil_rs_weight{vs=\"tcp 192.0.2.10:80\","
				  "rs=\"10.0.0.1:80\"} 3\n"));
	assert_non_null(strstr(t, "result=\"failed\"} 1\n"));
	assert_non_null(
		strstr(t, "\nkeepalived_lvs_vip_conn{addr=\"192.0.2.10:80\","
			  "proto=\"TCP\"} 12\n"));
	assert_non_null(strstr(t,
			       "\nvigil_lvs_rs_active_connections{addr="
			       "\"192.0.2.10:80\",proto=\"TCP\",rs=\"10.0.0.1:"
			       "80\"} 2\n"));
	/* The kernel's IPVS counters, by the exporters' names. */
	assert_non_null(strstr(t, "\nkeepalived_lvs_vip_out_bytes{addr="
				  "\"192.0.2.10:80\",proto=\"TCP\"} 90000\n"));
	assert_non_null(strstr(t, "\nkeepalived_lvs_rs_in_packets{addr="
				  "\"10.0.0.1:80\",proto=\"TCP\",vip="
				  "\"192.0.2.10:80\"} 21\n"));
	assert_non_null(strstr(t,
			       "\nkeepalived_lvs_rs_conn{addr=\"10.0.0.1:80\","
			       "proto=\"TCP\",vip=\"192.0.2.10:80\"} 7\n"));
	/* Probe durations: cumulative buckets, +Inf, sum and count. */
	assert_non_null(
		strstr(t, "\nvigil_check_duration_seconds_bucket{vs=\"tcp "
			  "192.0.2.10:80\",rs=\"10.0.0.1:80\",type=\"HTTP_"
			  "GET\",target=\"10.0.0.1:80\",le=\"0.01\"} 9\n"));
	assert_non_null(strstr(t, "le=\"+Inf\"} 10\n"));
	assert_non_null(strstr(t,
			       "\nvigil_check_duration_seconds_sum{vs=\"tcp "
			       "192.0.2.10:80\",rs=\"10.0.0.1:80\",type=\"HTTP_"
			       "GET\",target=\"10.0.0.1:80\"} 2.25\n"));
	assert_non_null(strstr(t, "\nvigil_check_duration_seconds_count{vs="));
	/* The sync child's. */
	assert_non_null(
		strstr(t, "\nvigil_sync_thread{thread=\"backup\"} 1\n"));
	assert_non_null(
		strstr(t, "\nvigil_sync_thread{thread=\"master\"} 0\n"));
	assert_non_null(strstr(t, "\nvigil_sync_malformed_total 2\n"));
	assert_non_null(
		strstr(t, "\nvigil_sync_last_message_age_seconds 1.5\n"));
	/* Its conntrack_sync and its bulk resync. */
	for (size_t i = 0; i < sizeof(sync_series) / sizeof(sync_series[0]);
	     i++)
		assert_non_null(strstr(t, sync_series[i]));
	assert_non_null(
		strstr(t, "\nvigil_child_restarts_total{child=\"check\"} 4\n"));
	assert_non_null(strstr(t, "\nvigil_child_up{child=\"vrrp\"} 0\n"));
	assert_non_null(strstr(t, "\nvigil_reloads_failed_total 1\n"));
	assert_non_null(strstr(t, "\nvigil_alerts_pending 1\n"));
	assert_non_null(strstr(t, "\nvigil_events_total{child=\"check\",event="
				  "\"rs_down\",reason=\"timeout\"} 3\n"));
	free(t);
	/* A child with no data (not running): no series of its own. */
	json_object_put(x.v.child[1].data);
	x.v.child[1].data = NULL;
	t = mgmt_metrics_text(&x.v, &len);
	check_exposition(t);
	assert_null(strstr(t, "keepalived_vrrp_state"));
	free(t);
	x.v.child[1].data = json_tokener_parse(vrrp_json);
	free_view(&x);
}

static void
test_page(void **state)
{
	struct fixture x;
	size_t len;
	char *t;

	(void)state;
	make_view(&x);
	t = mgmt_page_html(&x.v, &len);
	assert_non_null(t);
	assert_null(strstr(t, "<script"));
	assert_null(strstr(t, "VI_<1>"));
	assert_non_null(strstr(t,
			       "<tr data-instance=\"VI_&lt;1&gt;\"><td>VI_&lt;"
			       "1&gt;</td><td>MASTER</td><td>150</td>"));
	assert_non_null(strstr(t, "data-instance=\"a&quot;b\\c\""));
	assert_non_null(strstr(t, "<tr data-vs=\"tcp 192.0.2.10:80\" data-rs="
				  "\"10.0.0.1:80\"><td>tcp 192.0.2.10:80</td>"
				  "<td>10.0.0.1:80</td><td>up</td><td>3</td>"));
	assert_non_null(strstr(t, "<td>event=rs_down &lt;b&gt;</td>"));
	free(t);
	free_view(&x);
}

/* ---- SNMP ---- */

#define KA 1, 3, 6, 1, 4, 1, 9586, 100, 5
#define OID(a) a, sizeof(a) / sizeof(a[0])

static const struct snmp_leaf *
leaf(const struct snmp_tree *t, const uint32_t *o, size_t n)
{
	const struct snmp_leaf *l = snmp_tree_get(t, o, n);

	if (!l) {
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, ".%u", o[i]);
		fprintf(stderr, ": no such leaf\n");
	}
	assert_non_null(l);
	return l;
}

static void
test_snmp_tree(void **state)
{
	static const uint32_t p[] = {1, 3, 6};
	static const uint32_t i1[] = {1}, i2[] = {2}, i12[] = {1, 2};
	struct snmp_tree t;
	const struct snmp_leaf *l;
	uint32_t q[] = {1, 3, 6, 2, 9};

	(void)state;
	snmp_tree_init(&t);
	snmp_tree_int(snmp_tree_add(&t, p, 3, 3, i1, 1, SV_INT), 31);
	snmp_tree_int(snmp_tree_add(&t, p, 3, 2, i2, 1, SV_INT), 22);
	snmp_tree_int(snmp_tree_add(&t, p, 3, 2, i12, 2, SV_INT), 212);
	snmp_tree_int(snmp_tree_add(&t, p, 3, 2, i1, 1, SV_INT), 21);
	snmp_tree_sort(&t);
	assert_false(t.failed);
	/* the root: its first leaf; then in OID order, columns first */
	l = snmp_tree_next(&t, p, 3);
	assert_int_equal(l->num, 21);
	l = snmp_tree_next(&t, l->oid, l->len);
	assert_int_equal(l->num, 212); /* 1.3.6.2.1.2 before 1.3.6.2.2 */
	l = snmp_tree_next(&t, l->oid, l->len);
	assert_int_equal(l->num, 22);
	assert_int_equal(snmp_tree_next(&t, q, 5)->num, 31); /* between */
	l = snmp_tree_next(&t, l->oid, l->len);
	assert_null(snmp_tree_next(&t, l->oid, l->len)); /* the end */
	q[3] = 3;
	q[4] = 1;
	assert_int_equal(leaf(&t, OID(q))->num, 31);
	assert_null(snmp_tree_get(&t, q, 4)); /* not a leaf */
	assert_int_equal(snmp_oid_cmp(q, 4, q, 5), -1);
	snmp_tree_free(&t);
}

static unsigned
fake_ifindex(const char *name)
{
	return strcmp(name, "eth0") ? 0 : 7;
}

static int
fake_mac(const char *name, uint8_t mac[6])
{
	(void)name;
	(void)mac;
	return -1; /* the RFC's virtual MAC stays */
}

static const struct snmp_ifaces fake_ifaces = {fake_ifindex, fake_mac};

static void
test_snmp_mib(void **state)
{
	static const uint32_t inst_state[] = {KA, 2, 3, 1, 4, 1};
	static const uint32_t inst_name[] = {KA, 2, 3, 1, 2, 1};
	static const uint32_t inst_vrid[] = {KA, 2, 3, 1, 3, 2};
	static const uint32_t inst_group[] = {KA, 2, 3, 1, 18, 1};
	static const uint32_t inst2_state[] = {KA, 2, 3, 1, 4, 2};
	static const uint32_t grp_state[] = {KA, 2, 1, 1, 3, 1};
	static const uint32_t vs_addr[] = {KA, 3, 3, 1, 6, 1};
	static const uint32_t vs_port[] = {KA, 3, 3, 1, 7, 1};
	static const uint32_t vs_up[] = {KA, 3, 3, 1, 21, 1};
	static const uint32_t rs_weight[] = {KA, 3, 4, 1, 7, 1, 1};
	static const uint32_t rs_status[] = {KA, 3, 4, 1, 6, 1, 1};
	static const uint32_t oper_state[] = {1, 3, 6, 1, 2, 1, 68,
					      1, 3, 1, 3, 7, 51};
	static const uint32_t oper_mac[] = {1, 3, 6, 1, 2, 1, 68,
					    1, 3, 1, 2, 7, 51};
	static const uint32_t oper_master[] = {1, 3, 6, 1, 2, 1, 68,
					       1, 3, 1, 7, 7, 51};
	static const uint32_t oper_eth1[] = {1, 3, 6, 1, 2, 1, 68,
					     1, 3, 1, 3, 0, 52};
	static const uint32_t stats_bm[] = {1, 3, 6, 1, 2, 1, 68,
					    2, 4, 1, 1, 7, 51};
	static const uint32_t oper_count[] = {1, 3, 6, 1, 2, 1, 68,
					      1, 3, 1, 6, 7, 51};
	static const uint32_t asso_row[] = {1, 3, 6, 1,	 2,   1, 68, 1,	 4,
					    1, 2, 7, 51, 192, 0, 2,  101};
	static const uint32_t vips_status[] = {KA, 2, 3, 1, 9, 1};
	static const uint32_t v3_status[] = {1, 3, 6, 1, 2, 1,	207, 1,
					     1, 1, 1, 6, 7, 51, 1};
	static const uint32_t v3_interval[] = {1, 3, 6, 1, 2, 1,  207, 1,
					       1, 1, 1, 9, 7, 51, 1};
	/* vrrpv3AssociatedIpAddrRowStatus.7.51.1.4.192.0.2.100: active */
	static const uint32_t notif_cntl[] = {1, 3, 6, 1, 2, 1, 68, 1, 2, 0};
	static const uint32_t v3_assoc[] = {1, 3, 6, 1,	 2, 1, 207, 1, 1, 2,
					    1, 2, 7, 51, 1, 4, 192, 0, 2, 100};
	struct fixture x;
	struct snmp_tree t;
	const struct snmp_leaf *l;

	(void)state;
	make_view(&x);
	snmp_tree_init(&t);
	snmp_mib_build(&t, &x.v,
		       MIB_KA_VRRP | MIB_KA_CHECK | MIB_RFC2787 | MIB_RFC6527,
		       &fake_ifaces);
	assert_false(t.failed);
	assert_int_equal(leaf(&t, OID(inst_state))->num, 2);  /* master */
	assert_int_equal(leaf(&t, OID(inst2_state))->num, 3); /* fault */
	l = leaf(&t, OID(inst_name));
	assert_int_equal(l->type, SV_STRING);
	assert_memory_equal(l->str, "VI_<1>", 6);
	assert_int_equal(l->slen, 6);
	assert_int_equal(leaf(&t, OID(inst_vrid))->num, 52);
	assert_memory_equal(leaf(&t, OID(inst_group))->str, "G", 1);
	assert_int_equal(leaf(&t, OID(grp_state))->num, 1); /* backup */
	l = leaf(&t, OID(vs_addr));
	assert_int_equal(l->slen, 4);
	assert_memory_equal(l->str, "\xc0\x00\x02\x0a", 4);
	assert_int_equal(leaf(&t, OID(vs_port))->num, 80);
	assert_int_equal(leaf(&t, OID(vs_up))->num, 1);
	assert_int_equal(leaf(&t, OID(rs_weight))->num, 3);
	assert_int_equal(leaf(&t, OID(rs_status))->num, 1);  /* alive */
	assert_int_equal(leaf(&t, OID(oper_state))->num, 3); /* master */
	assert_int_equal(leaf(&t, OID(notif_cntl))->num, 2); /* no traps */
	assert_memory_equal(leaf(&t, OID(oper_mac))->str,
			    "\x00\x00\x5e\x00\x01\x33", 6);
	l = leaf(&t, OID(oper_master));
	assert_int_equal(l->type, SV_IPADDR);
	assert_memory_equal(l->str, "\0\0\0\0", 4); /* it is the master */
	/* two addresses: counted, and a row each in vrrpAssoIpAddrTable */
	assert_int_equal(leaf(&t, OID(oper_count))->num, 2);
	assert_int_equal(leaf(&t, OID(asso_row))->num, 1);
	assert_int_equal(leaf(&t, OID(vips_status))->num, 1); /* allSet */
	/* VRRPv3-MIB: status master(3), interval in centiseconds */
	l = leaf(&t, OID(v3_status));
	assert_int_equal(l->num, 3);
	assert_int_equal(leaf(&t, OID(v3_interval))->num, 100);
	assert_int_equal(leaf(&t, OID(v3_assoc))->num, 1);
	/* vrrpStatsBecomeMaster of VRID 51 on ifIndex 7: a Counter32 */
	l = leaf(&t, OID(stats_bm));
	assert_int_equal(l->type, SV_COUNTER);
	assert_int_equal(l->num, 2);
	/* the instance on an interface that has no index, and the one
	 * whose family is not given, are not in the RFC 2787 table */
	assert_null(snmp_tree_get(&t, OID(oper_eth1)));
	snmp_tree_free(&t);
	/* only the branches asked for */
	snmp_mib_build(&t, &x.v, MIB_KA_CHECK, &fake_ifaces);
	assert_null(snmp_tree_get(&t, OID(inst_state)));
	assert_non_null(snmp_tree_get(&t, OID(vs_port)));
	snmp_tree_free(&t);
	/* enable_traps on: vrrpNotificationCntl enabled(1) */
	snmp_mib_build(&t, &x.v, MIB_RFC2787 | MIB_TRAPS_ON, &fake_ifaces);
	assert_int_equal(leaf(&t, OID(notif_cntl))->num, 1);
	snmp_tree_free(&t);
	free_view(&x);
}

#define VIGIL 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 7

static void
test_snmp_vigil(void **state)
{
	static const uint32_t reloads_failed[] = {VIGIL, 1, 1, 5, 0};
	static const uint32_t last_ok[] = {VIGIL, 1, 1, 6, 0};
	static const uint32_t child1_name[] = {VIGIL, 1, 2, 1, 2, 1};
	static const uint32_t child1_restarts[] = {VIGIL, 1, 2, 1, 6, 1};
	static const uint32_t child2_ready[] = {VIGIL, 1, 2, 1, 4, 2};
	static const uint32_t child2_rejected[] = {VIGIL, 1, 2, 1, 8, 2};
	static const uint32_t sync_msgs[] = {VIGIL, 1, 4, 1, 0};
	static const uint32_t sync_age[] = {VIGIL, 1, 4, 4, 0};
	static const uint32_t sync_backup[] = {VIGIL, 1, 4, 6, 0};
	static const uint32_t sync_master[] = {VIGIL, 1, 4, 5, 0};
	static const uint32_t ct_cache[] = {VIGIL, 1, 5, 1, 0};
	static const uint32_t ct_rx[] = {VIGIL, 1, 5, 6, 0};
	static const uint32_t ct_overruns[] = {VIGIL, 1, 5, 11, 0};
	static const uint32_t ct_drops[] = {VIGIL, 1, 5, 12, 0};
	static const uint32_t rs_done[] = {VIGIL, 1, 6, 2, 0};
	static const uint32_t rs_ms[] = {VIGIL, 1, 6, 4, 0};
	struct fixture x;
	struct snmp_tree t;
	const struct snmp_leaf *l;

	(void)state;
	make_view(&x);
	snmp_tree_init(&t);
	snmp_mib_build(&t, &x.v, MIB_VIGIL, &fake_ifaces);
	assert_false(t.failed);
	assert_int_equal(leaf(&t, OID(reloads_failed))->num, 1);
	assert_int_equal(leaf(&t, OID(last_ok))->num, 2); /* false */
	l = leaf(&t, OID(child1_name));
	assert_int_equal(l->slen, 5);
	assert_memory_equal(l->str, "check", 5);
	l = leaf(&t, OID(child1_restarts));
	assert_int_equal(l->type, SV_COUNTER);
	assert_int_equal(l->num, 4);
	assert_int_equal(leaf(&t, OID(child2_ready))->num, 2);
	assert_int_equal(leaf(&t, OID(child2_rejected))->num, 2);
	l = leaf(&t, OID(sync_msgs));
	assert_int_equal(l->type, SV_COUNTER64);
	assert_int_equal(l->num, 8);
	assert_int_equal(leaf(&t, OID(sync_age))->num, 150); /* cs */
	assert_int_equal(leaf(&t, OID(sync_backup))->num, 1);
	assert_int_equal(leaf(&t, OID(sync_master))->num, 2);
	/* conntrack_sync and the bulk resync */
	l = leaf(&t, OID(ct_cache));
	assert_int_equal(l->type, SV_GAUGE);
	assert_int_equal(l->num, 300);
	l = leaf(&t, OID(ct_rx));
	assert_int_equal(l->type, SV_COUNTER64);
	assert_int_equal(l->num, 81);
	assert_int_equal(leaf(&t, OID(ct_overruns))->num, 5);
	assert_int_equal(leaf(&t, OID(ct_drops))->num, 7); /* all reasons */
	assert_int_equal(leaf(&t, OID(rs_done))->num, 1);
	l = leaf(&t, OID(rs_ms));
	assert_int_equal(l->type, SV_GAUGE);
	assert_int_equal(l->num, 250);
	/* not with the other branches unless asked */
	snmp_tree_free(&t);
	snmp_mib_build(&t, &x.v, MIB_KA_VRRP, &fake_ifaces);
	assert_null(snmp_tree_get(&t, OID(reloads_failed)));
	snmp_tree_free(&t);
	free_view(&x);
}

/* The value of the trap's varbind whose OID is o, or NULL. */
static const struct snmp_leaf *
var(const struct snmp_trap *t, const uint32_t *o, size_t n)
{
	for (size_t i = 0; i < t->vars.n; i++)
		if (!snmp_oid_cmp(t->vars.v[i].oid, t->vars.v[i].len, o, n))
			return &t->vars.v[i];
	return NULL;
}

static void
test_snmp_trap(void **state)
{
	static const uint32_t inst_trap[] = {KA, 2, 10, 0, 2};
	static const uint32_t new_master[] = {1, 3, 6, 1, 2, 1, 68, 0, 1};
	static const uint32_t rs_trap[] = {KA, 3, 5, 0, 1};
	static const uint32_t inst_state[] = {KA, 2, 3, 1, 4, 1};
	static const uint32_t router[] = {KA, 1, 2, 0};
	static const uint32_t rs_status[] = {KA, 3, 4, 1, 6, 1, 1};
	static const uint32_t vs_up[] = {KA, 3, 3, 1, 21, 1};
	struct snmp_trap tr[SNMP_TRAPS_MAX];
	struct json_object *ev;
	struct fixture x;
	size_t n;

	(void)state;
	make_view(&x);
	ev = json_tokener_parse("{\"event\":\"vrrp_state\",\"instance\":"
				"\"VI_<1>\",\"state\":\"MASTER\"}");
	n = snmp_trap_build(tr, &x.v, MIB_KA_VRRP | MIB_RFC2787 | MIB_RFC6527,
			    "vrrp", ev, "lb1", &fake_ifaces);
	assert_int_equal(n, 3);
	assert_int_equal(tr[2].vars.n, 2); /* master address and reason */
	assert_int_equal(snmp_oid_cmp(tr[0].oid, tr[0].len, OID(inst_trap)), 0);
	assert_int_equal(var(&tr[0], OID(inst_state))->num, 2);
	assert_memory_equal(var(&tr[0], OID(router))->str, "lb1", 3);
	assert_int_equal(snmp_oid_cmp(tr[1].oid, tr[1].len, OID(new_master)),
			 0);
	assert_int_equal(tr[1].vars.n, 1); /* vrrpOperMasterIpAddr.7.51 */
	assert_int_equal(tr[1].vars.v[0].oid[11], 7);
	for (size_t i = 0; i < n; i++)
		snmp_trap_free(&tr[i]);
	json_object_put(ev);
	/* the real server goes down: dead(2), one live server less */
	ev = json_tokener_parse("{\"event\":\"rs_down\",\"vs\":\"tcp "
				"192.0.2.10:80\",\"rs\":\"10.0.0.1:80\"}");
	n = snmp_trap_build(tr, &x.v, MIB_KA_CHECK, "check", ev, "lb1",
			    &fake_ifaces);
	assert_int_equal(n, 1);
	assert_int_equal(snmp_oid_cmp(tr[0].oid, tr[0].len, OID(rs_trap)), 0);
	assert_int_equal(var(&tr[0], OID(rs_status))->num, 2);
	assert_int_equal(var(&tr[0], OID(vs_up))->num, 0);
	snmp_trap_free(&tr[0]);
	/* not served, or an object the view does not know: nothing */
	assert_int_equal(snmp_trap_build(tr, &x.v, MIB_KA_VRRP, "check", ev,
					 "lb1", &fake_ifaces),
			 0);
	json_object_put(ev);
	ev = json_tokener_parse("{\"event\":\"vrrp_state\",\"instance\":"
				"\"nope\",\"state\":\"MASTER\"}");
	assert_int_equal(snmp_trap_build(tr, &x.v, MIB_KA_VRRP, "vrrp", ev,
					 "lb1", &fake_ifaces),
			 0);
	json_object_put(ev);
	free_view(&x);
}

static void
test_event_text(void **state)
{
	struct json_object *o = json_tokener_parse(
		"{\"event\":\"rs_down\",\"vs\":\"tcp 1.2.3.4:80\",\"rs\":"
		"\"1.2.3.5:80\",\"reason\":\"x=y\",\"smtp_alert\":true,"
		"\"weight\":0,\"n\":\"a\\nb\"}");
	char out[MGMT_EVENT_TEXT];

	(void)state;
	mgmt_event_text(o, out, sizeof(out));
	assert_string_equal(out, "event=rs_down vs=\"tcp 1.2.3.4:80\" "
				 "rs=1.2.3.5:80 reason=\"x=y\" weight=0 "
				 "n=\"a?b\"");
	mgmt_event_text(o, out, 20); /* cut at a field */
	assert_string_equal(out, "event=rs_down");
	json_object_put(o);
}

/* VI_<1>'s stats, with a refused packet from 192.0.2.9 and some counters. */
static void
set_rx(struct fixture *x, int auth, int ttl)
{
	struct json_object *vi = json_object_array_get_idx(
		jget(jget(x->v.child[1].data, "vrrp", json_type_object),
		     "instances", json_type_array),
		0);
	struct json_object *st = jget(vi, "stats", json_type_object);

	json_object_object_add(st, "auth_type_mismatch",
			       json_object_new_int(auth));
	json_object_object_add(st, "ip_ttl_errors", json_object_new_int(ttl));
	json_object_object_add(
		vi, "last_drop",
		json_tokener_parse("{\"reason\":\"auth-type-mismatch\","
				   "\"from\":\"192.0.2.9\"}"));
}

static void
test_snmp_trap_rx(void **state)
{
	static const uint32_t auth_trap[] = {1, 3, 6, 1, 2, 1, 68, 0, 2};
	static const uint32_t proto_trap[] = {1, 3, 6, 1, 2, 1, 207, 0, 2};
	static const uint32_t src[] = {1, 3, 6, 1, 2, 1, 68, 1, 5, 0};
	static const uint32_t type[] = {1, 3, 6, 1, 2, 1, 68, 1, 6, 0};
	static const uint32_t reason[] = {1, 3, 6, 1, 2, 1,  207, 1,
					  2, 5, 1, 6, 7, 51, 1};
	struct snmp_rx_seens seen = {0};
	struct snmp_trap tr[4];
	struct fixture x;
	unsigned mibs = MIB_RFC2787 | MIB_RFC6527;

	(void)state;
	make_view(&x);
	set_rx(&x, 3, 1);
	/* first sight: counters from before, nothing */
	assert_int_equal(snmp_trap_rx(tr, 4, &x.v, mibs, &seen, &fake_ifaces),
			 0);
	assert_int_equal(snmp_trap_rx(tr, 4, &x.v, mibs, &seen, &fake_ifaces),
			 0);
	set_rx(&x, 4, 2);
	assert_int_equal(snmp_trap_rx(tr, 4, &x.v, mibs, &seen, &fake_ifaces),
			 2);
	assert_int_equal(snmp_oid_cmp(tr[0].oid, tr[0].len, OID(auth_trap)), 0);
	assert_memory_equal(var(&tr[0], OID(src))->str, "\xc0\x00\x02\x09", 4);
	assert_int_equal(var(&tr[0], OID(type))->num, 2); /* authTypeMismatch */
	assert_int_equal(snmp_oid_cmp(tr[1].oid, tr[1].len, OID(proto_trap)),
			 0);
	assert_int_equal(var(&tr[1], OID(reason))->num, 1); /* ipTtlError */
	snmp_trap_free(&tr[0]);
	snmp_trap_free(&tr[1]);
	/* unchanged: nothing; the branch off: none of its notifications */
	assert_int_equal(snmp_trap_rx(tr, 4, &x.v, mibs, &seen, &fake_ifaces),
			 0);
	set_rx(&x, 5, 2);
	assert_int_equal(
		snmp_trap_rx(tr, 4, &x.v, MIB_RFC6527, &seen, &fake_ifaces), 0);
	free_view(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_http_req),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_event_text),
		cmocka_unit_test(test_snmp_tree),
		cmocka_unit_test(test_snmp_mib),
		cmocka_unit_test(test_snmp_vigil),
		cmocka_unit_test(test_snmp_trap),
		cmocka_unit_test(test_snmp_trap_rx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
