#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The benchmark's IPVS table (bench/ipvs_table.h) in the forms the
# contenders that read a file take:
#   ipvs_gen.sh json NSVC NDEST         ipvstool's JSON
#   ipvs_gen.sh keepalived NSVC NDEST   an equivalent keepalived.conf
# Service i is tcp 10.100.(i/250).(i%250+1):80, wrr; destination k of each
# is 10.200.(k/250).(k%250+1):8080, NAT, weight 1.
set -eu
form=$1 nsvc=$2 ndest=$3

awk -v form="$form" -v nsvc="$nsvc" -v ndest="$ndest" '
function ip(net, n) { return net "." int(n / 250) "." (n % 250 + 1) }
BEGIN {
	if (form == "json")
		print "{ \"services\": ["
	else
		print "global_defs {\n\trouter_id vigil_bench\n}"
	for (i = 0; i < nsvc; i++) {
		if (form == "json")
			printf "%s{ \"protocol\": \"tcp\", \"address\": \"%s\", \"port\": 80, \"scheduler\": \"wrr\", \"destinations\": [", \
				(i ? ",\n" : ""), ip("10.100", i)
		else
			printf "virtual_server %s 80 {\n\tlb_algo wrr\n\tlb_kind NAT\n\tprotocol TCP\n", ip("10.100", i)
		for (k = 0; k < ndest; k++) {
			if (form == "json")
				printf "%s{ \"address\": \"%s\", \"port\": 8080, \"forward\": \"nat\", \"weight\": 1 }", \
					(k ? ", " : ""), ip("10.200", k)
			else
				printf "\treal_server %s 8080 {\n\t\tweight 1\n\t}\n", ip("10.200", k)
		}
		print (form == "json") ? "] }" : "}"
	}
	if (form == "json")
		print "] }"
}'
