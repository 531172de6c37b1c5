/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-wizard-page"

#include "config.h"

#include "takeover-wizard-page.h"

/* The base of the wizard's steps: it holds the session the step shows and drives, set once
 * at construction, so that each step is only what it shows. */
typedef struct
{
  TakeoverSession *session;
} TakeoverWizardPagePrivate;

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (TakeoverWizardPage, takeover_wizard_page, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

static void
takeover_wizard_page_dispose (GObject *object)
{
  TakeoverWizardPage *self = TAKEOVER_WIZARD_PAGE (object);
  TakeoverWizardPagePrivate *priv = takeover_wizard_page_get_instance_private (self);

  /* Last: a step's own dispose, which runs first, may still cancel what it started. */
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (takeover_wizard_page_parent_class)->dispose (object);
}

static void
takeover_wizard_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TakeoverWizardPage *self = TAKEOVER_WIZARD_PAGE (object);
  TakeoverWizardPagePrivate *priv = takeover_wizard_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_wizard_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TakeoverWizardPage *self = TAKEOVER_WIZARD_PAGE (object);
  TakeoverWizardPagePrivate *priv = takeover_wizard_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_wizard_page_class_init (TakeoverWizardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_wizard_page_dispose;
  object_class->get_property = takeover_wizard_page_get_property;
  object_class->set_property = takeover_wizard_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TAKEOVER_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_wizard_page_init (TakeoverWizardPage *self)
{
}

/**
 * takeover_wizard_page_get_session:
 *
 * Returns: (transfer none): the session this step shows
 */
TakeoverSession *
takeover_wizard_page_get_session (TakeoverWizardPage *self)
{
  TakeoverWizardPagePrivate *priv;

  g_return_val_if_fail (TAKEOVER_IS_WIZARD_PAGE (self), NULL);

  priv = takeover_wizard_page_get_instance_private (self);
  return priv->session;
}
