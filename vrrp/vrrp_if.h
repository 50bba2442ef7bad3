/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interfaces as VRRP needs them: index, MAC, link state, a source address,
 * and a watcher of link changes (rtnetlink RTMGRP_LINK) on the event loop.
 */
#ifndef VIGIL_VRRP_IF_H
#define VIGIL_VRRP_IF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/event.h"
#include "vrrp/vrrp_conf.h"

struct mnl_socket;

/* ifindex (0 if absent), MAC, and up = IFF_UP and IFF_RUNNING (carrier). */
int vrrp_if_info(const char *name, int *ifindex, uint8_t mac[6], bool *up);

/*
 * The address a router advertises from (RFC 5798 §5.1): for IPv4 the first
 * address of the interface that is not one of skip[] (the VIPs), for IPv6
 * its link-local address. -1 (ENOENT) if there is none.
 */
int vrrp_if_source(const char *ifname, int family, const struct vrrp_vip *skip,
		   size_t nskip, struct ipaddr *out);

/* 1 if address a is on interface ifindex, 0 if not, -1 with errno. */
int vrrp_if_has_addr(int ifindex, const struct ipaddr *a);

/* ifindex 0: events were lost, re-read every interface of interest. */
typedef void (*vrrp_link_cb)(void *arg, int ifindex, const char *name, bool up,
			     bool gone);

struct vrrp_linkmon {
	struct mnl_socket *sock;
	struct ev_io io;
	vrrp_link_cb cb;
	void *arg;
};

int vrrp_linkmon_start(struct vrrp_linkmon *m, struct ev_loop *loop,
		       vrrp_link_cb cb, void *arg);
void vrrp_linkmon_stop(struct vrrp_linkmon *m, struct ev_loop *loop);

#endif
