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

#include "core/runtime/event.h"
#include "vrrp/vrrp_conf.h"

struct mnl_socket;
struct nlmsghdr;

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

/*
 * A deletion the kernel announced to a listener of the address, route and
 * rule groups: what is needed to tell whether it took one of ours.
 */
enum vrrp_nl_del_kind { VRRP_DEL_ADDR = 1, VRRP_DEL_ROUTE, VRRP_DEL_RULE };

struct vrrp_nl_del {
	enum vrrp_nl_del_kind kind;
	uint8_t family;
	uint8_t plen;	    /* address prefix, route dst_len, rule src_len */
	int ifindex;	    /* address: its interface; route: RTA_OIF or 0 */
	struct ipaddr addr; /* address; route destination; rule source */
	uint32_t table;	    /* route, rule (RTA_TABLE/FRA_TABLE first) */
	uint32_t priority;  /* rule priority; route metric */
};

/*
 * Decode one rtnetlink message (pure; fuzzed). 1: a deletion of an address,
 * route or rule, *d filled; 0: another message; -1 (EBADMSG): a deletion
 * too short or with a malformed attribute.
 */
int vrrp_nl_parse_del(const struct nlmsghdr *h, struct vrrp_nl_del *d);

/*
 * Read what a non-blocking listener socket holds, bounded (64 datagrams a
 * call), each message to cb; lost(arg) when the kernel dropped some
 * (ENOBUFS): the listener must re-read what it follows.
 */
/* A non-blocking rtnetlink listener bound to the RTMGRP_* groups mask,
 * watched by io on loop; NULL with errno. Close with vrrp_nl_unlisten. */
struct mnl_socket *vrrp_nl_listen(struct ev_loop *loop, struct ev_io *io,
				  ev_io_cb cb, void *arg, unsigned groups);
void vrrp_nl_unlisten(struct ev_loop *loop, struct ev_io *io,
		      struct mnl_socket **sock);
typedef int (*vrrp_nl_msg_fn)(const struct nlmsghdr *h, void *arg);
void vrrp_nl_drain(struct mnl_socket *sock, vrrp_nl_msg_fn cb,
		   void (*lost)(void *), void *arg);

#endif
