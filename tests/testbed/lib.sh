# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by up, down and ironic: where the bed lives and how host i is named and addressed.
# Sourced, never run.

TESTBED_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TESTBED_DIR=${TESTBED_DIR:-$TESTBED_SRC/state}
PY=/usr/bin/python3              # Debian's: the pyenv python3 first on PATH has no ironic

BMC_USER=admin
BMC_PASS=password
SSH_USER=hwprobe
SSH_PASS=probe-pass
SNMP_COMMUNITY=public
SNMP_V3_USER=hwmon
SNMP_V3_AUTH=hwmon-auth-pass     # SHA
SNMP_V3_PRIV=hwmon-priv-pass     # AES
IRONIC_PORT=6385
BRIDGE=tb-br0
BRIDGE_IP=198.18.0.1
NET_PREFIX=15
HOST_WITHOUT_IP_JSON=tb-003
# Tests that change chassis state (power, boot device) use only these hosts, so that the
# chassis logs of every other host stay empty while read-only tests run beside them.
CHASSIS_HOSTS="tb-019 tb-020"

host_name()  { printf 'tb-%03d' "$1"; }
host_veth()  { printf 'tbv-%03d' "$1"; }    # root side of eth0's veth pair, on the bridge
host_veth2() { printf 'tbw-%03d' "$1"; }    # root side of eth1's veth pair
# Host i: BMC 127.0.X.Y, management IP 198.18.X.Y, with X.Y counting 1.1 .. 1.254, 2.1 ...
host_xy()    { echo "$(( 1 + ($1 - 1) / 254 )).$(( ($1 - 1) % 254 + 1 ))"; }
bmc_ip()     { echo "127.0.$(host_xy "$1")"; }
mgmt_ip()    { echo "198.18.$(host_xy "$1")"; }
# Locally administered, deterministic MACs: 02:18:<role>:00:<i high>:<i low>.
host_mac()   { printf '02:18:%02x:00:%02x:%02x' "$2" $(( $1 / 256 )) $(( $1 % 256 )); }
MAC_ETH0=0x00
MAC_ETH1=0x01
MAC_VETH=0xfe
MAC_VETH2=0xfd
MAC_BMC=0xbb

# True if the PID in file $1 is alive and its command line contains $2 (guards against reuse).
pid_alive()
{
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$2"
}

# Stop the process in PID file $1 (if it still runs $2): TERM, then KILL after 3 s. A process
# that leads its own process group (the daemons, and what up starts with setsid) is stopped with
# its group, so that children such as Ironic's ipmitool calls go too.
stop_pid()
{
  local pid target
  if pid_alive "$1" "$2"; then
    pid=$(cat "$1")
    target=$pid
    [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ] && target=-$pid
    kill -- "$target" 2> /dev/null
    for _ in $(seq 30); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 -- "$target" 2> /dev/null
  fi
  rm -f "$1"
}

die() { echo "testbed: $*" >&2; exit 1; }
