/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-os-source"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "takeover-os-source.h"

/* See the header. The output is split at its markers (tail's "==> FILE <==" headers, "@df"),
 * so that one part missing (a kernel without a file, df failing) costs only its meters. */

struct _TakeoverOsCounters
{
  gboolean    valid;        /* a round was read before */
  gint64      time;
  gint64      boot_time;
  guint64     cpu_total;
  guint64     cpu_idle;
  GHashTable *nics;         /* name -> TakeoverOsNic, its name unset */
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
os_nic_free (TakeoverOsNic *nic)
{
  g_free (nic->name);
  g_free (nic);
}

static void
os_disk_free (TakeoverOsDisk *disk)
{
  g_free (disk->mount_point);
  g_free (disk);
}

void
takeover_os_reading_init (TakeoverOsReading *reading)
{
  memset (reading, 0, sizeof *reading);
  reading->load[0] = reading->load[1] = reading->load[2] = NAN;
  reading->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) os_disk_free);
  reading->nics = g_ptr_array_new_with_free_func ((GDestroyNotify) os_nic_free);
}

void
takeover_os_reading_clear (TakeoverOsReading *reading)
{
  g_clear_pointer (&reading->disks, g_ptr_array_unref);
  g_clear_pointer (&reading->nics, g_ptr_array_unref);
}

void
takeover_os_reading_add_nic (TakeoverOsReading *reading,
                             const char        *name,
                             guint64            received,
                             guint64            sent,
                             guint64            send_errors)
{
  TakeoverOsNic *nic = g_new0 (TakeoverOsNic, 1);

  nic->name = g_strdup (name);
  nic->received = received;
  nic->sent = sent;
  nic->send_errors = send_errors;
  g_ptr_array_add (reading->nics, nic);
}

void
takeover_os_reading_add_disk (TakeoverOsReading *reading,
                              const char        *mount_point,
                              double             total,
                              double             used)
{
  TakeoverOsDisk *disk = g_new0 (TakeoverOsDisk, 1);

  disk->mount_point = g_strdup (mount_point);
  disk->total = total;
  disk->used = used;
  g_ptr_array_add (reading->disks, disk);
}

static void
parse_loadavg (TakeoverOsReading *reading,
               const char        *text)
{
  g_auto(GStrv) fields = g_strsplit_set (text, " \n", -1);

  if (g_strv_length (fields) < 3)
    return;
  for (guint i = 0; i < 3; i++)
    reading->load[i] = g_ascii_strtod (fields[i], NULL);
}

/* The "cpu" line's jiffies (user nice system idle iowait irq softirq steal), and btime. */
static void
parse_stat (TakeoverOsReading *reading,
            const char        *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "cpu "))
        {
          g_auto(GStrv) fields = g_strsplit_set (lines[i] + 4, " ", -1);
          guint64 total = 0, idle = 0;
          guint column = 0;

          for (guint f = 0; fields[f] != NULL; f++)
            {
              guint64 value;

              if (fields[f][0] == '\0')
                continue;
              value = g_ascii_strtoull (fields[f], NULL, 10);
              /* guest and guest_nice are already in user and nice. */
              if (column < 8)
                total += value;
              if (column == 3 || column == 4)   /* idle, iowait */
                idle += value;
              column++;
            }
          reading->have_cpu = column >= 4;
          reading->cpu_total = total;
          reading->cpu_idle = idle;
        }
      else if (g_str_has_prefix (lines[i], "cpu") && g_ascii_isdigit (lines[i][3]))
        reading->n_cpus++;
      else if (g_str_has_prefix (lines[i], "btime "))
        reading->boot_time = g_ascii_strtoll (lines[i] + 6, NULL, 10);
    }
}

static guint64
meminfo_kb (GHashTable *values,
            const char *key)
{
  const char *value = g_hash_table_lookup (values, key);

  return value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;
}

static void
parse_meminfo (TakeoverOsReading *reading,
               const char        *text)
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
  reading->have_memory = TRUE;
  reading->memory_total = total;
  reading->memory_used = total - MIN (available, total);
  reading->memory_buffer = meminfo_kb (values, "Buffers");
  reading->memory_cached = meminfo_kb (values, "Cached");
  reading->swap_total = meminfo_kb (values, "SwapTotal");
  reading->swap_avail = meminfo_kb (values, "SwapFree");
}

/* "  eth0: rx_bytes rx_packets rx_errs rx_drop rx_fifo rx_frame rx_compressed rx_multicast
 *   tx_bytes tx_packets tx_errs …" */
static void
parse_netdev (TakeoverOsReading *reading,
              const char        *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;
      g_auto(GStrv) fields = NULL;
      guint64 numbers[16];
      guint n = 0;

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
      takeover_os_reading_add_nic (reading, name, numbers[0], numbers[8], numbers[10]);
    }
}

/* "Filesystem 1024-blocks Used Available Capacity Mounted on" (POSIX df -kP). */
static void
parse_df (TakeoverOsReading *reading,
          const char        *text)
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

      takeover_os_reading_add_disk (reading, p, g_ascii_strtod (columns[1], NULL),
                                    g_ascii_strtod (columns[2], NULL));
    }
}

/* How far two readings of one boot time may differ: SNMP derives it from the uptime, read a
 * moment after the round began. A server's reboot takes longer than this. */
#define BOOT_TIME_SLACK 5

/**
 * takeover_os_reading_samples:
 * @counters: the host's counters from its last round, updated for the next
 *
 * Returns: (transfer full) (element-type TakeoverMetricSample): the reading's samples, with
 *   the rates since the last round when it was of the same boot
 */
GPtrArray *
takeover_os_reading_samples (const TakeoverOsReading *reading,
                             const char              *host,
                             gint64                   time,
                             TakeoverOsCounters      *counters)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  g_autoptr(GHashTable) nics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  static const char * const load_meters[3] = {
    "hardware.cpu.load.1min", "hardware.cpu.load.5min", "hardware.cpu.load.15min",
  };
  double seconds = (double) (time - counters->time);
  gboolean rates;

  g_return_val_if_fail (reading != NULL && host != NULL && counters != NULL, NULL);

  /* Rates need the last round, on the same boot: after a reboot the counters start again. */
  rates = counters->valid && reading->have_cpu && reading->boot_time != 0 &&
          ABS (reading->boot_time - counters->boot_time) <= BOOT_TIME_SLACK &&
          time > counters->time;

  for (guint i = 0; i < 3; i++)
    if (!isnan (reading->load[i]))
      add (samples, host, load_meters[i], NULL, time, reading->load[i]);

  if (rates && reading->cpu_total != counters->cpu_total)
    {
      double all = (double) counter_delta (counters->cpu_total, reading->cpu_total);
      double idle = (double) counter_delta (counters->cpu_idle, reading->cpu_idle);

      idle = MIN (idle, all);
      add (samples, host, "hardware.cpu.util", NULL, time, 100.0 * (all - idle) / all);
      add (samples, host, "hardware.system_stats.cpu.idle", NULL, time, 100.0 * idle / all);
    }

  if (reading->have_memory)
    {
      add (samples, host, "hardware.memory.total", NULL, time, reading->memory_total);
      add (samples, host, "hardware.memory.used", NULL, time, reading->memory_used);
      add (samples, host, "hardware.memory.buffer", NULL, time, reading->memory_buffer);
      add (samples, host, "hardware.memory.cached", NULL, time, reading->memory_cached);
      add (samples, host, "hardware.memory.swap.total", NULL, time, reading->swap_total);
      add (samples, host, "hardware.memory.swap.avail", NULL, time, reading->swap_avail);
    }

  for (guint i = 0; i < reading->disks->len; i++)
    {
      const TakeoverOsDisk *disk = g_ptr_array_index (reading->disks, i);

      add (samples, host, "hardware.disk.size.total", disk->mount_point, time, disk->total);
      add (samples, host, "hardware.disk.size.used", disk->mount_point, time, disk->used);
    }

  for (guint i = 0; i < reading->nics->len; i++)
    {
      const TakeoverOsNic *now = g_ptr_array_index (reading->nics, i);
      const TakeoverOsNic *before = g_hash_table_lookup (counters->nics, now->name);
      TakeoverOsNic *kept;

      if (rates && before != NULL && seconds > 0)
        {
          add (samples, host, "hardware.network.incoming.bytes", now->name, time,
               counter_delta (before->received, now->received) / seconds);
          add (samples, host, "hardware.network.outgoing.bytes", now->name, time,
               counter_delta (before->sent, now->sent) / seconds);
          add (samples, host, "hardware.network.outgoing.errors", now->name, time,
               counter_delta (before->send_errors, now->send_errors) / seconds);
        }
      kept = g_memdup2 (now, sizeof *now);
      kept->name = NULL;
      g_hash_table_insert (nics, g_strdup (now->name), kept);
    }

  /* This round's counters are the next round's; NICs that went away are forgotten. Without
   * the CPU's counters (and so no boot time) nothing can be compared next round. */
  if (reading->have_cpu && reading->boot_time != 0)
    {
      counters->valid = TRUE;
      counters->time = time;
      counters->boot_time = reading->boot_time;
      counters->cpu_total = reading->cpu_total;
      counters->cpu_idle = reading->cpu_idle;
      g_hash_table_unref (counters->nics);
      counters->nics = g_steal_pointer (&nics);
    }

  return g_steal_pointer (&samples);
}

/* The text of one part, or NULL: the lines after its marker line ("@df", or the header tail
 * prints before each file, "==> /proc/stat <=="), up to the next marker. */
static char *
dup_part (const char *output,
          const char *marker)
{
  g_autofree char *line = g_strconcat (marker, "\n", NULL);
  g_autofree char *inner = g_strconcat ("\n", line, NULL);
  const char *start = NULL;
  const char *end;
  const char *found;

  if (g_str_has_prefix (output, line))
    start = output;
  else if ((found = strstr (output, inner)) != NULL)
    start = found + 1;
  if (start == NULL)
    return NULL;

  start += strlen (line);
  end = start;
  while ((end = strchr (end, '\n')) != NULL &&
         end[1] != '@' && !g_str_has_prefix (end + 1, "==> "))
    end++;
  return end != NULL ? g_strndup (start, end - start + 1) : g_strdup (start);
}

/**
 * takeover_os_source_read:
 * @output: what %TAKEOVER_OS_SOURCE_COMMAND printed on the host
 * @reading: (out caller-allocates): initialized with takeover_os_reading_init()
 *
 * Returns: %TRUE, or %FALSE with @error when @output is none of the command's (no part of it
 *   found)
 */
gboolean
takeover_os_source_read (const char         *host,
                         const char         *output,
                         TakeoverOsReading  *reading,
                         GError            **error)
{
  /* Each /proc file under the header tail prints before it; df's output after "@df". */
  static const struct {
    const char *marker;
    void (*parse) (TakeoverOsReading *, const char *);
  } parts[] = {
    { "==> /proc/loadavg <==", parse_loadavg },
    { "==> /proc/stat <==", parse_stat },
    { "==> /proc/meminfo <==", parse_meminfo },
    { "==> /proc/net/dev <==", parse_netdev },
    { "@df", parse_df },
  };
  gboolean found = FALSE;

  g_return_val_if_fail (host != NULL && output != NULL && reading != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = dup_part (output, parts[i].marker);

      if (part != NULL)
        parts[i].parse (reading, part);
      found |= part != NULL;
    }
  if (!found)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("%s did not answer the metrics command as a Linux host does"), host);
  return found;
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
  g_auto(TakeoverOsReading) reading;

  g_return_val_if_fail (host != NULL && output != NULL && counters != NULL, NULL);

  takeover_os_reading_init (&reading);
  if (!takeover_os_source_read (host, output, &reading, error))
    return NULL;
  return takeover_os_reading_samples (&reading, host, time, counters);
}
