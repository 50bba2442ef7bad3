/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small rtnetlink client on libmnl for what VRRP owns: addresses, routes,
 * rules and VMAC (macvlan) links. Library-like: returns -1 with errno (the
 * kernel's error for a refused request), never logs. Each request waits for
 * the kernel's acknowledgement with a one-second receive timeout; the kernel
 * answers these at once, so the loop is never held longer than that.
 *
 * Why libmnl and not libnl-route-3: the messages are a handful of fixed
 * shapes, libmnl builds them with no caches or allocations, and the
 * nftables code (libnftnl) needs libmnl anyway.
 *
 * Creation uses NLM_F_EXCL, so EEXIST tells the caller the object was there
 * before it (someone else's: never remove it).
 */
#ifndef VIGIL_VRRP_NL_H
#define VIGIL_VRRP_NL_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp/vrrp_conf.h"

struct mnl_socket;

struct vrrp_nl {
	struct mnl_socket *sock;
	uint32_t seq;
	uint32_t portid;
};

int vrrp_nl_open(struct vrrp_nl *nl);
void vrrp_nl_close(struct vrrp_nl *nl);

/* add: true = RTM_NEWADDR (create, exclusive), false = RTM_DELADDR. */
int vrrp_nl_addr(struct vrrp_nl *nl, bool add, int ifindex,
		 const struct vrrp_vip *v);
/* ifindex 0: no output device. */
int vrrp_nl_route(struct vrrp_nl *nl, bool add, int ifindex,
		  const struct vrrp_route *r);
int vrrp_nl_rule(struct vrrp_nl *nl, bool add, const struct vrrp_rule *r);
/* A macvlan in private mode on parent with this MAC, brought up. */
int vrrp_nl_macvlan_add(struct vrrp_nl *nl, const char *name, int parent,
			const uint8_t mac[6]);
int vrrp_nl_link_del(struct vrrp_nl *nl, int ifindex);

#endif
