/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PROBE_RESULT (takeover_probe_result_get_type ())

typedef enum
{
  TAKEOVER_POWER_STATE_UNKNOWN,
  TAKEOVER_POWER_STATE_OFF,
  TAKEOVER_POWER_STATE_ON,
} TakeoverPowerState;

/* One SDR sensor as the BMC reports it. */
typedef struct
{
  char     *name;        /* "CPU Temp" */
  char     *type;        /* "Temperature", "Fan", "Voltage", "Current", "Power Supply", … */
  gboolean  has_reading;
  double    reading;
  char     *unit;        /* "C", "RPM", "V", "A", "W"; NULL for discrete sensors */
  char     *state;       /* "Nominal", "Warning", "Critical", or "Unknown" */
  /* The sensor's own thresholds from its SDR record, NAN where it has none: the health rules
   * judge a reading against these. */
  double    lower_critical;
  double    lower_non_critical;
  double    upper_non_critical;
  double    upper_critical;
} TakeoverProbeSensor;

typedef struct
{
  char     *name;        /* "sda", "nvme0n1" */
  guint64   size_bytes;
  gboolean  rotational;
  gboolean  root;        /* holds the root file system */
} TakeoverProbeDisk;

/* Switch side of a NIC, from LLDP; in Ironic's local_link_connection terms. */
typedef struct
{
  char     *switch_id;   /* chassis MAC */
  char     *port_id;
  char     *switch_info; /* system name */
} TakeoverProbeLink;

typedef struct
{
  char              *name;       /* "eth0" */
  char              *mac;        /* lower case, colon separated */
  char             **addresses;  /* "198.18.0.3/15", "fe80::1/64"; never NULL */
  gboolean           link_up;
  gboolean           physical;   /* a real port, not a bridge, bond, VLAN, tunnel or loopback */
  gboolean           mgmt;       /* holds the request's mgmt_ip */
  TakeoverProbeLink *lldp;       /* NULL when the host does not expose LLDP */
} TakeoverProbeNic;

/* A part that failed, e.g. "ipmi" (the whole BMC), "ipmi.fru", "ssh", "facts.disks". */
typedef struct
{
  char   *part;
  GError *error;
} TakeoverProbeProblem;

/* What one probe learnt about one host. Built by a worker thread, then handed over to the
 * main thread and never changed again: share it with takeover_probe_result_ref(). */
typedef struct
{
  char               *name;              /* the request's name */

  /* IPMI */
  gboolean            ipmi_answered;
  TakeoverPowerState  power_state;
  guint               bmc_manufacturer_id;
  char               *bmc_manufacturer;  /* IANA enterprise name where known, else the number */
  guint               bmc_product_id;
  char               *bmc_product;
  char               *bmc_firmware;      /* "1.2" major.minor */
  char               *bmc_ip;
  char               *bmc_mac;
  char               *fru_vendor;
  char               *fru_product;
  char               *fru_serial;
  GPtrArray          *sensors;           /* TakeoverProbeSensor */

  /* SSH */
  gboolean            ssh_answered;
  char               *ssh_fingerprint;   /* "SHA256:…" as ssh-keygen -l prints it */
  gboolean            ssh_key_recorded;  /* trust on first use added it to our known_hosts */
  char               *hostname;
  guint               cpus;
  char               *cpu_model;
  char               *cpu_arch;          /* "x86_64", "aarch64" */
  guint64             memory_mb;
  GPtrArray          *disks;             /* TakeoverProbeDisk */
  GPtrArray          *nics;              /* TakeoverProbeNic */
  char               *os_name;
  char               *os_version;
  char               *system_vendor;
  char               *system_product;
  char               *system_serial;

  GPtrArray          *problems;          /* TakeoverProbeProblem */
  double              seconds;           /* the probe's own duration, queueing excluded */
} TakeoverProbeResult;

GType                   takeover_probe_result_get_type         (void) G_GNUC_CONST;
TakeoverProbeResult    *takeover_probe_result_new              (const char                *name);
TakeoverProbeResult    *takeover_probe_result_ref              (TakeoverProbeResult       *self);
void                    takeover_probe_result_unref            (TakeoverProbeResult       *self);
gboolean                takeover_probe_result_answered         (const TakeoverProbeResult *self);
const GError           *takeover_probe_result_get_problem      (const TakeoverProbeResult *self,
                                                                const char                *part);
const TakeoverProbeNic *takeover_probe_result_get_mgmt_nic     (const TakeoverProbeResult *self);
guint64                 takeover_probe_result_get_root_disk_gb (const TakeoverProbeResult *self);
JsonNode               *takeover_probe_result_to_json          (const TakeoverProbeResult *self);
void                    takeover_probe_result_add_problem      (TakeoverProbeResult       *self,
                                                                const char                *part,
                                                                GError                    *error);
const char             *takeover_power_state_to_string         (TakeoverPowerState         state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverProbeResult, takeover_probe_result_unref)

G_END_DECLS
