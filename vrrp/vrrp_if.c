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

static void
link_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct vrrp_linkmon *m = arg;
	char buf[MNL_SOCKET_BUFFER_SIZE];

	(void)loop;
	(void)io;
	(void)revents;
	/* Bounded: at most 64 datagrams per wake-up. */
	for (int i = 0; i < 64; i++) {
		ssize_t n = recv(mnl_socket_get_fd(m->sock), buf, sizeof(buf),
				 MSG_DONTWAIT);

		if (n < 0 && errno == ENOBUFS) {
			/* Events were lost: have the owner re-read them. */
			m->cb(m->arg, 0, "", false, false);
			continue;
		}
		if (n <= 0)
			break;
		mnl_cb_run(buf, (size_t)n, 0, 0, link_msg_cb, m);
	}
}

int
vrrp_linkmon_start(struct vrrp_linkmon *m, struct ev_loop *loop,
		   vrrp_link_cb cb, void *arg)
{
	m->cb = cb;
	m->arg = arg;
	m->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!m->sock)
		return -1;
	if (mnl_socket_bind(m->sock, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	ev_io_init(&m->io, link_ready, m);
	if (ev_io_start(loop, &m->io, mnl_socket_get_fd(m->sock), EV_READ) < 0)
		goto fail;
	return 0;
fail:
	mnl_socket_close(m->sock);
	m->sock = NULL;
	return -1;
}

void
vrrp_linkmon_stop(struct vrrp_linkmon *m, struct ev_loop *loop)
{
	if (!m->sock)
		return;
	ev_io_stop(loop, &m->io);
	mnl_socket_close(m->sock);
	m->sock = NULL;
}
