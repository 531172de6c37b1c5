/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A slow disk for bench/mainloop, deterministic and without device-mapper (dm-delay is not
 * available on these machines): loaded with LD_PRELOAD, it delays write(), fsync() and
 * fdatasync() on files under $TAKEOVER_SLOW_DIR by $TAKEOVER_SLOW_WRITE_MS (default 5) and
 * $TAKEOVER_SLOW_SYNC_MS (default 100). Other files, sockets and pipes are not touched.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *slow_dir;
static size_t slow_dir_length;
static long write_ms = 5;
static long sync_ms = 100;

static ssize_t (*real_write) (int, const void *, size_t);
static int (*real_fsync) (int);
static int (*real_fdatasync) (int);

__attribute__((constructor)) static void
slowdisk_init (void)
{
  const char *value;

  real_write = dlsym (RTLD_NEXT, "write");
  real_fsync = dlsym (RTLD_NEXT, "fsync");
  real_fdatasync = dlsym (RTLD_NEXT, "fdatasync");

  slow_dir = getenv ("TAKEOVER_SLOW_DIR");
  slow_dir_length = slow_dir != NULL ? strlen (slow_dir) : 0;
  if ((value = getenv ("TAKEOVER_SLOW_WRITE_MS")) != NULL)
    write_ms = atol (value);
  if ((value = getenv ("TAKEOVER_SLOW_SYNC_MS")) != NULL)
    sync_ms = atol (value);
}

static int
is_slow (int fd)
{
  char link[64];
  char path[PATH_MAX];
  ssize_t length;

  if (slow_dir_length == 0)
    return 0;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  length = readlink (link, path, sizeof path - 1);
  if (length <= (ssize_t) slow_dir_length)
    return 0;
  path[length] = '\0';

  return strncmp (path, slow_dir, slow_dir_length) == 0 && path[slow_dir_length] == '/';
}

static void
delay (long ms)
{
  struct timespec duration = { ms / 1000, (ms % 1000) * 1000000L };

  while (nanosleep (&duration, &duration) != 0)
    ;
}

ssize_t
write (int         fd,
       const void *buffer,
       size_t      count)
{
  if (is_slow (fd))
    delay (write_ms);

  return real_write (fd, buffer, count);
}

int
fsync (int fd)
{
  if (is_slow (fd))
    delay (sync_ms);

  return real_fsync (fd);
}

int
fdatasync (int fd)
{
  if (is_slow (fd))
    delay (sync_ms);

  return real_fdatasync (fd);
}
