// SPDX-License-Identifier: GPL-2.0-or-later
/* Sync groups: members move together (pure decisions). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vrrp/vrrp_sync.h"

static void
test_decide(void **state)
{
	(void)state;
	/* A member that wins on its own pulls the others to MASTER. */
	assert_int_equal(vrrp_sync_decide(VRRP_STATE_BACKUP, VRRP_STATE_MASTER,
					  VRRP_WHY_MASTER_DOWN),
			 VRRP_SYNC_TO_MASTER);
	assert_int_equal(vrrp_sync_decide(VRRP_STATE_INIT, VRRP_STATE_MASTER,
					  VRRP_WHY_OWNER),
			 VRRP_SYNC_TO_MASTER);
	/* One that meets a better master pulls them back to BACKUP. */
	assert_int_equal(vrrp_sync_decide(VRRP_STATE_MASTER, VRRP_STATE_BACKUP,
					  VRRP_WHY_HIGHER_PRIO),
			 VRRP_SYNC_TO_BACKUP);
	/* Moves the group caused, and shutdowns, do not echo. */
	assert_int_equal(vrrp_sync_decide(VRRP_STATE_BACKUP, VRRP_STATE_MASTER,
					  VRRP_WHY_SYNC_GROUP),
			 VRRP_SYNC_NONE);
	assert_int_equal(vrrp_sync_decide(VRRP_STATE_MASTER, VRRP_STATE_INIT,
					  VRRP_WHY_SHUTDOWN),
			 VRRP_SYNC_NONE);
	/* FAULT travels as inherited fault conditions, not as moves. */
	assert_int_equal(vrrp_sync_decide(VRRP_STATE_MASTER, VRRP_STATE_FAULT,
					  VRRP_WHY_FAULT),
			 VRRP_SYNC_NONE);
	assert_int_equal(vrrp_sync_decide(VRRP_STATE_INIT, VRRP_STATE_BACKUP,
					  VRRP_WHY_STARTUP),
			 VRRP_SYNC_NONE);
}

static void
test_faults(void **state)
{
	unsigned own[3] = {0, 2, 0};

	(void)state;
	/* Member 1's fault puts 0 and 2 in FAULT; 1 inherits nothing. */
	assert_int_equal(vrrp_sync_inherited_faults(own, 3, 0), 1);
	assert_int_equal(vrrp_sync_inherited_faults(own, 3, 1), 0);
	assert_int_equal(vrrp_sync_inherited_faults(own, 3, 2), 1);
	own[1] = 0;
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(vrrp_sync_inherited_faults(own, 3, i), 0);
}

static void
test_group_state(void **state)
{
	enum vrrp_state m[3] = {VRRP_STATE_MASTER, VRRP_STATE_MASTER,
				VRRP_STATE_MASTER};

	(void)state;
	assert_int_equal(vrrp_sync_group_state(m, 3), VRRP_STATE_MASTER);
	m[1] = VRRP_STATE_BACKUP;
	assert_int_equal(vrrp_sync_group_state(m, 3), VRRP_STATE_INIT);
	m[0] = m[2] = VRRP_STATE_BACKUP;
	assert_int_equal(vrrp_sync_group_state(m, 3), VRRP_STATE_BACKUP);
	m[2] = VRRP_STATE_FAULT;
	assert_int_equal(vrrp_sync_group_state(m, 3), VRRP_STATE_FAULT);
	assert_int_equal(vrrp_sync_group_state(m, 0), VRRP_STATE_INIT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_group_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
