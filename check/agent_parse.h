/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HAProxy's agent-check reply: one ASCII line of words separated by
 * spaces, tabs or commas (HAProxy configuration manual, "agent-check"):
 *   "75%"                  weight: this share of the configured weight
 *   "ready" "drain" "maint" administrative state
 *   "up" "down" "fail" "stopped"  operational state
 *   "#text"                a description (the rest of the line)
 * e.g. "up 50%", "drain", "down #disk full", "ready,100%". Pure.
 */
#ifndef VIGIL_CHECK_AGENT_PARSE_H
#define VIGIL_CHECK_AGENT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define AGENT_REPLY_MAX 1024
#define AGENT_PCT_MAX 25600

enum agent_state {
	AGENT_NONE = 0,
	AGENT_UP,
	AGENT_DOWN,
	AGENT_FAIL,
	AGENT_STOPPED,
};

enum agent_admin {
	AGENT_ADMIN_NONE = 0,
	AGENT_READY,
	AGENT_DRAIN,
	AGENT_MAINT,
};

struct agent_reply {
	bool has_pct;
	int pct;		/* 0..AGENT_PCT_MAX */
	enum agent_state state; /* the last one given */
	enum agent_admin admin; /* the last one given */
	char text[48];		/* after '#', trimmed */
};

/* Parse the first line of buf. 0, or -1 with *err. */
int agent_parse(const char *buf, size_t len, struct agent_reply *out,
		const char **err);

#endif
