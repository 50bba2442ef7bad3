#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check_tcp.sh with the checker denied CAP_NET_RAW: TCP_CHECK falls back
# from the half-open probe to a full connect closed with a reset, and
# every verdict stays the same.
CHECK_TCP_NORAW=1
. "$(dirname "$0")/check_tcp.sh"
