// SPDX-License-Identifier: GPL-2.0-or-later
/* Interface lookups and the link watcher; see vrrp_if.h. */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp/vrrp_if.h"
#include "vrrp/vrrp_nl.h"

int
vrrp_if_info(const char *name, int *ifindex, uint8_t mac[6], bool *up)
{
	struct ifreq ifr;
	int fd, ret = -1;

	*ifindex = 0;
	*up = false;
	if (strlen(name) >= IFNAMSIZ) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		goto out;
	*ifindex = ifr.ifr_ifindex;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		goto out;
	*up = (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
	if (mac) {
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
			goto out;
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

static bool
skipped(const struct ipaddr *a, const struct vrrp_vip *skip, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ipaddr_eq(a, &skip[i].addr))
			return true;
	return false;
}

int
vrrp_if_source(const char *ifname, int family, const struct vrrp_vip *skip,
	       size_t nskip, struct ipaddr *out)
{
	struct ifaddrs *ifa, *i;
	int ret = -1;

	if (getifaddrs(&ifa) < 0)
		return -1;
	for (i = ifa; i; i = i->ifa_next) {
		struct ipaddr a;

		if (!i->ifa_addr || i->ifa_addr->sa_family != family ||
		    strcmp(i->ifa_name, ifname))
			continue;
		if (family == AF_INET)
			ipaddr_from_bytes(
				&a, family,
				&((struct sockaddr_in *)(void *)i->ifa_addr)
					 ->sin_addr);
		else
			ipaddr_from_bytes(
				&a, family,
				&((struct sockaddr_in6 *)(void *)i->ifa_addr)
					 ->sin6_addr);
		if (skipped(&a, skip, nskip) ||
		    (family == AF_INET6 && !ipaddr_is_linklocal6(&a)))
			continue;
		*out = a;
		ret = 0;
		break;
	}
	freeifaddrs(ifa);
	if (ret < 0)
		errno = ENOENT;
	return ret;
}

static bool
ifa_is(const struct ifaddrs *i, const struct ipaddr *a)
{
	struct ipaddr b;

	if (!i->ifa_addr || i->ifa_addr->sa_family != a->family)
		return false;
	if (a->family == AF_INET)
		ipaddr_from_bytes(
			&b, AF_INET,
			&((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr);
	else
		ipaddr_from_bytes(&b, AF_INET6,
				  &((struct sockaddr_in6 *)(void *)i->ifa_addr)
					   ->sin6_addr);
	return ipaddr_eq(&b, a);
}

int
vrrp_if_has_addr(int ifindex, const struct ipaddr *a)
{
	char name[IF_NAMESIZE];
	struct ifaddrs *ifa, *i;
	int ret = 0;

	if (ifindex <= 0 || !if_indextoname((unsigned)ifindex, name))
		return ifindex <= 0 ? 0 : -1;
	if (getifaddrs(&ifa) < 0)
		return -1;
	for (i = ifa; i && !ret; i = i->ifa_next)
		ret = !strcmp(i->ifa_name, name) && ifa_is(i, a);
	freeifaddrs(ifa);
	return ret;
}

/* ---- link watcher ---- */

struct link_msg {
	const char *name;
};

static int
link_attr(const struct nlattr *a, void *data)
{
	struct link_msg *m = data;

	if (mnl_attr_get_type(a) == IFLA_IFNAME &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
		m->name = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

static int
link_msg_cb(const struct nlmsghdr *h, void *data)
{
	struct vrrp_linkmon *m = data;
	struct ifinfomsg *ifi;
	struct link_msg lm = {0};
	bool up;

	if (h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	if (h->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return MNL_CB_OK;
	ifi = mnl_nlmsg_get_payload(h);
	mnl_attr_parse(h, sizeof(*ifi), link_attr, &lm);
	up = (ifi->ifi_flags & IFF_UP) && (ifi->ifi_flags & IFF_RUNNING);
	m->cb(m->arg, ifi->ifi_index, lm.name ? lm.name : "",
	      up && h->nlmsg_type == RTM_NEWLINK, h->nlmsg_type == RTM_DELLINK);
	return MNL_CB_OK;
}

/* Events were lost: have the owner re-read them. */
static void
link_lost(void *arg)
{
	struct vrrp_linkmon *m = arg;

	m->cb(m->arg, 0, "", false, false);
}

static void
link_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct vrrp_linkmon *m = arg;

	(void)loop;
	(void)io;
	(void)revents;
	vrrp_nl_drain(m->sock, link_msg_cb, link_lost, m);
}

int
vrrp_linkmon_start(struct vrrp_linkmon *m, struct ev_loop *loop,
		   vrrp_link_cb cb, void *arg)
{
	m->cb = cb;
	m->arg = arg;
	m->sock = vrrp_nl_listen(loop, &m->io, link_ready, m, RTMGRP_LINK);
	return m->sock ? 0 : -1;
}

void
vrrp_linkmon_stop(struct vrrp_linkmon *m, struct ev_loop *loop)
{
	vrrp_nl_unlisten(loop, &m->io, &m->sock);
}
