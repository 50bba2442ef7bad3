// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a child holds for the network, from its OWNED messages, and taking
 * it away when the watchdog finds the child hung (watchdog.c). A stopped
 * vrrp child keeps its VIPs while a peer takes them over: both directors
 * would answer for one address until the child is replaced, and longer
 * if it cannot be. The child tells its whole set after every change
 * (vrrp/vrrp_owned_report.c); the parent deletes those addresses, over
 * rtnetlink, the moment it declares the child hung. It deletes nothing
 * else: not an address the child found already there (not the child's),
 * not the static addresses every director holds.
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/parent/children.h"
#include "core/parent/vigild.h"

#define OWNED_MAX 65536u /* addresses a child may hold */

static bool
valid(const struct ipc_owned_addr *a)
{
	return a->ifindex > 0 && ((a->family == AF_INET && a->plen <= 32) ||
				  (a->family == AF_INET6 && a->plen <= 128));
}

static int
append(struct owned_set *s, const struct ipc_owned_addr *a, size_t n)
{
	if (!n)
		return 0;
	if (s->n + n > s->cap) {
		size_t cap = s->cap ? s->cap : IPC_OWNED_CHUNK;
		struct ipc_owned_addr *v;

		while (cap < s->n + n)
			cap *= 2;
		v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	memcpy(s->v + s->n, a, n * sizeof(*a));
	s->n += n;
	return 0;
}

void
owned_msg(struct vchild *ch, const struct ipc_owned *m)
{
	struct owned_set *next = &ch->owned_next, t;

	if (m->flags & IPC_OWNED_FIRST) {
		next->n = 0;
		ch->owned_building = true;
	}
	if (!ch->owned_building || m->n > IPC_OWNED_CHUNK ||
	    next->n + m->n > OWNED_MAX)
		goto bad;
	for (uint32_t i = 0; i < m->n; i++)
		if (!valid(&m->a[i]))
			goto bad;
	if (append(next, m->a, m->n) < 0)
		goto bad;
	if (m->flags & IPC_OWNED_LAST) {
		t = ch->owned;
		ch->owned = *next;
		*next = t;
		next->n = 0;
		ch->owned_building = false;
	}
	return;
bad:
	ch->owned_building = false;
	next->n = 0;
	if (!ch->owned_bad++)
		log_warn("child=%s type=OWNED state=rejected reason=invalid "
			 "addresses=%u",
			 ch->row->name, m->n);
}

/* The answer to one request: 0, or -errno. */
static int
ack(struct mnl_socket *nl, uint32_t seq)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

	if (n < 0)
		return -errno;
	if (mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), NULL,
		       NULL) < 0)
		return -errno;
	return 0;
}

/* One RTM_DELADDR: 0 deleted, -errno. rtnetlink does the work inside
 * sendto(), so the answer is queued when it returns: never a wait. */
static int
addr_del(struct mnl_socket *nl, const struct ipc_owned_addr *a, uint32_t seq)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	size_t len = a->family == AF_INET ? 4 : 16;

	nlh->nlmsg_type = RTM_DELADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = a->family;
	ifa->ifa_prefixlen = a->plen;
	ifa->ifa_index = (unsigned)a->ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
	mnl_attr_put(nlh, IFA_ADDRESS, len, a->addr);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return ack(nl, seq);
}

/* Delete every address of s: how many went, how many were gone already,
 * how many failed (and the last error). -1 without a netlink socket. */
static int
del_all(const struct owned_set *s, unsigned *gone, unsigned *failed, int *err)
{
	struct mnl_socket *nl =
		mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	int deleted = 0;

	if (!nl)
		return -1;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(nl);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		int r = addr_del(nl, &s->v[i], (uint32_t)i + 1);

		if (r == 0)
			deleted++;
		else if (r == -EADDRNOTAVAIL || r == -ENODEV)
			(*gone)++;
		else {
			(*failed)++;
			*err = -r;
		}
	}
	mnl_socket_close(nl);
	return deleted;
}

void
owned_release(struct vchild *ch)
{
	unsigned gone = 0, failed = 0;
	int err = 0, deleted;

	if (!ch->owned.n)
		return;
	deleted = del_all(&ch->owned, &gone, &failed, &err);
	if (deleted < 0)
		log_err("child=%s action=release addresses=%zu error=\"%s\"",
			ch->row->name, ch->owned.n, strerror(errno));
	else if (failed)
		log_err("child=%s action=release addresses=%zu deleted=%d "
			"gone=%u failed=%u error=\"%s\"",
			ch->row->name, ch->owned.n, deleted, gone, failed,
			strerror(err));
	else
		log_warn("child=%s action=release addresses=%zu deleted=%d "
			 "gone=%u",
			 ch->row->name, ch->owned.n, deleted, gone);
	ch->owned.n = 0;
}

void
owned_free(struct vchild *ch)
{
	free(ch->owned.v);
	free(ch->owned_next.v);
	memset(&ch->owned, 0, sizeof(ch->owned));
	memset(&ch->owned_next, 0, sizeof(ch->owned_next));
}
