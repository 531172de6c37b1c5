/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-adopt-report.h"
#include "takeover-wizard-page.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_SUMMARY_PAGE (takeover_summary_page_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverSummaryPage, takeover_summary_page, TAKEOVER, SUMMARY_PAGE, TakeoverWizardPage)

TakeoverSummaryPage *takeover_summary_page_new           (TakeoverSession           *session);
GListModel          *takeover_summary_page_get_results   (TakeoverSummaryPage       *self);
void                 takeover_summary_page_choose_export (TakeoverSummaryPage       *self);
void                 takeover_summary_page_export_async  (TakeoverSummaryPage       *self,
                                                          GFile                     *file,
                                                          TakeoverAdoptReportFormat  format,
                                                          GCancellable              *cancellable,
                                                          GAsyncReadyCallback        callback,
                                                          gpointer                   user_data);
gboolean             takeover_summary_page_export_finish (TakeoverSummaryPage       *self,
                                                          GAsyncResult              *result,
                                                          GError                   **error);

G_END_DECLS
