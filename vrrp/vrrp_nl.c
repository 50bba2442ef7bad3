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
