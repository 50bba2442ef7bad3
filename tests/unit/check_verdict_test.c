// SPDX-License-Identifier: GPL-2.0-or-later
/* The up/down decision of one checker, result by result. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "check/verdict.h"

static enum chk_transition
step(struct chk_state *st, uint32_t retry, bool ok, struct chk_verdict *v)
{
	chk_verdict(st, retry, ok, v);
	return v->t;
}

static void
test_down_after_retry_plus_one(void **state)
{
	struct chk_state st;
	struct chk_verdict v;

	(void)state;
	chk_state_init(&st, false);
	assert_true(st.up);
	assert_int_equal(step(&st, 2, false, &v), CHK_T_NONE);
	assert_true(v.retry);
	assert_int_equal(v.tries, 1);
	assert_int_equal(step(&st, 2, false, &v), CHK_T_NONE);
	assert_int_equal(v.tries, 2);
	assert_int_equal(step(&st, 2, false, &v), CHK_T_DOWN);
	assert_false(v.retry);
	assert_int_equal(v.tries, 3);
	assert_int_equal(v.of, 3);
	assert_false(st.up);
	/* Down: further failures change nothing and are not retried. */
	assert_int_equal(step(&st, 2, false, &v), CHK_T_NONE);
	assert_false(v.retry);
	assert_int_equal(step(&st, 2, true, &v), CHK_T_UP);
	assert_true(st.up);
}

static void
test_success_resets_count(void **state)
{
	struct chk_state st;
	struct chk_verdict v;

	(void)state;
	chk_state_init(&st, false);
	step(&st, 1, false, &v);
	step(&st, 1, true, &v);
	assert_int_equal(st.fails, 0);
	assert_int_equal(step(&st, 1, false, &v), CHK_T_NONE);
	assert_int_equal(step(&st, 1, false, &v), CHK_T_DOWN);
}

static void
test_retry_zero(void **state)
{
	struct chk_state st;
	struct chk_verdict v;

	(void)state;
	chk_state_init(&st, false);
	assert_int_equal(step(&st, 0, false, &v), CHK_T_DOWN);
	assert_int_equal(v.tries, 1);
	assert_int_equal(v.of, 1);
}

static void
test_alpha_starts_down(void **state)
{
	struct chk_state st;
	struct chk_verdict v;

	(void)state;
	chk_state_init(&st, true);
	assert_false(st.up);
	assert_false(st.has_result);
	assert_int_equal(step(&st, 3, false, &v), CHK_T_NONE);
	assert_true(st.has_result);
	assert_int_equal(step(&st, 3, true, &v), CHK_T_UP);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_down_after_retry_plus_one),
		cmocka_unit_test(test_success_resets_count),
		cmocka_unit_test(test_retry_zero),
		cmocka_unit_test(test_alpha_starts_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
