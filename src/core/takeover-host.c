/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-host"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-host.h"

/* One physical server as the operator described it: how to reach its BMC and its OS.
 * Probe facts and adoption state live beside it (probe results, adoption jobs), keyed by
 * the host, so that this object stays what the inventory file says. */
struct _TakeoverHost
{
  GObject            parent_instance;

  char              *name;
  char              *bmc_address;
  char              *bmc_username;
  char              *bmc_password;
  char              *mgmt_ip;
  char              *ssh_username;
  char              *ssh_password;
  char              *ssh_key_file;
  char              *source_file;
  guint              source_line;
  guint              bmc_port;
  guint              bmc_cipher_suite;
  TakeoverPrivilege  bmc_privilege;
  guint              ssh_port;

  /* Beside what the inventory says: what the probe found, and the switch port of each NIC
   * (MAC -> Ironic local_link_connection), seeded from LLDP and editable by the operator. */
  TakeoverProbeResult *probe_result;
  JsonObject          *local_link_connections;
  TakeoverHostProbeState probe_state;
  char                *probe_message;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_BMC_ADDRESS,
  PROP_BMC_USERNAME,
  PROP_BMC_PASSWORD,
  PROP_MGMT_IP,
  PROP_SSH_USERNAME,
  PROP_SSH_PASSWORD,
  PROP_SSH_KEY_FILE,
  PROP_SOURCE_FILE,
  PROP_BMC_PORT,
  PROP_BMC_CIPHER_SUITE,
  PROP_BMC_PRIVILEGE,
  PROP_SSH_PORT,
  PROP_SOURCE_LINE,
  PROP_DISPLAY_NAME,
  PROP_PROBE_RESULT,
  PROP_LOCAL_LINK_CONNECTIONS,
  PROP_PROBE_STATE,
  PROP_PROBE_MESSAGE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverHost, takeover_host, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TakeoverHostProbeState, takeover_host_probe_state,
  G_DEFINE_ENUM_VALUE (TAKEOVER_HOST_PROBE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_HOST_PROBE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_HOST_PROBE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_HOST_PROBE_ANSWERED, "answered"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_HOST_PROBE_FAILED, "failed"))

static GParamSpec *properties[N_PROPS];

/* The string properties, in PROP_ order, so that get/set/copy/equal/finalize share one table
 * instead of repeating a line per field. */
static const gsize string_offsets[] = {
  [PROP_NAME] = G_STRUCT_OFFSET (TakeoverHost, name),
  [PROP_BMC_ADDRESS] = G_STRUCT_OFFSET (TakeoverHost, bmc_address),
  [PROP_BMC_USERNAME] = G_STRUCT_OFFSET (TakeoverHost, bmc_username),
  [PROP_BMC_PASSWORD] = G_STRUCT_OFFSET (TakeoverHost, bmc_password),
  [PROP_MGMT_IP] = G_STRUCT_OFFSET (TakeoverHost, mgmt_ip),
  [PROP_SSH_USERNAME] = G_STRUCT_OFFSET (TakeoverHost, ssh_username),
  [PROP_SSH_PASSWORD] = G_STRUCT_OFFSET (TakeoverHost, ssh_password),
  [PROP_SSH_KEY_FILE] = G_STRUCT_OFFSET (TakeoverHost, ssh_key_file),
  [PROP_SOURCE_FILE] = G_STRUCT_OFFSET (TakeoverHost, source_file),
};
#define LAST_STRING_PROP PROP_SOURCE_FILE

static const gsize uint_offsets[] = {
  [PROP_BMC_PORT] = G_STRUCT_OFFSET (TakeoverHost, bmc_port),
  [PROP_BMC_CIPHER_SUITE] = G_STRUCT_OFFSET (TakeoverHost, bmc_cipher_suite),
  [PROP_BMC_PRIVILEGE] = G_STRUCT_OFFSET (TakeoverHost, bmc_privilege),
  [PROP_SSH_PORT] = G_STRUCT_OFFSET (TakeoverHost, ssh_port),
  [PROP_SOURCE_LINE] = G_STRUCT_OFFSET (TakeoverHost, source_line),
};
#define FIRST_UINT_PROP PROP_BMC_PORT
#define LAST_UINT_PROP  PROP_SOURCE_LINE

#define STRING_FIELD(self, prop) ((char **) G_STRUCT_MEMBER_P ((self), string_offsets[(prop)]))
#define UINT_FIELD(self, prop)   ((guint *) G_STRUCT_MEMBER_P ((self), uint_offsets[(prop)]))

GType
takeover_privilege_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TAKEOVER_PRIVILEGE_USER, "TAKEOVER_PRIVILEGE_USER", "user" },
        { TAKEOVER_PRIVILEGE_OPERATOR, "TAKEOVER_PRIVILEGE_OPERATOR", "operator" },
        { TAKEOVER_PRIVILEGE_ADMINISTRATOR, "TAKEOVER_PRIVILEGE_ADMINISTRATOR", "administrator" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type_id, g_enum_register_static ("TakeoverPrivilege", values));
    }

  return type_id;
}

/* Passwords are wiped before their memory goes back to the allocator. */
static void
wipe_secret (guint  prop_id,
             char  *value)
{
  if (value != NULL && (prop_id == PROP_BMC_PASSWORD || prop_id == PROP_SSH_PASSWORD))
    memset (value, 0, strlen (value));
}

static void
set_string_prop (TakeoverHost *self,
                 guint         prop_id,
                 const char   *value)
{
  char **field = STRING_FIELD (self, prop_id);

  /* An empty field and a missing one mean the same, so that equality and round trips
   * through the inventory formats do not depend on which one a caller used. */
  if (value != NULL && value[0] == '\0')
    value = NULL;

  /* g_set_str() is GLib 2.76; we target 2.74. */
  if (g_strcmp0 (*field, value) != 0)
    {
      wipe_secret (prop_id, *field);
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
      if (prop_id == PROP_NAME || prop_id == PROP_BMC_ADDRESS)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }
}

static void
set_uint_prop (TakeoverHost *self,
               guint         prop_id,
               guint         value)
{
  guint *field = UINT_FIELD (self, prop_id);

  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
takeover_host_finalize (GObject *object)
{
  TakeoverHost *self = (TakeoverHost *)object;

  for (guint i = PROP_NAME; i <= LAST_STRING_PROP; i++)
    {
      char **field = STRING_FIELD (self, i);

      wipe_secret (i, *field);
      g_clear_pointer (field, g_free);
    }
  g_clear_pointer (&self->probe_result, takeover_probe_result_unref);
  g_clear_pointer (&self->probe_message, g_free);
  g_clear_pointer (&self->local_link_connections, json_object_unref);

  G_OBJECT_CLASS (takeover_host_parent_class)->finalize (object);
}

static void
takeover_host_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TakeoverHost *self = TAKEOVER_HOST (object);

  if (prop_id >= PROP_NAME && prop_id <= LAST_STRING_PROP)
    g_value_set_string (value, *STRING_FIELD (self, prop_id));
  else if (prop_id == PROP_BMC_PRIVILEGE)
    g_value_set_enum (value, self->bmc_privilege);
  else if (prop_id >= FIRST_UINT_PROP && prop_id <= LAST_UINT_PROP)
    g_value_set_uint (value, *UINT_FIELD (self, prop_id));
  else if (prop_id == PROP_DISPLAY_NAME)
    g_value_set_string (value, takeover_host_get_display_name (self));
  else if (prop_id == PROP_PROBE_RESULT)
    g_value_set_boxed (value, self->probe_result);
  else if (prop_id == PROP_LOCAL_LINK_CONNECTIONS)
    g_value_set_boxed (value, self->local_link_connections);
  else if (prop_id == PROP_PROBE_STATE)
    g_value_set_enum (value, self->probe_state);
  else if (prop_id == PROP_PROBE_MESSAGE)
    g_value_set_string (value, self->probe_message);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
takeover_host_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TakeoverHost *self = TAKEOVER_HOST (object);

  if (prop_id >= PROP_NAME && prop_id <= LAST_STRING_PROP)
    set_string_prop (self, prop_id, g_value_get_string (value));
  else if (prop_id == PROP_BMC_PRIVILEGE)
    set_uint_prop (self, prop_id, g_value_get_enum (value));
  else if (prop_id >= FIRST_UINT_PROP && prop_id <= LAST_UINT_PROP)
    set_uint_prop (self, prop_id, g_value_get_uint (value));
  else if (prop_id == PROP_PROBE_RESULT)
    takeover_host_set_probe_result (self, g_value_get_boxed (value));
  else if (prop_id == PROP_LOCAL_LINK_CONNECTIONS)
    takeover_host_set_local_link_connections (self, g_value_get_boxed (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
uint_pspec (const char *name,
            guint       maximum,
            guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL, 0, maximum, default_value,
                            (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

static void
takeover_host_class_init (TakeoverHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = takeover_host_finalize;
  object_class->get_property = takeover_host_get_property;
  object_class->set_property = takeover_host_set_property;

  properties[PROP_NAME] = string_pspec ("name");
  properties[PROP_BMC_ADDRESS] = string_pspec ("bmc-address");
  properties[PROP_BMC_USERNAME] = string_pspec ("bmc-username");
  properties[PROP_BMC_PASSWORD] = string_pspec ("bmc-password");
  properties[PROP_MGMT_IP] = string_pspec ("mgmt-ip");
  properties[PROP_SSH_USERNAME] = string_pspec ("ssh-username");
  properties[PROP_SSH_PASSWORD] = string_pspec ("ssh-password");
  properties[PROP_SSH_KEY_FILE] = string_pspec ("ssh-key-file");
  properties[PROP_SOURCE_FILE] = string_pspec ("source-file");
  properties[PROP_BMC_PORT] = uint_pspec ("bmc-port", G_MAXUINT16, TAKEOVER_DEFAULT_BMC_PORT);
  properties[PROP_BMC_CIPHER_SUITE] = uint_pspec ("bmc-cipher-suite", 255,
                                                  TAKEOVER_DEFAULT_CIPHER_SUITE);
  properties[PROP_SSH_PORT] = uint_pspec ("ssh-port", G_MAXUINT16, TAKEOVER_DEFAULT_SSH_PORT);
  properties[PROP_SOURCE_LINE] = uint_pspec ("source-line", G_MAXUINT, 0);
  properties[PROP_BMC_PRIVILEGE] =
    g_param_spec_enum ("bmc-privilege", NULL, NULL,
                       TAKEOVER_TYPE_PRIVILEGE, TAKEOVER_PRIVILEGE_ADMINISTRATOR,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The name when the inventory gives one, else the BMC address: what lists and logs show. */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROBE_RESULT] =
    g_param_spec_boxed ("probe-result", NULL, NULL, TAKEOVER_TYPE_PROBE_RESULT,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOCAL_LINK_CONNECTIONS] =
    g_param_spec_boxed ("local-link-connections", NULL, NULL, JSON_TYPE_OBJECT,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Set by the fleet probe as the host's probe goes; not part of the inventory record. */
  properties[PROP_PROBE_STATE] =
    g_param_spec_enum ("probe-state", NULL, NULL,
                       TAKEOVER_TYPE_HOST_PROBE_STATE, TAKEOVER_HOST_PROBE_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Why the probe failed, as a sentence; NULL otherwise. */
  properties[PROP_PROBE_MESSAGE] =
    g_param_spec_string ("probe-message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_host_init (TakeoverHost *self)
{
  self->bmc_port = TAKEOVER_DEFAULT_BMC_PORT;
  self->bmc_cipher_suite = TAKEOVER_DEFAULT_CIPHER_SUITE;
  self->bmc_privilege = TAKEOVER_PRIVILEGE_ADMINISTRATOR;
  self->ssh_port = TAKEOVER_DEFAULT_SSH_PORT;
}

TakeoverHost *
takeover_host_new (void)
{
  return g_object_new (TAKEOVER_TYPE_HOST, NULL);
}

/**
 * takeover_host_copy:
 *
 * Returns: (transfer full): a new host with the same fields, for handing to a worker thread,
 *   which must never touch the main thread's object.
 */
TakeoverHost *
takeover_host_copy (TakeoverHost *self)
{
  TakeoverHost *copy;

  g_return_val_if_fail (TAKEOVER_IS_HOST (self), NULL);

  copy = takeover_host_new ();
  for (guint i = PROP_NAME; i <= LAST_STRING_PROP; i++)
    *STRING_FIELD (copy, i) = g_strdup (*STRING_FIELD (self, i));
  for (guint i = FIRST_UINT_PROP; i <= LAST_UINT_PROP; i++)
    *UINT_FIELD (copy, i) = *UINT_FIELD (self, i);

  return copy;
}

/**
 * takeover_host_assign:
 * @from: the values, e.g. an edited copy
 *
 * Gives @self every field the inventory carries from @from, notifying each that changes; where
 * @self was read from stays. When what reaches its BMC or its OS changed, the last probe's
 * result no longer describes it and is dropped.
 */
void
takeover_host_assign (TakeoverHost *self,
                      TakeoverHost *from)
{
  gboolean changed;

  g_return_if_fail (TAKEOVER_IS_HOST (self));
  g_return_if_fail (TAKEOVER_IS_HOST (from));

  changed = !takeover_host_equal (self, from);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_NAME; i < PROP_SOURCE_FILE; i++)
    set_string_prop (self, i, *STRING_FIELD (from, i));
  for (guint i = FIRST_UINT_PROP; i < PROP_SOURCE_LINE; i++)
    set_uint_prop (self, i, *UINT_FIELD (from, i));
  if (changed && self->probe_result != NULL)
    {
      takeover_host_set_probe_result (self, NULL);
      takeover_host_set_probe_state (self, TAKEOVER_HOST_PROBE_NONE, NULL);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * takeover_host_equal:
 *
 * Returns: whether every field the inventory carries is the same; where a host was read from
 *   (file and line) does not count.
 */
gboolean
takeover_host_equal (TakeoverHost *a,
                     TakeoverHost *b)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (a), FALSE);
  g_return_val_if_fail (TAKEOVER_IS_HOST (b), FALSE);

  for (guint i = PROP_NAME; i < PROP_SOURCE_FILE; i++)
    if (g_strcmp0 (*STRING_FIELD (a, i), *STRING_FIELD (b, i)) != 0)
      return FALSE;
  for (guint i = FIRST_UINT_PROP; i < PROP_SOURCE_LINE; i++)
    if (*UINT_FIELD (a, i) != *UINT_FIELD (b, i))
      return FALSE;

  return TRUE;
}

#define STRING_ACCESSORS(field, PROP)                                   \
  const char *                                                          \
  takeover_host_get_##field (TakeoverHost *self)                        \
  {                                                                     \
    g_return_val_if_fail (TAKEOVER_IS_HOST (self), NULL);               \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  takeover_host_set_##field (TakeoverHost *self,                        \
                             const char   *value)                       \
  {                                                                     \
    g_return_if_fail (TAKEOVER_IS_HOST (self));                         \
    set_string_prop (self, PROP, value);                                \
  }

#define UINT_ACCESSORS(field, PROP, type)                               \
  type                                                                  \
  takeover_host_get_##field (TakeoverHost *self)                        \
  {                                                                     \
    g_return_val_if_fail (TAKEOVER_IS_HOST (self), 0);                  \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  takeover_host_set_##field (TakeoverHost *self,                        \
                             type          value)                       \
  {                                                                     \
    g_return_if_fail (TAKEOVER_IS_HOST (self));                         \
    set_uint_prop (self, PROP, value);                                  \
  }

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (bmc_address, PROP_BMC_ADDRESS)
STRING_ACCESSORS (bmc_username, PROP_BMC_USERNAME)
STRING_ACCESSORS (bmc_password, PROP_BMC_PASSWORD)
STRING_ACCESSORS (mgmt_ip, PROP_MGMT_IP)
STRING_ACCESSORS (ssh_username, PROP_SSH_USERNAME)
STRING_ACCESSORS (ssh_password, PROP_SSH_PASSWORD)
STRING_ACCESSORS (ssh_key_file, PROP_SSH_KEY_FILE)
UINT_ACCESSORS (bmc_port, PROP_BMC_PORT, guint)
UINT_ACCESSORS (bmc_cipher_suite, PROP_BMC_CIPHER_SUITE, guint)
UINT_ACCESSORS (bmc_privilege, PROP_BMC_PRIVILEGE, TakeoverPrivilege)
UINT_ACCESSORS (ssh_port, PROP_SSH_PORT, guint)

const char *
takeover_host_get_source_file (TakeoverHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (self), NULL);

  return self->source_file;
}

guint
takeover_host_get_source_line (TakeoverHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (self), 0);

  return self->source_line;
}

const char *
takeover_host_get_display_name (TakeoverHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (self), NULL);

  if (self->name != NULL && self->name[0] != '\0')
    return self->name;

  return self->bmc_address;
}

void
takeover_host_set_source (TakeoverHost *self,
                          const char   *file,
                          guint         line)
{
  g_return_if_fail (TAKEOVER_IS_HOST (self));

  set_string_prop (self, PROP_SOURCE_FILE, file);
  set_uint_prop (self, PROP_SOURCE_LINE, line);
}

/**
 * takeover_host_get_probe_result:
 *
 * Returns: (nullable) (transfer none): the latest probe's result, or %NULL before any.
 */
TakeoverProbeResult *
takeover_host_get_probe_result (TakeoverHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (self), NULL);

  return self->probe_result;
}

void
takeover_host_set_probe_result (TakeoverHost        *self,
                                TakeoverProbeResult *result)
{
  g_return_if_fail (TAKEOVER_IS_HOST (self));

  if (self->probe_result == result)
    return;

  g_clear_pointer (&self->probe_result, takeover_probe_result_unref);
  self->probe_result = result != NULL ? takeover_probe_result_ref (result) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_RESULT]);
}

/**
 * takeover_host_get_local_link_connections:
 *
 * Returns: (nullable) (transfer none): MAC -> { switch_id, port_id, switch_info }, what
 *   takeover_probe_ironic_ports() puts on each port. Replace it as a whole to edit it, so
 *   that the change is notified.
 */
JsonObject *
takeover_host_get_local_link_connections (TakeoverHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (self), NULL);

  return self->local_link_connections;
}

void
takeover_host_set_local_link_connections (TakeoverHost *self,
                                          JsonObject   *connections)
{
  g_return_if_fail (TAKEOVER_IS_HOST (self));

  if (self->local_link_connections == connections)
    return;

  g_clear_pointer (&self->local_link_connections, json_object_unref);
  self->local_link_connections = connections != NULL ? json_object_ref (connections) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_LINK_CONNECTIONS]);
}

G_DEFINE_QUARK (takeover-host-error-quark, takeover_host_error)

/* As Ironic takes a switch: a MAC address, or an OpenFlow datapath ID of 16 hex digits. */
static gboolean
is_switch_id (const char *text)
{
  static const char datapath_digits[] = "0123456789abcdefABCDEF";
  gsize length = strlen (text);

  if (length == 16 && strspn (text, datapath_digits) == 16)
    return TRUE;
  if (length != 17)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (i % 3 == 2 ? text[i] != ':' : !g_ascii_isxdigit (text[i]))
      return FALSE;

  return TRUE;
}

/**
 * takeover_host_set_switch_port:
 * @mac: the host's port (NIC) MAC
 * @switch_id: (nullable): the switch's MAC address or OpenFlow datapath ID
 * @port_id: (nullable): the switch's port, as the switch names it ("Ethernet1/7")
 * @switch_info: (nullable): the switch's name, for people
 *
 * Says which switch port the NIC @mac is cabled to, for the Ironic port that adoption makes
 * (its local_link_connection), over what LLDP found. All three empty: no connection.
 *
 * Returns: %FALSE with a #TAKEOVER_HOST_ERROR naming the wrong field; nothing changed then
 */
gboolean
takeover_host_set_switch_port (TakeoverHost  *self,
                               const char    *mac,
                               const char    *switch_id,
                               const char    *port_id,
                               const char    *switch_info,
                               GError       **error)
{
  g_autoptr(JsonObject) connections = json_object_new ();
  JsonObject *link;

  g_return_val_if_fail (TAKEOVER_IS_HOST (self), FALSE);
  g_return_val_if_fail (mac != NULL, FALSE);

  switch_id = switch_id != NULL ? switch_id : "";
  port_id = port_id != NULL ? port_id : "";
  switch_info = switch_info != NULL ? switch_info : "";

  if ((switch_id[0] != '\0' || port_id[0] != '\0' || switch_info[0] != '\0') &&
      !is_switch_id (switch_id))
    {
      g_set_error (error, TAKEOVER_HOST_ERROR, TAKEOVER_HOST_ERROR_SWITCH_ID,
                   _("Enter the switch’s MAC address (aa:bb:cc:dd:ee:ff) or its OpenFlow "
                     "datapath ID (16 hex digits), as Ironic needs it."));
      return FALSE;
    }
  if (switch_id[0] != '\0' && port_id[0] == '\0')
    {
      g_set_error (error, TAKEOVER_HOST_ERROR, TAKEOVER_HOST_ERROR_PORT_ID,
                   _("Enter the switch port the NIC is cabled to, as the switch names it."));
      return FALSE;
    }

  if (self->local_link_connections != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init (&iter, self->local_link_connections);
      while (json_object_iter_next (&iter, &member, &node))
        if (g_ascii_strcasecmp (member, mac) != 0)
          json_object_set_member (connections, member, json_node_copy (node));
    }

  if (switch_id[0] != '\0')
    {
      link = json_object_new ();
      json_object_set_string_member (link, "switch_id", switch_id);
      json_object_set_string_member (link, "port_id", port_id);
      if (switch_info[0] != '\0')
        json_object_set_string_member (link, "switch_info", switch_info);
      json_object_set_object_member (connections, mac, link);
    }

  takeover_host_set_local_link_connections (self, connections);
  return TRUE;
}

TakeoverHostProbeState
takeover_host_get_probe_state (TakeoverHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (self), TAKEOVER_HOST_PROBE_NONE);

  return self->probe_state;
}

const char *
takeover_host_get_probe_message (TakeoverHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (self), NULL);

  return self->probe_message;
}

/**
 * takeover_host_set_probe_state:
 * @message: (nullable): why it failed, for %TAKEOVER_HOST_PROBE_FAILED
 *
 * Called by the fleet probe as the host's probe goes, on the main thread.
 */
void
takeover_host_set_probe_state (TakeoverHost           *self,
                               TakeoverHostProbeState  state,
                               const char             *message)
{
  g_return_if_fail (TAKEOVER_IS_HOST (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->probe_state != state)
    {
      self->probe_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_STATE]);
    }
  if (g_strcmp0 (self->probe_message, message) != 0)
    {
      g_free (self->probe_message);
      self->probe_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
