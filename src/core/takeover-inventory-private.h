/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-inventory.h"

G_BEGIN_DECLS

/* The fields of a host that an inventory carries, in the order CSV writes its columns. */
typedef enum
{
  TAKEOVER_FIELD_NAME,
  TAKEOVER_FIELD_BMC_ADDRESS,
  TAKEOVER_FIELD_BMC_PORT,
  TAKEOVER_FIELD_BMC_USERNAME,
  TAKEOVER_FIELD_BMC_PASSWORD,
  TAKEOVER_FIELD_BMC_CIPHER_SUITE,
  TAKEOVER_FIELD_BMC_PRIVILEGE,
  TAKEOVER_FIELD_MGMT_IP,
  TAKEOVER_FIELD_SSH_PORT,
  TAKEOVER_FIELD_SSH_USERNAME,
  TAKEOVER_FIELD_SSH_PASSWORD,
  TAKEOVER_FIELD_SSH_KEY_FILE,
  TAKEOVER_N_FIELDS
} TakeoverField;

/* What parsing one file gives: every record as a host (bad ones too, so nothing is dropped;
 * none when only checking, but n_records counts them) and every problem, in file order.
 * Made on any thread; nothing in it is shared yet. */
typedef struct
{
  TakeoverInventoryFormat  format;
  guint                    n_records;
  GPtrArray               *hosts;
  GPtrArray               *problems;
} TakeoverInventoryParsed;

/* Builds hosts from fields a format's parser hands over, checks each value and each record,
 * and collects the problems. One per parse; see takeover-inventory-reader.c. */
typedef struct _TakeoverInventoryReader TakeoverInventoryReader;

TakeoverInventoryParsed *takeover_inventory_parse            (const char              *data,
                                                              gsize                    length,
                                                              const char              *filename,
                                                              TakeoverInventoryFormat  format,
                                                              gboolean                 check_only,
                                                              GCancellable            *cancellable);
void                     takeover_inventory_parsed_free      (TakeoverInventoryParsed *parsed);

TakeoverInventoryReader *takeover_inventory_reader_new       (const char              *filename,
                                                              const char * const      *field_names,
                                                              gboolean                 check_only,
                                                              GCancellable            *cancellable);
TakeoverInventoryParsed *takeover_inventory_reader_finish    (TakeoverInventoryReader *reader,
                                                              TakeoverInventoryFormat  format);
void                     takeover_inventory_reader_expect    (TakeoverInventoryReader *reader,
                                                              gsize                    n_records);
gboolean                 takeover_inventory_reader_cancelled (TakeoverInventoryReader *reader);
void                     takeover_inventory_reader_begin     (TakeoverInventoryReader *reader,
                                                              guint                    line);
void                     takeover_inventory_reader_set_quiet (TakeoverInventoryReader *reader);
void                     takeover_inventory_reader_set_absent (TakeoverInventoryReader *reader,
                                                              TakeoverField            field,
                                                              guint                    line);
void                     takeover_inventory_reader_set       (TakeoverInventoryReader *reader,
                                                              TakeoverField            field,
                                                              const char              *value,
                                                              gsize                    length);
void                     takeover_inventory_reader_end       (TakeoverInventoryReader *reader);
void                     takeover_inventory_reader_problem   (TakeoverInventoryReader *reader,
                                                              TakeoverSeverity         severity,
                                                              guint                    line,
                                                              const char              *field,
                                                              const char              *format,
                                                              ...) G_GNUC_PRINTF (5, 6);
void                     takeover_inventory_reader_record_problem
                                                              (TakeoverInventoryReader *reader,
                                                              TakeoverSeverity         severity,
                                                              const char              *field,
                                                              const char              *format,
                                                              ...) G_GNUC_PRINTF (4, 5);
const char              *takeover_inventory_field_to_string  (TakeoverHost            *host,
                                                              TakeoverField            field,
                                                              TakeoverInventorySaveFlags flags,
                                                              char                     buffer[16]);
gboolean                 takeover_inventory_field_is_default (TakeoverHost            *host,
                                                              TakeoverField            field);

/* Delimiter-separated text with RFC 4180 quoting, shared by hosts.conf (';', spaces trimmed,
 * comment lines, one line a record) and CSV (',', verbatim, quoted fields may span lines).
 * See takeover-inventory-text.c. */
typedef struct
{
  const char *pos;
  const char *end;
  guint       line;           /* of pos, 1-based */
  guint       record_line;    /* where the last record read began */
  char        separator;
  guint       conf : 1;
} TakeoverTextCursor;

typedef struct
{
  gsize offset;               /* into the record's buffer, where the value is NUL-terminated */
  gsize length;               /* may be less than strlen() would say: a value may hold NULs */
} TakeoverTextField;

void                     takeover_text_cursor_init           (TakeoverTextCursor      *cursor,
                                                              const char              *data,
                                                              gsize                    length,
                                                              char                     separator,
                                                              gboolean                 conf);
gsize                    takeover_text_count_lines           (const char              *data,
                                                              gsize                    length);
gboolean                 takeover_text_read_record           (TakeoverTextCursor      *cursor,
                                                              GString                 *buffer,
                                                              GArray                  *fields,
                                                              guint                   *error_field,
                                                              const char             **error);
gboolean                 takeover_text_append_field          (GString                 *out,
                                                              const char              *value,
                                                              char                     separator,
                                                              gboolean                 conf);

const char * const      *takeover_inventory_conf_get_field_names (void);
const char * const      *takeover_inventory_csv_get_field_names  (void);
const char * const      *takeover_inventory_json_get_field_names (void);
TakeoverInventoryParsed *takeover_inventory_check_hosts      (GPtrArray               *hosts,
                                                              const char              *filename,
                                                              TakeoverInventoryFormat  format);
TakeoverInventoryParsed *takeover_inventory_parse_conf       (const char              *data,
                                                              gsize                    length,
                                                              const char              *filename,
                                                              gboolean                 check_only,
                                                              GCancellable            *cancellable);
TakeoverInventoryParsed *takeover_inventory_parse_csv        (const char              *data,
                                                              gsize                    length,
                                                              const char              *filename,
                                                              gboolean                 check_only,
                                                              GCancellable            *cancellable);
TakeoverInventoryParsed *takeover_inventory_parse_json       (const char              *data,
                                                              gsize                    length,
                                                              const char              *filename,
                                                              gboolean                 check_only,
                                                              GCancellable            *cancellable);
gboolean                 takeover_inventory_write_conf       (GString                 *out,
                                                              GListModel              *hosts,
                                                              TakeoverInventorySaveFlags flags,
                                                              GError                 **error);
gboolean                 takeover_inventory_write_csv        (GString                 *out,
                                                              GListModel              *hosts,
                                                              TakeoverInventorySaveFlags flags,
                                                              GError                 **error);
gboolean                 takeover_inventory_write_json       (GString                 *out,
                                                              GListModel              *hosts,
                                                              TakeoverInventorySaveFlags flags,
                                                              GError                 **error);

G_END_DECLS
