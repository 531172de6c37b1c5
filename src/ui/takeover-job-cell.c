/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-job-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cell-tooltip.h"
#include "takeover-job-cell.h"

/* One cell of a host's adoption in a column view: its name, its step (a spinner while it
 * runs, an icon once it ended), a progress bar, its node or what happened. The cell follows
 * its job's notifies, so that a list of a thousand hosts updates the rows on screen and never
 * rebuilds its model. Its child is made once, by kind, as the column's factory sets it up. */
struct _TakeoverJobCell
{
  GtkWidget            parent_instance;

  TakeoverJobCellKind  kind;
  TakeoverAdoptJob    *job;
  GtkWidget           *child;
  GtkWidget           *spinner;    /* the step's */
  GtkWidget           *image;      /* the step's */
  GtkWidget           *label;      /* every kind's but the progress */
  guint                timer;      /* the elapsed time's, while its job runs */
};

G_DEFINE_FINAL_TYPE (TakeoverJobCell, takeover_job_cell, GTK_TYPE_WIDGET)

static void
update_step (TakeoverJobCell *self)
{
  TakeoverAdoptState state = takeover_adopt_job_get_state (self->job);
  gboolean adopted = takeover_adopt_job_is_adopted (self->job);
  gboolean running = !takeover_adopt_job_is_finished (self->job) &&
                     state != TAKEOVER_ADOPT_STATE_PENDING;
  const char *icon_name = NULL;

  if (adopted)
    icon_name = "emblem-ok-symbolic";
  else if (state == TAKEOVER_ADOPT_STATE_FAILED)
    icon_name = "dialog-error-symbolic";
  else if (state == TAKEOVER_ADOPT_STATE_SKIPPED || state == TAKEOVER_ADOPT_STATE_CANCELLED)
    icon_name = "media-playback-pause-symbolic";

  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), running);
  gtk_widget_set_visible (self->spinner, running);
  gtk_widget_set_visible (self->image, icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->image), icon_name);
  if (state == TAKEOVER_ADOPT_STATE_FAILED)
    gtk_widget_add_css_class (self->child, "error");
  else
    gtk_widget_remove_css_class (self->child, "error");
  if (adopted)
    gtk_widget_add_css_class (self->image, "success");
  else
    gtk_widget_remove_css_class (self->image, "success");
  gtk_label_set_label (GTK_LABEL (self->label), takeover_adopt_state_get_label (state));
}

static void
update_message (TakeoverJobCell *self)
{
  const char *message = takeover_adopt_job_get_message (self->job);
  g_autoptr(GString) tooltip = g_string_new (message);

  /* The sentence in the row; Ironic's own words and what to do in its tooltip. */
  if (takeover_adopt_job_get_last_error (self->job) != NULL)
    g_string_append_printf (tooltip, _("\nIronic says: %s"),
                            takeover_adopt_job_get_last_error (self->job));
  if (takeover_adopt_job_get_hint (self->job) != NULL)
    g_string_append_printf (tooltip, "\n%s", takeover_adopt_job_get_hint (self->job));
  gtk_label_set_label (GTK_LABEL (self->label), message != NULL ? message : "");
  takeover_cell_tooltip_set (self->label, tooltip->len > 0 ? tooltip->str : NULL);
}

/**
 * takeover_job_cell_format_elapsed:
 *
 * Returns: (transfer full): @seconds as a host's time in a run: "42 s", "3 min 05 s"
 */
char *
takeover_job_cell_format_elapsed (double seconds)
{
  guint total = (guint) (seconds + 0.5);

  if (total < 60)
    /* Translators: a host's time in the adoption, in seconds. */
    return g_strdup_printf (_("%u s"), total);

  /* Translators: a host's time in the adoption, in minutes and seconds. */
  return g_strdup_printf (_("%u min %02u s"), total / 60, total % 60);
}

static gboolean
elapsed_tick_cb (gpointer user_data)
{
  TakeoverJobCell *self = user_data;
  g_autofree char *text = takeover_job_cell_format_elapsed (takeover_adopt_job_get_elapsed (self->job));

  gtk_label_set_label (GTK_LABEL (self->label), text);
  return G_SOURCE_CONTINUE;
}

/* A running host's time counts up each second, in the cells on screen only. */
static void
update_elapsed (TakeoverJobCell *self)
{
  TakeoverAdoptState state = takeover_adopt_job_get_state (self->job);
  gboolean running = !takeover_adopt_job_is_finished (self->job) &&
                     state != TAKEOVER_ADOPT_STATE_PENDING;
  double elapsed = takeover_adopt_job_get_elapsed (self->job);
  g_autofree char *text = elapsed > 0 ? takeover_job_cell_format_elapsed (elapsed) : NULL;

  gtk_label_set_label (GTK_LABEL (self->label), text != NULL ? text : "");
  if (running && self->timer == 0)
    self->timer = g_timeout_add_seconds (1, elapsed_tick_cb, self);
  else if (!running)
    g_clear_handle_id (&self->timer, g_source_remove);
}

static void
update (TakeoverJobCell *self)
{
  const char *uuid;

  if (self->job == NULL)
    return;

  switch (self->kind)
    {
    case TAKEOVER_JOB_CELL_HOST:
      gtk_label_set_label (GTK_LABEL (self->label),
                           takeover_host_get_display_name (takeover_adopt_job_get_host (self->job)));
      break;

    case TAKEOVER_JOB_CELL_STEP:
      update_step (self);
      break;

    case TAKEOVER_JOB_CELL_PROGRESS:
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->child),
                                     takeover_adopt_job_get_progress (self->job));
      break;

    case TAKEOVER_JOB_CELL_ELAPSED:
      update_elapsed (self);
      break;

    case TAKEOVER_JOB_CELL_NODE:
      uuid = takeover_adopt_job_get_node_uuid (self->job);
      gtk_label_set_label (GTK_LABEL (self->label), uuid != NULL ? uuid : "");
      break;

    case TAKEOVER_JOB_CELL_MESSAGE:
    default:
      update_message (self);
      break;
    }
}

static void
build_child (TakeoverJobCell *self)
{
  if (self->kind == TAKEOVER_JOB_CELL_PROGRESS)
    {
      self->child = gtk_progress_bar_new ();
      gtk_widget_set_valign (self->child, GTK_ALIGN_CENTER);
      gtk_widget_set_margin_end (self->child, 12);
      gtk_widget_set_parent (self->child, GTK_WIDGET (self));
      return;
    }

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  if (self->kind == TAKEOVER_JOB_CELL_ELAPSED)
    gtk_widget_add_css_class (self->label, "numeric");
  /* A node's UUID is copied into commands: it can be selected. */
  if (self->kind == TAKEOVER_JOB_CELL_NODE)
    {
      gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
      gtk_widget_add_css_class (self->label, "monospace");
    }

  if (self->kind != TAKEOVER_JOB_CELL_STEP)
    {
      self->child = self->label;
      gtk_widget_set_parent (self->child, GTK_WIDGET (self));
      return;
    }

  self->child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->spinner = gtk_spinner_new ();
  self->image = gtk_image_new ();
  gtk_box_append (GTK_BOX (self->child), self->spinner);
  gtk_box_append (GTK_BOX (self->child), self->image);
  gtk_box_append (GTK_BOX (self->child), self->label);
  gtk_widget_set_parent (self->child, GTK_WIDGET (self));
}

static void
takeover_job_cell_dispose (GObject *object)
{
  TakeoverJobCell *self = TAKEOVER_JOB_CELL (object);

  takeover_job_cell_set_job (self, NULL);
  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (takeover_job_cell_parent_class)->dispose (object);
}

static void
takeover_job_cell_class_init (TakeoverJobCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_job_cell_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
takeover_job_cell_init (TakeoverJobCell *self)
{
}

GtkWidget *
takeover_job_cell_new (TakeoverJobCellKind kind)
{
  TakeoverJobCell *self = g_object_new (TAKEOVER_TYPE_JOB_CELL, NULL);

  self->kind = kind;
  build_child (self);

  return GTK_WIDGET (self);
}

TakeoverAdoptJob *
takeover_job_cell_get_job (TakeoverJobCell *self)
{
  g_return_val_if_fail (TAKEOVER_IS_JOB_CELL (self), NULL);

  return self->job;
}

/**
 * takeover_job_cell_set_job:
 * @job: (nullable): the job to show and follow
 */
void
takeover_job_cell_set_job (TakeoverJobCell  *self,
                           TakeoverAdoptJob *job)
{
  g_return_if_fail (TAKEOVER_IS_JOB_CELL (self));
  g_return_if_fail (job == NULL || TAKEOVER_IS_ADOPT_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, update, self);
  g_clear_handle_id (&self->timer, g_source_remove);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      update (self);
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, takeover_job_cell_new (GPOINTER_TO_INT (user_data)));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  takeover_job_cell_set_job (TAKEOVER_JOB_CELL (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  takeover_job_cell_set_job (TAKEOVER_JOB_CELL (gtk_list_item_get_child (list_item)), NULL);
}

/**
 * takeover_job_cell_set_factory:
 *
 * Gives @column, whose model holds #TakeoverAdoptJob items, cells of @kind.
 */
void
takeover_job_cell_set_factory (GtkColumnViewColumn *column,
                               TakeoverJobCellKind  kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}
