/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The management listener's address as vigil.conf writes it
 * (vigil_metrics_listen): "PORT" (127.0.0.1), "ADDR:PORT", "[ADDR6]:PORT".
 * Pure; shared by the config keyword (mgmt/conf_mgmt.c) and the listener.
 */
#ifndef VIGIL_MGMT_LISTEN_H
#define VIGIL_MGMT_LISTEN_H

#include <sys/socket.h>

/* 0 and the socket address, or -1 (errno EINVAL) and why in err. */
int mgmt_listen_parse(const char *s, struct sockaddr_storage *ss,
		      socklen_t *len, const char **err);

#endif
