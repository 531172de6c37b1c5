/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "takeover-prepare-private.h"

/* An address as big-endian bytes, so that order and "next address" are plain byte arithmetic. */
typedef struct
{
  guint8 bytes[16];
  gsize  len;
} Addr;

/* An existing subnet: its range and pools, and the plan entry its addresses go to. */
typedef struct
{
  GInetAddressMask   *mask;
  GArray             *pools;      /* Addr start, Addr end, … */
  TakeoverSubnetPlan *plan;
  GString            *outside;    /* addresses inside the range but outside every pool */
  guint               n_outside;
} Existing;

/* A range to create: its network and the addresses in it. */
typedef struct
{
  GInetAddressMask   *mask;
  GArray             *addrs;      /* Addr, sorted and unique once planned */
  TakeoverSubnetPlan *plan;
} Wanted;

static void
existing_free (Existing *existing)
{
  g_clear_object (&existing->mask);
  g_array_unref (existing->pools);
  if (existing->outside != NULL)
    g_string_free (existing->outside, TRUE);
  g_free (existing);
}

static void
wanted_free (Wanted *wanted)
{
  g_clear_object (&wanted->mask);
  g_array_unref (wanted->addrs);
  g_free (wanted);
}

static gboolean
addr_parse (const char *text,
            Addr       *addr)
{
  g_autoptr(GInetAddress) inet = text != NULL ? g_inet_address_new_from_string (text) : NULL;

  if (inet == NULL)
    return FALSE;

  addr->len = g_inet_address_get_native_size (inet);
  memcpy (addr->bytes, g_inet_address_to_bytes (inet), addr->len);
  return TRUE;
}

static GInetAddress *
addr_to_inet (const Addr *addr)
{
  return g_inet_address_new_from_bytes (addr->bytes, addr->len == 4 ? G_SOCKET_FAMILY_IPV4
                                                                    : G_SOCKET_FAMILY_IPV6);
}

static char *
addr_to_string (const Addr *addr)
{
  g_autoptr(GInetAddress) inet = addr_to_inet (addr);

  return g_inet_address_to_string (inet);
}

static int
addr_compare (gconstpointer a,
              gconstpointer b)
{
  const Addr *x = a;
  const Addr *y = b;

  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  return memcmp (x->bytes, y->bytes, x->len);
}

/* TRUE when @b is the address right after @a. */
static gboolean
addr_is_next (const Addr *a,
              const Addr *b)
{
  Addr next = *a;

  for (gssize i = next.len - 1; i >= 0; i--)
    if (++next.bytes[i] != 0)
      break;
  return addr_compare (&next, b) == 0;
}

/* @addr with its host bits set to 0 (@ones FALSE) or 1 (@ones TRUE). */
static Addr
addr_host_bits (const Addr *addr,
                guint       prefix,
                gboolean    ones)
{
  Addr result = *addr;

  for (gsize i = 0; i < result.len; i++)
    {
      guint bits = MIN (8, prefix > i * 8 ? prefix - i * 8 : 0);
      guint8 host = bits >= 8 ? 0 : (guint8) (0xff >> bits);

      result.bytes[i] = ones ? (result.bytes[i] | host) : (result.bytes[i] & ~host);
    }
  return result;
}

static gboolean
mask_matches (GInetAddressMask *mask,
              const Addr       *addr)
{
  g_autoptr(GInetAddress) inet = addr_to_inet (addr);

  return g_inet_address_mask_matches (mask, inet);
}

/* Two ranges overlap when either holds the other's network address. */
static gboolean
masks_overlap (GInetAddressMask *a,
               GInetAddressMask *b)
{
  return g_inet_address_mask_matches (a, g_inet_address_mask_get_address (b)) ||
         g_inet_address_mask_matches (b, g_inet_address_mask_get_address (a));
}

static TakeoverSubnetPlan *
plan_new (GInetAddressMask *mask)
{
  TakeoverSubnetPlan *plan = g_new0 (TakeoverSubnetPlan, 1);

  plan->cidr = g_inet_address_mask_to_string (mask);
  plan->ip_version = g_inet_address_mask_get_family (mask) == G_SOCKET_FAMILY_IPV4 ? 4 : 6;
  plan->pools = g_ptr_array_new_with_free_func (g_free);
  return plan;
}

static Existing *
existing_new (JsonObject *subnet)
{
  g_autoptr(GInetAddressMask) mask = NULL;
  JsonArray *pools = NULL;
  Existing *existing;

  mask = g_inet_address_mask_new_from_string (
      json_object_get_string_member_with_default (subnet, "cidr", ""), NULL);
  if (mask == NULL)
    return NULL;

  existing = g_new0 (Existing, 1);
  existing->mask = g_steal_pointer (&mask);
  existing->pools = g_array_new (FALSE, FALSE, sizeof (Addr));
  existing->plan = plan_new (existing->mask);
  existing->plan->subnet_id =
      g_strdup (json_object_get_string_member_with_default (subnet, "id", ""));

  if (json_object_has_member (subnet, "allocation_pools"))
    pools = json_object_get_array_member (subnet, "allocation_pools");
  for (guint i = 0; pools != NULL && i < json_array_get_length (pools); i++)
    {
      JsonObject *pool = json_array_get_object_element (pools, i);
      Addr start, end;

      if (pool != NULL &&
          addr_parse (json_object_get_string_member_with_default (pool, "start", NULL), &start) &&
          addr_parse (json_object_get_string_member_with_default (pool, "end", NULL), &end))
        {
          g_array_append_val (existing->pools, start);
          g_array_append_val (existing->pools, end);
        }
    }
  return existing;
}

static gboolean
existing_pools_hold (Existing   *existing,
                     const Addr *addr)
{
  for (guint i = 0; i + 1 < existing->pools->len; i += 2)
    if (addr_compare (&g_array_index (existing->pools, Addr, i), addr) <= 0 &&
        addr_compare (addr, &g_array_index (existing->pools, Addr, i + 1)) <= 0)
      return TRUE;
  return FALSE;
}

/* Adds @addr to a list for a message, and counts it so that the message can agree in number. */
static void
append_address (GString    **list,
                guint       *count,
                const Addr  *addr)
{
  g_autofree char *text = addr_to_string (addr);

  (*count)++;
  if (*list == NULL)
    *list = g_string_new (text);
  else
    g_string_append_printf (*list, ", %s", text);
}

/* Pools, gateway and problems of a range to create, from its sorted addresses. */
static void
plan_wanted (Wanted     *wanted,
             guint       prefix,
             const Addr *gateway,
             GPtrArray  *existing)
{
  TakeoverSubnetPlan *plan = wanted->plan;
  const Addr *first = &g_array_index (wanted->addrs, Addr, 0);
  Addr network = addr_host_bits (first, prefix, FALSE);
  Addr broadcast = addr_host_bits (first, prefix, TRUE);
  g_autoptr(GString) reserved = NULL;
  guint n_reserved = 0;
  gboolean gateway_taken = FALSE;

  g_array_sort (wanted->addrs, addr_compare);
  for (guint i = 0; i < wanted->addrs->len; i++)
    {
      const Addr *addr = &g_array_index (wanted->addrs, Addr, i);

      if (i > 0 && addr_compare (addr, &g_array_index (wanted->addrs, Addr, i - 1)) == 0)
        {
          g_array_remove_index (wanted->addrs, i--);
          continue;
        }
      /* IPv4 keeps the first and last address of a range for the network and broadcast. */
      if (addr->len == 4 && prefix < 31 &&
          (addr_compare (addr, &network) == 0 || addr_compare (addr, &broadcast) == 0))
        append_address (&reserved, &n_reserved, addr);
      if (gateway != NULL && addr_compare (addr, gateway) == 0)
        gateway_taken = TRUE;
    }
  plan->n_addresses = wanted->addrs->len;

  for (guint i = 0; i < existing->len; i++)
    {
      Existing *other = g_ptr_array_index (existing, i);

      if (masks_overlap (wanted->mask, other->mask))
        {
          plan->problem = g_strdup_printf (_("The range %s overlaps the network’s subnet %s "
                                             "(%s); choose another prefix length."),
                                           plan->cidr, other->plan->cidr,
                                           other->plan->subnet_id);
          return;
        }
    }
  if (reserved != NULL)
    {
      plan->problem = g_strdup_printf (ngettext ("%s is the network or broadcast address of %s; "
                                                 "choose a shorter prefix length.",
                                                 "%s are the network and broadcast addresses of "
                                                 "%s; choose a shorter prefix length.",
                                                 n_reserved),
                                       reserved->str, plan->cidr);
      return;
    }
  if (gateway_taken)
    {
      g_autofree char *text = addr_to_string (gateway);

      plan->problem = g_strdup_printf (_("The gateway %s is also a server’s management IP."),
                                       text);
      return;
    }

  if (gateway != NULL && mask_matches (wanted->mask, gateway))
    plan->gateway_ip = addr_to_string (gateway);

  for (guint i = 0; i < wanted->addrs->len;)
    {
      guint end = i;

      while (end + 1 < wanted->addrs->len &&
             addr_is_next (&g_array_index (wanted->addrs, Addr, end),
                           &g_array_index (wanted->addrs, Addr, end + 1)))
        end++;
      g_ptr_array_add (plan->pools, addr_to_string (&g_array_index (wanted->addrs, Addr, i)));
      g_ptr_array_add (plan->pools, addr_to_string (&g_array_index (wanted->addrs, Addr, end)));
      i = end + 1;
    }
}

static int
plan_compare (gconstpointer a,
              gconstpointer b)
{
  const TakeoverSubnetPlan *x = *(TakeoverSubnetPlan * const *) a;
  const TakeoverSubnetPlan *y = *(TakeoverSubnetPlan * const *) b;
  g_autoptr(GInetAddressMask) mx = g_inet_address_mask_new_from_string (x->cidr, NULL);
  g_autoptr(GInetAddressMask) my = g_inet_address_mask_new_from_string (y->cidr, NULL);
  Addr ax, ay;
  g_autofree char *tx = g_inet_address_to_string (g_inet_address_mask_get_address (mx));
  g_autofree char *ty = g_inet_address_to_string (g_inet_address_mask_get_address (my));

  addr_parse (tx, &ax);
  addr_parse (ty, &ay);
  return addr_compare (&ax, &ay);
}

void
_takeover_subnet_plan_free (TakeoverSubnetPlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->cidr);
  g_free (plan->subnet_id);
  g_free (plan->gateway_ip);
  g_ptr_array_unref (plan->pools);
  g_free (plan->problem);
  g_free (plan);
}

GPtrArray *
_takeover_prepare_plan_subnets (const char * const  *addresses,
                                guint                prefix4,
                                guint                prefix6,
                                const char          *gateway,
                                GPtrArray           *existing_subnets,
                                GError             **error)
{
  g_autoptr(GPtrArray) existing = g_ptr_array_new_with_free_func ((GDestroyNotify) existing_free);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  g_autoptr(GHashTable) by_cidr = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) plans = NULL;
  Addr gateway_addr;

  g_return_val_if_fail (addresses != NULL, NULL);

  if (prefix4 < 8 || prefix4 > 32 || prefix6 < 8 || prefix6 > 128)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The prefix length must be 8 to 32 for IPv4 and 8 to 128 for IPv6."));
      return NULL;
    }
  if (gateway != NULL && !addr_parse (gateway, &gateway_addr))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway “%s” is not an IP address."), gateway);
      return NULL;
    }

  for (guint i = 0; existing_subnets != NULL && i < existing_subnets->len; i++)
    {
      Existing *one = existing_new (g_ptr_array_index (existing_subnets, i));

      if (one != NULL)
        g_ptr_array_add (existing, one);
    }

  for (guint i = 0; addresses[i] != NULL; i++)
    {
      Addr addr;
      Existing *holder = NULL;
      Wanted *group;
      Addr network;
      guint prefix;
      g_autofree char *key = NULL;

      if (!addr_parse (addresses[i], &addr))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The management IP “%s” is not an IP address."), addresses[i]);
          return NULL;
        }

      for (guint j = 0; holder == NULL && j < existing->len; j++)
        if (mask_matches (((Existing *) g_ptr_array_index (existing, j))->mask, &addr))
          holder = g_ptr_array_index (existing, j);
      if (holder != NULL)
        {
          holder->plan->n_addresses++;
          if (!existing_pools_hold (holder, &addr))
            append_address (&holder->outside, &holder->n_outside, &addr);
          continue;
        }

      prefix = addr.len == 4 ? prefix4 : prefix6;
      network = addr_host_bits (&addr, prefix, FALSE);
      {
        g_autofree char *text = addr_to_string (&network);

        key = g_strdup_printf ("%s/%u", text, prefix);
      }
      group = g_hash_table_lookup (by_cidr, key);
      if (group == NULL)
        {
          group = g_new0 (Wanted, 1);
          group->mask = g_inet_address_mask_new_from_string (key, NULL);
          group->addrs = g_array_new (FALSE, FALSE, sizeof (Addr));
          group->plan = plan_new (group->mask);
          g_ptr_array_add (wanted, group);
          g_hash_table_insert (by_cidr, g_steal_pointer (&key), group);
        }
      g_array_append_val (group->addrs, addr);
    }

  /* The new ranges first: their problems name existing subnets, freed below when unused. */
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) _takeover_subnet_plan_free);
  for (guint i = 0; i < wanted->len; i++)
    {
      Wanted *group = g_ptr_array_index (wanted, i);
      guint prefix = group->plan->ip_version == 4 ? prefix4 : prefix6;

      plan_wanted (group, prefix, gateway != NULL ? &gateway_addr : NULL, existing);
      g_ptr_array_add (plans, group->plan);
    }
  for (guint i = 0; i < existing->len; i++)
    {
      Existing *one = g_ptr_array_index (existing, i);

      if (one->plan->n_addresses == 0)
        {
          _takeover_subnet_plan_free (one->plan);
          continue;
        }
      if (one->outside != NULL)
        one->plan->problem = g_strdup_printf (ngettext ("%s in subnet %s (%s) lies outside its "
                                                        "allocation pools; extend the pools to "
                                                        "hold it.",
                                                        "%s in subnet %s (%s) lie outside its "
                                                        "allocation pools; extend the pools to "
                                                        "hold them.",
                                                        one->n_outside),
                                              one->outside->str, one->plan->cidr,
                                              one->plan->subnet_id);
      g_ptr_array_add (plans, one->plan);
    }

  g_ptr_array_sort (plans, plan_compare);
  return g_steal_pointer (&plans);
}

char *
_takeover_prepare_custom_resource_class (const char *resource_class)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (resource_class != NULL, NULL);

  upper = g_ascii_strup (resource_class, -1);
  for (char *c = upper; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      *c = '_';
  if (g_str_has_prefix (upper, "CUSTOM_"))
    return g_steal_pointer (&upper);
  return g_strconcat ("CUSTOM_", upper, NULL);
}
