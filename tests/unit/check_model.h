/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the check child: a config model from keepalived text. */
#ifndef VIGIL_TESTS_CHECK_MODEL_H
#define VIGIL_TESTS_CHECK_MODEL_H

struct conf;

/* conf_preprocess_buffer + conf_parse + conf_validate; the test fails on
 * any error (printed). conf_free() the result. */
struct conf *chk_test_load(const char *text);

#endif
