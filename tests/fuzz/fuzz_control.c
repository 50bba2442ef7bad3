// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for the control socket's requests: the input is one
 * request line as a client would send it, parsed by the command table
 * (core/cli/ctl_cmd.h) that vigild and vigilctl share. What it accepts
 * must be a message the child's IPC would accept. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "core/cli/ctl_cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_inet(const struct ipc_inet *a, int optional)
{
	if (a->family != AF_INET && a->family != AF_INET6 &&
	    !(optional && a->family == 0))
		__builtin_trap();
}

/* What a child reads: a known operation, terminated names, addresses of a
 * real family; the message passes the receiver's size check. */
static void
check_msg(const struct ctl_req *r)
{
	char buf[IPC_VS_STRLEN];

	if (r->type == IPC_NONE) {
		if (r->proc != PROC_PARENT || r->len)
			__builtin_trap();
		return;
	}
	if (r->proc == PROC_PARENT || r->proc >= PROC_MAX ||
	    ipc_validate(r->type, &r->msg, r->len, false) != 0)
		__builtin_trap();
	if (r->type == IPC_QUERY &&
	    (r->msg.query.query != IPC_Q_SHOW ||
	     strlen(r->msg.query.arg) >= sizeof(r->msg.query.arg)))
		__builtin_trap();
	if (r->type == IPC_ADMIN_VRRP &&
	    (strlen(r->msg.vrrp.instance) >= IPC_NAME_MAX ||
	     (r->msg.vrrp.h.op != IPC_VI_FORCE &&
	      r->msg.vrrp.h.op != IPC_VI_SHOW)))
		__builtin_trap();
	if (r->type == IPC_ADMIN_RS) {
		const struct ipc_admin_rs *m = &r->msg.rs;

		if (strlen(m->vs.group) >= IPC_NAME_MAX ||
		    m->vs.kind < IPC_VS_ADDR || m->vs.kind > IPC_VS_GROUP ||
		    m->h.op < IPC_RS_DRAIN || m->h.op > IPC_RS_SHOW)
			__builtin_trap();
		check_inet(&m->rs, m->h.op == IPC_RS_SHOW);
		if (m->vs.kind == IPC_VS_ADDR)
			check_inet(&m->vs.addr, 0);
		ipc_vs_fmt(&m->vs, buf, sizeof(buf));
		ipc_inet_fmt(&m->rs, buf, sizeof(buf));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_req r;

	if (ctl_parse_line(&r, (const char *)data, size) == 0) {
		if (!r.cmd)
			__builtin_trap();
		check_msg(&r);
	} else if (r.cmd || !r.error[0] || strlen(r.error) >= sizeof(r.error)) {
		__builtin_trap();
	}
	return 0;
}
