// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table of the parent's services (services.h). As in children.c, the
 * entries are weak references: the parent's library and its unit tests
 * link this table without the services' folders, and a row whose folder
 * is not linked in is skipped.
 */
#include "config.h"

#include <errno.h>

#include "core/parent/services.h"
#include "core/parent/vigild.h"

extern const struct parent_service mgmt_service __attribute__((weak));

/* clang-format off */
const struct parent_service *const vigild_services[] = {
	&mgmt_service, /* mgmt/: metrics, status page, SNMP */
};
/* clang-format on */
const size_t vigild_nservices =
	sizeof(vigild_services) / sizeof(vigild_services[0]);

_Static_assert(sizeof(vigild_services) / sizeof(vigild_services[0]) <=
		       VIGILD_MAX_SERVICES,
	       "struct vigild holds VIGILD_MAX_SERVICES states");

int
services_start(struct vigild *d)
{
	for (size_t i = 0; i < vigild_nservices; i++) {
		const struct parent_service *s = vigild_services[i];

		if (!s)
			continue;
		d->services[i] = s->start(d);
		if (!d->services[i])
			return -1;
	}
	return 0;
}

void
services_configure(struct vigild *d)
{
	for (size_t i = 0; i < vigild_nservices; i++)
		if (d->services[i] && vigild_services[i]->configure)
			vigild_services[i]->configure(d->services[i]);
}

void
services_child_msg(struct vigild *d, const struct vchild *ch,
		   const struct ipc_msg *m)
{
	for (size_t i = 0; i < vigild_nservices; i++)
		if (d->services[i] && vigild_services[i]->child_msg)
			vigild_services[i]->child_msg(d->services[i], ch, m);
}

int
services_command(struct vigild *d, const struct ctl_req *r,
		 service_reply_fn reply, void *arg)
{
	for (size_t i = 0; i < vigild_nservices; i++)
		if (d->services[i] && vigild_services[i]->command &&
		    vigild_services[i]->command(d->services[i], r, reply,
						arg) == 0)
			return 0;
	errno = ENOENT;
	return -1;
}

void
services_stop(struct vigild *d)
{
	for (size_t i = 0; i < vigild_nservices; i++)
		if (d->services[i]) {
			vigild_services[i]->stop(d->services[i]);
			d->services[i] = NULL;
		}
}
