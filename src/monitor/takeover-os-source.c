/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-os-source"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-os-source.h"

/* See the header. The output is split at the command's own "@name" lines, so that one part
 * missing (a kernel without a file, df failing) costs only its meters. */

typedef struct
{
  guint64 received;
  guint64 sent;
  guint64 send_errors;
} NicCounters;

struct _TakeoverOsCounters
{
  gboolean    valid;        /* a round was read before */
  gint64      time;
  guint64     boot_time;
  guint64     cpu_total;
  guint64     cpu_idle;
  GHashTable *nics;         /* name -> NicCounters */
};

TakeoverOsCounters *
takeover_os_counters_new (void)
{
  TakeoverOsCounters *counters = g_new0 (TakeoverOsCounters, 1);

  counters->nics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return counters;
}

void
takeover_os_counters_free (TakeoverOsCounters *counters)
{
  if (counters == NULL)
    return;

  g_hash_table_unref (counters->nics);
  g_free (counters);
}

/* A counter's growth since the last round: a counter that went back wrapped, at 32 bits when
 * both readings fit in them (older kernels' and many NICs' counters), else at 64. */
static guint64
counter_delta (guint64 before,
               guint64 now)
{
  if (now >= before)
    return now - before;
  if (before <= G_MAXUINT32)
    return (G_MAXUINT32 - before) + now + 1;
  return (G_MAXUINT64 - before) + now + 1;
}

static void
add (GPtrArray  *samples,
     const char *host,
     const char *meter,
     const char *instance,
     gint64      time,
     double      value)
{
  g_ptr_array_add (samples, takeover_metric_sample_new (host, meter, instance, time, value));
}

static void
parse_loadavg (GPtrArray   *samples,
               const char  *host,
               gint64       time,
               const char  *text)
{
  g_auto(GStrv) fields = g_strsplit_set (text, " \n", -1);

  if (g_strv_length (fields) < 3)
    return;
  add (samples, host, "hardware.cpu.load.1min", NULL, time, g_ascii_strtod (fields[0], NULL));
  add (samples, host, "hardware.cpu.load.5min", NULL, time, g_ascii_strtod (fields[1], NULL));
  add (samples, host, "hardware.cpu.load.15min", NULL, time, g_ascii_strtod (fields[2], NULL));
}

/* The "cpu" line's jiffies (user nice system idle iowait irq softirq steal), and btime. */
static gboolean
parse_stat (const char *text,
            guint64    *total,
            guint64    *idle,
            guint64    *boot_time)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean have_cpu = FALSE;

  *total = *idle = *boot_time = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "cpu "))
        {
          g_auto(GStrv) fields = g_strsplit_set (lines[i] + 4, " ", -1);
          guint column = 0;

          for (guint f = 0; fields[f] != NULL; f++)
            {
              guint64 value;

              if (fields[f][0] == '\0')
                continue;
              value = g_ascii_strtoull (fields[f], NULL, 10);
              /* guest and guest_nice are already in user and nice. */
              if (column < 8)
                *total += value;
              if (column == 3 || column == 4)   /* idle, iowait */
                *idle += value;
              column++;
            }
          have_cpu = column >= 4;
        }
      else if (g_str_has_prefix (lines[i], "btime "))
        *boot_time = g_ascii_strtoull (lines[i] + 6, NULL, 10);
    }

  return have_cpu;
}

static guint64
meminfo_kb (GHashTable *values,
            const char *key)
{
  const char *value = g_hash_table_lookup (values, key);

  return value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;
}

static void
parse_meminfo (GPtrArray  *samples,
               const char *host,
               gint64      time,
               const char *text)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint64 total, available;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon != NULL)
        g_hash_table_insert (values, g_strndup (lines[i], colon - lines[i]),
                             g_strstrip (g_strdup (colon + 1)));
    }

  if (!g_hash_table_contains (values, "MemTotal"))
    return;
  total = meminfo_kb (values, "MemTotal");
  /* Used is what programs hold: not free and not reclaimable (MemAvailable, Linux 3.14+). */
  available = g_hash_table_contains (values, "MemAvailable")
              ? meminfo_kb (values, "MemAvailable")
              : meminfo_kb (values, "MemFree") + meminfo_kb (values, "Buffers") +
                meminfo_kb (values, "Cached");
  add (samples, host, "hardware.memory.total", NULL, time, total);
  add (samples, host, "hardware.memory.used", NULL, time, total - MIN (available, total));
  add (samples, host, "hardware.memory.buffer", NULL, time, meminfo_kb (values, "Buffers"));
  add (samples, host, "hardware.memory.cached", NULL, time, meminfo_kb (values, "Cached"));
  add (samples, host, "hardware.memory.swap.total", NULL, time, meminfo_kb (values, "SwapTotal"));
  add (samples, host, "hardware.memory.swap.avail", NULL, time, meminfo_kb (values, "SwapFree"));
}

/* "  eth0: rx_bytes rx_packets rx_errs rx_drop rx_fifo rx_frame rx_compressed rx_multicast
 *   tx_bytes tx_packets tx_errs …" */
static void
parse_netdev (GPtrArray          *samples,
              const char         *host,
              gint64              time,
              const char         *text,
              TakeoverOsCounters *counters,
              gboolean            rates)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  double seconds = (double) (time - counters->time);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;
      g_auto(GStrv) fields = NULL;
      guint64 numbers[16];
      guint n = 0;
      NicCounters *now, *before;

      if (colon == NULL || strchr (lines[i], '|') != NULL)
        continue;
      name = g_strstrip (g_strndup (lines[i], colon - lines[i]));
      if (g_str_equal (name, "lo"))
        continue;
      fields = g_strsplit_set (colon + 1, " ", -1);
      for (guint f = 0; fields[f] != NULL && n < G_N_ELEMENTS (numbers); f++)
        if (fields[f][0] != '\0')
          numbers[n++] = g_ascii_strtoull (fields[f], NULL, 10);
      if (n < 11)
        continue;

      now = g_new0 (NicCounters, 1);
      now->received = numbers[0];
      now->sent = numbers[8];
      now->send_errors = numbers[10];
      before = g_hash_table_lookup (counters->nics, name);
      if (rates && before != NULL && seconds > 0)
        {
          add (samples, host, "hardware.network.incoming.bytes", name, time,
               counter_delta (before->received, now->received) / seconds);
          add (samples, host, "hardware.network.outgoing.bytes", name, time,
               counter_delta (before->sent, now->sent) / seconds);
          add (samples, host, "hardware.network.outgoing.errors", name, time,
               counter_delta (before->send_errors, now->send_errors) / seconds);
        }
      g_hash_table_insert (seen, g_steal_pointer (&name), now);
    }

  /* This round's counters are the next round's; NICs that went away are forgotten. */
  g_hash_table_unref (counters->nics);
  counters->nics = g_steal_pointer (&seen);
}

/* "Filesystem 1024-blocks Used Available Capacity Mounted on" (POSIX df -kP). */
static void
parse_df (GPtrArray  *samples,
          const char *host,
          gint64      time,
          const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *columns[5];
      const char *p = lines[i];
      guint n = 0;

      /* Five blank-separated columns, then the mount point: the rest of the line, spaces and
       * all. */
      while (n < 5)
        {
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p == '\0')
            break;
          columns[n++] = p;
          while (*p != '\0' && *p != ' ' && *p != '\t')
            p++;
        }
      while (*p == ' ' || *p == '\t')
        p++;
      if (n < 5 || *p == '\0')
        continue;

      add (samples, host, "hardware.disk.size.total", p, time, g_ascii_strtod (columns[1], NULL));
      add (samples, host, "hardware.disk.size.used", p, time, g_ascii_strtod (columns[2], NULL));
    }
}

/* The text of one "@name" part, or NULL. */
static char *
dup_part (const char *output,
          const char *name)
{
  g_autofree char *marker = g_strconcat ("@", name, "\n", NULL);
  const char *start = NULL;
  const char *end;

  if (g_str_has_prefix (output, marker))
    start = output;
  else
    {
      g_autofree char *inner = g_strconcat ("\n", marker, NULL);
      const char *found = strstr (output, inner);

      if (found != NULL)
        start = found + 1;
    }
  if (start == NULL)
    return NULL;

  start += strlen (marker);
  end = strstr (start, "\n@");
  return end != NULL ? g_strndup (start, end - start + 1) : g_strdup (start);
}

/**
 * takeover_os_source_parse:
 * @output: what %TAKEOVER_OS_SOURCE_COMMAND printed on the host
 * @counters: the host's counters from its last round, updated for the next
 *
 * Returns: (transfer full) (element-type TakeoverMetricSample): the round's samples; %NULL with
 *   @error when @output is none of the command's (no part of it found)
 */
GPtrArray *
takeover_os_source_parse (const char          *host,
                          gint64               time,
                          const char          *output,
                          TakeoverOsCounters  *counters,
                          GError             **error)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  g_autofree char *loadavg = NULL;
  g_autofree char *stat = NULL;
  g_autofree char *meminfo = NULL;
  g_autofree char *netdev = NULL;
  g_autofree char *df = NULL;
  guint64 total = 0, idle = 0, boot_time = 0;
  gboolean have_stat;
  gboolean rates;

  g_return_val_if_fail (host != NULL && output != NULL && counters != NULL, NULL);

  loadavg = dup_part (output, "loadavg");
  stat = dup_part (output, "stat");
  meminfo = dup_part (output, "meminfo");
  netdev = dup_part (output, "netdev");
  df = dup_part (output, "df");
  if (loadavg == NULL && stat == NULL && meminfo == NULL && netdev == NULL && df == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s did not answer the metrics command as a Linux host does"), host);
      return NULL;
    }

  have_stat = stat != NULL && parse_stat (stat, &total, &idle, &boot_time);
  /* Rates need the last round, on the same boot: after a reboot the counters start again. */
  rates = counters->valid && have_stat && boot_time == counters->boot_time &&
          time > counters->time;

  if (loadavg != NULL)
    parse_loadavg (samples, host, time, loadavg);
  if (rates && total > counters->cpu_total)
    {
      double busy = (double) (total - counters->cpu_total) - (double) (idle - MIN (idle, counters->cpu_idle));
      double all = (double) (total - counters->cpu_total);

      add (samples, host, "hardware.cpu.util", NULL, time, 100.0 * busy / all);
      add (samples, host, "hardware.system_stats.cpu.idle", NULL, time,
           100.0 * (all - busy) / all);
    }
  if (meminfo != NULL)
    parse_meminfo (samples, host, time, meminfo);
  if (df != NULL)
    parse_df (samples, host, time, df);
  if (netdev != NULL)
    parse_netdev (samples, host, time, netdev, counters, rates);

  if (have_stat)
    {
      counters->valid = TRUE;
      counters->time = time;
      counters->boot_time = boot_time;
      counters->cpu_total = total;
      counters->cpu_idle = idle;
    }

  return g_steal_pointer (&samples);
}
