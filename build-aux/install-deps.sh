#!/bin/bash
# Install the Debian 12 packages Takeover needs to build, run and test.
#   build-aux/install-deps.sh            build + app + unit/UI tests + test bed
#   build-aux/install-deps.sh --full     also the OpenStack services of the full test bed
#   build-aux/install-deps.sh --bench    also what bench/ compares against
# Idempotent: packages already present are skipped quickly.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
APT="apt-get -o DPkg::Lock::Timeout=900 -y -q --no-install-recommends"

BUILD=(meson ninja-build pkg-config gcc clang libclang-rt-14-dev gettext itstool
       libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
       libjson-glib-dev libfreeipmi-dev libssh2-1-dev libyaml-dev libsecret-1-dev librrd-dev
       libsnmp-dev
       desktop-file-utils appstream-util appstream)
RUNTIME=(adwaita-icon-theme fonts-cantarell fonts-noto-cjk dbus dbus-x11 gnome-keyring
         xvfb xauth imagemagick locales rrdtool rrdcached)
TESTBED=(python3-ironic python3-ironicclient openipmi ipmitool freeipmi-tools
         openssh-server openssh-client snmpd snmp iproute2 curl procps util-linux sqlite3 lldpd)
FULL=(uwsgi-core uwsgi-plugin-python3 python3-keystone python3-glance python3-neutron
      python3-placement python3-nova python3-gnocchi python3-psycopg2 postgresql-15)
# bench/monitor scrapes the bed's BMCs with the Prometheus IPMI exporter, side by side.
BENCH=(prometheus-ipmi-exporter)

want=("${BUILD[@]}" "${RUNTIME[@]}" "${TESTBED[@]}")
for option in "$@"; do
  case $option in
    --full) want+=("${FULL[@]}") ;;
    --bench) want+=("${BENCH[@]}") ;;
    *) echo "install-deps: unknown option $option (--full, --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
  # Services from these packages must not start on their own (sshd, snmpd, lldpd, postgresql,
  # the IPMI exporter):
  # the test bed starts its own copies on its own addresses.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  $APT update
  $APT install "${missing[@]}"
fi

# tests/cli runs the CLI under zh_CN.UTF-8; the locales package generates no locale by itself.
if ! locale -a | grep -ix 'zh_CN\.utf-\?8' > /dev/null; then
  sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -qx 'zh_CN\.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen --keep-existing
fi
