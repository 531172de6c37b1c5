/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-problem"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-problem.h"

/* One thing wrong with an inventory: where (file, line, field), how bad, and a sentence the
 * operator can act on. Immutable once made, so a worker thread can create it and hand it over. */
struct _TakeoverProblem
{
  GObject           parent_instance;

  TakeoverHost     *host;
  char             *file;
  char             *field;
  char             *message;
  guint             line;
  TakeoverSeverity  severity;
};

enum {
  PROP_0,
  PROP_SEVERITY,
  PROP_HOST,
  PROP_FILE,
  PROP_LINE,
  PROP_FIELD,
  PROP_MESSAGE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverProblem, takeover_problem, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

GType
takeover_severity_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TAKEOVER_SEVERITY_WARNING, "TAKEOVER_SEVERITY_WARNING", "warning" },
        { TAKEOVER_SEVERITY_ERROR, "TAKEOVER_SEVERITY_ERROR", "error" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type_id, g_enum_register_static ("TakeoverSeverity", values));
    }

  return type_id;
}

static void
takeover_problem_dispose (GObject *object)
{
  TakeoverProblem *self = (TakeoverProblem *)object;

  g_clear_object (&self->host);

  G_OBJECT_CLASS (takeover_problem_parent_class)->dispose (object);
}

static void
takeover_problem_finalize (GObject *object)
{
  TakeoverProblem *self = (TakeoverProblem *)object;

  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (takeover_problem_parent_class)->finalize (object);
}

static void
takeover_problem_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TakeoverProblem *self = TAKEOVER_PROBLEM (object);

  switch (prop_id)
    {
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;

    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;

    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;

    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;

    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_problem_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TakeoverProblem *self = TAKEOVER_PROBLEM (object);

  /* Every property is construct-only, so each is set exactly once. */
  switch (prop_id)
    {
    case PROP_SEVERITY:
      self->severity = g_value_get_enum (value);
      break;

    case PROP_HOST:
      self->host = g_value_dup_object (value);
      break;

    case PROP_FILE:
      self->file = g_value_dup_string (value);
      break;

    case PROP_LINE:
      self->line = g_value_get_uint (value);
      break;

    case PROP_FIELD:
      self->field = g_value_dup_string (value);
      break;

    case PROP_MESSAGE:
      self->message = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_problem_class_init (TakeoverProblemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = takeover_problem_dispose;
  object_class->finalize = takeover_problem_finalize;
  object_class->get_property = takeover_problem_get_property;
  object_class->set_property = takeover_problem_set_property;

  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL, TAKEOVER_TYPE_SEVERITY,
                       TAKEOVER_SEVERITY_ERROR, flags);
  /* The host the record became, so a list row can find its problems; NULL when the problem
   * concerns the file as a whole (it cannot be parsed, a CSV header is wrong). */
  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL, TAKEOVER_TYPE_HOST, flags);
  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, flags);
  /* 1-based; 0 when the problem has no line (an empty file). */
  properties[PROP_LINE] = g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* The field's name as the file's format spells it (ipmi_ip in hosts.conf, ipmi_address in
   * CSV, driver_info.ipmi_address in JSON), or "record" for the record as a whole. */
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_problem_init (TakeoverProblem *self)
{
}

/**
 * takeover_problem_new:
 * @host: (nullable): the host the problem belongs to
 * @file: the file's name as the user gave it
 * @field: the field's name in the file's format, or "record"
 * @message: a translated sentence that never contains a secret
 */
TakeoverProblem *
takeover_problem_new (TakeoverSeverity  severity,
                      TakeoverHost     *host,
                      const char       *file,
                      guint             line,
                      const char       *field,
                      const char       *message)
{
  g_return_val_if_fail (!host || TAKEOVER_IS_HOST (host), NULL);
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  return g_object_new (TAKEOVER_TYPE_PROBLEM,
                       "severity", severity,
                       "host", host,
                       "file", file,
                       "line", line,
                       "field", field,
                       "message", message,
                       NULL);
}

TakeoverSeverity
takeover_problem_get_severity (TakeoverProblem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBLEM (self), TAKEOVER_SEVERITY_ERROR);

  return self->severity;
}

/**
 * takeover_problem_get_host:
 *
 * Returns: (transfer none) (nullable): the host, or %NULL for a problem of the whole file
 */
TakeoverHost *
takeover_problem_get_host (TakeoverProblem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBLEM (self), NULL);

  return self->host;
}

const char *
takeover_problem_get_file (TakeoverProblem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBLEM (self), NULL);

  return self->file;
}

guint
takeover_problem_get_line (TakeoverProblem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBLEM (self), 0);

  return self->line;
}

const char *
takeover_problem_get_field (TakeoverProblem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBLEM (self), NULL);

  return self->field;
}

const char *
takeover_problem_get_message (TakeoverProblem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBLEM (self), NULL);

  return self->message;
}

/**
 * takeover_problem_to_string:
 *
 * Returns: (transfer full): "FILE:LINE: FIELD: error: message" (or "warning:"), close to
 *   the form compilers use, so editors and terminals can jump to the line
 */
char *
takeover_problem_to_string (TakeoverProblem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBLEM (self), NULL);

  return g_strdup_printf ("%s:%u: %s: %s: %s", self->file, self->line, self->field,
                          self->severity == TAKEOVER_SEVERITY_ERROR ? _("error") : _("warning"),
                          self->message);
}
