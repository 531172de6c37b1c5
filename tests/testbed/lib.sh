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
# Hosts running lldpd (the root namespace's lldpd acts as their switch).
LLDP_HOSTS="tb-001 tb-002 tb-004"
# Tests that change chassis state (power, boot device) use only these hosts, so that the
# chassis logs of every other host stay empty while read-only tests run beside them.
CHASSIS_HOSTS="tb-019 tb-020"

# Sets, for host $1, the variables name (tb-001), veth and veth2 (root sides of eth0's and
# eth1's veth pairs), bmc_ip (127.0.X.Y) and mgmt_ip (198.18.X.Y), X.Y counting 1.1 .. 1.254,
# 2.1 ..; and the MACs mac_eth0, mac_eth1, mac_veth, mac_veth2, mac_bmc: locally administered,
# 02:18:<role>:00:<i high>:<i low>. Without subshells: up and status run it for every host.
host_vars()
{
  local i=$1 xy
  printf -v name 'tb-%03d' "$i"
  printf -v veth 'tbv-%03d' "$i"
  printf -v veth2 'tbw-%03d' "$i"
  xy=$(( 1 + (i - 1) / 254 )).$(( (i - 1) % 254 + 1 ))
  bmc_ip=127.0.$xy
  mgmt_ip=198.18.$xy
  printf -v mac_eth0 '02:18:00:00:%02x:%02x' $(( i / 256 )) $(( i % 256 ))
  printf -v mac_eth1 '02:18:01:00:%02x:%02x' $(( i / 256 )) $(( i % 256 ))
  printf -v mac_veth '02:18:fe:00:%02x:%02x' $(( i / 256 )) $(( i % 256 ))
  printf -v mac_veth2 '02:18:fd:00:%02x:%02x' $(( i / 256 )) $(( i % 256 ))
  printf -v mac_bmc '02:18:bb:00:%02x:%02x' $(( i / 256 )) $(( i % 256 ))
}

# True if the PID in file $1 is alive and its command line contains $2 (guards against reuse).
# Only builtins: status checks hundreds of these.
pid_alive()
{
  local pid args
  [ -s "$1" ] && read -r pid < "$1" && [ -r "/proc/$pid/cmdline" ] || return 1
  mapfile -d '' args < "/proc/$pid/cmdline" 2> /dev/null || return 1
  [[ "${args[*]}" == *"$2"* ]]
}

# Stop the process in PID file $1 (if it still runs $2): TERM, then KILL after 3 s. A process
# that leads its own process group (the daemons, and what up starts with setsid) is stopped with
# its group, so that children such as Ironic's ipmitool calls go too.
stop_pid()
{
  local pid target
  if pid_alive "$1" "$2"; then
    read -r pid < "$1"
    target=$pid
    [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ] && target=-$pid
    kill -- "$target" 2> /dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 -- "$target" 2> /dev/null || true
  fi
  rm -f "$1"
}

die() { echo "testbed: $*" >&2; exit 1; }
