// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrp_strict / nftables: drop traffic to virtual addresses this router must
 * not accept, in a table vigil owns (inet <vrrp_nftables name>, "vigil" by
 * default), created at start and deleted at stop:
 *
 *   table inet vigil {
 *     set vips4 { type ipv4_addr }  set vips6 { type ipv6_addr }
 *     chain input { type filter hook input priority -1;
 *       ip6 daddr @vips6 icmpv6 type nd-neighbor-solicit accept
 *       ip6 daddr @vips6 icmpv6 type nd-neighbor-advert accept
 *       ip daddr @vips4 drop
 *       ip6 daddr @vips6 drop } }
 *
 * An instance with nftables set (no_accept with the nftables keyword, or
 * strict mode) puts its VIPs in the sets unless it is MASTER and the
 * address owner, priority 255 (RFC 5798 §6.1 Accept_Mode, §6.4.3). The sets are rewritten whole in one atomic batch.
 * Built with libnftnl over libmnl; errors come back as strings.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h> /* before the kernel's linux/in.h */
#include <libmnl/libmnl.h>
#include <libnftnl/batch.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/netlink.h>
#include <time.h>
#include <unistd.h>

#include "vrrp/vrrp_engine_priv.h"

#define CHAIN "input"
#define TYPE_IPADDR 7  /* nft's ipv4_addr datatype */
#define TYPE_IP6ADDR 8 /* ipv6_addr */

struct vrrp_nft {
	struct mnl_socket *nl;
	uint32_t seq, portid;
	char table[VRRP_NAME_MAX];
};

struct batch {
	struct nftnl_batch *b;
	unsigned msgs;
	struct vrrp_nft *n;
};

static int
batch_start(struct batch *bt, struct vrrp_nft *n)
{
	bt->n = n;
	bt->msgs = 0;
	bt->b = nftnl_batch_alloc((uint32_t)getpagesize(),
				  MNL_SOCKET_BUFFER_SIZE);
	if (!bt->b)
		return -1;
	nftnl_batch_begin(nftnl_batch_buffer(bt->b), n->seq++);
	nftnl_batch_update(bt->b);
	return 0;
}

static struct nlmsghdr *
batch_msg(struct batch *bt, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *h = nftnl_nlmsg_build_hdr(
		nftnl_batch_buffer(bt->b), type, NFPROTO_INET,
		flags | NLM_F_ACK, bt->n->seq++);

	bt->msgs++;
	return h;
}

/* A batch may span several pages: one sendmsg with an iovec per page. */
static int
send_batch(struct batch *bt)
{
	int n = nftnl_batch_iovec_len(bt->b);
	struct iovec *iov = calloc((size_t)n, sizeof(*iov));
	struct sockaddr_nl snl = {.nl_family = AF_NETLINK};
	struct msghdr msg = {.msg_name = &snl, .msg_namelen = sizeof(snl)};
	ssize_t r;

	if (!iov)
		return -1;
	nftnl_batch_iovec(bt->b, iov, (uint32_t)n);
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)n;
	r = sendmsg(mnl_socket_get_fd(bt->n->nl), &msg, 0);
	free(iov);
	return r < 0 ? -1 : 0;
}

/* Send, then read one acknowledgement per message; the first error wins. */
static int
batch_commit(struct batch *bt)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int err = 0;

	nftnl_batch_end(nftnl_batch_buffer(bt->b), bt->n->seq++);
	nftnl_batch_update(bt->b);
	if (send_batch(bt) < 0) {
		err = errno;
		bt->msgs = 0;
	}
	for (; bt->msgs; bt->msgs--) {
		ssize_t r = mnl_socket_recvfrom(bt->n->nl, buf, sizeof(buf));

		if (r < 0) {
			err = err ? err : errno;
			break;
		}
		if (mnl_cb_run(buf, (size_t)r, 0, bt->n->portid, NULL, NULL) <
			    0 &&
		    !err)
			err = errno;
	}
	nftnl_batch_free(bt->b);
	errno = err;
	return err ? -1 : 0;
}

static void
put_table(struct batch *bt, uint16_t type, uint16_t flags)
{
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *h = batch_msg(bt, type, flags);

	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, bt->n->table);
	nftnl_table_nlmsg_build_payload(h, t);
	nftnl_table_free(t);
	nftnl_batch_update(bt->b);
}

static void
put_chain(struct batch *bt)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *h = batch_msg(bt, NFT_MSG_NEWCHAIN, NLM_F_CREATE);

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, bt->n->table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, CHAIN);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_LOCAL_IN);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, -1);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nftnl_chain_nlmsg_build_payload(h, c);
	nftnl_chain_free(c);
	nftnl_batch_update(bt->b);
}

static struct nftnl_set *
new_set(struct vrrp_nft *n, const char *name)
{
	struct nftnl_set *s = nftnl_set_alloc();

	nftnl_set_set_str(s, NFTNL_SET_TABLE, n->table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, NFPROTO_INET);
	return s;
}

static void
put_set(struct batch *bt, const char *name, uint32_t type, uint32_t len,
	uint32_t id)
{
	struct nftnl_set *s = new_set(bt->n, name);
	struct nlmsghdr *h = batch_msg(bt, NFT_MSG_NEWSET, NLM_F_CREATE);

	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, type);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, len);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id);
	nftnl_set_nlmsg_build_payload(h, s);
	nftnl_set_free(s);
	nftnl_batch_update(bt->b);
}

static void
add_expr(struct nftnl_rule *r, const char *name, int n, const uint32_t *k,
	 const uint32_t *v)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	for (int i = 0; i < n; i++)
		nftnl_expr_set_u32(e, (uint16_t)k[i], v[i]);
	nftnl_rule_add_expr(r, e);
}

static void
add_cmp8(struct nftnl_rule *r, uint8_t value)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, &value, 1);
	nftnl_rule_add_expr(r, e);
}

static void
add_meta(struct nftnl_rule *r, uint32_t key, uint8_t value)
{
	add_expr(r, "meta", 2,
		 (const uint32_t[]){NFTNL_EXPR_META_KEY, NFTNL_EXPR_META_DREG},
		 (const uint32_t[]){key, NFT_REG_1});
	add_cmp8(r, value);
}

static void
add_daddr_in(struct nftnl_rule *r, bool v6, uint32_t set_id)
{
	struct nftnl_expr *e;

	add_meta(r, NFT_META_NFPROTO, v6 ? NFPROTO_IPV6 : NFPROTO_IPV4);
	add_expr(r, "payload", 4,
		 (const uint32_t[]){
			 NFTNL_EXPR_PAYLOAD_BASE, NFTNL_EXPR_PAYLOAD_OFFSET,
			 NFTNL_EXPR_PAYLOAD_LEN, NFTNL_EXPR_PAYLOAD_DREG},
		 (const uint32_t[]){NFT_PAYLOAD_NETWORK_HEADER, v6 ? 24 : 16,
				    v6 ? 16 : 4, NFT_REG_1});
	e = nftnl_expr_alloc("lookup");
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, v6 ? "vips6" : "vips4");
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, set_id);
	nftnl_rule_add_expr(r, e);
}

/* daddr in the set [, icmpv6 type nd_type] -> verdict */
static void
put_rule(struct batch *bt, bool v6, uint8_t nd_type, uint32_t verdict)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *h =
		batch_msg(bt, NFT_MSG_NEWRULE, NLM_F_APPEND | NLM_F_CREATE);

	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, bt->n->table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, CHAIN);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	add_daddr_in(r, v6, v6 ? 2 : 1);
	if (nd_type) {
		add_meta(r, NFT_META_L4PROTO, IPPROTO_ICMPV6);
		add_expr(r, "payload", 4,
			 (const uint32_t[]){NFTNL_EXPR_PAYLOAD_BASE,
					    NFTNL_EXPR_PAYLOAD_OFFSET,
					    NFTNL_EXPR_PAYLOAD_LEN,
					    NFTNL_EXPR_PAYLOAD_DREG},
			 (const uint32_t[]){NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1,
					    NFT_REG_1});
		add_cmp8(r, nd_type);
	}
	add_expr(
		r, "immediate", 2,
		(const uint32_t[]){NFTNL_EXPR_IMM_DREG, NFTNL_EXPR_IMM_VERDICT},
		(const uint32_t[]){NFT_REG_VERDICT, verdict});
	nftnl_rule_nlmsg_build_payload(h, r);
	nftnl_rule_free(r);
	nftnl_batch_update(bt->b);
}

static int
create(struct vrrp_nft *n)
{
	struct batch bt;

	/* A table left by a crash is ours: start from nothing. */
	if (batch_start(&bt, n) < 0)
		return -1;
	put_table(&bt, NFT_MSG_DELTABLE, 0);
	batch_commit(&bt);
	if (batch_start(&bt, n) < 0)
		return -1;
	put_table(&bt, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL);
	put_chain(&bt);
	put_set(&bt, "vips4", TYPE_IPADDR, 4, 1);
	put_set(&bt, "vips6", TYPE_IP6ADDR, 16, 2);
	put_rule(&bt, true, 135, NF_ACCEPT);
	put_rule(&bt, true, 136, NF_ACCEPT);
	put_rule(&bt, false, 0, NF_DROP);
	put_rule(&bt, true, 0, NF_DROP);
	return batch_commit(&bt);
}

struct vrrp_nft *
vrrp_nft_open(const char *table, char *err, size_t errlen)
{
	struct vrrp_nft *n = calloc(1, sizeof(*n));
	struct timeval tv = {.tv_sec = 1};

	if (!n)
		goto fail;
	snprintf(n->table, sizeof(n->table), "%s", table);
	n->seq = (uint32_t)time(NULL);
	n->nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!n->nl || mnl_socket_bind(n->nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(n->nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
		       sizeof(tv)) < 0)
		goto fail;
	n->portid = mnl_socket_get_portid(n->nl);
	if (create(n) < 0)
		goto fail;
	return n;
fail:
	snprintf(err, errlen, "%s", strerror(errno));
	if (n && n->nl)
		mnl_socket_close(n->nl);
	free(n);
	return NULL;
}

void
vrrp_nft_close(struct vrrp_nft *n)
{
	struct batch bt;

	if (!n)
		return;
	if (batch_start(&bt, n) == 0) {
		put_table(&bt, NFT_MSG_DELTABLE, 0);
		if (batch_commit(&bt) < 0)
			log_warn("vrrp nftables table=%s op=delete error=%s",
				 n->table, strerror(errno));
	}
	mnl_socket_close(n->nl);
	free(n);
}

/* The table serves no_accept only, as keepalived's does: an instance in
 * accept mode never has nftables set (vrrp_conf_model.c), and as BACKUP
 * it has no VIP on its interface to accept traffic for anyway. So: drop
 * unless MASTER and the address owner (RFC 5798 §6.4.3). */
static bool
must_drop(const struct vrrp_instance *vi)
{
	if (!vi->conf.nftables)
		return false;
	return vi->state != VRRP_STATE_MASTER || vi->prio != VRRP_PRIO_OWNER;
}

/* Flush both sets and refill them from every instance, atomically. */
static int
rewrite(struct vrrp_engine *e)
{
	struct nftnl_set *s[2] = {new_set(e->nft, "vips4"),
				  new_set(e->nft, "vips6")};
	struct batch bt;
	size_t count[2] = {0, 0};

	if (batch_start(&bt, e->nft) < 0)
		return -1;
	for (int f = 0; f < 2; f++) {
		struct nlmsghdr *h = batch_msg(&bt, NFT_MSG_DELSETELEM, 0);
		struct nftnl_set *flush =
			new_set(e->nft, f ? "vips6" : "vips4");

		nftnl_set_elems_nlmsg_build_payload(h, flush);
		nftnl_set_free(flush);
		nftnl_batch_update(bt.b);
	}
	for (size_t i = 0; i < e->ninst; i++) {
		const struct vrrp_instance *vi = e->inst[i];

		for (size_t j = 0; must_drop(vi) && j < vi->conf.nvips; j++) {
			const struct ipaddr *a = &vi->conf.vips[j].addr;
			struct nftnl_set_elem *el = nftnl_set_elem_alloc();

			nftnl_set_elem_set(el, NFTNL_SET_ELEM_KEY, a->u.b,
					   (uint32_t)ipaddr_len(a->family));
			nftnl_set_elem_add(s[a->family == AF_INET6], el);
			count[a->family == AF_INET6]++;
		}
	}
	for (int f = 0; f < 2; f++) {
		/* An element list may not be empty: skip an empty set. */
		if (count[f]) {
			struct nlmsghdr *h = batch_msg(&bt, NFT_MSG_NEWSETELEM,
						       NLM_F_CREATE);

			nftnl_set_elems_nlmsg_build_payload(h, s[f]);
			nftnl_batch_update(bt.b);
		}
		nftnl_set_free(s[f]);
	}
	return batch_commit(&bt);
}

void
vrrp_nft_sync(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	(void)vi;
	if (e->nft && rewrite(e) < 0)
		log_warn("vrrp nftables table=%s op=update error=%s",
			 e->nft->table, strerror(errno));
}
