/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-core"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/random.h>

#include "takeover-glance.h"
#include "takeover-host.h"
#include "takeover-ironic.h"
#include "takeover-keystone.h"
#include "takeover-neutron.h"
#include "takeover-nova.h"
#include "takeover-prepare.h"
#include "takeover-prepare-private.h"

/* How long Glance may take to turn the uploaded image active. */
#define IMAGE_ACTIVE_TIMEOUT_S 120

struct _TakeoverPrepare
{
  GObject           parent_instance;

  TakeoverCloud    *cloud;
  GListModel       *hosts;
  TakeoverIronic   *ironic;
  TakeoverKeystone *keystone;
  TakeoverNova     *nova;
  TakeoverNeutron  *neutron;
  TakeoverGlance   *glance;

  /* Settings. */
  char             *domain;
  char             *project;
  char             *user;
  char             *user_password;
  char             *role;
  char             *network;
  char             *network_type;
  char             *physical_network;
  guint             segmentation_id;
  guint             prefix4;
  guint             prefix6;
  char             *gateway;
  GStrv             dns_servers;
  char             *resource_class;
  char             *flavor;
  char             *image;

  /* What the last plan found, and the apply created. */
  GListStore       *items;
  TakeoverPrepareItem *ironic_item;
  TakeoverPrepareItem *project_item;
  TakeoverPrepareItem *user_item;
  TakeoverPrepareItem *role_item;
  TakeoverPrepareItem *quotas_item;
  TakeoverPrepareItem *flavor_item;
  TakeoverPrepareItem *hypervisors_item;
  TakeoverPrepareItem *network_item;
  TakeoverPrepareItem *image_item;
  GPtrArray        *subnet_items;     /* TakeoverPrepareItem, parallel to subnet_plans */
  GPtrArray        *subnet_plans;     /* TakeoverSubnetPlan */
  GStrv             addresses;        /* the hosts' management IPs */
  char             *domain_id;
  char             *project_id;
  char             *user_id;
  char             *role_id;
  char             *flavor_id;
  char             *network_id;
  char             *image_id;
  gboolean          image_needs_upload;
  char             *generated_password;
  gboolean          busy;
  /* What the properties said when the run began, to notify only what it changed. */
  char             *shown_ids[4];       /* project, image, network, flavor: PROP_ order */
  guint             shown_n_problems;
};

enum {
  PROP_0,
  PROP_CLOUD,
  PROP_ITEMS,
  PROP_BUSY,
  PROP_N_PROBLEMS,
  PROP_PROJECT_ID,
  PROP_IMAGE_ID,
  PROP_NETWORK_ID,
  PROP_FLAVOR_ID,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverPrepare, takeover_prepare, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (takeover-prepare-error-quark, takeover_prepare_error)

typedef void (*Step) (GTask *task);

/* A plan or an apply: the steps it runs one after the other. */
typedef struct
{
  const Step *steps;
  guint       next;
  gboolean    top;         /* the plan or apply itself, not one of the plan's chains */
  guint       subnet;      /* the subnet the subnet steps are at */
  guint       pending;     /* chains of the plan still running */
  GError     *error;       /* the first chain's failure */
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_error (&run->error);
  g_free (run);
}

static void run_next (GTask *task);
static void finish_error (GTask *task, GError *error);

/* Helpers ------------------------------------------------------------------------------------ */

static void
item_set (TakeoverPrepareItem   *item,
          TakeoverPrepareStatus  status,
          const char            *format,
          ...) G_GNUC_PRINTF (3, 4);

static void
item_set (TakeoverPrepareItem   *item,
          TakeoverPrepareStatus  status,
          const char            *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  takeover_prepare_item_set_status (item, status, message);
}

static TakeoverPrepareItem *
add_item (TakeoverPrepare     *self,
          TakeoverPrepareKind  kind,
          char                *title)
{
  g_autofree char *owned_title = title;
  g_autoptr(TakeoverPrepareItem) item = takeover_prepare_item_new (kind, owned_title);

  takeover_prepare_item_set_status (item, TAKEOVER_PREPARE_STATUS_UNKNOWN, _("Not checked yet."));
  g_list_store_append (self->items, item);
  return item;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Records on @item why it could not be read (@action: what was refused, e.g. "list projects"),
 * and goes on with the run; a cancellation ends the run instead. */
static void
plan_failed (GTask               *task,
             TakeoverPrepareItem *item,
             const char          *service,
             const char          *action,
             GError              *error)
{
  if (is_cancelled (error))
    {
      finish_error (task, error);
      return;
    }

  if (takeover_cloud_error_has_status (error, 403))
    item_set (item, TAKEOVER_PREPARE_STATUS_FORBIDDEN,
              /* Translators: "Keystone refused to let this account list projects (HTTP 403) …" */
              _("%s refused to let this account %s (HTTP 403): preparing the cloud needs an "
                "account with the admin role."), service, action);
  else
    takeover_prepare_item_set_status (item, TAKEOVER_PREPARE_STATUS_UNKNOWN, error->message);
  g_error_free (error);
  run_next (task);
}

/* Marks @item failed with @error and ends the apply. */
static void
apply_failed (GTask               *task,
              TakeoverPrepareItem *item,
              GError              *error)
{
  if (!is_cancelled (error))
    {
      if (takeover_cloud_error_has_status (error, 403))
        item_set (item, TAKEOVER_PREPARE_STATUS_FAILED,
                  _("The cloud refused this account the change (HTTP 403): preparing the cloud "
                    "needs an account with the admin role."));
      else
        takeover_prepare_item_set_status (item, TAKEOVER_PREPARE_STATUS_FAILED, error->message);
      g_clear_error (&error);
      error = g_error_new (TAKEOVER_PREPARE_ERROR, TAKEOVER_PREPARE_ERROR_APPLY, "%s: %s",
                           takeover_prepare_item_get_title (item),
                           takeover_prepare_item_get_message (item));
    }
  finish_error (task, error);
}

static void
created (TakeoverPrepareItem *item,
         const char          *id)
{
  takeover_prepare_item_set_resource_id (item, id);
  item_set (item, TAKEOVER_PREPARE_STATUS_CREATED, _("Created (id %s)."), id);
}

/* NULL for the items a standalone Ironic's plan does not have. */
static gboolean
needs_creating (TakeoverPrepareItem *item)
{
  return item != NULL && takeover_prepare_item_get_status (item) == TAKEOVER_PREPARE_STATUS_CREATE;
}

/* A standalone Ironic (no Keystone in front of it, as Bifrost runs it) has no projects, quotas,
 * Nova, Neutron or Glance to prepare: only its hardware type is checked, and the nodes take
 * their image as a URL. */
static gboolean
is_standalone (TakeoverPrepare *self)
{
  TakeoverAuthType type = takeover_cloud_config_get_auth_type (takeover_cloud_get_config (self->cloud));

  return type == TAKEOVER_AUTH_NONE || type == TAKEOVER_AUTH_HTTP_BASIC;
}

static gboolean
is_image_url (const char *image)
{
  return image != NULL &&
         (g_str_has_prefix (image, "http://") || g_str_has_prefix (image, "https://"));
}

static const char *
object_id (JsonObject *object)
{
  return json_object_get_string_member_with_default (object, "id", "");
}

static void
set_id (char       **field,
        JsonObject  *object)
{
  g_free (*field);
  *field = object != NULL ? g_strdup (object_id (object)) : NULL;
}

static gboolean
strv_has (JsonObject *object,
          const char *member,
          const char *value)
{
  JsonArray *array = json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* TRUE when @member lists an interface other than "fake". */
static gboolean
has_real_interface (JsonObject *object,
                    const char *member)
{
  JsonArray *array = json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), "fake") != 0)
      return TRUE;
  return FALSE;
}

char *
_takeover_prepare_check_ipmi_driver (GPtrArray *drivers)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  JsonObject *ipmi = NULL;
  g_autofree char *list = NULL;

  for (guint i = 0; i < drivers->len && ipmi == NULL; i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (drivers, i),
                                                               "name", NULL), "ipmi") == 0)
      ipmi = g_ptr_array_index (drivers, i);

  if (ipmi == NULL)
    return g_strdup (_("No Ironic conductor offers the ipmi hardware type: in ironic.conf "
                       "[DEFAULT] add ipmi to enabled_hardware_types and ipmitool to "
                       "enabled_power_interfaces and enabled_management_interfaces, then restart "
                       "ironic-conductor."));

  if (!strv_has (ipmi, "enabled_power_interfaces", "ipmitool"))
    g_ptr_array_add (missing, _("add ipmitool to enabled_power_interfaces"));
  if (!strv_has (ipmi, "enabled_management_interfaces", "ipmitool"))
    g_ptr_array_add (missing, _("add ipmitool to enabled_management_interfaces"));
  if (!has_real_interface (ipmi, "enabled_boot_interfaces"))
    g_ptr_array_add (missing, _("add a boot interface such as pxe to enabled_boot_interfaces"));
  if (!has_real_interface (ipmi, "enabled_deploy_interfaces"))
    g_ptr_array_add (missing, _("add a deploy interface such as direct to "
                                "enabled_deploy_interfaces"));
  if (missing->len == 0)
    return NULL;

  g_ptr_array_add (missing, NULL);
  list = g_strjoinv ("; ", (char **) missing->pdata);
  return g_strdup_printf (_("Ironic’s ipmi hardware type cannot adopt servers yet: in "
                            "ironic.conf [DEFAULT], %s; then restart ironic-conductor."), list);
}

static char *
flavor_name (TakeoverPrepare *self)
{
  if (self->flavor != NULL)
    return g_strdup (self->flavor);
  return g_strconcat ("takeover-", self->resource_class, NULL);
}

/* Plan steps --------------------------------------------------------------------------------- */

static void
plan_authenticate_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!takeover_cloud_authenticate_finish (TAKEOVER_CLOUD (object), result, &error))
    {
      finish_error (task, error);
      return;
    }
  run_next (task);
}

static void
plan_start (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) check = NULL;
  g_autofree char *rc = _takeover_prepare_custom_resource_class (self->resource_class);
  GError *error = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (self->hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (self->hosts, i);
      const char *ip = takeover_host_get_mgmt_ip (host);

      if (ip != NULL && *ip != '\0')
        g_ptr_array_add (addresses, g_strdup (ip));
    }
  g_ptr_array_add (addresses, NULL);
  g_clear_pointer (&self->addresses, g_strfreev);
  self->addresses = (GStrv) g_ptr_array_free (g_steal_pointer (&addresses), FALSE);

  /* Bad input fails the plan before any request, rather than as a per-item problem. */
  check = _takeover_prepare_plan_subnets ((const char * const *) self->addresses, self->prefix4,
                                          self->prefix6, self->gateway, NULL, &error);
  if (check == NULL)
    {
      finish_error (task, g_error_new_literal (TAKEOVER_PREPARE_ERROR,
                                               TAKEOVER_PREPARE_ERROR_INPUT, error->message));
      g_error_free (error);
      return;
    }

  for (guint i = 0; self->dns_servers != NULL && self->dns_servers[i] != NULL; i++)
    if (!g_hostname_is_ip_address (self->dns_servers[i]))
      {
        finish_error (task, g_error_new (TAKEOVER_PREPARE_ERROR, TAKEOVER_PREPARE_ERROR_INPUT,
                                         _("The DNS server “%s” is not an IP address."),
                                         self->dns_servers[i]));
        return;
      }

  g_list_store_remove_all (self->items);
  g_ptr_array_set_size (self->subnet_items, 0);
  g_clear_pointer (&self->subnet_plans, g_ptr_array_unref);
  g_clear_pointer (&self->domain_id, g_free);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->role_id, g_free);
  g_clear_pointer (&self->flavor_id, g_free);
  g_clear_pointer (&self->network_id, g_free);
  g_clear_pointer (&self->image_id, g_free);
  self->image_needs_upload = FALSE;

  self->ironic_item = add_item (self, TAKEOVER_PREPARE_IRONIC,
                                g_strdup (_("Ironic’s ipmi hardware type")));
  if (is_standalone (self))
    {
      self->project_item = self->user_item = self->role_item = self->quotas_item = NULL;
      self->flavor_item = self->hypervisors_item = self->network_item = NULL;
      self->image_item = add_item (self, TAKEOVER_PREPARE_IMAGE,
                                   g_strdup (_("The nodes’ image")));
      takeover_cloud_authenticate_async (self->cloud, g_task_get_cancellable (task),
                                         plan_authenticate_cb, task);
      return;
    }
  self->project_item = add_item (self, TAKEOVER_PREPARE_PROJECT,
                                 g_strdup_printf (_("Project “%s” in domain %s"), self->project,
                                                  self->domain));
  self->user_item = add_item (self, TAKEOVER_PREPARE_USER,
                              g_strdup_printf (_("User “%s”"), self->user));
  self->role_item = add_item (self, TAKEOVER_PREPARE_ROLE,
                              g_strdup_printf (_("Role “%s” of user “%s” on project “%s”"),
                                               self->role, self->user, self->project));
  self->quotas_item = add_item (self, TAKEOVER_PREPARE_QUOTAS,
                                g_strdup_printf (_("Nova quotas of project “%s”"),
                                                 self->project));
  self->flavor_item = add_item (self, TAKEOVER_PREPARE_FLAVOR,
                                g_strdup_printf (_("Flavor for resource class %s"), rc));
  self->hypervisors_item = add_item (self, TAKEOVER_PREPARE_HYPERVISORS,
                                     g_strdup (_("Nova hypervisors")));
  self->network_item = add_item (self, TAKEOVER_PREPARE_NETWORK,
                                 g_strdup_printf (_("Network “%s”"), self->network));
  self->image_item = add_item (self, TAKEOVER_PREPARE_IMAGE,
                               g_strdup_printf (_("Image “%s”"), self->image));

  takeover_cloud_authenticate_async (self->cloud, g_task_get_cancellable (task),
                                     plan_authenticate_cb, task);
}

static void
plan_ironic_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) drivers = NULL;
  g_autofree char *problem = NULL;
  GError *error = NULL;

  drivers = takeover_ironic_list_drivers_finish (TAKEOVER_IRONIC (object), result, &error);
  if (drivers == NULL)
    {
      plan_failed (task, self->ironic_item, "Ironic", _("list its drivers"), error);
      return;
    }

  problem = _takeover_prepare_check_ipmi_driver (drivers);
  if (problem != NULL)
    takeover_prepare_item_set_status (self->ironic_item, TAKEOVER_PREPARE_STATUS_CONFLICT,
                                      problem);
  else
    takeover_prepare_item_set_status (self->ironic_item, TAKEOVER_PREPARE_STATUS_EXISTS,
                                      _("Offered with the ipmitool power and management "
                                        "interfaces."));
  run_next (task);
}

static void
plan_ironic (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  takeover_ironic_list_drivers_async (self->ironic, g_task_get_cancellable (task),
                                      plan_ironic_cb, task);
}

/* The driver_info fields the adoption gives each node. */
static const char * const ipmi_fields[] = {
  "ipmi_address", "ipmi_port", "ipmi_username", "ipmi_password", "ipmi_cipher_suite", NULL
};

static void
plan_ironic_properties_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  GError *error = NULL;

  answer = takeover_cloud_request_finish (TAKEOVER_CLOUD (object), result, &error);
  if (answer == NULL)
    {
      plan_failed (task, self->ironic_item, "Ironic", _("read the ipmi driver’s properties"),
                   error);
      return;
    }

  for (guint i = 0; ipmi_fields[i] != NULL; i++)
    if (!JSON_NODE_HOLDS_OBJECT (answer) ||
        !json_object_has_member (json_node_get_object (answer), ipmi_fields[i]))
      g_ptr_array_add (unknown, (gpointer) ipmi_fields[i]);

  if (unknown->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (unknown, NULL);
      list = g_strjoinv (", ", (char **) unknown->pdata);
      item_set (self->ironic_item, TAKEOVER_PREPARE_STATUS_CONFLICT,
                _("Ironic’s ipmi driver does not know the driver_info fields %s that adoption "
                  "sets; upgrade Ironic."), list);
    }
  run_next (task);
}

static void
plan_ironic_properties (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  if (takeover_prepare_item_get_status (self->ironic_item) != TAKEOVER_PREPARE_STATUS_EXISTS)
    {
      run_next (task);
      return;
    }

  takeover_cloud_request_async (self->cloud, &takeover_ironic_service, "GET",
                                "/drivers/ipmi/properties", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, g_task_get_cancellable (task),
                                plan_ironic_properties_cb, task);
}

static void
plan_domain_by_id_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) domain = NULL;
  GError *error = NULL;

  domain = takeover_keystone_get_finish (TAKEOVER_KEYSTONE (object), result, &error);
  if (domain == NULL && takeover_cloud_error_has_status (error, 404))
    {
      g_clear_error (&error);
      item_set (self->project_item, TAKEOVER_PREPARE_STATUS_CONFLICT,
                _("Keystone has no domain named or with the id “%s”; name an existing domain."),
                self->domain);
      run_next (task);
      return;
    }
  if (domain == NULL)
    {
      plan_failed (task, self->project_item, "Keystone", _("look up domains"), error);
      return;
    }

  set_id (&self->domain_id, domain);
  run_next (task);
}

static void
plan_domain_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) domains = NULL;
  GError *error = NULL;

  domains = takeover_keystone_find_finish (TAKEOVER_KEYSTONE (object), result, &error);
  if (domains == NULL)
    {
      plan_failed (task, self->project_item, "Keystone", _("look up domains"), error);
      return;
    }

  if (domains->len > 0)
    {
      set_id (&self->domain_id, g_ptr_array_index (domains, 0));
      run_next (task);
      return;
    }

  /* Not a name: perhaps an id, such as "default". */
  takeover_keystone_get_async (self->keystone, TAKEOVER_KEYSTONE_DOMAIN, self->domain,
                               g_task_get_cancellable (task), plan_domain_by_id_cb, task);
}

static void
plan_domain (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  takeover_keystone_find_async (self->keystone, TAKEOVER_KEYSTONE_DOMAIN, self->domain, NULL,
                                g_task_get_cancellable (task), plan_domain_cb, task);
}

/* Projects and users are found the same way: by name in the domain. */
static void
plan_named_found (GTask               *task,
                  TakeoverPrepareItem *item,
                  char               **id,
                  const char          *action,
                  const char          *create_message,
                  GPtrArray           *found,
                  GError              *error)
{
  if (found == NULL)
    {
      plan_failed (task, item, "Keystone", action, error);
      return;
    }

  if (found->len == 0)
    takeover_prepare_item_set_status (item, TAKEOVER_PREPARE_STATUS_CREATE, create_message);
  else
    {
      set_id (id, g_ptr_array_index (found, 0));
      takeover_prepare_item_set_resource_id (item, *id);
      item_set (item, TAKEOVER_PREPARE_STATUS_EXISTS, _("Exists (id %s)."), *id);
    }
  g_ptr_array_unref (found);
  run_next (task);
}

static void
plan_project_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  GError *error = NULL;
  GPtrArray *found = takeover_keystone_find_finish (TAKEOVER_KEYSTONE (object), result, &error);

  plan_named_found (task, self->project_item, &self->project_id, _("list projects"),
                    _("Will be created."), found, error);
}

static void
plan_user_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  GError *error = NULL;
  GPtrArray *found = takeover_keystone_find_finish (TAKEOVER_KEYSTONE (object), result, &error);

  plan_named_found (task, self->user_item, &self->user_id, _("list users"),
                    _("Will be created, with the project as its default project."), found,
                    error);
}

/* Without the domain, neither the project nor the user can be looked up. */
static gboolean
domain_unknown (TakeoverPrepare     *self,
                TakeoverPrepareItem *item)
{
  if (self->domain_id != NULL)
    return FALSE;

  if (item != self->project_item)
    item_set (item, TAKEOVER_PREPARE_STATUS_UNKNOWN,
              _("Cannot be checked while the domain “%s” is not known."), self->domain);
  return TRUE;
}

static void
plan_project (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  if (domain_unknown (self, self->project_item))
    {
      run_next (task);
      return;
    }

  takeover_keystone_find_async (self->keystone, TAKEOVER_KEYSTONE_PROJECT, self->project,
                                self->domain_id, g_task_get_cancellable (task), plan_project_cb,
                                task);
}

static void
plan_user (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  if (domain_unknown (self, self->user_item))
    {
      run_next (task);
      return;
    }

  takeover_keystone_find_async (self->keystone, TAKEOVER_KEYSTONE_USER, self->user,
                                self->domain_id, g_task_get_cancellable (task), plan_user_cb,
                                task);
}

static void
plan_assignment_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  gboolean assigned = FALSE;
  GError *error = NULL;

  if (!takeover_keystone_check_role_finish (TAKEOVER_KEYSTONE (object), result, &assigned,
                                            &error))
    {
      plan_failed (task, self->role_item, "Keystone", _("list role assignments"), error);
      return;
    }

  if (assigned)
    takeover_prepare_item_set_status (self->role_item, TAKEOVER_PREPARE_STATUS_EXISTS,
                                      _("The user has the role on the project."));
  else
    takeover_prepare_item_set_status (self->role_item, TAKEOVER_PREPARE_STATUS_CREATE,
                                      _("Will be granted."));
  run_next (task);
}

static void
plan_role_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) roles = NULL;
  GError *error = NULL;

  roles = takeover_keystone_find_finish (TAKEOVER_KEYSTONE (object), result, &error);
  if (roles == NULL)
    {
      plan_failed (task, self->role_item, "Keystone", _("list roles"), error);
      return;
    }
  if (roles->len == 0)
    {
      item_set (self->role_item, TAKEOVER_PREPARE_STATUS_CONFLICT,
                _("Keystone has no role named “%s”; name an existing role."), self->role);
      run_next (task);
      return;
    }

  set_id (&self->role_id, g_ptr_array_index (roles, 0));
  if (takeover_prepare_status_is_problem (takeover_prepare_item_get_status (self->project_item)) ||
      takeover_prepare_status_is_problem (takeover_prepare_item_get_status (self->user_item)))
    {
      takeover_prepare_item_set_status (self->role_item, TAKEOVER_PREPARE_STATUS_UNKNOWN,
                                        _("Cannot be checked while the project or the user is "
                                          "not known."));
      run_next (task);
      return;
    }
  if (self->project_id == NULL || self->user_id == NULL)
    {
      takeover_prepare_item_set_status (self->role_item, TAKEOVER_PREPARE_STATUS_CREATE,
                                        _("Will be granted."));
      run_next (task);
      return;
    }

  takeover_keystone_check_role_async (self->keystone, self->project_id, self->user_id,
                                      self->role_id, g_task_get_cancellable (task),
                                      plan_assignment_cb, task);
}

static void
plan_role (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  takeover_keystone_find_async (self->keystone, TAKEOVER_KEYSTONE_ROLE, self->role, NULL,
                                g_task_get_cancellable (task), plan_role_cb, task);
}

/* The names of the quotas not yet unlimited, joined, or NULL when all are. */
static char *
limited_quotas (JsonObject *quota_set)
{
  g_autoptr(GString) limited = NULL;
  g_autoptr(GList) members = json_object_get_members (quota_set);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (quota_set, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
          json_node_get_int (node) != -1)
        {
          if (limited == NULL)
            limited = g_string_new (NULL);
          else
            g_string_append (limited, ", ");
          g_string_append_printf (limited, "%s %" G_GINT64_FORMAT, (const char *) l->data,
                                  json_node_get_int (node));
        }
    }
  return limited != NULL ? g_string_free (g_steal_pointer (&limited), FALSE) : NULL;
}

static void
plan_quotas_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) quota_set = NULL;
  g_autofree char *limited = NULL;
  GError *error = NULL;

  quota_set = takeover_nova_get_quotas_finish (TAKEOVER_NOVA (object), result, &error);
  if (quota_set == NULL)
    {
      plan_failed (task, self->quotas_item, "Nova", _("read the project’s quotas"), error);
      return;
    }

  limited = limited_quotas (quota_set);
  if (limited == NULL)
    takeover_prepare_item_set_status (self->quotas_item, TAKEOVER_PREPARE_STATUS_EXISTS,
                                      _("Every quota is unlimited."));
  else
    item_set (self->quotas_item, TAKEOVER_PREPARE_STATUS_CREATE,
              _("Will set to unlimited: %s."), limited);
  run_next (task);
}

static void
plan_quotas (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  if (self->project_id == NULL)
    {
      if (takeover_prepare_item_get_status (self->project_item) == TAKEOVER_PREPARE_STATUS_CREATE)
        takeover_prepare_item_set_status (self->quotas_item, TAKEOVER_PREPARE_STATUS_CREATE,
                                          _("Will set every quota of the new project to "
                                            "unlimited."));
      else
        takeover_prepare_item_set_status (self->quotas_item, TAKEOVER_PREPARE_STATUS_UNKNOWN,
                                          _("Cannot be checked while the project is not "
                                            "known."));
      run_next (task);
      return;
    }

  takeover_nova_get_quotas_async (self->nova, self->project_id, g_task_get_cancellable (task),
                                  plan_quotas_cb, task);
}

static void
plan_flavor_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) flavors = NULL;
  g_autofree char *rc = _takeover_prepare_custom_resource_class (self->resource_class);
  g_autofree char *spec = g_strconcat ("resources:", rc, NULL);
  g_autofree char *name = flavor_name (self);
  JsonObject *named = NULL;
  GError *error = NULL;

  flavors = takeover_nova_list_flavors_finish (TAKEOVER_NOVA (object), result, &error);
  if (flavors == NULL)
    {
      plan_failed (task, self->flavor_item, "Nova", _("list flavors"), error);
      return;
    }

  for (guint i = 0; i < flavors->len; i++)
    {
      JsonObject *flavor = g_ptr_array_index (flavors, i);
      JsonObject *specs = json_object_has_member (flavor, "extra_specs")
                          ? json_object_get_object_member (flavor, "extra_specs") : NULL;

      if (specs != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (specs, spec, NULL), "1") == 0)
        {
          set_id (&self->flavor_id, flavor);
          takeover_prepare_item_set_resource_id (self->flavor_item, self->flavor_id);
          item_set (self->flavor_item, TAKEOVER_PREPARE_STATUS_EXISTS,
                    _("Flavor “%s” asks for %s=1."),
                    json_object_get_string_member_with_default (flavor, "name", ""), spec);
          run_next (task);
          return;
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (flavor, "name", NULL),
                     name) == 0)
        named = flavor;
    }

  if (named != NULL)
    item_set (self->flavor_item, TAKEOVER_PREPARE_STATUS_CONFLICT,
              _("A flavor “%s” exists but does not ask for %s=1; name another flavor or add "
                "that extra spec to it."), name, spec);
  else
    item_set (self->flavor_item, TAKEOVER_PREPARE_STATUS_CREATE,
              _("Will create flavor “%s” with %s=1 (and no VCPU, memory or disk resources)."),
              name, spec);
  run_next (task);
}

static void
plan_flavor (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  takeover_nova_list_flavors_async (self->nova, g_task_get_cancellable (task), plan_flavor_cb,
                                    task);
}

static void
plan_hypervisors_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) hypervisors = NULL;
  GError *error = NULL;

  hypervisors = takeover_nova_list_hypervisors_finish (TAKEOVER_NOVA (object), result, &error);
  if (hypervisors == NULL)
    {
      plan_failed (task, self->hypervisors_item, "Nova", _("list hypervisors"), error);
      return;
    }

  /* Read only: with Ironic, each node Nova's Ironic driver sees is a hypervisor. */
  item_set (self->hypervisors_item, TAKEOVER_PREPARE_STATUS_EXISTS,
            g_dngettext (GETTEXT_PACKAGE, "Nova lists %u hypervisor.",
                         "Nova lists %u hypervisors.", hypervisors->len),
            hypervisors->len);
  run_next (task);
}

static void
plan_hypervisors (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  takeover_nova_list_hypervisors_async (self->nova, g_task_get_cancellable (task),
                                        plan_hypervisors_cb, task);
}

static void
plan_network_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) networks = NULL;
  GError *error = NULL;

  networks = takeover_neutron_list_networks_finish (TAKEOVER_NEUTRON (object), result, &error);
  if (networks == NULL)
    {
      plan_failed (task, self->network_item, "Neutron", _("list networks"), error);
      return;
    }

  if (networks->len > 1)
    item_set (self->network_item, TAKEOVER_PREPARE_STATUS_CONFLICT,
              _("%u networks are named “%s”; name one that is unique."), networks->len,
              self->network);
  else if (networks->len == 1)
    {
      set_id (&self->network_id, g_ptr_array_index (networks, 0));
      takeover_prepare_item_set_resource_id (self->network_item, self->network_id);
      item_set (self->network_item, TAKEOVER_PREPARE_STATUS_EXISTS, _("Exists (id %s)."),
                self->network_id);
    }
  else
    takeover_prepare_item_set_status (self->network_item, TAKEOVER_PREPARE_STATUS_CREATE,
                                      _("Will be created."));
  run_next (task);
}

static void
plan_network (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  takeover_neutron_list_networks_async (self->neutron, self->network,
                                        g_task_get_cancellable (task), plan_network_cb, task);
}

/* One item per planned subnet, placed after the network's. */
static void
plan_subnet_items (TakeoverPrepare *self,
                   GPtrArray       *existing)
{
  guint position = 0;
  GError *error = NULL;

  g_list_store_find (self->items, self->network_item, &position);
  self->subnet_plans = _takeover_prepare_plan_subnets ((const char * const *) self->addresses,
                                                       self->prefix4, self->prefix6,
                                                       self->gateway, existing, &error);
  /* The same input passed the check in plan_start(). */
  g_assert_no_error (error);

  for (guint i = 0; i < self->subnet_plans->len; i++)
    {
      TakeoverSubnetPlan *plan = g_ptr_array_index (self->subnet_plans, i);
      g_autofree char *title = g_strdup_printf (_("Subnet %s"), plan->cidr);
      g_autoptr(TakeoverPrepareItem) item = takeover_prepare_item_new (TAKEOVER_PREPARE_SUBNET,
                                                                       title);
      const char *hosts = g_dngettext (GETTEXT_PACKAGE, "%u management IP", "%u management IPs",
                                       plan->n_addresses);
      g_autofree char *counted = g_strdup_printf (hosts, plan->n_addresses);

      if (plan->problem != NULL)
        takeover_prepare_item_set_status (item, TAKEOVER_PREPARE_STATUS_CONFLICT, plan->problem);
      else if (plan->subnet_id != NULL)
        {
          takeover_prepare_item_set_resource_id (item, plan->subnet_id);
          item_set (item, TAKEOVER_PREPARE_STATUS_EXISTS,
                    _("Exists (id %s); its allocation pools hold %s."), plan->subnet_id,
                    counted);
        }
      else
        item_set (item, TAKEOVER_PREPARE_STATUS_CREATE,
                  _("Will be created with allocation pools holding %s, gateway %s."), counted,
                  plan->gateway_ip != NULL ? plan->gateway_ip : _("none"));
      g_ptr_array_add (self->subnet_items, g_object_ref (item));
      g_list_store_insert (self->items, position + 1 + i, item);
    }
}

static void
plan_subnets_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) subnets = NULL;
  GError *error = NULL;

  subnets = takeover_neutron_list_subnets_finish (TAKEOVER_NEUTRON (object), result, &error);
  if (subnets == NULL)
    {
      plan_failed (task, self->network_item, "Neutron", _("list subnets"), error);
      return;
    }

  plan_subnet_items (self, subnets);
  run_next (task);
}

static void
plan_subnets (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  if (self->network_id == NULL)
    {
      /* A network still to create has no subnets; one in conflict gets none planned. */
      if (needs_creating (self->network_item))
        plan_subnet_items (self, NULL);
      run_next (task);
      return;
    }

  takeover_neutron_list_subnets_async (self->neutron, self->network_id,
                                       g_task_get_cancellable (task), plan_subnets_cb, task);
}

static void
plan_image_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) images = NULL;
  JsonObject *queued = NULL;
  JsonObject *other = NULL;
  GError *error = NULL;

  images = takeover_glance_list_images_finish (TAKEOVER_GLANCE (object), result, &error);
  if (images == NULL)
    {
      plan_failed (task, self->image_item, "Glance", _("list images"), error);
      return;
    }

  for (guint i = 0; i < images->len; i++)
    {
      JsonObject *image = g_ptr_array_index (images, i);
      const char *status = json_object_get_string_member_with_default (image, "status", "");

      if (g_str_equal (status, "active") &&
          json_object_get_int_member_with_default (image, "size", 0) == TAKEOVER_PREPARE_IMAGE_SIZE)
        {
          set_id (&self->image_id, image);
          takeover_prepare_item_set_resource_id (self->image_item, self->image_id);
          item_set (self->image_item, TAKEOVER_PREPARE_STATUS_EXISTS,
                    _("Exists, active, 1 MiB (id %s)."), self->image_id);
          run_next (task);
          return;
        }
      if (g_str_equal (status, "queued") && queued == NULL)
        queued = image;
      else if (g_str_equal (status, "active"))
        other = image;
    }

  if (queued != NULL)
    {
      /* An upload that never happened, say after a cancelled apply: finish it. */
      set_id (&self->image_id, queued);
      self->image_needs_upload = TRUE;
      takeover_prepare_item_set_resource_id (self->image_item, self->image_id);
      item_set (self->image_item, TAKEOVER_PREPARE_STATUS_CREATE,
                _("Will upload the 1 MiB blank image into the queued image %s."), self->image_id);
    }
  else if (other != NULL)
    {
      /* Printed first: xgettext cannot see through G_GINT64_FORMAT inside a message. */
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               json_object_get_int_member_with_default (other,
                                                                                        "size",
                                                                                        0));

      item_set (self->image_item, TAKEOVER_PREPARE_STATUS_CONFLICT,
                _("Image %s of that name is not the 1 MiB blank image (size %s bytes); name "
                  "another image."), object_id (other), size);
    }
  else
    {
      self->image_needs_upload = TRUE;
      takeover_prepare_item_set_status (self->image_item, TAKEOVER_PREPARE_STATUS_CREATE,
                                        _("Will create a raw, bare 1 MiB blank image, upload "
                                          "it and wait until it is active."));
    }
  run_next (task);
}

static void
plan_image (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  /* The image belongs to the project: a new project has none yet. */
  if (self->project_id == NULL)
    {
      self->image_needs_upload = TRUE;
      takeover_prepare_item_set_status (self->image_item, TAKEOVER_PREPARE_STATUS_CREATE,
                                        _("Will create a raw, bare 1 MiB blank image, upload "
                                          "it and wait until it is active."));
      run_next (task);
      return;
    }

  takeover_glance_list_images_async (self->glance, self->image, self->project_id,
                                     g_task_get_cancellable (task), plan_image_cb, task);
}

/* Apply steps -------------------------------------------------------------------------------- */

static void
apply_check (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  guint n_problems = takeover_prepare_get_n_problems (self);

  if (n_problems > 0)
    {
      finish_error (task, g_error_new (TAKEOVER_PREPARE_ERROR, TAKEOVER_PREPARE_ERROR_PLAN,
                                       g_dngettext (GETTEXT_PACKAGE,
                                                    "%u item needs attention before the cloud "
                                                    "can be prepared; nothing was changed.",
                                                    "%u items need attention before the cloud "
                                                    "can be prepared; nothing was changed.",
                                                    n_problems),
                                       n_problems));
      return;
    }
  run_next (task);
}

/* The end of each create step: the new object's id on @item, or the apply's failure. */
static void
apply_created (GTask               *task,
               TakeoverPrepareItem *item,
               char               **id,
               JsonObject          *object,
               GError              *error)
{
  if (object == NULL)
    {
      apply_failed (task, item, error);
      return;
    }
  set_id (id, object);
  created (item, *id);
  json_object_unref (object);
  run_next (task);
}

static void
apply_project_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  GError *error = NULL;
  JsonObject *project = takeover_keystone_create_finish (TAKEOVER_KEYSTONE (object), result,
                                                         &error);

  apply_created (task, self->project_item, &self->project_id, project, error);
}

static void
apply_project (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) fields = NULL;

  if (!needs_creating (self->project_item))
    {
      run_next (task);
      return;
    }

  fields = json_object_new ();
  json_object_set_string_member (fields, "name", self->project);
  json_object_set_string_member (fields, "domain_id", self->domain_id);
  json_object_set_string_member (fields, "description", _("Servers adopted by Takeover"));
  takeover_keystone_create_async (self->keystone, TAKEOVER_KEYSTONE_PROJECT, fields,
                                  g_task_get_cancellable (task), apply_project_cb, task);
}

static void
apply_user_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  GError *error = NULL;
  JsonObject *user = takeover_keystone_create_finish (TAKEOVER_KEYSTONE (object), result, &error);

  apply_created (task, self->user_item, &self->user_id, user, error);
}

static char *
generate_password (GError **error)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  guint8 random[20];
  char *password;

  /* getrandom() blocks only before the kernel's pool is seeded, long past at this point; a
   * kernel without it (ENOSYS) or a seccomp filter is the one way it fails. */
  if (getrandom (random, sizeof random, 0) != sizeof random)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make a password for the new user (no random numbers from the "
                     "system: %s); give the user a password of your own"),
                   g_strerror (saved_errno));
      return NULL;
    }

  password = g_new0 (char, sizeof random + 1);
  for (gsize i = 0; i < sizeof random; i++)
    password[i] = alphabet[random[i] % (sizeof alphabet - 1)];
  return password;
}

static void
apply_user (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) fields = NULL;

  if (!needs_creating (self->user_item))
    {
      run_next (task);
      return;
    }

  if (self->user_password == NULL)
    {
      GError *error = NULL;

      g_free (self->generated_password);
  for (guint i = 0; i < G_N_ELEMENTS (self->shown_ids); i++)
    g_free (self->shown_ids[i]);
      if ((self->generated_password = generate_password (&error)) == NULL)
        {
          apply_failed (task, self->user_item, error);
          return;
        }
    }
  fields = json_object_new ();
  json_object_set_string_member (fields, "name", self->user);
  json_object_set_string_member (fields, "domain_id", self->domain_id);
  json_object_set_string_member (fields, "default_project_id", self->project_id);
  json_object_set_string_member (fields, "password", self->user_password != NULL
                                                     ? self->user_password
                                                     : self->generated_password);
  takeover_keystone_create_async (self->keystone, TAKEOVER_KEYSTONE_USER, fields,
                                  g_task_get_cancellable (task), apply_user_cb, task);
}

static void
apply_role_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!takeover_keystone_grant_role_finish (TAKEOVER_KEYSTONE (object), result, &error))
    {
      apply_failed (task, self->role_item, error);
      return;
    }
  takeover_prepare_item_set_status (self->role_item, TAKEOVER_PREPARE_STATUS_CREATED,
                                    _("Granted."));
  run_next (task);
}

static void
apply_role (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  if (!needs_creating (self->role_item))
    {
      run_next (task);
      return;
    }

  takeover_keystone_grant_role_async (self->keystone, self->project_id, self->user_id,
                                      self->role_id, g_task_get_cancellable (task),
                                      apply_role_cb, task);
}

static void
apply_quotas_set_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) quota_set = NULL;
  g_autofree char *limited = NULL;
  GError *error = NULL;

  quota_set = takeover_nova_set_quotas_finish (TAKEOVER_NOVA (object), result, &error);
  if (quota_set == NULL)
    {
      apply_failed (task, self->quotas_item, error);
      return;
    }

  /* Nova answers with what it stored: anything still limited is a refusal in disguise. */
  limited = limited_quotas (quota_set);
  if (limited != NULL)
    {
      apply_failed (task, self->quotas_item,
                    g_error_new (TAKEOVER_PREPARE_ERROR, TAKEOVER_PREPARE_ERROR_APPLY,
                                 _("Nova kept these quotas limited: %s."), limited));
      return;
    }
  takeover_prepare_item_set_status (self->quotas_item, TAKEOVER_PREPARE_STATUS_CREATED,
                                    _("Every quota set to unlimited."));
  run_next (task);
}

static void
apply_quotas_get_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) unlimited = json_object_new ();
  g_autoptr(GList) members = NULL;
  GError *error = NULL;

  current = takeover_nova_get_quotas_finish (TAKEOVER_NOVA (object), result, &error);
  if (current == NULL)
    {
      apply_failed (task, self->quotas_item, error);
      return;
    }

  /* Every quota this Nova knows at this microversion, whatever their number. */
  members = json_object_get_members (current);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (current, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        json_object_set_int_member (unlimited, l->data, -1);
    }
  takeover_nova_set_quotas_async (self->nova, self->project_id, unlimited,
                                  g_task_get_cancellable (task), apply_quotas_set_cb, task);
}

static void
apply_quotas (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  if (!needs_creating (self->quotas_item))
    {
      run_next (task);
      return;
    }

  takeover_nova_get_quotas_async (self->nova, self->project_id, g_task_get_cancellable (task),
                                  apply_quotas_get_cb, task);
}

static void
apply_flavor_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  GError *error = NULL;
  JsonObject *flavor = takeover_nova_create_flavor_finish (TAKEOVER_NOVA (object), result, &error);

  apply_created (task, self->flavor_item, &self->flavor_id, flavor, error);
}

static void
apply_flavor (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) specs = NULL;
  g_autofree char *rc = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *name = NULL;

  if (!needs_creating (self->flavor_item))
    {
      run_next (task);
      return;
    }

  /* Ironic nodes are scheduled by resource class alone; the standard resources are zeroed
   * so that Placement does not look for them (Ironic's flavor documentation). */
  fields = json_object_new ();
  name = flavor_name (self);
  json_object_set_string_member (fields, "name", name);
  json_object_set_int_member (fields, "ram", 1);
  json_object_set_int_member (fields, "vcpus", 1);
  json_object_set_int_member (fields, "disk", 0);
  rc = _takeover_prepare_custom_resource_class (self->resource_class);
  spec = g_strconcat ("resources:", rc, NULL);
  specs = json_object_new ();
  json_object_set_string_member (specs, spec, "1");
  json_object_set_string_member (specs, "resources:VCPU", "0");
  json_object_set_string_member (specs, "resources:MEMORY_MB", "0");
  json_object_set_string_member (specs, "resources:DISK_GB", "0");
  takeover_nova_create_flavor_async (self->nova, fields, specs, g_task_get_cancellable (task),
                                     apply_flavor_cb, task);
}

static void
apply_network_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  GError *error = NULL;
  JsonObject *network = takeover_neutron_create_network_finish (TAKEOVER_NEUTRON (object), result,
                                                                &error);

  apply_created (task, self->network_item, &self->network_id, network, error);
}

static void
apply_network (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) fields = NULL;

  if (!needs_creating (self->network_item))
    {
      run_next (task);
      return;
    }

  fields = json_object_new ();
  json_object_set_string_member (fields, "name", self->network);
  json_object_set_string_member (fields, "project_id", self->project_id);
  if (self->network_type != NULL)
    json_object_set_string_member (fields, "provider:network_type", self->network_type);
  if (self->physical_network != NULL)
    json_object_set_string_member (fields, "provider:physical_network", self->physical_network);
  if (self->segmentation_id > 0)
    json_object_set_int_member (fields, "provider:segmentation_id", self->segmentation_id);
  takeover_neutron_create_network_async (self->neutron, fields, g_task_get_cancellable (task),
                                         apply_network_cb, task);
}

static void apply_subnets (GTask *task);

static void
apply_subnet_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  TakeoverPrepareItem *item = g_ptr_array_index (self->subnet_items, run->subnet);
  g_autoptr(JsonObject) subnet = NULL;
  GError *error = NULL;

  subnet = takeover_neutron_create_subnet_finish (TAKEOVER_NEUTRON (object), result, &error);
  if (subnet == NULL)
    {
      apply_failed (task, item, error);
      return;
    }
  created (item, object_id (subnet));
  run->subnet++;
  apply_subnets (task);
}

/* Creates the planned subnets one by one; run->subnet is the next to look at. */
static void
apply_subnets (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonArray) pools = json_array_new ();
  g_autoptr(JsonArray) dns = json_array_new ();
  g_autofree char *name = NULL;
  TakeoverSubnetPlan *plan;

  while (run->subnet < self->subnet_items->len &&
         !needs_creating (g_ptr_array_index (self->subnet_items, run->subnet)))
    run->subnet++;
  if (run->subnet >= self->subnet_items->len)
    {
      run_next (task);
      return;
    }

  plan = g_ptr_array_index (self->subnet_plans, run->subnet);
  for (guint i = 0; i + 1 < plan->pools->len; i += 2)
    {
      g_autoptr(JsonObject) pool = json_object_new ();

      json_object_set_string_member (pool, "start", g_ptr_array_index (plan->pools, i));
      json_object_set_string_member (pool, "end", g_ptr_array_index (plan->pools, i + 1));
      json_array_add_object_element (pools, g_steal_pointer (&pool));
    }
  for (guint i = 0; self->dns_servers != NULL && self->dns_servers[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) server = g_inet_address_new_from_string (self->dns_servers[i]);
      int version = g_inet_address_get_family (server) == G_SOCKET_FAMILY_IPV4 ? 4 : 6;

      if (version == plan->ip_version)
        json_array_add_string_element (dns, self->dns_servers[i]);
    }

  name = g_strdup_printf ("%s-%s", self->network, plan->cidr);
  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "network_id", self->network_id);
  json_object_set_string_member (fields, "project_id", self->project_id);
  json_object_set_int_member (fields, "ip_version", plan->ip_version);
  json_object_set_string_member (fields, "cidr", plan->cidr);
  json_object_set_array_member (fields, "allocation_pools", g_steal_pointer (&pools));
  json_object_set_array_member (fields, "dns_nameservers", g_steal_pointer (&dns));
  /* The servers keep their own addresses: a DHCP server here would only compete. */
  json_object_set_boolean_member (fields, "enable_dhcp", FALSE);
  if (plan->gateway_ip != NULL)
    json_object_set_string_member (fields, "gateway_ip", plan->gateway_ip);
  else
    json_object_set_null_member (fields, "gateway_ip");
  takeover_neutron_create_subnet_async (self->neutron, fields, g_task_get_cancellable (task),
                                        apply_subnet_cb, task);
}

static void
apply_upload_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) image = NULL;
  GError *error = NULL;

  image = takeover_glance_upload_finish (TAKEOVER_GLANCE (object), result, &error);
  if (image == NULL)
    {
      apply_failed (task, self->image_item, error);
      return;
    }
  takeover_prepare_item_set_resource_id (self->image_item, self->image_id);
  item_set (self->image_item, TAKEOVER_PREPARE_STATUS_CREATED,
            _("Uploaded, checksum verified, active (id %s)."), self->image_id);
  run_next (task);
}

static void
apply_upload (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(GBytes) blank = NULL;

  if (!needs_creating (self->image_item))
    {
      run_next (task);
      return;
    }

  blank = g_bytes_new_take (g_malloc0 (TAKEOVER_PREPARE_IMAGE_SIZE), TAKEOVER_PREPARE_IMAGE_SIZE);
  takeover_glance_upload_async (self->glance, self->image_id, blank, IMAGE_ACTIVE_TIMEOUT_S,
                                g_task_get_cancellable (task), apply_upload_cb, task);
}

static void
apply_image_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) image = NULL;
  GError *error = NULL;

  image = takeover_glance_create_image_finish (TAKEOVER_GLANCE (object), result, &error);
  if (image == NULL)
    {
      apply_failed (task, self->image_item, error);
      return;
    }
  set_id (&self->image_id, image);
  apply_upload (task);
}

static void
apply_image (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) fields = NULL;

  if (!needs_creating (self->image_item))
    {
      run_next (task);
      return;
    }
  if (self->image_id != NULL)
    {
      apply_upload (task);
      return;
    }

  fields = json_object_new ();
  json_object_set_string_member (fields, "name", self->image);
  json_object_set_string_member (fields, "disk_format", "raw");
  json_object_set_string_member (fields, "container_format", "bare");
  json_object_set_string_member (fields, "visibility", "private");
  json_object_set_string_member (fields, "owner", self->project_id);
  takeover_glance_create_image_async (self->glance, fields, g_task_get_cancellable (task),
                                      apply_image_cb, task);
}

/* A standalone Ironic has no Glance: the nodes' image_source is the image's URL. */
static void
plan_image_url (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);

  g_clear_pointer (&self->image_id, g_free);
  if (is_image_url (self->image))
    {
      self->image_id = g_strdup (self->image);
      item_set (self->image_item, TAKEOVER_PREPARE_STATUS_EXISTS,
                _("The nodes will use %s as their image_source."), self->image);
    }
  else
    item_set (self->image_item, TAKEOVER_PREPARE_STATUS_CONFLICT, "%s",
              _("This Ironic runs without Glance: give the image as an http:// or https:// URL "
                "that its conductors can read."));

  run_next (task);
}

/* Running ------------------------------------------------------------------------------------ */

/* The plan's reads in four chains that run side by side: each chain's steps need what the
 * earlier ones found, the chains need nothing of each other. */
static const Step chain_ironic[] = { plan_ironic, plan_ironic_properties, NULL };
static const Step chain_identity[] = {
  plan_domain, plan_project, plan_user, plan_role, plan_quotas, plan_image, NULL
};
static const Step chain_compute[] = { plan_flavor, plan_hypervisors, NULL };
static const Step chain_network[] = { plan_network, plan_subnets, NULL };
static const Step * const chains[] = { chain_ironic, chain_identity, chain_compute, chain_network };
static const Step chain_image_url[] = { plan_image_url, NULL };
static const Step * const standalone_chains[] = { chain_ironic, chain_image_url };

static void plan_chains (GTask *task);

static const Step plan_steps[] = { plan_start, plan_chains, NULL };
static const Step apply_steps[] = {
  plan_start, plan_chains, apply_check, apply_project, apply_user, apply_role, apply_quotas,
  apply_flavor, apply_network, apply_subnets, apply_image, NULL
};

static const char *
get_id (TakeoverPrepare *self,
        guint            prop_id)
{
  switch (prop_id)
    {
    case PROP_PROJECT_ID:
      return takeover_prepare_get_project_id (self);
    case PROP_IMAGE_ID:
      return takeover_prepare_get_image_id (self);
    case PROP_NETWORK_ID:
      return takeover_prepare_get_network_id (self);
    case PROP_FLAVOR_ID:
      return takeover_prepare_get_flavor_id (self);
    default:
      g_assert_not_reached ();
    }
}

static void
set_busy (TakeoverPrepare *self,
          gboolean         busy)
{
  self->busy = busy;
  if (busy)
    {
      for (guint prop = PROP_PROJECT_ID; prop <= PROP_FLAVOR_ID; prop++)
        {
          g_free (self->shown_ids[prop - PROP_PROJECT_ID]);
          self->shown_ids[prop - PROP_PROJECT_ID] = g_strdup (get_id (self, prop));
        }
      self->shown_n_problems = takeover_prepare_get_n_problems (self);
    }
  else
    {
      /* A run moves many ids and items: each changed property is notified once, at its end. */
      g_object_freeze_notify (G_OBJECT (self));
      for (guint prop = PROP_PROJECT_ID; prop <= PROP_FLAVOR_ID; prop++)
        if (g_strcmp0 (self->shown_ids[prop - PROP_PROJECT_ID], get_id (self, prop)) != 0)
          g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
      if (self->shown_n_problems != takeover_prepare_get_n_problems (self))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
      g_object_thaw_notify (G_OBJECT (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Ends the run with @error, taking the reference on @task that the step held. */
static void
finish_error (GTask  *task,
              GError *error)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (run->top)
    set_busy (self, FALSE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Takes the reference on @task that the finished step held. */
static void
run_next (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  Step step;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      finish_error (task, error);
      return;
    }

  step = run->steps[run->next];
  if (step == NULL)
    {
      if (run->top)
        set_busy (self, FALSE);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  run->next++;
  step (task);
}

static void
chain_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (run->error == NULL)
        run->error = error;
      else
        g_error_free (error);
    }

  /* Each chain held a reference on @task; the last one goes on with it. */
  if (--run->pending > 0)
    g_object_unref (task);
  else if (run->error != NULL)
    finish_error (task, g_steal_pointer (&run->error));
  else
    run_next (task);
}

static void
plan_chains (GTask *task)
{
  TakeoverPrepare *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint n_chains = is_standalone (self) ? G_N_ELEMENTS (standalone_chains) : G_N_ELEMENTS (chains);

  run->pending = n_chains;
  for (guint i = 0; i < n_chains; i++)
    {
      GTask *chain = g_task_new (self, g_task_get_cancellable (task), chain_done_cb,
                                 g_object_ref (task));
      Run *chain_run = g_new0 (Run, 1);

      g_task_set_source_tag (chain, plan_chains);
      chain_run->steps = is_standalone (self) ? standalone_chains[i] : chains[i];
      g_task_set_task_data (chain, chain_run, run_free);
      run_next (chain);
    }
  g_object_unref (task);
}

static void
start_run (TakeoverPrepare     *self,
           const Step          *steps,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);

  g_task_set_source_tag (task, source_tag);
  run->steps = steps;
  run->top = TRUE;
  g_task_set_task_data (task, run, run_free);

  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The cloud is already being checked or prepared."));
      g_object_unref (task);
      return;
    }
  set_busy (self, TRUE);
  run_next (task);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
takeover_prepare_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TakeoverPrepare *self = TAKEOVER_PREPARE (object);

  switch (prop_id)
    {
    case PROP_CLOUD:
      g_value_set_object (value, self->cloud);
      break;

    case PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_N_PROBLEMS:
      g_value_set_uint (value, takeover_prepare_get_n_problems (self));
      break;

    case PROP_PROJECT_ID:
    case PROP_IMAGE_ID:
    case PROP_NETWORK_ID:
    case PROP_FLAVOR_ID:
      g_value_set_string (value, get_id (self, prop_id));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_prepare_dispose (GObject *object)
{
  TakeoverPrepare *self = TAKEOVER_PREPARE (object);

  g_clear_object (&self->ironic);
  g_clear_object (&self->keystone);
  g_clear_object (&self->nova);
  g_clear_object (&self->neutron);
  g_clear_object (&self->glance);
  g_clear_object (&self->cloud);
  g_clear_object (&self->hosts);
  g_clear_pointer (&self->subnet_items, g_ptr_array_unref);

  G_OBJECT_CLASS (takeover_prepare_parent_class)->dispose (object);
}

static void
takeover_prepare_finalize (GObject *object)
{
  TakeoverPrepare *self = TAKEOVER_PREPARE (object);

  g_free (self->domain);
  g_free (self->project);
  g_free (self->user);
  g_free (self->user_password);
  g_free (self->role);
  g_free (self->network);
  g_free (self->network_type);
  g_free (self->physical_network);
  g_free (self->gateway);
  g_strfreev (self->dns_servers);
  g_free (self->resource_class);
  g_free (self->flavor);
  g_free (self->image);
  g_clear_object (&self->items);
  g_clear_pointer (&self->subnet_plans, g_ptr_array_unref);
  g_strfreev (self->addresses);
  g_free (self->domain_id);
  g_free (self->project_id);
  g_free (self->user_id);
  g_free (self->role_id);
  g_free (self->flavor_id);
  g_free (self->network_id);
  g_free (self->image_id);
  g_free (self->generated_password);

  G_OBJECT_CLASS (takeover_prepare_parent_class)->finalize (object);
}

static void
takeover_prepare_class_init (TakeoverPrepareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_prepare_dispose;
  object_class->finalize = takeover_prepare_finalize;
  object_class->get_property = takeover_prepare_get_property;

  properties[PROP_CLOUD] =
    g_param_spec_object ("cloud", NULL, NULL, TAKEOVER_TYPE_CLOUD,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The plan's items, a GListModel of TakeoverPrepareItem: the same model across runs. */
  properties[PROP_ITEMS] =
    g_param_spec_object ("items", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A plan or an apply is running. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Items in conflict or forbidden: the apply is refused while there are any. */
  properties[PROP_N_PROBLEMS] =
    g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The ids the adoption needs, once they exist (notified when a plan or apply ends). */
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE_ID] =
    g_param_spec_string ("image-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK_ID] =
    g_param_spec_string ("network-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAVOR_ID] =
    g_param_spec_string ("flavor-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_prepare_init (TakeoverPrepare *self)
{
  self->items = g_list_store_new (TAKEOVER_TYPE_PREPARE_ITEM);
  self->subnet_items = g_ptr_array_new_with_free_func (g_object_unref);
  self->domain = g_strdup (TAKEOVER_PREPARE_DEFAULT_DOMAIN);
  self->project = g_strdup (TAKEOVER_PREPARE_DEFAULT_NAME);
  self->user = g_strdup (TAKEOVER_PREPARE_DEFAULT_NAME);
  self->role = g_strdup (TAKEOVER_PREPARE_DEFAULT_ROLE);
  self->network = g_strdup (TAKEOVER_PREPARE_DEFAULT_NAME);
  self->resource_class = g_strdup (TAKEOVER_PREPARE_DEFAULT_RESOURCE_CLASS);
  self->image = g_strdup (TAKEOVER_PREPARE_DEFAULT_IMAGE);
  self->prefix4 = TAKEOVER_PREPARE_DEFAULT_PREFIX4;
  self->prefix6 = TAKEOVER_PREPARE_DEFAULT_PREFIX6;
}

/* Public API --------------------------------------------------------------------------------- */

TakeoverPrepare *
takeover_prepare_new (TakeoverCloud *cloud,
                      GListModel    *hosts)
{
  TakeoverPrepare *self;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (cloud), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (hosts), NULL);

  self = g_object_new (TAKEOVER_TYPE_PREPARE, NULL);
  self->cloud = g_object_ref (cloud);
  self->hosts = g_object_ref (hosts);
  self->ironic = takeover_ironic_new (cloud);
  self->keystone = takeover_keystone_new (cloud);
  self->nova = takeover_nova_new (cloud);
  self->neutron = takeover_neutron_new (cloud);
  self->glance = takeover_glance_new (cloud);
  return self;
}

TakeoverCloud *
takeover_prepare_get_cloud (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  return self->cloud;
}

GListModel *
takeover_prepare_get_items (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  return G_LIST_MODEL (self->items);
}

guint
takeover_prepare_get_n_problems (TakeoverPrepare *self)
{
  guint n = 0;

  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(TakeoverPrepareItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (takeover_prepare_status_is_problem (takeover_prepare_item_get_status (item)))
        n++;
    }
  return n;
}

/**
 * takeover_prepare_get_standalone:
 *
 * Returns: whether the cloud is a standalone Ironic (no Keystone): then only the hardware type
 *   is checked, and the image must be a URL (takeover_prepare_set_image())
 */
gboolean
takeover_prepare_get_standalone (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), FALSE);

  return is_standalone (self);
}

gboolean
takeover_prepare_get_busy (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), FALSE);

  return self->busy;
}

const char *
takeover_prepare_get_project_id (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  return self->project_id;
}

/* An image still queued is not usable yet. */
const char *
takeover_prepare_get_image_id (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  if (self->image_item == NULL || needs_creating (self->image_item))
    return NULL;
  return self->image_id;
}

const char *
takeover_prepare_get_network_id (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  return self->network_id;
}

const char *
takeover_prepare_get_flavor_id (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  return self->flavor_id;
}

const char *
takeover_prepare_get_generated_password (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  return self->generated_password;
}

static void
set_string (char       **field,
            const char  *value,
            const char  *fallback)
{
  g_free (*field);
  *field = g_strdup (value != NULL ? value : fallback);
}

void
takeover_prepare_set_domain (TakeoverPrepare *self,
                             const char      *domain)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->domain, domain, TAKEOVER_PREPARE_DEFAULT_DOMAIN);
}

void
takeover_prepare_set_project (TakeoverPrepare *self,
                              const char      *project)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->project, project, TAKEOVER_PREPARE_DEFAULT_NAME);
}

void
takeover_prepare_set_user (TakeoverPrepare *self,
                           const char      *user)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->user, user, TAKEOVER_PREPARE_DEFAULT_NAME);
}

void
takeover_prepare_set_user_password (TakeoverPrepare *self,
                                    const char      *password)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->user_password, password, NULL);
}

void
takeover_prepare_set_role (TakeoverPrepare *self,
                           const char      *role)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->role, role, TAKEOVER_PREPARE_DEFAULT_ROLE);
}

void
takeover_prepare_set_network (TakeoverPrepare *self,
                              const char      *network)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->network, network, TAKEOVER_PREPARE_DEFAULT_NAME);
}

void
takeover_prepare_set_provider (TakeoverPrepare *self,
                               const char      *network_type,
                               const char      *physical_network,
                               guint            segmentation_id)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->network_type, network_type, NULL);
  set_string (&self->physical_network, physical_network, NULL);
  self->segmentation_id = segmentation_id;
}

void
takeover_prepare_set_prefix_length (TakeoverPrepare *self,
                                    guint            prefix4,
                                    guint            prefix6)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  self->prefix4 = prefix4 != 0 ? prefix4 : TAKEOVER_PREPARE_DEFAULT_PREFIX4;
  self->prefix6 = prefix6 != 0 ? prefix6 : TAKEOVER_PREPARE_DEFAULT_PREFIX6;
}

void
takeover_prepare_set_gateway (TakeoverPrepare *self,
                              const char      *gateway)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->gateway, gateway, NULL);
}

void
takeover_prepare_set_dns_servers (TakeoverPrepare    *self,
                                  const char * const *servers)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  g_strfreev (self->dns_servers);
  self->dns_servers = g_strdupv ((char **) servers);
}

void
takeover_prepare_set_resource_class (TakeoverPrepare *self,
                                     const char      *resource_class)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->resource_class, resource_class, TAKEOVER_PREPARE_DEFAULT_RESOURCE_CLASS);
}

void
takeover_prepare_set_flavor (TakeoverPrepare *self,
                             const char      *flavor)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->flavor, flavor, NULL);
}

/**
 * takeover_prepare_get_image:
 *
 * Returns: the image the nodes will have: a Glance image's name, or for a standalone Ironic
 *   a URL
 */
const char *
takeover_prepare_get_image (TakeoverPrepare *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE (self), NULL);

  return self->image;
}

void
takeover_prepare_set_image (TakeoverPrepare *self,
                            const char      *image)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));

  set_string (&self->image, image, TAKEOVER_PREPARE_DEFAULT_IMAGE);
}

void
takeover_prepare_plan_async (TakeoverPrepare     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_run (self, plan_steps, takeover_prepare_plan_async, cancellable, callback, user_data);
}

gboolean
takeover_prepare_plan_finish (TakeoverPrepare  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
takeover_prepare_apply_async (TakeoverPrepare     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_run (self, apply_steps, takeover_prepare_apply_async, cancellable, callback, user_data);
}

gboolean
takeover_prepare_apply_finish (TakeoverPrepare  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
