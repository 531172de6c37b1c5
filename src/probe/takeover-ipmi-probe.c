/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include <math.h>

#include <freeipmi/freeipmi.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "takeover-ipmi-probe.h"
#include "takeover-probe-error.h"

/* Every command sent here is a read: Get Chassis Status, Get Device ID, Get Channel Info,
 * Get LAN Configuration Parameters, FRU Inventory reads, SDR Repository reads and Get Sensor
 * Reading. Nothing here may ever call a Set, Chassis Control or Reset command. */

#define SDR_BUFFER_SIZE 512

typedef struct
{
  const TakeoverProbeRequest *request;
  TakeoverProbeResult        *result;
  GCancellable               *cancellable;
  ipmi_ctx_t                  ipmi;
  uint32_t                    manufacturer_id;
  uint16_t                    product_id;
} Probe;

static void
probe_clear (Probe *probe)
{
  if (probe->ipmi != NULL)
    {
      ipmi_ctx_close (probe->ipmi);
      ipmi_ctx_destroy (probe->ipmi);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Probe, probe_clear)
typedef struct fiid_obj FiidObj;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FiidObj, fiid_obj_destroy)

static const char *
address_of (const TakeoverProbeRequest *request)
{
  return request->bmc_address;
}

/* Turns FreeIPMI's error number into one of ours, with a sentence the operator can act on. */
static GError *
ipmi_error (Probe      *probe,
            const char *what)
{
  const char *address = address_of (probe->request);
  int errnum = ipmi_ctx_errnum (probe->ipmi);
  guint seconds = (probe->request->bmc_timeout_ms + 999) / 1000;

  switch (errnum)
    {
    case IPMI_ERR_USERNAME_INVALID:
    case IPMI_ERR_PASSWORD_INVALID:
    case IPMI_ERR_K_G_INVALID:
    case IPMI_ERR_PASSWORD_VERIFICATION_TIMEOUT:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_BAD_CREDENTIALS,
                          _("The BMC at %s refused the user name or password"), address);

    case IPMI_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
    case IPMI_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_BAD_CREDENTIALS,
                          _("The BMC at %s does not grant this user the requested privilege level"),
                          address);

    case IPMI_ERR_CIPHER_SUITE_ID_UNAVAILABLE:
    case IPMI_ERR_AUTHENTICATION_TYPE_UNAVAILABLE:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_UNSUPPORTED,
                          _("The BMC at %s does not offer cipher suite %u"),
                          address, probe->request->bmc_cipher_suite);

    case IPMI_ERR_IPMI_2_0_UNAVAILABLE:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_UNSUPPORTED,
                          _("The BMC at %s does not speak IPMI 2.0 (lanplus)"), address);

    case IPMI_ERR_SESSION_TIMEOUT:
    case IPMI_ERR_CONNECTION_TIMEOUT:
    case IPMI_ERR_MESSAGE_TIMEOUT:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_TIMEOUT,
                          _("The BMC at %s did not answer within %u s"), address, seconds);

    case IPMI_ERR_HOSTNAME_INVALID:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_UNREACHABLE,
                          _("The BMC address %s cannot be resolved"), address);

    case IPMI_ERR_COMMAND_INVALID_OR_UNSUPPORTED:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_UNSUPPORTED,
                          _("The BMC at %s does not support %s"), address, what);

    default:
      return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                          _("Reading %s from the BMC at %s failed: %s"),
                          what, address, ipmi_ctx_errormsg (probe->ipmi));
    }
}

static void
add_ipmi_problem (Probe      *probe,
                  const char *part,
                  const char *what)
{
  takeover_probe_result_add_problem (probe->result, part, ipmi_error (probe, what));
}

static gboolean
check_cipher_suite (const TakeoverProbeRequest  *request,
                    GError                     **error)
{
  /* Suite 0 sends the password and commands without authentication or integrity: refuse it
   * unless the operator insisted. 3 and 17 are what current BMCs offer. */
  if (request->bmc_cipher_suite == 0 && !request->bmc_insist_cipher_suite)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_REFUSED,
                   _("Cipher suite 0 sends the BMC password unprotected; "
                     "it is refused unless you insist on it"));
      return FALSE;
    }

  if (!IPMI_CIPHER_SUITE_ID_SUPPORTED (request->bmc_cipher_suite))
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_INVALID,
                   _("Cipher suite %u is not supported; use 3 or 17"),
                   request->bmc_cipher_suite);
      return FALSE;
    }

  if (!IPMI_PRIVILEGE_LEVEL_VALID (request->bmc_privilege))
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_INVALID,
                   _("IPMI privilege level %u is not valid; use 2 (user), 3 (operator) or "
                     "4 (administrator)"), request->bmc_privilege);
      return FALSE;
    }

  return TRUE;
}

static gpointer
init_crypto_cb (gpointer data)
{
  /* Initializes libgcrypt once, before any thread opens a session. */
  return GINT_TO_POINTER (ipmi_rmcpplus_init () == 0);
}

/* Which of open_session()'s workarounds opened each BMC ("address:port") last, process-wide. */
static GMutex workaround_lock;
static GHashTable *workaround_hints;

static guint
workaround_hint (const char *host)
{
  guint hint;

  g_mutex_lock (&workaround_lock);
  hint = workaround_hints != NULL
         ? GPOINTER_TO_UINT (g_hash_table_lookup (workaround_hints, host))
         : 0;
  g_mutex_unlock (&workaround_lock);
  return hint;
}

static void
set_workaround_hint (const char *host,
                     guint       index)
{
  g_mutex_lock (&workaround_lock);
  if (workaround_hints == NULL)
    workaround_hints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (index == 0)
    g_hash_table_remove (workaround_hints, host);
  else
    g_hash_table_insert (workaround_hints, g_strdup (host), GUINT_TO_POINTER (index));
  g_mutex_unlock (&workaround_lock);
}

static gboolean
open_session (Probe   *probe,
              GError **error)
{
  static GOnce crypto_once = G_ONCE_INIT;
  const TakeoverProbeRequest *request = probe->request;
  g_autofree char *host = NULL;
  guint timeout_ms = request->bmc_timeout_ms > 0 ? request->bmc_timeout_ms
                                                 : TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS;
  /* At least one retransmission: FreeIPMI wants the wait shorter than the timeout. */
  guint retries = request->bmc_retries > 0 ? request->bmc_retries : TAKEOVER_PROBE_DEFAULT_RETRIES;
  guint multiplier = 0;
  guint retransmission_ms;
  guint first;
  gboolean opened = FALSE;
  /* Many BMCs (Supermicro, Intel, Sun, OpenIPMI's simulator) hash the session keys with the
   * Open Session privilege rather than RAKP's, and answer the standard handshake with
   * "privilege level cannot be obtained"; FreeIPMI's "opensesspriv" workaround speaks to them,
   * and it also tells a wrong password apart from a missing privilege. */
  static const unsigned int workarounds[] = {
    IPMI_WORKAROUND_FLAGS_DEFAULT,
    IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE,
  };

  if (!check_cipher_suite (request, error))
    return FALSE;

  if (!GPOINTER_TO_INT (g_once (&crypto_once, init_crypto_cb, NULL)))
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The cryptography library for IPMI 2.0 could not be initialised"));
      return FALSE;
    }

  if (!(probe->ipmi = ipmi_ctx_create ()))
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("Could not start an IPMI session with %s: out of memory"),
                   request->bmc_address);
      return FALSE;
    }

  /* FreeIPMI takes the port after a colon. */
  host = g_strdup_printf ("%s:%u", request->bmc_address,
                          request->bmc_port > 0 ? request->bmc_port : 623);
  /* FreeIPMI waits r, r, 2r, 2r, 3r… for answers between retransmissions, and gives up after
   * the first wait that ends past the timeout. r makes the last of retries + 1 waits end a few
   * milliseconds past it: an unanswered BMC then fails on time, neither a wait early nor a
   * whole (longer) wait late. */
  for (guint i = 0; i <= retries; i++)
    multiplier += i / 2 + 1;
  retransmission_ms = timeout_ms / multiplier + 2;
  /* The way that opened this BMC's last session goes first: a monitor opens one each round,
   * and a BMC that needs the workaround would otherwise cost two handshakes every time. */
  first = workaround_hint (host);
  for (guint n = 0; n < G_N_ELEMENTS (workarounds); n++)
    {
      guint i = (first + n) % G_N_ELEMENTS (workarounds);

      opened = ipmi_ctx_open_outofband_2_0 (probe->ipmi, host,
                                            request->bmc_username, request->bmc_password,
                                            NULL, 0,
                                            request->bmc_privilege,
                                            request->bmc_cipher_suite,
                                            timeout_ms, retransmission_ms,
                                            workarounds[i], IPMI_FLAGS_DEFAULT) == 0;
      if (opened)
        set_workaround_hint (host, i);
      if (opened ||
          ipmi_ctx_errnum (probe->ipmi) != IPMI_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED)
        break;
    }

  /* A BMC that lacks the suite's algorithms answers with an RMCP+ status that FreeIPMI only
   * reports as a generic IPMI error (OpenIPMI's, asked for suite 17, says "invalid
   * authentication algorithm"); so does one with no session free ("insufficient resources",
   * seen from ipmi_sim under six sessions a second): say both, and what to do about each. */
  if (!opened && ipmi_ctx_errnum (probe->ipmi) == IPMI_ERR_IPMI_ERROR)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_UNSUPPORTED,
                   _("The BMC at %s refused a session with cipher suite %u: it may not offer "
                     "that suite (give the host one it offers), or have no session free "
                     "(close other tools’ IPMI sessions, or try again)"),
                   address_of (request), request->bmc_cipher_suite);
      ipmi_ctx_destroy (g_steal_pointer (&probe->ipmi));
      return FALSE;
    }
  if (!opened)
    {
      g_propagate_error (error, ipmi_error (probe, _("a session")));
      ipmi_ctx_destroy (g_steal_pointer (&probe->ipmi));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_power_state (Probe *probe)
{
  g_autoptr(FiidObj) rs = fiid_obj_create (tmpl_cmd_get_chassis_status_rs);
  uint64_t on;

  if (ipmi_cmd_get_chassis_status (probe->ipmi, rs) < 0 ||
      FIID_OBJ_GET (rs, "current_power_state.power_is_on", &on) < 0)
    {
      add_ipmi_problem (probe, "ipmi", _("the power state"));
      return FALSE;
    }

  probe->result->power_state = on ? TAKEOVER_POWER_STATE_ON : TAKEOVER_POWER_STATE_OFF;
  return TRUE;
}

static void
read_device_id (Probe *probe)
{
  g_autoptr(FiidObj) rs = fiid_obj_create (tmpl_cmd_get_device_id_rs);
  TakeoverProbeResult *result = probe->result;
  uint64_t manufacturer, product, major, minor;
  char name[256] = "";

  if (ipmi_cmd_get_device_id (probe->ipmi, rs) < 0 ||
      FIID_OBJ_GET (rs, "manufacturer_id.id", &manufacturer) < 0 ||
      FIID_OBJ_GET (rs, "product_id", &product) < 0 ||
      FIID_OBJ_GET (rs, "firmware_revision1.major_revision", &major) < 0 ||
      FIID_OBJ_GET (rs, "firmware_revision2.minor_revision", &minor) < 0)
    {
      add_ipmi_problem (probe, "ipmi.device_id", _("the device ID"));
      return;
    }

  probe->manufacturer_id = manufacturer;
  probe->product_id = product;
  result->bmc_manufacturer_id = manufacturer;
  result->bmc_product_id = product;
  if (ipmi_iana_enterprise_numbers_string (manufacturer, name, sizeof name) > 0)
    result->bmc_manufacturer = g_strdup (name);
  else
    result->bmc_manufacturer = g_strdup_printf ("%u", (guint) manufacturer);
  /* Get Device ID names products by number only. */
  result->bmc_product = g_strdup_printf ("0x%04x", (guint) product);
  /* The minor revision is BCD, as ipmitool and the vendors print it. */
  result->bmc_firmware = g_strdup_printf ("%u.%02x", (guint) major, (guint) minor);
}

static void
read_lan_config (Probe *probe)
{
  g_autoptr(FiidObj) ip_rs = fiid_obj_create (tmpl_cmd_get_lan_configuration_parameters_ip_address_rs);
  g_autoptr(FiidObj) mac_rs = fiid_obj_create (tmpl_cmd_get_lan_configuration_parameters_mac_address_rs);
  uint8_t channel;
  guint8 ip[4];
  guint8 mac[6];

  if (ipmi_get_channel_number (probe->ipmi, IPMI_CHANNEL_MEDIUM_TYPE_LAN_802_3, &channel) < 0)
    {
      add_ipmi_problem (probe, "ipmi.lan", _("the LAN channel"));
      return;
    }

  if (ipmi_cmd_get_lan_configuration_parameters_ip_address (probe->ipmi, channel,
                                                            IPMI_GET_LAN_PARAMETER, 0, 0,
                                                            ip_rs) < 0 ||
      fiid_obj_get_data (ip_rs, "ip_address", ip, sizeof ip) != sizeof ip ||
      ipmi_cmd_get_lan_configuration_parameters_mac_address (probe->ipmi, channel,
                                                             IPMI_GET_LAN_PARAMETER, 0, 0,
                                                             mac_rs) < 0 ||
      fiid_obj_get_data (mac_rs, "mac_address", mac, sizeof mac) != sizeof mac)
    {
      add_ipmi_problem (probe, "ipmi.lan", _("the LAN configuration"));
      return;
    }

  probe->result->bmc_ip = g_strdup_printf ("%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
  probe->result->bmc_mac = g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x",
                                            mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static char *
fru_string (ipmi_fru_ctx_t          fru,
            const ipmi_fru_field_t *field,
            uint8_t                 language)
{
  char buffer[IPMI_FRU_AREA_TYPE_LENGTH_FIELD_MAX + 1] = "";
  unsigned int length = sizeof buffer - 1;

  if (field->type_length_field_length == 0 ||
      ipmi_fru_type_length_field_to_string (fru, field->type_length_field,
                                            field->type_length_field_length,
                                            language, buffer, &length) < 0)
    return NULL;

  buffer[MIN (length, sizeof buffer - 1)] = '\0';
  g_strstrip (buffer);
  return buffer[0] != '\0' ? g_strdup (buffer) : NULL;
}

static void
set_if_unset (char **field,
              char  *value)
{
  if (*field == NULL)
    *field = value;
  else
    g_free (value);
}

/* The product area names the server as sold; the board area stands in where it is missing. */
static void
read_fru_area (Probe          *probe,
               ipmi_fru_ctx_t  fru,
               unsigned int    area_type,
               const guint8   *area,
               unsigned int    area_length)
{
  TakeoverProbeResult *result = probe->result;
  ipmi_fru_field_t manufacturer = { { 0 }, 0 }, name = { { 0 }, 0 }, serial = { { 0 }, 0 };
  ipmi_fru_field_t unused[4] = { { { 0 }, 0 } };
  uint8_t language = 0;
  uint32_t date;

  if (area_type == IPMI_FRU_AREA_TYPE_PRODUCT_INFO_AREA &&
      ipmi_fru_product_info_area (fru, area, area_length, &language, &manufacturer, &name,
                                  &unused[0], &unused[1], &serial, &unused[2], &unused[3],
                                  NULL, 0) == 0)
    {
      /* Product fields replace what a board area read earlier put there. */
      g_clear_pointer (&result->fru_vendor, g_free);
      g_clear_pointer (&result->fru_product, g_free);
      g_clear_pointer (&result->fru_serial, g_free);
    }
  else if (!(area_type == IPMI_FRU_AREA_TYPE_BOARD_INFO_AREA &&
             ipmi_fru_board_info_area (fru, area, area_length, &language, &date, &manufacturer,
                                       &name, &serial, &unused[0], &unused[1], NULL, 0) == 0))
    return;

  set_if_unset (&result->fru_vendor, fru_string (fru, &manufacturer, language));
  set_if_unset (&result->fru_product, fru_string (fru, &name, language));
  set_if_unset (&result->fru_serial, fru_string (fru, &serial, language));
}

static void
read_fru (Probe *probe)
{
  ipmi_fru_ctx_t fru = ipmi_fru_ctx_create (probe->ipmi);
  g_autofree guint8 *area = g_malloc (IPMI_FRU_AREA_SIZE_MAX + 1);
  gboolean product_seen = FALSE;

  if (fru == NULL)
    {
      takeover_probe_result_add_problem (probe->result, "ipmi.fru",
                                         g_error_new_literal (TAKEOVER_PROBE_ERROR,
                                                              TAKEOVER_PROBE_ERROR_FAILED,
                                                              _("Could not read the FRU: out of "
                                                                "memory")));
      return;
    }

  ipmi_fru_ctx_set_manufacturer_id (fru, probe->manufacturer_id);
  ipmi_fru_ctx_set_product_id (fru, probe->product_id);

  if (ipmi_fru_open_device_id (fru, 0) < 0)
    {
      takeover_probe_result_add_problem (probe->result, "ipmi.fru",
                                         g_error_new (TAKEOVER_PROBE_ERROR,
                                                      TAKEOVER_PROBE_ERROR_UNSUPPORTED,
                                                      _("The BMC at %s has no readable FRU: %s"),
                                                      address_of (probe->request),
                                                      ipmi_fru_ctx_errormsg (fru)));
      ipmi_fru_ctx_destroy (fru);
      return;
    }

  do
    {
      unsigned int area_type = 0, area_length = 0;

      if (ipmi_fru_read_data_area (fru, &area_type, &area_length, area,
                                   IPMI_FRU_AREA_SIZE_MAX + 1) < 0)
        break;
      if (area_type == IPMI_FRU_AREA_TYPE_BOARD_INFO_AREA && product_seen)
        continue;
      product_seen |= area_type == IPMI_FRU_AREA_TYPE_PRODUCT_INFO_AREA;
      read_fru_area (probe, fru, area_type, area, area_length);
    }
  while (ipmi_fru_next (fru) == 1);

  ipmi_fru_close_device_id (fru);
  ipmi_fru_ctx_destroy (fru);
}

static char *
sdr_cache_path (const TakeoverProbeRequest *request)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;

  if (request->sdr_cache_dir != NULL)
    dir = g_strdup (request->sdr_cache_dir);
  else
    dir = g_build_filename (g_get_user_cache_dir (), "takeover", "sdr", NULL);
  g_mkdir_with_parents (dir, 0700);

  file = g_strdup_printf ("%s-%u.sdr", request->bmc_address,
                          request->bmc_port > 0 ? request->bmc_port : 623);
  return g_build_filename (dir, file, NULL);
}

/* Opens the BMC's cached SDR, downloading it again when it is missing or the BMC says it
 * changed. The download goes to a private file renamed into place, so probes of the same
 * BMC from two processes never read a half-written cache. */
static gboolean
open_sdr_cache (Probe          *probe,
                ipmi_sdr_ctx_t  sdr,
                GError        **error)
{
  g_autofree char *path = sdr_cache_path (probe->request);
  g_autofree char *tmp = NULL;

  if (ipmi_sdr_cache_open (sdr, probe->ipmi, path) == 0)
    return TRUE;

  switch (ipmi_sdr_ctx_errnum (sdr))
    {
    case IPMI_SDR_ERR_CACHE_READ_CACHE_DOES_NOT_EXIST:
    case IPMI_SDR_ERR_CACHE_INVALID:
    case IPMI_SDR_ERR_CACHE_OUT_OF_DATE:
      break;
    default:
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The SDR cache %s cannot be read: %s"), path, ipmi_sdr_ctx_errormsg (sdr));
      return FALSE;
    }

  tmp = g_strdup_printf ("%s.%d.%p", path, getpid (), (void *) g_thread_self ());
  if (ipmi_sdr_cache_create (sdr, probe->ipmi, tmp, IPMI_SDR_CACHE_CREATE_FLAGS_OVERWRITE,
                             NULL, NULL) < 0)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("Reading the sensor records from the BMC at %s failed: %s"),
                   address_of (probe->request), ipmi_sdr_ctx_errormsg (sdr));
      g_unlink (tmp);
      return FALSE;
    }

  if (g_rename (tmp, path) < 0 || ipmi_sdr_cache_open (sdr, NULL, path) < 0)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The SDR cache %s cannot be written"), path);
      g_unlink (tmp);
      return FALSE;
    }

  return TRUE;
}

static const char *
state_name (unsigned int state)
{
  switch (state)
    {
    case IPMI_INTERPRET_STATE_NOMINAL:
      return "Nominal";
    case IPMI_INTERPRET_STATE_WARNING:
      return "Warning";
    case IPMI_INTERPRET_STATE_CRITICAL:
      return "Critical";
    default:
      return "Unknown";
    }
}

/* Only full sensor records carry thresholds; each one the record says it has. */
static void
read_thresholds (ipmi_sdr_ctx_t       sdr,
                 const guint8        *record,
                 int                  record_length,
                 TakeoverProbeSensor *sensor)
{
  double *lower_nc = NULL, *lower_c = NULL, *lower_nr = NULL;
  double *upper_nc = NULL, *upper_c = NULL, *upper_nr = NULL;
  uint16_t record_id;
  uint8_t record_type;

  if (ipmi_sdr_parse_record_id_and_type (sdr, record, record_length, &record_id,
                                         &record_type) < 0 ||
      record_type != IPMI_SDR_FORMAT_FULL_SENSOR_RECORD ||
      ipmi_sdr_parse_thresholds (sdr, record, record_length, &lower_nc, &lower_c, &lower_nr,
                                 &upper_nc, &upper_c, &upper_nr) < 0)
    return;

  if (lower_c != NULL)
    sensor->lower_critical = *lower_c;
  if (lower_nc != NULL)
    sensor->lower_non_critical = *lower_nc;
  if (upper_nc != NULL)
    sensor->upper_non_critical = *upper_nc;
  if (upper_c != NULL)
    sensor->upper_critical = *upper_c;
  free (lower_nc);
  free (lower_c);
  free (lower_nr);
  free (upper_nc);
  free (upper_c);
  free (upper_nr);
}

static void
read_sensor (Probe                  *probe,
             ipmi_sdr_ctx_t          sdr,
             ipmi_sensor_read_ctx_t  reader,
             ipmi_interpret_ctx_t    interpret,
             const guint8           *record,
             int                     record_length)
{
  TakeoverProbeSensor *sensor;
  char id[IPMI_SDR_MAX_ID_STRING_LENGTH + 1] = "";
  char unit[64] = "";
  uint8_t sensor_type, reading_type;
  uint8_t percentage, modifier, rate, base_unit, modifier_unit;
  double *reading = NULL;
  uint16_t events = 0;
  unsigned int state = IPMI_INTERPRET_STATE_UNKNOWN;
  int read;

  if (ipmi_sdr_parse_id_string (sdr, record, record_length, id, sizeof id - 1) < 0 ||
      ipmi_sdr_parse_sensor_type (sdr, record, record_length, &sensor_type) < 0 ||
      ipmi_sdr_parse_event_reading_type_code (sdr, record, record_length, &reading_type) < 0)
    return;

  sensor = g_new0 (TakeoverProbeSensor, 1);
  sensor->name = g_strstrip (g_strdup (id));
  sensor->type = g_strdup (ipmi_get_sensor_type_string (sensor_type));
  sensor->lower_critical = sensor->lower_non_critical = NAN;
  sensor->upper_non_critical = sensor->upper_critical = NAN;
  read_thresholds (sdr, record, record_length, sensor);

  read = ipmi_sensor_read (reader, record, record_length, 0, NULL, &reading, &events);
  if (read >= 0 &&
      ipmi_interpret_sensor (interpret, reading_type, sensor_type, events, &state) < 0)
    state = IPMI_INTERPRET_STATE_UNKNOWN;
  sensor->state = g_strdup (read >= 0 ? state_name (state) : "Unknown");

  if (reading != NULL)
    {
      sensor->has_reading = TRUE;
      sensor->reading = *reading;
      free (reading);
    }

  if (IPMI_EVENT_READING_TYPE_CODE_IS_THRESHOLD (reading_type) &&
      ipmi_sdr_parse_sensor_units (sdr, record, record_length, &percentage, &modifier, &rate,
                                   &base_unit, &modifier_unit) == 0 &&
      ipmi_sensor_units_string (percentage, modifier, rate, base_unit, modifier_unit,
                                unit, sizeof unit, 1) > 0)
    sensor->unit = g_strdup (unit);

  g_ptr_array_add (probe->result->sensors, sensor);
}

static void
read_sensors (Probe *probe)
{
  g_autoptr(GError) error = NULL;
  ipmi_sdr_ctx_t sdr = ipmi_sdr_ctx_create ();
  ipmi_sensor_read_ctx_t reader = ipmi_sensor_read_ctx_create (probe->ipmi);
  ipmi_interpret_ctx_t interpret = ipmi_interpret_ctx_create ();
  uint16_t count = 0;

  if (sdr == NULL || reader == NULL || interpret == NULL)
    {
      takeover_probe_result_add_problem (probe->result, "ipmi.sensors",
                                         g_error_new_literal (TAKEOVER_PROBE_ERROR,
                                                              TAKEOVER_PROBE_ERROR_FAILED,
                                                              _("Could not read the sensors: out "
                                                                "of memory")));
      g_clear_pointer (&interpret, ipmi_interpret_ctx_destroy);
      g_clear_pointer (&reader, ipmi_sensor_read_ctx_destroy);
      g_clear_pointer (&sdr, ipmi_sdr_ctx_destroy);
      return;
    }

  ipmi_interpret_ctx_set_manufacturer_id (interpret, probe->manufacturer_id);
  ipmi_interpret_ctx_set_product_id (interpret, probe->product_id);

  if (!open_sdr_cache (probe, sdr, &error))
    takeover_probe_result_add_problem (probe->result, "ipmi.sensors", g_steal_pointer (&error));
  else
    {
      ipmi_sdr_cache_record_count (sdr, &count);
      for (guint i = 0; i < count; i++)
        {
          guint8 record[SDR_BUFFER_SIZE];
          uint16_t record_id;
          uint8_t record_type;
          int length;

          if (g_cancellable_is_cancelled (probe->cancellable))
            break;
          if (ipmi_sdr_cache_seek (sdr, i) < 0 ||
              (length = ipmi_sdr_cache_record_read (sdr, record, sizeof record)) < 0 ||
              ipmi_sdr_parse_record_id_and_type (sdr, record, length, &record_id,
                                                 &record_type) < 0)
            continue;
          if (record_type == IPMI_SDR_FORMAT_FULL_SENSOR_RECORD ||
              record_type == IPMI_SDR_FORMAT_COMPACT_SENSOR_RECORD)
            read_sensor (probe, sdr, reader, interpret, record, length);
        }
      ipmi_sdr_cache_close (sdr);
    }

  ipmi_interpret_ctx_destroy (interpret);
  ipmi_sensor_read_ctx_destroy (reader);
  ipmi_sdr_ctx_destroy (sdr);
}

void
takeover_ipmi_probe_run (const TakeoverProbeRequest *request,
                         TakeoverProbeResult        *result,
                         GCancellable               *cancellable)
{
  g_auto(Probe) probe = { request, result, cancellable, NULL, 0, 0 };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (request->bmc_address != NULL);
  g_return_if_fail (result != NULL);

  if (!open_session (&probe, &error))
    {
      takeover_probe_result_add_problem (result, "ipmi", g_steal_pointer (&error));
      return;
    }

  /* A monitoring round wants the sensors only, on a session of its own. */
  if (request->ipmi_sensors_only)
    {
      result->ipmi_answered = TRUE;
      read_sensors (&probe);
      return;
    }

  /* A session that opened but cannot even read the power state is no use. */
  if (!read_power_state (&probe))
    return;
  result->ipmi_answered = TRUE;

  if (!g_cancellable_is_cancelled (cancellable))
    read_device_id (&probe);
  if (!g_cancellable_is_cancelled (cancellable))
    read_lan_config (&probe);
  if (!g_cancellable_is_cancelled (cancellable))
    read_fru (&probe);
  if (!g_cancellable_is_cancelled (cancellable))
    read_sensors (&probe);
}
