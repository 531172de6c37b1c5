/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libssh2.h>
#include <openssl/crypto.h>
#include <string.h>
#include <unistd.h>

#include "takeover-facts.h"
#include "takeover-probe-error.h"
#include "takeover-ssh-probe.h"

/* The facts script prints a few hundred KiB at most; more means something is wrong. */
#define MAX_OUTPUT (8 * 1024 * 1024)
#define KEEPALIVE_SECONDS 5

/* Host key algorithms in the order we ask for them; OpenSSH's modern order. */
#define HOSTKEY_METHODS "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384," \
                        "ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256,ssh-rsa"

/* Trust on first use appends to the app's known_hosts; one writer at a time in this process,
 * and O_APPEND keeps lines whole between processes. */
G_LOCK_DEFINE_STATIC (app_known_hosts);

typedef struct
{
  const TakeoverProbeRequest *request;
  TakeoverProbeResult        *result;
  GCancellable               *cancellable;
  GSocketConnection          *connection;
  LIBSSH2_SESSION            *session;
  LIBSSH2_CHANNEL            *channel;
  int                         fd;
  gint64                      deadline;       /* the server's silence ends the probe here */
  gint64                      last_deadline;  /* and a server that trickles, here */
  guint                       timeout_ms;
  gboolean                    keepalive;
} Ssh;

static void
ssh_clear (Ssh *ssh)
{
  /* Blocking again for the goodbye, for a second at most: a hung host delays no one. */
  if (ssh->session != NULL)
    {
      libssh2_session_set_timeout (ssh->session, 1000);
      libssh2_session_set_blocking (ssh->session, 1);
    }
  if (ssh->channel != NULL)
    libssh2_channel_free (ssh->channel);
  if (ssh->session != NULL)
    {
      libssh2_session_disconnect (ssh->session, "takeover probe done");
      libssh2_session_free (ssh->session);
    }
  if (ssh->connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (ssh->connection), NULL, NULL);
      g_object_unref (ssh->connection);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ssh, ssh_clear)

static char *
session_error (Ssh *ssh)
{
  char *message = NULL;

  libssh2_session_last_error (ssh->session, &message, NULL, 0);
  return g_strdup (message != NULL ? message : _("unknown error"));
}

static GError *
timeout_error (Ssh *ssh)
{
  return g_error_new (TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_TIMEOUT,
                      _("The SSH server at %s did not answer within %u s"),
                      ssh->request->mgmt_ip, (ssh->timeout_ms + 999) / 1000);
}

/* Waits until libssh2 can go on, the deadline passes or the probe is cancelled; sends
 * keepalives meanwhile so that nothing between us and the host drops a quiet session. The
 * timeout counts from the server's last sign of life, as IPMI's does per command: a host
 * slowed down by load is not unreachable. */
static gboolean
wait_socket (Ssh     *ssh,
             GError **error)
{
  GPollFD fds[2] = { { ssh->fd, 0, 0 }, { -1, G_IO_IN, 0 } };
  guint n_fds = 1;
  int directions = libssh2_session_block_directions (ssh->session);
  int next_keepalive = KEEPALIVE_SECONDS;
  gint64 now = g_get_monotonic_time ();
  gint64 wait_ms;
  int ready;

  if (now >= ssh->deadline)
    {
      g_propagate_error (error, timeout_error (ssh));
      return FALSE;
    }

  if (directions & LIBSSH2_SESSION_BLOCK_INBOUND)
    fds[0].events |= G_IO_IN;
  if (directions & LIBSSH2_SESSION_BLOCK_OUTBOUND)
    fds[0].events |= G_IO_OUT;
  if (g_cancellable_make_pollfd (ssh->cancellable, &fds[1]))
    n_fds = 2;

  /* A keepalive in the middle of the key exchange would break it. */
  if (ssh->keepalive)
    libssh2_keepalive_send (ssh->session, &next_keepalive);
  wait_ms = MIN ((ssh->deadline - now) / 1000 + 1, (gint64) next_keepalive * 1000);
  ready = g_poll (fds, n_fds, (int) wait_ms);
  if (n_fds == 2)
    g_cancellable_release_fd (ssh->cancellable);
  if (ready > 0 && fds[0].revents != 0)
    ssh->deadline = MIN (g_get_monotonic_time () + (gint64) ssh->timeout_ms * 1000,
                         ssh->last_deadline);

  if (ready < 0 && errno != EINTR)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("Waiting for the SSH server at %s failed: %s"),
                   ssh->request->mgmt_ip, g_strerror (errno));
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (ssh->cancellable, error);
}

/* Runs a non-blocking libssh2 call until it stops asking to be called again. */
#define SSH_RETRY(ssh, rc, call, error)                                  \
  while (((rc) = (call)) == LIBSSH2_ERROR_EAGAIN)                        \
    if (!wait_socket ((ssh), (error)))                                   \
      break

static gboolean
connect_socket (Ssh     *ssh,
                GError **error)
{
  const TakeoverProbeRequest *request = ssh->request;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) local_error = NULL;
  guint port = request->ssh_port > 0 ? request->ssh_port : 22;
  int code;

  /* Management networks are reached directly; a desktop's HTTP proxy has no say here. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, MAX (1, (ssh->timeout_ms + 999) / 1000));
  ssh->connection = g_socket_client_connect_to_host (client, request->mgmt_ip, port,
                                                     ssh->cancellable, &local_error);
  if (ssh->connection != NULL)
    {
      ssh->fd = g_socket_get_fd (g_socket_connection_get_socket (ssh->connection));
      return TRUE;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  code = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
    ? TAKEOVER_PROBE_ERROR_TIMEOUT : TAKEOVER_PROBE_ERROR_UNREACHABLE;
  if (code == TAKEOVER_PROBE_ERROR_TIMEOUT)
    g_propagate_error (error, timeout_error (ssh));
  else
    g_set_error (error, TAKEOVER_PROBE_ERROR, code,
                 _("The SSH server at %s port %u cannot be reached: %s"),
                 request->mgmt_ip, port, local_error->message);
  return FALSE;
}

static int
known_host_key_type (int hostkey_type)
{
  switch (hostkey_type)
    {
    case LIBSSH2_HOSTKEY_TYPE_RSA:
      return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
    case LIBSSH2_HOSTKEY_TYPE_DSS:
      return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
    case LIBSSH2_HOSTKEY_TYPE_ED25519:
      return LIBSSH2_KNOWNHOST_KEY_ED25519;
    default:
      return LIBSSH2_KNOWNHOST_KEY_UNKNOWN;
    }
}

/* LIBSSH2_KNOWNHOST_CHECK_* of the key against one file; a missing file knows no host. */
static int
check_file (Ssh        *ssh,
            const char *path,
            const char *key,
            gsize       key_length,
            int         key_type)
{
  LIBSSH2_KNOWNHOSTS *known = libssh2_knownhost_init (ssh->session);
  guint port = ssh->request->ssh_port > 0 ? ssh->request->ssh_port : 22;
  int check;

  if (known == NULL)
    return LIBSSH2_KNOWNHOST_CHECK_FAILURE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    libssh2_knownhost_readfile (known, path, LIBSSH2_KNOWNHOST_FILE_OPENSSH);
  check = libssh2_knownhost_checkp (known, ssh->request->mgmt_ip, port, key, key_length,
                                    LIBSSH2_KNOWNHOST_TYPE_PLAIN |
                                    LIBSSH2_KNOWNHOST_KEYENC_RAW | key_type, NULL);
  libssh2_knownhost_free (known);
  return check;
}

/* Appends the host's key in OpenSSH format ("[host]:port" for ports other than 22). */
static gboolean
record_key (Ssh         *ssh,
            const char  *path,
            const char  *key,
            gsize        key_length,
            int          key_type,
            GError     **error)
{
  LIBSSH2_KNOWNHOSTS *known = libssh2_knownhost_init (ssh->session);
  struct libssh2_knownhost *entry = NULL;
  guint port = ssh->request->ssh_port > 0 ? ssh->request->ssh_port : 22;
  g_autofree char *host = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  char line[8192];
  size_t line_length = 0;
  int fd = -1;
  gboolean ok;

  host = port == 22 ? g_strdup (ssh->request->mgmt_ip)
                    : g_strdup_printf ("[%s]:%u", ssh->request->mgmt_ip, port);
  ok = known != NULL &&
       libssh2_knownhost_addc (known, host, NULL, key, key_length, NULL, 0,
                               LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW |
                               key_type, &entry) == 0 &&
       libssh2_knownhost_writeline (known, entry, line, sizeof line, &line_length,
                                    LIBSSH2_KNOWNHOST_FILE_OPENSSH) == 0;
  if (known != NULL)
    libssh2_knownhost_free (known);

  ok = ok && g_mkdir_with_parents (dir, 0700) == 0 &&
       (fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0 &&
       write (fd, line, line_length) == (gssize) line_length;
  if (fd >= 0)
    close (fd);

  if (!ok)
    g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                 _("The host key of %s cannot be recorded in %s"), ssh->request->mgmt_ip, path);
  return ok;
}

static gboolean
check_host_key (Ssh     *ssh,
                GError **error)
{
  const TakeoverProbeRequest *request = ssh->request;
  g_autofree char *user_file = NULL;
  g_autofree char *app_file = NULL;
  g_autofree char *encoded = NULL;
  /* Read only: the user's own file and the system's, as ssh(1) reads them. */
  const char *read_only[] = { NULL, NULL };
  const char *mismatch = NULL;
  gboolean matched = FALSE;
  gboolean recorded = TRUE;
  const char *hash;
  const char *key;
  size_t key_length;
  int hostkey_type, key_type;
  int app_check;

  key = libssh2_session_hostkey (ssh->session, &key_length, &hostkey_type);
  hash = libssh2_hostkey_hash (ssh->session, LIBSSH2_HOSTKEY_HASH_SHA256);
  if (key == NULL || hash == NULL)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The SSH server at %s sent no host key"), request->mgmt_ip);
      return FALSE;
    }

  /* As ssh-keygen -l prints it: SHA256, base64 without padding. */
  encoded = g_base64_encode ((const guchar *) hash, 32);
  *strchrnul (encoded, '=') = '\0';
  ssh->result->ssh_fingerprint = g_strconcat ("SHA256:", encoded, NULL);

  user_file = request->ssh_known_hosts != NULL
    ? g_strdup (request->ssh_known_hosts)
    : g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL);
  app_file = request->ssh_app_known_hosts != NULL
    ? g_strdup (request->ssh_app_known_hosts)
    : g_build_filename (g_get_user_data_dir (), "takeover", "known_hosts", NULL);
  read_only[0] = user_file;
  if (request->ssh_known_hosts == NULL)
    read_only[1] = "/etc/ssh/ssh_known_hosts";

  key_type = known_host_key_type (hostkey_type);
  for (guint i = 0; i < G_N_ELEMENTS (read_only) && read_only[i] != NULL; i++)
    {
      int check = check_file (ssh, read_only[i], key, key_length, key_type);

      matched |= check == LIBSSH2_KNOWNHOST_CHECK_MATCH;
      if (check == LIBSSH2_KNOWNHOST_CHECK_MISMATCH && mismatch == NULL)
        mismatch = read_only[i];
    }

  G_LOCK (app_known_hosts);
  app_check = check_file (ssh, app_file, key, key_length, key_type);
  if (app_check == LIBSSH2_KNOWNHOST_CHECK_MISMATCH && mismatch == NULL)
    mismatch = app_file;
  matched |= app_check == LIBSSH2_KNOWNHOST_CHECK_MATCH;
  if (!matched && mismatch == NULL && !request->ssh_no_trust_on_first_use)
    recorded = record_key (ssh, app_file, key, key_length, key_type, error);
  G_UNLOCK (app_known_hosts);

  if (mismatch != NULL)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_HOST_KEY_CHANGED,
                   _("The SSH host key of %s has changed: it is now %s and no longer matches "
                     "%s. If the host was reinstalled, remove its old line from that file; "
                     "otherwise someone may be intercepting the connection"),
                   request->mgmt_ip, ssh->result->ssh_fingerprint, mismatch);
      return FALSE;
    }

  if (matched)
    return TRUE;

  if (request->ssh_no_trust_on_first_use)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_HOST_KEY_UNKNOWN,
                   _("The SSH host key of %s (%s) is not in %s or %s"),
                   request->mgmt_ip, ssh->result->ssh_fingerprint, user_file, app_file);
      return FALSE;
    }

  ssh->result->ssh_key_recorded = recorded;
  return recorded;
}

static gboolean
auth_agent (Ssh *ssh)
{
  const char *user = ssh->request->ssh_username;
  LIBSSH2_AGENT *agent;
  struct libssh2_agent_publickey *identity = NULL;
  gboolean authenticated = FALSE;
  int rc;

  if (!ssh->request->ssh_use_agent || g_getenv ("SSH_AUTH_SOCK") == NULL ||
      (agent = libssh2_agent_init (ssh->session)) == NULL)
    return FALSE;

  if (libssh2_agent_connect (agent) == 0 && libssh2_agent_list_identities (agent) == 0)
    {
      while (!authenticated && libssh2_agent_get_identity (agent, &identity, identity) == 0)
        {
          SSH_RETRY (ssh, rc, libssh2_agent_userauth (agent, user, identity), NULL);
          authenticated = rc == 0;
          if (rc == LIBSSH2_ERROR_EAGAIN)
            break;
        }
      libssh2_agent_disconnect (agent);
    }
  libssh2_agent_free (agent);
  return authenticated;
}

static gboolean
authenticate (Ssh     *ssh,
              GError **error)
{
  const TakeoverProbeRequest *request = ssh->request;
  const char *user = request->ssh_username;
  g_autoptr(GString) tried = g_string_new (NULL);
  char *methods;
  int rc = LIBSSH2_ERROR_AUTHENTICATION_FAILED;

  if (user == NULL || user[0] == '\0')
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_INVALID,
                   _("No SSH user name is given for %s"), request->mgmt_ip);
      return FALSE;
    }

  while ((methods = libssh2_userauth_list (ssh->session, user, strlen (user))) == NULL &&
         libssh2_session_last_errno (ssh->session) == LIBSSH2_ERROR_EAGAIN)
    if (!wait_socket (ssh, error))
      return FALSE;
  if (methods == NULL && libssh2_userauth_authenticated (ssh->session))
    return TRUE;
  if (methods == NULL)
    {
      g_autofree char *message = session_error (ssh);

      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The SSH server at %s did not list its login methods: %s"),
                   request->mgmt_ip, message);
      return FALSE;
    }

  if (strstr (methods, "publickey") != NULL)
    {
      g_string_append (tried, "agent");
      if (auth_agent (ssh))
        return TRUE;

      if (request->ssh_key_file != NULL)
        {
          g_autofree char *public_key = g_strconcat (request->ssh_key_file, ".pub", NULL);

          if (!g_file_test (public_key, G_FILE_TEST_EXISTS))
            g_clear_pointer (&public_key, g_free);
          g_string_append (tried, ", key file");
          SSH_RETRY (ssh, rc,
                     libssh2_userauth_publickey_fromfile_ex (ssh->session, user, strlen (user),
                                                             public_key,
                                                             request->ssh_key_file, NULL),
                     error);
          if (rc == 0)
            return TRUE;
          if (rc == LIBSSH2_ERROR_EAGAIN)
            return FALSE;
        }
    }

  if (request->ssh_password != NULL && strstr (methods, "password") != NULL)
    {
      g_string_append (tried, tried->len > 0 ? ", password" : "password");
      SSH_RETRY (ssh, rc,
                 libssh2_userauth_password_ex (ssh->session, user, strlen (user),
                                               request->ssh_password,
                                               strlen (request->ssh_password), NULL),
                 error);
      if (rc == 0)
        return TRUE;
      if (rc == LIBSSH2_ERROR_EAGAIN)
        return FALSE;
    }

  g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_BAD_CREDENTIALS,
               _("The SSH server at %s refused user %s (tried: %s; it accepts: %s)"),
               request->mgmt_ip, user, tried->len > 0 ? tried->str : _("nothing"), methods);
  return FALSE;
}

static char *
run_command (Ssh         *ssh,
             const char  *command,
             GError     **error)
{
  g_autoptr(GString) output = g_string_new (NULL);
  char buffer[16384];
  int rc;

  while ((ssh->channel = libssh2_channel_open_session (ssh->session)) == NULL &&
         libssh2_session_last_errno (ssh->session) == LIBSSH2_ERROR_EAGAIN)
    if (!wait_socket (ssh, error))
      return NULL;
  if (ssh->channel == NULL)
    {
      g_autofree char *message = session_error (ssh);

      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The SSH server at %s refused a session: %s"), ssh->request->mgmt_ip,
                   message);
      return NULL;
    }

  /* Only stdout is parsed; stderr is dropped rather than left to fill the window. */
  libssh2_channel_handle_extended_data2 (ssh->channel, LIBSSH2_CHANNEL_EXTENDED_DATA_IGNORE);
  SSH_RETRY (ssh, rc, libssh2_channel_exec (ssh->channel, command), error);
  if (rc == LIBSSH2_ERROR_EAGAIN)
    return NULL;
  if (rc < 0)
    {
      g_autofree char *message = session_error (ssh);

      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The host %s refused to run Takeover’s read-only commands: %s"),
                   ssh->request->mgmt_ip, message);
      return NULL;
    }

  for (;;)
    {
      gssize n = libssh2_channel_read (ssh->channel, buffer, sizeof buffer);

      if (n > 0)
        {
          if (output->len + n > MAX_OUTPUT)
            {
              g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                           _("The host %s sent more than %u MiB of output"),
                           ssh->request->mgmt_ip, MAX_OUTPUT / (1024 * 1024));
              return NULL;
            }
          g_string_append_len (output, buffer, n);
        }
      else if (n == LIBSSH2_ERROR_EAGAIN)
        {
          if (!wait_socket (ssh, error))
            return NULL;
        }
      else if (n == 0 && libssh2_channel_eof (ssh->channel))
        break;
      else if (n < 0)
        {
          g_autofree char *message = session_error (ssh);

          g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                       _("Reading the output of %s failed: %s"), ssh->request->mgmt_ip,
                       message);
          return NULL;
        }
    }

  return g_string_free (g_steal_pointer (&output), FALSE);
}

static gpointer
init_libssh2_cb (gpointer data)
{
  /* libssh2 runs on OpenSSL. OpenSSL's exit handler frees its global state even while pool
   * threads that used it are still ending, whose thread-local clean-up then crashed the
   * exiting process (seen once in eight 200-host probes); the kernel frees it all anyway.
   * This must precede OpenSSL's first initialisation, which libssh2_init() does. */
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);
  /* libssh2_init() is not thread-safe: once, before any session. */
  return GINT_TO_POINTER (libssh2_init (0) == 0);
}

struct _TakeoverSshSession
{
  Ssh                   ssh;
  TakeoverProbeRequest *request;
  guint                 n_commands;
};

static void
arm_deadline (Ssh *ssh)
{
  ssh->deadline = g_get_monotonic_time () + (gint64) ssh->timeout_ms * 1000;
  ssh->last_deadline = ssh->deadline + 5 * (gint64) ssh->timeout_ms * 1000;
}

void
takeover_ssh_session_free (TakeoverSshSession *self)
{
  if (self == NULL)
    return;

  ssh_clear (&self->ssh);
  takeover_probe_request_free (self->request);
  g_free (self);
}

/**
 * takeover_ssh_session_open:
 * @result: where the host key's fingerprint (and whether it was recorded on first use) goes
 *
 * Blocking; on a pool thread. Connects to the host's SSH server, checks its host key as the
 * request says and logs in. The request's timeout bounds it all (at most 6 times the longest
 * silence).
 *
 * Returns: (transfer full) (nullable): the session, or %NULL with a #TAKEOVER_PROBE_ERROR
 */
TakeoverSshSession *
takeover_ssh_session_open (const TakeoverProbeRequest  *request,
                           TakeoverProbeResult         *result,
                           GCancellable                *cancellable,
                           GError                     **error)
{
  static GOnce init_once = G_ONCE_INIT;
  TakeoverSshSession *self;
  Ssh *ssh;
  int rc;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->mgmt_ip != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  self = g_new0 (TakeoverSshSession, 1);
  self->request = takeover_probe_request_copy (request);
  ssh = &self->ssh;
  ssh->request = self->request;
  ssh->result = result;
  ssh->cancellable = cancellable;
  ssh->fd = -1;
  ssh->timeout_ms = request->ssh_timeout_ms > 0 ? request->ssh_timeout_ms
                                                : TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS;
  arm_deadline (ssh);

  /* A library that cannot start is this host's failure to report, not a reason to take the
   * window (and the operator's run) down with it. */
  if (!GPOINTER_TO_INT (g_once (&init_once, init_libssh2_cb, NULL)))
    {
      g_set_error_literal (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                           _("The SSH library (libssh2) could not be initialised"));
      goto failed;
    }

  if (!connect_socket (ssh, error))
    goto failed;

  if ((ssh->session = libssh2_session_init ()) == NULL)
    {
      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("Could not start an SSH session with %s: out of memory"),
                   request->mgmt_ip);
      goto failed;
    }
  libssh2_session_set_blocking (ssh->session, 0);
  libssh2_session_method_pref (ssh->session, LIBSSH2_METHOD_HOSTKEY, HOSTKEY_METHODS);
  libssh2_keepalive_config (ssh->session, 1, KEEPALIVE_SECONDS);

  SSH_RETRY (ssh, rc, libssh2_session_handshake (ssh->session, ssh->fd), error);
  if (error != NULL && *error != NULL)
    goto failed;
  if (rc < 0)
    {
      g_autofree char *message = session_error (ssh);

      g_set_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_FAILED,
                   _("The SSH handshake with %s failed: %s"), request->mgmt_ip, message);
      goto failed;
    }

  ssh->keepalive = TRUE;

  if (!check_host_key (ssh, error) || !authenticate (ssh, error))
    goto failed;

  /* The result is the caller's, for this call only. */
  ssh->result = NULL;
  ssh->cancellable = NULL;
  return self;

failed:
  takeover_ssh_session_free (self);
  return NULL;
}

/**
 * takeover_ssh_session_exec:
 * @command: a command line, as sshd hands it to the user's shell
 *
 * Blocking; on a pool thread, one at a time on a session. Runs @command on its own channel and
 * returns what it printed on stdout (stderr is dropped). Each command but the first, which
 * continues the opening's time, has the request's timeout of its own.
 *
 * Returns: (transfer full) (nullable): the output, or %NULL with a #TAKEOVER_PROBE_ERROR (the
 *   session is then best closed and opened again)
 */
char *
takeover_ssh_session_exec (TakeoverSshSession  *self,
                           const char          *command,
                           GCancellable        *cancellable,
                           GError             **error)
{
  char *output;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (command != NULL, NULL);

  if (self->n_commands++ > 0)
    arm_deadline (&self->ssh);
  self->ssh.cancellable = cancellable;
  output = run_command (&self->ssh, command, error);
  self->ssh.cancellable = NULL;

  if (self->ssh.channel != NULL)
    {
      libssh2_session_set_blocking (self->ssh.session, 1);
      libssh2_session_set_timeout (self->ssh.session, 1000);
      libssh2_channel_free (self->ssh.channel);
      libssh2_session_set_blocking (self->ssh.session, 0);
      self->ssh.channel = NULL;
    }

  return output;
}

/**
 * takeover_ssh_probe_dup_command:
 *
 * Returns: (transfer full): the one command the probe runs on a host: the facts script
 */
char *
takeover_ssh_probe_dup_command (void)
{
  return g_strdup_printf ("/bin/sh -c '%s'", takeover_facts_get_script ());
}

void
takeover_ssh_probe_run (const TakeoverProbeRequest *request,
                        TakeoverProbeResult        *result,
                        GCancellable               *cancellable)
{
  g_autoptr(TakeoverSshSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *output = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (request->mgmt_ip != NULL);
  g_return_if_fail (result != NULL);

  if ((session = takeover_ssh_session_open (request, result, cancellable, &error)) == NULL)
    goto failed;

  command = takeover_ssh_probe_dup_command ();
  if (!(output = takeover_ssh_session_exec (session, command, cancellable, &error)))
    goto failed;

  result->ssh_answered = TRUE;
  takeover_facts_parse (output, request->mgmt_ip, result);
  return;

failed:
  takeover_probe_result_add_problem (result, "ssh", g_steal_pointer (&error));
}
