// SPDX-License-Identifier: GPL-2.0-or-later
/* rtnetlink requests for addresses, routes, rules and VMACs; see vrrp_nl.h. */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "vrrp/vrrp_nl.h"

int
vrrp_nl_open(struct vrrp_nl *nl)
{
	struct timeval tv = {.tv_sec = 1};

	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->sock)
		return -1;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)) < 0) {
		int e = errno;

		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		errno = e;
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

void
vrrp_nl_close(struct vrrp_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

static struct nlmsghdr *
start(struct vrrp_nl *nl, void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);

	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	h->nlmsg_seq = ++nl->seq;
	return h;
}

/* Send and wait for the acknowledgement; -1 with the kernel's errno. */
static int
transact(struct vrrp_nl *nl, struct nlmsghdr *h)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	int ret;

	if (!nl->sock) {
		errno = ENOTCONN;
		return -1;
	}
	if (mnl_socket_sendto(nl->sock, h, h->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0)
			return -1; /* EAGAIN after the timeout */
		ret = mnl_cb_run(buf, (size_t)n, h->nlmsg_seq, nl->portid, NULL,
				 NULL);
	} while (ret == MNL_CB_OK);
	return ret < 0 ? -1 : 0;
}

int
vrrp_nl_addr(struct vrrp_nl *nl, bool add, int ifindex,
	     const struct vrrp_vip *v)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = start(nl, buf, add ? RTM_NEWADDR : RTM_DELADDR,
				   add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	uint16_t alen = (uint16_t)ipaddr_len(v->addr.family);

	ifa->ifa_family = v->addr.family;
	ifa->ifa_prefixlen = v->plen;
	ifa->ifa_scope = v->scope;
	ifa->ifa_index = (unsigned)ifindex;
	mnl_attr_put(h, IFA_LOCAL, alen, v->addr.u.b);
	mnl_attr_put(h, IFA_ADDRESS, alen, v->addr.u.b);
	if (v->addr.family == AF_INET6) {
		/* A VIP that moves between routers must not wait for DAD. */
		ifa->ifa_flags = IFA_F_NODAD;
		mnl_attr_put_u32(h, IFA_FLAGS, IFA_F_NODAD);
	} else {
		if (ipaddr_set(&v->brd))
			mnl_attr_put(h, IFA_BROADCAST, 4, v->brd.u.b);
		if (v->label[0])
			mnl_attr_put_strz(h, IFA_LABEL, v->label);
	}
	return transact(nl, h);
}

int
vrrp_nl_route(struct vrrp_nl *nl, bool add, int ifindex,
	      const struct vrrp_route *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = start(nl, buf, add ? RTM_NEWROUTE : RTM_DELROUTE,
				   add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	uint16_t alen = (uint16_t)ipaddr_len(r->dst.family);

	rtm->rtm_family = r->dst.family;
	rtm->rtm_dst_len = r->plen;
	rtm->rtm_table =
		r->table && r->table < 256 ? (uint8_t)r->table : RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_KEEPALIVED;
	/* Deletion matches any scope, as `ip route del` does. */
	rtm->rtm_scope = add ? r->scope : RT_SCOPE_NOWHERE;
	rtm->rtm_type = r->type ? r->type : RTN_UNICAST;
	if (r->table >= 256)
		mnl_attr_put_u32(h, RTA_TABLE, r->table);
	if (r->plen)
		mnl_attr_put(h, RTA_DST, alen, r->dst.u.b);
	if (ipaddr_set(&r->gw))
		mnl_attr_put(h, RTA_GATEWAY, alen, r->gw.u.b);
	if (ipaddr_set(&r->src))
		mnl_attr_put(h, RTA_PREFSRC, alen, r->src.u.b);
	if (ifindex > 0)
		mnl_attr_put_u32(h, RTA_OIF, (uint32_t)ifindex);
	if (r->metric)
		mnl_attr_put_u32(h, RTA_PRIORITY, r->metric);
	return transact(nl, h);
}

int
vrrp_nl_rule(struct vrrp_nl *nl, bool add, const struct vrrp_rule *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = start(nl, buf, add ? RTM_NEWRULE : RTM_DELRULE,
				   add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(h, sizeof(*frh));
	uint16_t alen = (uint16_t)ipaddr_len(r->family);

	frh->family = r->family;
	frh->src_len = r->from_plen;
	frh->dst_len = r->to_plen;
	frh->action = FR_ACT_TO_TBL;
	frh->table = r->table && r->table < 256 ? (uint8_t)r->table
						: RT_TABLE_UNSPEC;
	mnl_attr_put_u32(h, FRA_TABLE, r->table ? r->table : RT_TABLE_MAIN);
	if (r->from_plen)
		mnl_attr_put(h, FRA_SRC, alen, r->from.u.b);
	if (r->to_plen)
		mnl_attr_put(h, FRA_DST, alen, r->to.u.b);
	if (r->priority)
		mnl_attr_put_u32(h, FRA_PRIORITY, r->priority);
	if (r->fwmark) {
		mnl_attr_put_u32(h, FRA_FWMARK, r->fwmark);
		mnl_attr_put_u32(h, FRA_FWMASK,
				 r->fwmask ? r->fwmask : 0xffffffffu);
	}
	if (r->iif[0])
		mnl_attr_put_strz(h, FRA_IFNAME, r->iif);
	if (r->oif[0])
		mnl_attr_put_strz(h, FRA_OIFNAME, r->oif);
	mnl_attr_put_u8(h, FRA_PROTOCOL, RTPROT_KEEPALIVED);
	return transact(nl, h);
}

int
vrrp_nl_macvlan_add(struct vrrp_nl *nl, const char *name, int parent,
		    const uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h =
		start(nl, buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(h, sizeof(*ifi));
	struct nlattr *info, *data;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	mnl_attr_put_strz(h, IFLA_IFNAME, name);
	mnl_attr_put_u32(h, IFLA_LINK, (uint32_t)parent);
	mnl_attr_put(h, IFLA_ADDRESS, 6, mac);
	info = mnl_attr_nest_start(h, IFLA_LINKINFO);
	mnl_attr_put_strz(h, IFLA_INFO_KIND, "macvlan");
	data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
	mnl_attr_put_u32(h, IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE);
	mnl_attr_nest_end(h, data);
	mnl_attr_nest_end(h, info);
	return transact(nl, h);
}

int
vrrp_nl_link_del(struct vrrp_nl *nl, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = start(nl, buf, RTM_DELLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(h, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return transact(nl, h);
}

/* ---- deletions announced by the kernel ---- */

/* The address-sized attribute a into out; -1 if its length is wrong. */
static int
attr_addr(const struct nlattr *a, uint8_t family, struct ipaddr *out)
{
	size_t len = ipaddr_len(family);

	if (mnl_attr_get_payload_len(a) != len)
		return -1;
	ipaddr_from_bytes(out, family, mnl_attr_get_payload(a));
	return 0;
}

static int
attr_u32(const struct nlattr *a, uint32_t *out)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return -1;
	*out = mnl_attr_get_u32(a);
	return 0;
}

/* Where each kind of deletion keeps what we match on (0: nowhere). */
struct del_attrs {
	uint16_t addr, alt_addr; /* alt_addr: when addr is absent */
	uint16_t table, priority, oif;
};

static const struct del_attrs del_attrs[] = {
	/* IPv4: IFA_LOCAL is the address, IFA_ADDRESS may be a peer's */
	[VRRP_DEL_ADDR] = {IFA_LOCAL, IFA_ADDRESS, 0, 0, 0},
	[VRRP_DEL_ROUTE] = {RTA_DST, 0, RTA_TABLE, RTA_PRIORITY, RTA_OIF},
	[VRRP_DEL_RULE] = {FRA_SRC, 0, FRA_TABLE, FRA_PRIORITY, 0},
};

struct del_parse {
	struct vrrp_nl_del *d;
	bool bad;
	bool have_addr;
};

static int
del_attr(const struct nlattr *a, void *data)
{
	struct del_parse *p = data;
	const struct del_attrs *m = &del_attrs[p->d->kind];
	uint16_t t = mnl_attr_get_type(a);
	uint32_t oif = 0;

	if (!t)
		return MNL_CB_OK;
	if (t == m->addr) {
		p->bad |= attr_addr(a, p->d->family, &p->d->addr) < 0;
		p->have_addr = true;
	} else if (t == m->alt_addr && !p->have_addr) {
		p->bad |= attr_addr(a, p->d->family, &p->d->addr) < 0;
	} else if (t == m->table) {
		p->bad |= attr_u32(a, &p->d->table) < 0;
	} else if (t == m->priority) {
		p->bad |= attr_u32(a, &p->d->priority) < 0;
	} else if (t == m->oif) {
		p->bad |= attr_u32(a, &oif) < 0;
		p->d->ifindex = (int)oif;
	}
	return MNL_CB_OK;
}

static bool
family_ok(uint8_t f)
{
	return f == AF_INET || f == AF_INET6;
}

static int
parse_addr_del(const struct nlmsghdr *h, struct del_parse *p)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(h);

	if (!family_ok(ifa->ifa_family))
		return 0;
	p->d->kind = VRRP_DEL_ADDR;
	p->d->family = ifa->ifa_family;
	p->d->plen = ifa->ifa_prefixlen;
	p->d->ifindex = (int)ifa->ifa_index;
	return mnl_attr_parse(h, sizeof(*ifa), del_attr, p) < 0 ? -1 : 1;
}

static int
parse_route_del(const struct nlmsghdr *h, struct del_parse *p)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(h);

	if (!family_ok(rtm->rtm_family))
		return 0;
	p->d->kind = VRRP_DEL_ROUTE;
	p->d->family = rtm->rtm_family;
	p->d->plen = rtm->rtm_dst_len;
	p->d->table = rtm->rtm_table;
	return mnl_attr_parse(h, sizeof(*rtm), del_attr, p) < 0 ? -1 : 1;
}

static int
parse_rule_del(const struct nlmsghdr *h, struct del_parse *p)
{
	const struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(h);

	if (!family_ok(frh->family))
		return 0;
	p->d->kind = VRRP_DEL_RULE;
	p->d->family = frh->family;
	p->d->plen = frh->src_len;
	p->d->table = frh->table;
	return mnl_attr_parse(h, sizeof(*frh), del_attr, p) < 0 ? -1 : 1;
}

int
vrrp_nl_parse_del(const struct nlmsghdr *h, struct vrrp_nl_del *d)
{
	struct del_parse p = {.d = d};
	size_t fixed;
	int r;

	memset(d, 0, sizeof(*d));
	switch (h->nlmsg_type) {
	case RTM_DELADDR:
		fixed = sizeof(struct ifaddrmsg);
		break;
	case RTM_DELROUTE:
		fixed = sizeof(struct rtmsg);
		break;
	case RTM_DELRULE:
		fixed = sizeof(struct fib_rule_hdr);
		break;
	default:
		return 0;
	}
	if (h->nlmsg_len < mnl_nlmsg_size(fixed)) {
		errno = EBADMSG;
		return -1;
	}
	r = h->nlmsg_type == RTM_DELADDR    ? parse_addr_del(h, &p)
	    : h->nlmsg_type == RTM_DELROUTE ? parse_route_del(h, &p)
					    : parse_rule_del(h, &p);
	if (r < 0 || p.bad) {
		errno = EBADMSG;
		return -1;
	}
	return r;
}

void
vrrp_nl_drain(struct mnl_socket *sock, vrrp_nl_msg_fn cb, void (*lost)(void *),
	      void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	for (int i = 0; i < 64; i++) {
		ssize_t n = recv(mnl_socket_get_fd(sock), buf, sizeof(buf),
				 MSG_DONTWAIT);

		if (n < 0 && errno == ENOBUFS) {
			lost(arg);
			continue;
		}
		if (n <= 0)
			break;
		mnl_cb_run(buf, (size_t)n, 0, 0, cb, arg);
	}
}

struct mnl_socket *
vrrp_nl_listen(struct ev_loop *loop, struct ev_io *io, ev_io_cb cb, void *arg,
	       unsigned groups)
{
	struct mnl_socket *sock =
		mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	int e;

	if (!sock)
		return NULL;
	ev_io_init(io, cb, arg);
	if (mnl_socket_bind(sock, groups, MNL_SOCKET_AUTOPID) == 0 &&
	    ev_io_start(loop, io, mnl_socket_get_fd(sock), EV_READ) == 0)
		return sock;
	e = errno;
	mnl_socket_close(sock);
	errno = e;
	return NULL;
}

void
vrrp_nl_unlisten(struct ev_loop *loop, struct ev_io *io,
		 struct mnl_socket **sock)
{
	if (!*sock)
		return;
	ev_io_stop(loop, io);
	mnl_socket_close(*sock);
	*sock = NULL;
}
