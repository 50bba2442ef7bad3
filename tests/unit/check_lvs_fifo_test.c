// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lvs_notify_fifo's lines (check/lvs_fifo.h) from keepalived text, as
 * keepalived 2.2.7 writes them for the same config (seen in the VM:
 * "VS [10.10.0.100]:tcp:80 UP", "RS [10.20.3.2]:none:0 FWM 7 UP",
 * "RS [10.20.1.2]:tcp:80 [G1]:0 DOWN", "RS [fd20:1::2]:tcp:80
 * [fd10::100]:tcp:80 DOWN", "VS [10.10.0.101]:udp:53 DOWN").
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/lvs_fifo.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "tests/unit/check_model.h"

static const char conf_text[] = "virtual_server 10.10.0.100 80 { protocol TCP\n"
				"  protocol TCP\n"
				"  real_server 10.20.1.2 80 { }\n"
				"  real_server 10.20.2.2 { }\n"
				"}\n"
				"virtual_server fwmark 7 {\n"
				"  lb_kind DR\n"
				"  real_server 10.20.3.2 80 { }\n"
				"}\n"
				"virtual_server_group G1 {\n"
				"  10.10.0.102 80\n"
				"}\n"
				"virtual_server group G1 { protocol TCP\n"
				"  protocol TCP\n"
				"  real_server 10.20.1.2 80 { }\n"
				"}\n"
				"virtual_server fd10::100 80 { protocol TCP\n"
				"  protocol TCP\n"
				"  lb_kind DR\n"
				"  real_server fd20:1::2 8080 { }\n"
				"}\n"
				"virtual_server 10.10.0.101 53 { protocol TCP\n"
				"  protocol UDP\n"
				"  real_server 10.20.3.2 53 { }\n"
				"}\n"
				"virtual_server fwmark 8 {\n"
				"  real_server 10.20.4.2 8080 { }\n"
				"}\n";

static const struct conf_vs *
nth_vs(const struct conf *c, int n)
{
	const struct conf_vs *vs = c->vss.head;

	while (n-- > 0)
		vs = vs->next;
	return vs;
}

static void
rs_is(const struct conf *c, int v, int r, bool up, const char *want)
{
	const struct conf_vs *vs = nth_vs(c, v);
	const struct conf_rs *rs = vs->rs.head;
	char line[512];

	while (r-- > 0)
		rs = rs->next;
	assert_true(lvs_fifo_rs_line(c, vs, rs, up, line, sizeof(line)) > 0);
	assert_string_equal(line, want);
}

static void
vs_is(const struct conf *c, int v, bool up, const char *want)
{
	char line[512];

	assert_true(lvs_fifo_vs_line(c, nth_vs(c, v), up, line, sizeof(line)) >
		    0);
	assert_string_equal(line, want);
}

static void
test_lines(void **state)
{
	struct conf *c = chk_test_load(conf_text);

	(void)state;
	vs_is(c, 0, true, "VS [10.10.0.100]:tcp:80 UP\n");
	rs_is(c, 0, 0, false,
	      "RS [10.20.1.2]:tcp:80 [10.10.0.100]:tcp:80 DOWN\n");
	/* NAT without a port: the service's */
	rs_is(c, 0, 1, true, "RS [10.20.2.2]:tcp:80 [10.10.0.100]:tcp:80 UP\n");
	/* fwmark without protocol; DR: the port cleared */
	vs_is(c, 1, false, "VS FWM 7 DOWN\n");
	rs_is(c, 1, 0, true, "RS [10.20.3.2]:none:0 FWM 7 UP\n");
	vs_is(c, 2, true, "VS [G1]:0 UP\n");
	rs_is(c, 2, 0, false, "RS [10.20.1.2]:tcp:80 [G1]:0 DOWN\n");
	/* IPv6 in brackets; DR takes the service's port */
	vs_is(c, 3, false, "VS [fd10::100]:tcp:80 DOWN\n");
	rs_is(c, 3, 0, false,
	      "RS [fd20:1::2]:tcp:80 [fd10::100]:tcp:80 DOWN\n");
	rs_is(c, 4, 0, true, "RS [10.20.3.2]:udp:53 [10.10.0.101]:udp:53 UP\n");
	/* fwmark with NAT keeps the real server's own port */
	rs_is(c, 5, 0, true, "RS [10.20.4.2]:none:8080 FWM 8 UP\n");
	conf_free(c);
}

static void
test_too_long(void **state)
{
	struct conf *c = chk_test_load(conf_text);
	const struct conf_vs *vs = nth_vs(c, 0);
	const struct conf_rs *rs = vs->rs.head;
	char line[20];

	(void)state;
	assert_int_equal(lvs_fifo_rs_line(c, vs, rs, true, line, sizeof(line)),
			 -1);
	assert_int_equal(lvs_fifo_vs_line(c, vs, true, line, sizeof(line)), -1);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
