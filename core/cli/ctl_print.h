/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigilctl's replies for people (vigilctl(8)): `status` and `reload` as
 * sentences, `show vrrp` and `show checks` as one line per instance,
 * virtual server and real server (state or health, priority or weight,
 * since when, why), `show ipvs` in the layout of `ipvsadm -Ln`, one object
 * (`show vrrp NAME`, `show checks VS [RS]`) as key: value lines, and what
 * an admin command did. `--json` bypasses all of this. Pure: the reply
 * and the clock come in, text goes to a FILE.
 */
#ifndef VIGIL_CLI_CTL_PRINT_H
#define VIGIL_CLI_CTL_PRINT_H

#include <stdio.h>
#include <time.h>

struct json_object;
struct ctl_req;

/* Print reply (vigild's whole answer, without "error") to the request r
 * (ctl_parse()d) on out; now is the wall clock that "since" columns count
 * from. A reply of an unexpected shape prints what it has; nothing in it
 * can make this crash. */
void ctl_print(FILE *out, const struct ctl_req *r, struct json_object *reply,
	       time_t now);

#endif
