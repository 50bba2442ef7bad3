/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Frames that tell the segment where a VIP lives, built with no I/O:
 * - a gratuitous ARP request (RFC 5227 §3 "ARP Announcement"), broadcast,
 *   sender and target protocol address the VIP, as keepalived sends it;
 * - an unsolicited Neighbor Advertisement (RFC 4861 §7.2.6) to ff02::1 with
 *   the Override flag and the target link-layer address option, hop limit
 *   255, from the VIP itself.
 * And the VRRP virtual MAC of RFC 5798 §7.3.
 */
#ifndef VIGIL_VRRP_GARP_H
#define VIGIL_VRRP_GARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/runtime/ipaddr.h"

#define VRRP_GARP_LEN 42 /* Ethernet + ARP */
#define VRRP_NA_LEN 86	 /* Ethernet + IPv6 + NA + TLLA option */

/* Both return the frame length, or 0 if buf is too small / ip of the wrong
 * family. */
size_t vrrp_garp_build(uint8_t *buf, size_t size, const uint8_t mac[6],
		       const struct ipaddr *ip);
size_t vrrp_na_build(uint8_t *buf, size_t size, const uint8_t mac[6],
		     const struct ipaddr *target, bool router);

/* 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6. */
void vrrp_vmac(uint8_t mac[6], int family, uint8_t vrid);

#endif
