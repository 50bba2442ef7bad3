/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The children vigild can start, one child_ops each (core/runtime/child.h), defined
 * in the child's own folder: check/child.c, vrrp/child.c.
 */
#ifndef VIGIL_CORE_CHILDREN_H
#define VIGIL_CORE_CHILDREN_H

#include "core/runtime/child.h"

extern const struct child_ops check_child_ops;
extern const struct child_ops vrrp_child_ops;

#endif
