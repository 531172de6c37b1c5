/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-snmp-source"

/* net-snmp's configuration header names its own package: first, and forgotten before ours. */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_URL
#undef PACKAGE_VERSION

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-snmp-source.h"

/* See the header. net-snmp keeps global state: it is set up once, and its "single session" API
 * (snmp_sess_*) is used, which is safe with a session a thread. SNMPv3's user table is global
 * and unlocked in Debian's build (not --enable-reentrant), so v3 sessions are opened and closed
 * one at a time; a monitor keeps its sessions open from round to round, so that happens once a
 * host. That table keeps a user per agent with the keys of the first session that used it:
 * closing a session takes its user out, so that a corrected pass phrase is used next time.
 * There is one session a host at a time. */

#define RETRIES          1
#define BULK_REPETITIONS 32
#define MAX_ROWS         4096     /* a table longer than this is not a host's */

struct _TakeoverSnmpSession
{
  void   *handle;
  char   *address;
  guint   timeout;
  char   *user;         /* v3 */
  gboolean engine_known; /* v3: after the first exchange, which learns it */
};

static GMutex v3_lock;

/* net-snmp's complaints, for debugging; what matters reaches the caller as a GError. */
static int
log_cb (int   major,
        int   minor,
        void *message,
        void *user_data)
{
  g_debug ("net-snmp: %s", ((struct snmp_log_message *) message)->msg);
  return SNMP_ERR_NOERROR;
}

static gpointer
init_net_snmp (gpointer data)
{
  /* No snmp.conf, no persistent files under ~/.snmp: all we use comes from our settings. */
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
  /* Every OID is numeric: no MIB is read (and none is missed aloud). */
  netsnmp_set_mib_directory ("");
  snmp_register_callback (SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, log_cb, NULL);
  snmp_enable_calllog ();
  init_snmp ("takeover");
  return NULL;
}

/* Configuration ---------------------------------------------------------------------------- */

TakeoverSnmpConfig *
takeover_snmp_config_new_v2c (const char *community)
{
  TakeoverSnmpConfig *config = g_new0 (TakeoverSnmpConfig, 1);

  config->version = TAKEOVER_SNMP_V2C;
  config->community = g_strdup (community);
  config->port = 161;
  return config;
}

TakeoverSnmpConfig *
takeover_snmp_config_new_v3 (const char *user,
                             const char *auth_password,
                             const char *priv_password)
{
  TakeoverSnmpConfig *config = g_new0 (TakeoverSnmpConfig, 1);

  config->version = TAKEOVER_SNMP_V3;
  config->user = g_strdup (user);
  config->auth_protocol = g_strdup ("SHA");
  config->auth_password = g_strdup (auth_password);
  config->priv_protocol = g_strdup ("AES");
  config->priv_password = g_strdup (priv_password);
  config->port = 161;
  return config;
}

TakeoverSnmpConfig *
takeover_snmp_config_copy (const TakeoverSnmpConfig *config)
{
  TakeoverSnmpConfig *copy;

  if (config == NULL)
    return NULL;

  copy = g_memdup2 (config, sizeof *config);
  copy->community = g_strdup (config->community);
  copy->user = g_strdup (config->user);
  copy->auth_protocol = g_strdup (config->auth_protocol);
  copy->auth_password = g_strdup (config->auth_password);
  copy->priv_protocol = g_strdup (config->priv_protocol);
  copy->priv_password = g_strdup (config->priv_password);
  return copy;
}

static void
free_secret (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

void
takeover_snmp_config_free (TakeoverSnmpConfig *config)
{
  if (config == NULL)
    return;

  free_secret (config->community);
  g_free (config->user);
  g_free (config->auth_protocol);
  free_secret (config->auth_password);
  g_free (config->priv_protocol);
  free_secret (config->priv_password);
  g_free (config);
}

static const oid *
auth_protocol (const char *name,
               size_t     *length)
{
  static const struct { const char *name; const oid *oid; } protocols[] = {
    { "SHA", usmHMACSHA1AuthProtocol },
    { "SHA-256", usmHMAC192SHA256AuthProtocol },
    { "SHA-512", usmHMAC384SHA512AuthProtocol },
    { "MD5", usmHMACMD5AuthProtocol },
  };

  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    if (g_ascii_strcasecmp (name != NULL ? name : "SHA", protocols[i].name) == 0)
      {
        *length = USM_AUTH_PROTO_SHA_LEN;
        return protocols[i].oid;
      }
  return NULL;
}

static const oid *
priv_protocol (const char *name,
               size_t     *length)
{
  if (g_ascii_strcasecmp (name != NULL ? name : "AES", "AES") == 0)
    {
      *length = USM_PRIV_PROTO_AES_LEN;
      return usmAESPrivProtocol;
    }
  if (g_ascii_strcasecmp (name, "DES") == 0)
    {
      *length = USM_PRIV_PROTO_DES_LEN;
      return usmDESPrivProtocol;
    }
  return NULL;
}

/**
 * takeover_snmp_config_check:
 *
 * Returns: %TRUE when @config can be used; else %FALSE with @error saying what to change
 */
gboolean
takeover_snmp_config_check (const TakeoverSnmpConfig  *config,
                            GError                   **error)
{
  size_t length;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->version == TAKEOVER_SNMP_V2C)
    {
      if (config->community == NULL || config->community[0] == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("SNMP v2c needs a community"));
          return FALSE;
        }
      return TRUE;
    }

  if (config->user == NULL || config->user[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("SNMPv3 needs a user name"));
      return FALSE;
    }
  if (auth_protocol (config->auth_protocol, &length) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an SNMPv3 authentication protocol: use SHA, SHA-256, SHA-512 or MD5"),
                   config->auth_protocol);
      return FALSE;
    }
  if (priv_protocol (config->priv_protocol, &length) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an SNMPv3 privacy protocol: use AES or DES"),
                   config->priv_protocol);
      return FALSE;
    }
  /* RFC 3414: a pass phrase of at least 8 characters; net-snmp refuses shorter ones. */
  if ((config->auth_password != NULL && strlen (config->auth_password) < 8) ||
      (config->priv_password != NULL && strlen (config->priv_password) < 8))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("SNMPv3 pass phrases have at least 8 characters"));
      return FALSE;
    }
  if (config->priv_password != NULL && config->auth_password == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("SNMPv3 privacy needs an authentication pass phrase too"));
      return FALSE;
    }
  return TRUE;
}

/* A session ------------------------------------------------------------------------------- */

static void
set_session_error (GError     **error,
                   const char  *address,
                   int          library_error,
                   const char  *detail)
{
  if (library_error == SNMPERR_TIMEOUT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("%s sent no SNMP answer: is snmpd running there, and are the community or "
                   "the SNMPv3 user right?"), address);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("SNMP with %s failed: %s"), address,
                 detail != NULL && detail[0] != '\0' ? detail : snmp_api_errstring (library_error));
}

static gboolean
generate_key (const oid   *hash,
              size_t       hash_length,
              const char  *pass_phrase,
              u_char      *key,
              size_t      *key_length,
              GError     **error)
{
  *key_length = USM_AUTH_KU_LEN;
  if (generate_Ku (hash, hash_length, (const u_char *) pass_phrase, strlen (pass_phrase), key,
                   key_length) != SNMPERR_SUCCESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The SNMPv3 pass phrase could not be made into a key"));
      return FALSE;
    }
  return TRUE;
}

/**
 * takeover_snmp_session_open:
 * @address: the host's IPv4 or IPv6 address
 * @timeout_seconds: how long a request may go unanswered, retries included
 *
 * Opens the session; SNMPv3 learns the agent's engine ID here (one exchange), v2c sends
 * nothing yet.
 *
 * Returns: (transfer full): the session, or %NULL with @error
 */
TakeoverSnmpSession *
takeover_snmp_session_open (const char                *address,
                            const TakeoverSnmpConfig  *config,
                            guint                      timeout_seconds,
                            GError                   **error)
{
  static GOnce init = G_ONCE_INIT;
  g_autoptr(TakeoverSnmpSession) self = NULL;
  g_autofree char *peer = NULL;
  netsnmp_session session;
  size_t auth_length = 0, priv_length = 0;
  const oid *auth = NULL, *priv = NULL;

  g_return_val_if_fail (address != NULL && config != NULL, NULL);

  if (!takeover_snmp_config_check (config, error))
    return NULL;

  g_once (&init, init_net_snmp, NULL);

  self = g_new0 (TakeoverSnmpSession, 1);
  self->address = g_strdup (address);
  self->timeout = MAX (timeout_seconds, 1);

  peer = strchr (address, ':') != NULL
         ? g_strdup_printf ("udp6:[%s]:%u", address, config->port)
         : g_strdup_printf ("udp:%s:%u", address, config->port);
  snmp_sess_init (&session);
  session.peername = peer;
  session.retries = RETRIES;
  session.timeout = (long) self->timeout * G_USEC_PER_SEC / (RETRIES + 1);

  if (config->version == TAKEOVER_SNMP_V2C)
    {
      session.version = SNMP_VERSION_2c;
      session.community = (u_char *) config->community;
      session.community_len = strlen (config->community);
    }
  else
    {
      session.version = SNMP_VERSION_3;
      session.securityName = config->user;
      session.securityNameLen = strlen (config->user);
      session.securityLevel = config->priv_password != NULL ? SNMP_SEC_LEVEL_AUTHPRIV
                              : config->auth_password != NULL ? SNMP_SEC_LEVEL_AUTHNOPRIV
                              : SNMP_SEC_LEVEL_NOAUTH;
      auth = auth_protocol (config->auth_protocol, &auth_length);
      priv = priv_protocol (config->priv_protocol, &priv_length);
      session.securityAuthProto = (oid *) auth;
      session.securityAuthProtoLen = auth_length;
      if (config->auth_password != NULL &&
          !generate_key (auth, auth_length, config->auth_password, session.securityAuthKey,
                         &session.securityAuthKeyLen, error))
        return NULL;
      if (config->priv_password != NULL)
        {
          session.securityPrivProto = (oid *) priv;
          session.securityPrivProtoLen = priv_length;
          /* RFC 3414: the privacy key comes from the authentication protocol's hash. */
          if (!generate_key (auth, auth_length, config->priv_password, session.securityPrivKey,
                             &session.securityPrivKeyLen, error))
            return NULL;
        }
    }

  if (config->version == TAKEOVER_SNMP_V3)
    {
      g_mutex_lock (&v3_lock);
      self->handle = snmp_sess_open (&session);
      self->user = g_strdup (config->user);
      g_mutex_unlock (&v3_lock);
    }
  else
    self->handle = snmp_sess_open (&session);

  if (self->handle == NULL)
    {
      int library_error = 0, system_error = 0;
      char *detail = NULL;

      snmp_error (&session, &library_error, &system_error, &detail);
      set_session_error (error, address, library_error, detail);
      free (detail);
      explicit_bzero (session.securityAuthKey, sizeof session.securityAuthKey);
      explicit_bzero (session.securityPrivKey, sizeof session.securityPrivKey);
      return NULL;
    }
  explicit_bzero (session.securityAuthKey, sizeof session.securityAuthKey);
  explicit_bzero (session.securityPrivKey, sizeof session.securityPrivKey);

  return g_steal_pointer (&self);
}

void
takeover_snmp_session_free (TakeoverSnmpSession *self)
{
  if (self == NULL)
    return;

  /* The agent's engine ID is learnt with the first request: known by now, if ever. */
  if (self->handle != NULL && self->user != NULL)
    {
      netsnmp_session *session = snmp_sess_session (self->handle);
      struct usmUser *user;

      g_mutex_lock (&v3_lock);
      user = session->securityEngineIDLen > 0
             ? usm_get_user (session->securityEngineID, session->securityEngineIDLen, self->user)
             : NULL;
      if (user != NULL)
        {
          usm_remove_user (user);
          usm_free_user (user);
        }
      g_mutex_unlock (&v3_lock);
    }
  if (self->handle != NULL)
    snmp_sess_close (self->handle);
  g_free (self->user);
  g_free (self->address);
  g_free (self);
}

/* One request and its answer; the request is consumed. */
static netsnmp_pdu *
exchange (TakeoverSnmpSession  *self,
          netsnmp_pdu          *request,
          GError              **error)
{
  netsnmp_pdu *response = NULL;
  int status;

  /* SNMPv3's first exchange learns the agent's engine ID and makes net-snmp's user for it. */
  if (self->user != NULL && !self->engine_known)
    {
      g_mutex_lock (&v3_lock);
      status = snmp_sess_synch_response (self->handle, request, &response);
      self->engine_known = snmp_sess_session (self->handle)->securityEngineIDLen > 0;
      g_mutex_unlock (&v3_lock);
    }
  else
    status = snmp_sess_synch_response (self->handle, request, &response);

  if (status == STAT_SUCCESS && response != NULL && response->errstat == SNMP_ERR_NOERROR)
    return response;

  if (status == STAT_TIMEOUT)
    set_session_error (error, self->address, SNMPERR_TIMEOUT, NULL);
  else if (status == STAT_SUCCESS && response != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("SNMP with %s failed: %s"),
                 self->address, snmp_errstring (response->errstat));
  else
    {
      int library_error = 0, system_error = 0;
      char *detail = NULL;

      snmp_sess_error (self->handle, &library_error, &system_error, &detail);
      set_session_error (error, self->address, library_error, detail);
      free (detail);
    }
  if (response != NULL)
    snmp_free_pdu (response);
  return NULL;
}

/* Values ------------------------------------------------------------------------------------ */

typedef struct
{
  gboolean  present;
  guint64   number;
  char     *text;       /* strings, and object identifiers as dotted numbers */
} Value;

static void
value_free (Value *value)
{
  g_free (value->text);
  g_free (value);
}

static gboolean
parse_oid (const char *text,
           oid        *name,
           size_t     *length)
{
  g_auto(GStrv) parts = g_strsplit (text[0] == '.' ? text + 1 : text, ".", -1);
  size_t n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (n == MAX_OID_LEN)
        return FALSE;
      name[n++] = (oid) g_ascii_strtoull (parts[i], NULL, 10);
    }
  *length = n;
  return n > 0;
}

static char *
dup_oid (const oid *name,
         size_t     length)
{
  GString *text = g_string_new (NULL);

  for (size_t i = 0; i < length; i++)
    g_string_append_printf (text, i > 0 ? ".%lu" : "%lu", (unsigned long) name[i]);
  return g_string_free (text, FALSE);
}

static void
read_value (const netsnmp_variable_list *var,
            Value                       *value)
{
  value->present = TRUE;
  switch (var->type)
    {
    case ASN_INTEGER:
      value->number = *var->val.integer > 0 ? (guint64) *var->val.integer : 0;
      break;

    case ASN_COUNTER:
    case ASN_GAUGE:
    case ASN_TIMETICKS:
      value->number = (guint32) *var->val.integer;
      break;

    case ASN_COUNTER64:
      value->number = ((guint64) var->val.counter64->high << 32) | var->val.counter64->low;
      break;

    case ASN_OCTET_STR:
      value->text = g_strndup ((const char *) var->val.string, var->val_len);
      break;

    case ASN_OBJECT_ID:
      value->text = dup_oid (var->val.objid, var->val_len / sizeof (oid));
      break;

    default:   /* noSuchObject, noSuchInstance, endOfMibView, or a type no meter has */
      value->present = FALSE;
      break;
    }
}

/* The scalars of a round, in one GET. */
enum {
  LOAD_1, LOAD_5, LOAD_15,
  CPU_USER, CPU_NICE, CPU_SYSTEM, CPU_IDLE, CPU_WAIT, CPU_INTERRUPT, CPU_SOFTIRQ, CPU_STEAL,
  UPTIME, N_CPUS,
  MEM_TOTAL, MEM_AVAIL, MEM_BUFFER, MEM_CACHED, SWAP_TOTAL, SWAP_AVAIL,
  MEM_TOTAL_X, MEM_AVAIL_X, MEM_BUFFER_X, MEM_CACHED_X, SWAP_TOTAL_X, SWAP_AVAIL_X,
  MEM_SYS_AVAIL,
  N_SCALARS
};

static const char * const scalar_oids[N_SCALARS] = {
  [LOAD_1] = "1.3.6.1.4.1.2021.10.1.3.1",          /* laLoad: a string, "0.52" */
  [LOAD_5] = "1.3.6.1.4.1.2021.10.1.3.2",
  [LOAD_15] = "1.3.6.1.4.1.2021.10.1.3.3",
  [CPU_USER] = "1.3.6.1.4.1.2021.11.50.0",         /* ssCpuRaw*: jiffies, Counter32 */
  [CPU_NICE] = "1.3.6.1.4.1.2021.11.51.0",
  [CPU_SYSTEM] = "1.3.6.1.4.1.2021.11.52.0",
  [CPU_IDLE] = "1.3.6.1.4.1.2021.11.53.0",
  [CPU_WAIT] = "1.3.6.1.4.1.2021.11.54.0",
  [CPU_INTERRUPT] = "1.3.6.1.4.1.2021.11.56.0",
  [CPU_SOFTIRQ] = "1.3.6.1.4.1.2021.11.61.0",
  [CPU_STEAL] = "1.3.6.1.4.1.2021.11.64.0",
  [UPTIME] = "1.3.6.1.2.1.25.1.1.0",               /* hrSystemUptime: the host's, not snmpd's */
  [N_CPUS] = "1.3.6.1.4.1.2021.11.67.0",           /* ssCpuNumCpus (net-snmp 5.8+) */
  [MEM_TOTAL] = "1.3.6.1.4.1.2021.4.5.0",          /* memTotalReal, KB */
  [MEM_AVAIL] = "1.3.6.1.4.1.2021.4.6.0",          /* memAvailReal: free */
  [MEM_BUFFER] = "1.3.6.1.4.1.2021.4.14.0",
  [MEM_CACHED] = "1.3.6.1.4.1.2021.4.15.0",
  [SWAP_TOTAL] = "1.3.6.1.4.1.2021.4.3.0",
  [SWAP_AVAIL] = "1.3.6.1.4.1.2021.4.4.0",
  [MEM_TOTAL_X] = "1.3.6.1.4.1.2021.4.20.0",       /* the Counter64 twins (net-snmp 5.8+): */
  [MEM_AVAIL_X] = "1.3.6.1.4.1.2021.4.21.0",       /* the Integer32s stop at 2 TiB */
  [MEM_BUFFER_X] = "1.3.6.1.4.1.2021.4.25.0",
  [MEM_CACHED_X] = "1.3.6.1.4.1.2021.4.26.0",
  [SWAP_TOTAL_X] = "1.3.6.1.4.1.2021.4.18.0",
  [SWAP_AVAIL_X] = "1.3.6.1.4.1.2021.4.19.0",
  [MEM_SYS_AVAIL] = "1.3.6.1.4.1.2021.4.27.0",     /* memSysAvail: MemAvailable */
};

static gboolean
get_scalars (TakeoverSnmpSession  *self,
             Value                *values,
             GError              **error)
{
  netsnmp_pdu *request = snmp_pdu_create (SNMP_MSG_GET);
  netsnmp_pdu *response;
  guint i = 0;

  for (guint s = 0; s < N_SCALARS; s++)
    {
      oid name[MAX_OID_LEN];
      size_t length;

      parse_oid (scalar_oids[s], name, &length);
      snmp_add_null_var (request, name, length);
    }

  response = exchange (self, request, error);
  if (response == NULL)
    return FALSE;
  for (netsnmp_variable_list *var = response->variables; var != NULL && i < N_SCALARS;
       var = var->next_variable, i++)
    read_value (var, &values[i]);
  snmp_free_pdu (response);
  return TRUE;
}

/* A table column, by GETBULK: its rows' index (the OID after the column's) -> Value. */
static GHashTable *
walk (TakeoverSnmpSession  *self,
      const char           *column,
      GCancellable         *cancellable,
      GError              **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) value_free);
  oid root[MAX_OID_LEN], current[MAX_OID_LEN];
  size_t root_length, current_length;
  gboolean done = FALSE;

  parse_oid (column, root, &root_length);
  memcpy (current, root, root_length * sizeof (oid));
  current_length = root_length;

  while (!done)
    {
      netsnmp_pdu *request, *response;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      request = snmp_pdu_create (SNMP_MSG_GETBULK);
      request->non_repeaters = 0;
      request->max_repetitions = BULK_REPETITIONS;
      snmp_add_null_var (request, current, current_length);
      response = exchange (self, request, error);
      if (response == NULL)
        return NULL;

      done = response->variables == NULL;
      for (netsnmp_variable_list *var = response->variables; var != NULL && !done;
           var = var->next_variable)
        {
          Value *value;

          if (var->type == SNMP_ENDOFMIBVIEW || var->name_length <= root_length ||
              snmp_oidtree_compare (root, root_length, var->name, var->name_length) != 0)
            {
              done = TRUE;
              break;
            }
          /* An agent that does not move forward would have us walk for ever. */
          if (snmp_oid_compare (var->name, var->name_length, current, current_length) <= 0 ||
              g_hash_table_size (rows) >= MAX_ROWS)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("SNMP with %s failed: its agent walks %s out of order"),
                           self->address, column);
              snmp_free_pdu (response);
              return NULL;
            }
          value = g_new0 (Value, 1);
          read_value (var, value);
          g_hash_table_insert (rows, dup_oid (var->name + root_length,
                                              var->name_length - root_length), value);
          memcpy (current, var->name, var->name_length * sizeof (oid));
          current_length = var->name_length;
        }
      snmp_free_pdu (response);
    }

  return g_steal_pointer (&rows);
}

static const Value *
row (GHashTable *column,
     const char *index)
{
  const Value *value = column != NULL ? g_hash_table_lookup (column, index) : NULL;

  return value != NULL && value->present ? value : NULL;
}

#define HR_STORAGE_FIXED_DISK "1.3.6.1.2.1.25.2.1.4"
#define IF_TYPE_LOOPBACK      24

static gboolean
read_disks (TakeoverSnmpSession  *self,
            TakeoverOsReading    *reading,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autoptr(GHashTable) types = walk (self, "1.3.6.1.2.1.25.2.3.1.2", cancellable, error);
  g_autoptr(GHashTable) descriptions = NULL;
  g_autoptr(GHashTable) units = NULL;
  g_autoptr(GHashTable) sizes = NULL;
  g_autoptr(GHashTable) used = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (types == NULL ||
      (descriptions = walk (self, "1.3.6.1.2.1.25.2.3.1.3", cancellable, error)) == NULL ||
      (units = walk (self, "1.3.6.1.2.1.25.2.3.1.4", cancellable, error)) == NULL ||
      (sizes = walk (self, "1.3.6.1.2.1.25.2.3.1.5", cancellable, error)) == NULL ||
      (used = walk (self, "1.3.6.1.2.1.25.2.3.1.6", cancellable, error)) == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, types);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Value *type = value;
      const Value *description = row (descriptions, key);
      const Value *unit = row (units, key);
      const Value *size = row (sizes, key);
      const Value *use = row (used, key);
      double kb;

      if (type->text == NULL || !g_str_equal (type->text, HR_STORAGE_FIXED_DISK) ||
          description == NULL || description->text == NULL || unit == NULL || size == NULL ||
          use == NULL)
        continue;
      kb = (double) unit->number / 1024.0;
      takeover_os_reading_add_disk (reading, description->text, size->number * kb,
                                    use->number * kb);
    }
  return TRUE;
}

static gboolean
read_nics (TakeoverSnmpSession  *self,
           TakeoverOsReading    *reading,
           GCancellable         *cancellable,
           GError              **error)
{
  g_autoptr(GHashTable) types = walk (self, "1.3.6.1.2.1.2.2.1.3", cancellable, error);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) received = NULL;
  g_autoptr(GHashTable) sent = NULL;
  g_autoptr(GHashTable) errors = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (types == NULL ||
      (names = walk (self, "1.3.6.1.2.1.31.1.1.1.1", cancellable, error)) == NULL ||
      (received = walk (self, "1.3.6.1.2.1.31.1.1.1.6", cancellable, error)) == NULL ||
      (sent = walk (self, "1.3.6.1.2.1.31.1.1.1.10", cancellable, error)) == NULL ||
      (errors = walk (self, "1.3.6.1.2.1.2.2.1.20", cancellable, error)) == NULL)
    return FALSE;

  /* An agent without IF-MIB's ifXTable: ifDescr and the 32-bit octet counters. */
  if (g_hash_table_size (received) == 0)
    {
      g_clear_pointer (&names, g_hash_table_unref);
      g_clear_pointer (&received, g_hash_table_unref);
      g_clear_pointer (&sent, g_hash_table_unref);
      if ((names = walk (self, "1.3.6.1.2.1.2.2.1.2", cancellable, error)) == NULL ||
          (received = walk (self, "1.3.6.1.2.1.2.2.1.10", cancellable, error)) == NULL ||
          (sent = walk (self, "1.3.6.1.2.1.2.2.1.16", cancellable, error)) == NULL)
        return FALSE;
    }

  g_hash_table_iter_init (&iter, types);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Value *type = value;
      const Value *name = row (names, key);
      const Value *in = row (received, key);
      const Value *out = row (sent, key);
      const Value *out_errors = row (errors, key);

      if (type->number == IF_TYPE_LOOPBACK || name == NULL || name->text == NULL ||
          in == NULL || out == NULL)
        continue;
      takeover_os_reading_add_nic (reading, name->text, in->number, out->number,
                                   out_errors != NULL ? out_errors->number : 0);
    }
  return TRUE;
}

static const Value *
either (const Value *values,
        guint        wide,
        guint        narrow)
{
  return values[wide].present ? &values[wide] : values[narrow].present ? &values[narrow] : NULL;
}

/**
 * takeover_snmp_session_read:
 * @reading: (out caller-allocates): initialized with takeover_os_reading_init()
 *
 * One round's reading: a GET of the scalars, then the disk and NIC tables.
 *
 * Returns: %TRUE, or %FALSE with @error when the agent did not answer
 */
gboolean
takeover_snmp_session_read (TakeoverSnmpSession  *self,
                            TakeoverOsReading    *reading,
                            GCancellable         *cancellable,
                            GError              **error)
{
  Value values[N_SCALARS] = { { 0, } };
  const Value *total, *available, *buffer, *cached, *swap_total, *swap_avail;
  gboolean ok;

  g_return_val_if_fail (self != NULL && reading != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  ok = get_scalars (self, values, error);

  if (ok)
    {
      for (guint i = 0; i < 3; i++)
        if (values[LOAD_1 + i].text != NULL)
          reading->load[i] = g_ascii_strtod (values[LOAD_1 + i].text, NULL);

      /* The same states as /proc/stat's cpu line. Each is a Counter32: their sum is taken
       * modulo 2^32 too, so that its change over a round is right across a wrap. */
      if (values[CPU_USER].present && values[CPU_IDLE].present)
        {
          static const guint states[] = { CPU_USER, CPU_NICE, CPU_SYSTEM, CPU_IDLE, CPU_WAIT,
                                          CPU_INTERRUPT, CPU_SOFTIRQ, CPU_STEAL };
          guint32 sum = 0;

          for (guint i = 0; i < G_N_ELEMENTS (states); i++)
            sum += (guint32) values[states[i]].number;
          reading->have_cpu = TRUE;
          reading->cpu_total = sum;
          reading->cpu_idle = (guint32) (values[CPU_IDLE].number + values[CPU_WAIT].number);
        }
      reading->n_cpus = (guint) values[N_CPUS].number;
      /* The boot, from the host's uptime in hundredths of a second. */
      if (values[UPTIME].present)
        reading->boot_time = (g_get_real_time () / G_USEC_PER_SEC) -
                             (gint64) (values[UPTIME].number / 100);

      total = either (values, MEM_TOTAL_X, MEM_TOTAL);
      available = either (values, MEM_AVAIL_X, MEM_AVAIL);
      buffer = either (values, MEM_BUFFER_X, MEM_BUFFER);
      cached = either (values, MEM_CACHED_X, MEM_CACHED);
      swap_total = either (values, SWAP_TOTAL_X, SWAP_TOTAL);
      swap_avail = either (values, SWAP_AVAIL_X, SWAP_AVAIL);
      if (total != NULL && available != NULL)
        {
          /* Used as the SSH source counts it: what MemAvailable leaves, else free, buffers
           * and cache are what programs do not hold. */
          double free_kb = values[MEM_SYS_AVAIL].present
                           ? (double) values[MEM_SYS_AVAIL].number
                           : (double) available->number +
                             (buffer != NULL ? (double) buffer->number : 0) +
                             (cached != NULL ? (double) cached->number : 0);

          reading->have_memory = TRUE;
          reading->memory_total = total->number;
          reading->memory_used = MAX (0.0, (double) total->number - free_kb);
          reading->memory_buffer = buffer != NULL ? buffer->number : 0;
          reading->memory_cached = cached != NULL ? cached->number : 0;
          reading->swap_total = swap_total != NULL ? swap_total->number : 0;
          reading->swap_avail = swap_avail != NULL ? swap_avail->number : 0;
        }
    }

  for (guint i = 0; i < N_SCALARS; i++)
    g_free (values[i].text);

  return ok && read_disks (self, reading, cancellable, error) &&
         read_nics (self, reading, cancellable, error);
}
