// SPDX-License-Identifier: GPL-2.0-or-later
/* keepalived's notify arguments, FIFO lines, queue. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/runtime/cmd_split.h"
#include "vrrp/vrrp_notify.h"

static void
test_args(void **state)
{
	char out[256], **argv;
	int argc;

	(void)state;
	assert_int_equal(vrrp_notify_cmd(out, sizeof(out), "/bin/n.sh", false,
					 "VI_1", VRRP_STATE_MASTER, 150),
			 0);
	assert_string_equal(out, "/bin/n.sh INSTANCE \"VI_1\" MASTER 150");
	assert_int_equal(vrrp_notify_cmd(out, sizeof(out), "/n", true, "G 1",
					 VRRP_STATE_FAULT, 0),
			 0);
	assert_string_equal(out, "/n GROUP \"G 1\" FAULT 0");
	/* A stopped instance reports STOP; the name is quoted so that the
	 * parent's split (core/runtime/cmd_split.h) gives it back. */
	assert_int_equal(vrrp_notify_cmd(out, sizeof(out), "/n", false,
					 "we\"ird\\", VRRP_STATE_INIT, 0),
			 0);
	assert_string_equal(out, "/n INSTANCE \"we\\\"ird\\\\\" STOP 0");
	argv = cmd_split(out, &argc);
	assert_non_null(argv);
	assert_int_equal(argc, 5);
	assert_string_equal(argv[2], "we\"ird\\");
	free(argv);
	assert_int_equal(vrrp_notify_cmd(out, 12, "/n", false, "VI_1",
					 VRRP_STATE_MASTER, 100),
			 -1);
}

static void
test_fifo_and_scripts(void **state)
{
	char out[128];
	struct vrrp_notify_conf n;

	(void)state;
	assert_int_equal(vrrp_notify_fifo_line(out, sizeof(out), false, "VI_1",
					       VRRP_STATE_BACKUP, 100, false),
			 0);
	assert_string_equal(out, "INSTANCE \"VI_1\" BACKUP 100\n");
	assert_int_equal(vrrp_notify_fifo_line(out, sizeof(out), true, "G",
					       VRRP_STATE_MASTER, 0, false),
			 0);
	assert_string_equal(out, "GROUP \"G\" MASTER 0\n");
	assert_int_equal(vrrp_notify_fifo_line(out, sizeof(out), false, "VI_1",
					       VRRP_STATE_MASTER, 150, true),
			 0);
	assert_string_equal(out, "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150\n");
	assert_int_equal(vrrp_notify_fifo_priority(out, sizeof(out), "VI_1",
						   VRRP_STATE_MASTER, 140),
			 0);
	assert_string_equal(out, "INSTANCE \"VI_1\" MASTER_PRIORITY 140\n");
	assert_int_equal(vrrp_notify_fifo_priority(out, sizeof(out), "VI_1",
						   VRRP_STATE_FAULT, 90),
			 0);
	assert_string_equal(out, "INSTANCE \"VI_1\" BACKUP_PRIORITY 90\n");
	assert_int_equal(vrrp_notify_fifo_priority(out, 10, "VI_1",
						   VRRP_STATE_FAULT, 90),
			 -1);
	/* notify_deleted */
	assert_int_equal(vrrp_notify_fifo_event(out, sizeof(out), false, "VI_1",
						"DELETED", 100),
			 0);
	assert_string_equal(out, "INSTANCE \"VI_1\" DELETED 100\n");
	/* a vrrp_sync_group's notify_deleted */
	assert_int_equal(vrrp_notify_fifo_event(out, sizeof(out), true, "G",
						"DELETED", 0),
			 0);
	assert_string_equal(out, "GROUP \"G\" DELETED 0\n");
	assert_int_equal(vrrp_notify_cmd_as(out, sizeof(out), "/n", false,
					    "VI_1", "DELETED", 100),
			 0);
	assert_string_equal(out, "/n INSTANCE \"VI_1\" DELETED 100");
	memset(&n, 0, sizeof(n));
	snprintf(n.master, sizeof(n.master), "/m");
	snprintf(n.stop, sizeof(n.stop), "/s");
	assert_string_equal(vrrp_notify_script_for(&n, VRRP_STATE_MASTER),
			    "/m");
	assert_null(vrrp_notify_script_for(&n, VRRP_STATE_BACKUP));
	assert_string_equal(vrrp_notify_script_for(&n, VRRP_STATE_INIT), "/s");
}

static void
test_queue_order(void **state)
{
	struct vrrp_notify_queue q;
	char cmd[16];

	(void)state;
	memset(&q, 0, sizeof(q));
	assert_null(vrrp_notify_next(&q));
	assert_int_equal(vrrp_notify_push(&q, "first"), 0);
	assert_int_equal(vrrp_notify_push(&q, "second"), 0);
	/* One at a time, in order. */
	assert_string_equal(vrrp_notify_next(&q), "first");
	assert_null(vrrp_notify_next(&q));
	vrrp_notify_done(&q);
	assert_string_equal(vrrp_notify_next(&q), "second");
	vrrp_notify_done(&q);
	assert_null(vrrp_notify_next(&q));
	/* Bounded: the overflow is dropped and counted. */
	for (int i = 0; i < VRRP_NOTIFY_QUEUE_MAX + 3; i++) {
		snprintf(cmd, sizeof(cmd), "c%d", i);
		vrrp_notify_push(&q, cmd);
	}
	assert_int_equal(q.count, VRRP_NOTIFY_QUEUE_MAX);
	assert_int_equal(q.dropped, 3);
	assert_string_equal(vrrp_notify_next(&q), "c0");
	vrrp_notify_clear(&q);
	assert_int_equal(q.count, 0);
	assert_null(vrrp_notify_next(&q));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_fifo_and_scripts),
		cmocka_unit_test(test_queue_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
