/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checker config from a small JSON description (tests, benchmarks,
 * tests/check/checktest). Keys are keepalived's keywords:
 *
 *   { "ssl": { "ca": ..., "certificate": ..., "key": ..., "password": ... },
 *     "virtual_servers": [ {
 *       "name": "web", "delay_loop": 1, "quorum": 2, "hysteresis": 1,
 *       "alpha": true, "retry": 2, "delay_before_retry": 0.5,
 *       "connect_timeout": 1, "warmup": 0, "inhibit_on_failure": true,
 *       "ha_suspend": true, "virtualhost": "www.example.com",
 *       "sorry_server": "10.0.0.9:80", "sorry_server_inhibit": false,
 *       "real_servers": [ {
 *         "address": "10.0.0.11:80", "weight": 3, ...knobs...,
 *         "checks": [ { "checker": "HTTP_GET", "connect_port": 8080,
 *                       "url": [ { "path": "/", "status_code": "200-299 301",
 *                                  "digest": "9b3a...", "regex": "ok" } ] } ]
 *       } ] } ] }
 *
 * "checker" names the checker block (TCP_CHECK, HTTP_GET...), since
 * "type" is DNS_CHECK's query type; a url's `regex_stack START MAX` is
 * "regex_stack_start" and "regex_stack_max". Times are seconds (fractions
 * allowed). Unknown keys are errors.
 */
#ifndef VIGIL_CHECK_CONF_JSON_H
#define VIGIL_CHECK_CONF_JSON_H

#include <stddef.h>

#include "check/conf.h"

/* NULL with a message naming the place in err. */
struct chk_conf *chk_conf_from_json(const char *text, char *err, size_t errlen);
struct chk_conf *chk_conf_load_json(const char *path, char *err, size_t errlen);

#endif
