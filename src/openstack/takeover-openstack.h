/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The OpenStack client layer in one include; each service client adds its header here. */
#include "takeover-cloud-config.h"
#include "takeover-cloud-error.h"
#include "takeover-cloud.h"
#include "takeover-glance.h"
#include "takeover-ironic.h"
#include "takeover-keystone.h"
#include "takeover-neutron.h"
#include "takeover-nova.h"
