// SPDX-License-Identifier: GPL-2.0-or-later
/* keepalived-style notify arguments, FIFO lines and the per-instance queue. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_notify.h"

const char *
vrrp_notify_script_for(const struct vrrp_notify_conf *n, enum vrrp_state s)
{
	const char *c;

	switch (s) {
	case VRRP_STATE_MASTER:
		c = n->master;
		break;
	case VRRP_STATE_BACKUP:
		c = n->backup;
		break;
	case VRRP_STATE_FAULT:
		c = n->fault;
		break;
	default:
		c = n->stop;
		break;
	}
	return c[0] ? c : NULL;
}

/* Append s double-quoted with \ before " and \. */
static int
append_quoted(char *out, size_t len, size_t *pos, const char *s)
{
	if (*pos + 2 >= len)
		return -1;
	out[(*pos)++] = '"';
	for (; *s; s++) {
		if (*pos + 3 >= len)
			return -1;
		if (*s == '"' || *s == '\\')
			out[(*pos)++] = '\\';
		out[(*pos)++] = *s;
	}
	out[(*pos)++] = '"';
	out[*pos] = '\0';
	return 0;
}

static int
append_str(char *out, size_t len, size_t *pos, const char *word)
{
	size_t n = strlen(word);

	if (*pos + n >= len)
		return -1;
	memcpy(out + *pos, word, n + 1);
	*pos += n;
	return 0;
}

static int
append_int(char *out, size_t len, size_t *pos, int v)
{
	char num[16];

	snprintf(num, sizeof(num), " %d", v);
	return append_str(out, len, pos, num);
}

/* TYPE "NAME" STATE PRIO (a group's priority is 0) */
static int
append_args(char *out, size_t len, size_t *pos, bool group, const char *name,
	    const char *state, int prio)
{
	if (append_str(out, len, pos, group ? "GROUP " : "INSTANCE ") ||
	    append_quoted(out, len, pos, name) ||
	    append_str(out, len, pos, " ") || append_str(out, len, pos, state))
		return -1;
	return append_int(out, len, pos, group ? 0 : prio);
}

int
vrrp_notify_cmd_as(char *out, size_t len, const char *script, bool group,
		   const char *name, const char *state, int prio)
{
	size_t pos = 0;

	if (append_str(out, len, &pos, script) ||
	    append_str(out, len, &pos, " "))
		return -1;
	return append_args(out, len, &pos, group, name, state, prio);
}

int
vrrp_notify_cmd(char *out, size_t len, const char *script, bool group,
		const char *name, enum vrrp_state s, int prio)
{
	return vrrp_notify_cmd_as(out, len, script, group, name,
				  vrrp_state_name(s, VRRP_INIT_AS_STOP), prio);
}

int
vrrp_notify_fifo_line(char *out, size_t len, bool group, const char *name,
		      enum vrrp_state s, int prio, bool rx_lower)
{
	size_t pos = 0;

	if (append_args(out, len, &pos, group, name,
			rx_lower ? "MASTER_RX_LOWER_PRI"
				 : vrrp_state_name(s, VRRP_INIT_AS_STOP),
			prio))
		return -1;
	return append_str(out, len, &pos, "\n");
}

int
vrrp_notify_fifo_event(char *out, size_t len, bool group, const char *name,
		       const char *event, int prio)
{
	size_t pos = 0;

	if (append_args(out, len, &pos, group, name, event, prio))
		return -1;
	return append_str(out, len, &pos, "\n");
}

int
vrrp_notify_fifo_priority(char *out, size_t len, const char *name,
			  enum vrrp_state s, int prio)
{
	return vrrp_notify_fifo_event(
		out, len, false, name,
		s == VRRP_STATE_MASTER ? "MASTER_PRIORITY" : "BACKUP_PRIORITY",
		prio);
}

int
vrrp_notify_push(struct vrrp_notify_queue *q, const char *cmd)
{
	char *c;

	if (q->count >= VRRP_NOTIFY_QUEUE_MAX || !(c = strdup(cmd))) {
		q->dropped++;
		return -1;
	}
	q->cmd[(q->head + q->count) % VRRP_NOTIFY_QUEUE_MAX] = c;
	q->count++;
	return 0;
}

const char *
vrrp_notify_next(struct vrrp_notify_queue *q)
{
	if (q->running || !q->count)
		return NULL;
	q->running = true;
	return q->cmd[q->head];
}

void
vrrp_notify_done(struct vrrp_notify_queue *q)
{
	if (!q->running)
		return;
	free(q->cmd[q->head]);
	q->cmd[q->head] = NULL;
	q->head = (q->head + 1) % VRRP_NOTIFY_QUEUE_MAX;
	q->count--;
	q->running = false;
}

void
vrrp_notify_clear(struct vrrp_notify_queue *q)
{
	for (unsigned i = 0; i < q->count; i++) {
		unsigned k = (q->head + i) % VRRP_NOTIFY_QUEUE_MAX;

		free(q->cmd[k]);
		q->cmd[k] = NULL;
	}
	q->head = q->count = 0;
	q->running = false;
}
