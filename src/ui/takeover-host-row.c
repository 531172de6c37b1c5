/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-host-row"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-host-row.h"

/* One row of the host list: a host together with what the inventory found wrong with it.
 * The column view binds to these properties; rows are made anew for every loaded inventory,
 * and an edit of the inventory updates their problems (takeover_host_row_update_problems()). */
struct _TakeoverHostRow
{
  GObject           parent_instance;

  TakeoverHost     *host;
  char             *problems;
  char             *status;
  char             *search_key;
  TakeoverSeverity  severity;
  guint             has_problems : 1;
};

enum {
  PROP_0,
  PROP_HOST,
  PROP_HAS_PROBLEMS,
  PROP_SEVERITY,
  PROP_PROBLEMS,
  PROP_STATUS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverHostRow, takeover_host_row, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* "Ready", or the worst problem's sentence (after the counts when there are several), which is
 * what an operator needs to see first; the tooltip has them all. */
static char *
format_status (GPtrArray *problems)
{
  TakeoverProblem *worst = NULL;
  guint n_errors = 0;
  guint n_warnings = 0;
  g_autofree char *counts = NULL;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      TakeoverProblem *problem = g_ptr_array_index (problems, i);

      if (takeover_problem_get_severity (problem) == TAKEOVER_SEVERITY_ERROR)
        {
          if (n_errors++ == 0)
            worst = problem;
        }
      else if (n_warnings++ == 0 && worst == NULL)
        worst = problem;
    }

  if (worst == NULL)
    /* Translators: the status of a host whose inventory record has no problem. */
    return g_strdup (_("Ready"));

  /* The marker already tells error from warning, so a lone problem needs no count. */
  if (n_errors + n_warnings == 1)
    return g_strdup (takeover_problem_get_message (worst));

  counts = takeover_host_row_format_counts (n_errors, n_warnings);

  /* Translators: a host's status: problem counts ("1 error") and the worst problem's sentence. */
  return g_strdup_printf (_("%s — %s"), counts, takeover_problem_get_message (worst));
}

/* Searching matches any visible text of the row, case-insensitively; the folded key is made
 * once and dropped whenever the host changes. */
static void
host_notify_cb (TakeoverHostRow *self)
{
  g_clear_pointer (&self->search_key, g_free);
}

static const char *
get_search_key (TakeoverHostRow *self)
{
  if (self->search_key == NULL)
    {
      g_autofree char *joined =
        g_strjoin ("\n",
                   takeover_host_get_display_name (self->host) ?: "",
                   takeover_host_get_bmc_address (self->host) ?: "",
                   takeover_host_get_mgmt_ip (self->host) ?: "",
                   takeover_host_get_ssh_username (self->host) ?: "",
                   self->status,
                   self->problems ?: "",
                   NULL);

      self->search_key = g_utf8_casefold (joined, -1);
    }

  return self->search_key;
}

static void
takeover_host_row_finalize (GObject *object)
{
  TakeoverHostRow *self = TAKEOVER_HOST_ROW (object);

  g_clear_object (&self->host);
  g_clear_pointer (&self->problems, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (takeover_host_row_parent_class)->finalize (object);
}

static void
takeover_host_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TakeoverHostRow *self = TAKEOVER_HOST_ROW (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;

    case PROP_HAS_PROBLEMS:
      g_value_set_boolean (value, self->has_problems);
      break;

    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;

    case PROP_PROBLEMS:
      g_value_set_string (value, self->problems);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_host_row_class_init (TakeoverHostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = takeover_host_row_finalize;
  object_class->get_property = takeover_host_row_get_property;

  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL, TAKEOVER_TYPE_HOST,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_HAS_PROBLEMS] =
    g_param_spec_boolean ("has-problems", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* The worst problem's severity; meaningful only when has-problems is set. */
  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL, TAKEOVER_TYPE_SEVERITY, TAKEOVER_SEVERITY_WARNING,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* Every problem's sentence, one a line, or NULL. */
  properties[PROP_PROBLEMS] =
    g_param_spec_string ("problems", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_host_row_init (TakeoverHostRow *self)
{
}

TakeoverHostRow *
takeover_host_row_new (TakeoverInventory *inventory,
                       TakeoverHost      *host)
{
  TakeoverHostRow *self;
  GPtrArray *problems;
  TakeoverSeverity severity = TAKEOVER_SEVERITY_WARNING;

  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), NULL);

  self = g_object_new (TAKEOVER_TYPE_HOST_ROW, NULL);
  self->host = g_object_ref (host);
  self->has_problems = takeover_inventory_get_host_severity (inventory, host, &severity);
  self->severity = severity;
  if (self->has_problems)
    self->problems = takeover_inventory_dup_host_messages (inventory, host);
  problems = takeover_inventory_get_host_problems (inventory, host);
  self->status = format_status (problems);

  g_signal_connect_object (host, "notify", G_CALLBACK (host_notify_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * takeover_host_row_update_problems:
 *
 * Takes the host's problems again after the inventory was edited, notifying what changed.
 */
void
takeover_host_row_update_problems (TakeoverHostRow   *self,
                                   TakeoverInventory *inventory)
{
  TakeoverSeverity severity = TAKEOVER_SEVERITY_WARNING;
  gboolean has_problems;
  g_autofree char *problems = NULL;
  g_autofree char *status = NULL;

  g_return_if_fail (TAKEOVER_IS_HOST_ROW (self));
  g_return_if_fail (TAKEOVER_IS_INVENTORY (inventory));

  has_problems = takeover_inventory_get_host_severity (inventory, self->host, &severity);
  if (has_problems)
    problems = takeover_inventory_dup_host_messages (inventory, self->host);
  status = format_status (takeover_inventory_get_host_problems (inventory, self->host));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->has_problems != has_problems)
    {
      self->has_problems = has_problems;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PROBLEMS]);
    }
  if (self->severity != severity)
    {
      self->severity = severity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEVERITY]);
    }
  if (g_strcmp0 (self->problems, problems) != 0)
    {
      g_free (self->problems);
      self->problems = g_steal_pointer (&problems);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
    }
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_steal_pointer (&status);
      g_clear_pointer (&self->search_key, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

TakeoverHost *
takeover_host_row_get_host (TakeoverHostRow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_ROW (self), NULL);

  return self->host;
}

gboolean
takeover_host_row_get_has_problems (TakeoverHostRow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_ROW (self), FALSE);

  return self->has_problems;
}

TakeoverSeverity
takeover_host_row_get_severity (TakeoverHostRow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_ROW (self), TAKEOVER_SEVERITY_WARNING);

  return self->severity;
}

const char *
takeover_host_row_get_problems (TakeoverHostRow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_ROW (self), NULL);

  return self->problems;
}

const char *
takeover_host_row_get_status (TakeoverHostRow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_ROW (self), NULL);

  return self->status;
}

/* @folded_text: the search text, already passed through g_utf8_casefold(). */
gboolean
takeover_host_row_matches (TakeoverHostRow *self,
                           const char      *folded_text)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_ROW (self), FALSE);

  if (folded_text == NULL || folded_text[0] == '\0')
    return TRUE;

  return strstr (get_search_key (self), folded_text) != NULL;
}

/* Counts of problems as a person reads them ("2 errors, 1 warning"), for rows and summaries. */
char *
takeover_host_row_format_counts (guint n_errors,
                                 guint n_warnings)
{
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  errors = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", n_warnings), n_warnings);

  if (n_warnings == 0)
    return g_steal_pointer (&errors);
  if (n_errors == 0)
    return g_steal_pointer (&warnings);

  /* Translators: problem counts, made of "%u error(s)" and "%u warning(s)". */
  return g_strdup_printf (_("%s, %s"), errors, warnings);
}
