#!/bin/bash
# local-slurm.sh: a private, one-node Slurm on this machine for the Slurm test
# (tests/slurm/run_slurm_test.sh, CTest slurm_cpu_sbatch): the install step that test needs, so
# that the test itself installs nothing and starts no daemon.
#
#   bash scripts/local-slurm.sh install    # Debian's slurm-wlm and munge, when missing (root)
#   bash scripts/local-slurm.sh start      # munged, slurmctld, slurmd on 127.0.0.1 (root)
#   bash scripts/local-slurm.sh status     # exit 0 when it answers and its node is up
#   bash scripts/local-slurm.sh wait-idle  # until its node has no job (at most 30 s)
#   bash scripts/local-slurm.sh logs       # the last lines of the daemons' logs
#   bash scripts/local-slurm.sh stop       # cancel its jobs, stop the daemons by PID
#
# Everything lives in LENSGEN_SLURM_DIR (default /tmp/lensgen-slurm: slurm.conf, state, spool,
# logs) and a short-lived /tmp/lensgen-munge.* (munge's socket path must be short); a system
# /etc/slurm is never read or written (clients use SLURM_CONF=DIR/slurm.conf). One node with
# this machine's CPUs and two fake GPUs; ports LENSGEN_SLURM_PORT and +1 (default 16817, or the
# next free pair). `start` is idempotent (a running one is kept); .ci/run starts it before the
# tests and stops it on exit. The daemons run as root and munge: install and start need root.
set -uo pipefail

dir=$(realpath -m "${LENSGEN_SLURM_DIR:-/tmp/lensgen-slurm}")
export PATH=$PATH:/usr/sbin:/sbin
t_start=$(date +%s)
say() { printf '[local-slurm %3ds] %s\n' "$(($(date +%s) - t_start))" "$*"; }
fatal() {
    say "FAILED: $*"
    exit 1
}
need_root() { [[ $(id -u) == 0 ]] || fatal "'$1' needs root (the daemons run as root and munge)"; }

# ---- packages -------------------------------------------------------------------------------
need=(sbatch squeue scontrol sinfo scancel srun slurmctld slurmd munged munge unmunge)
missing() {
    local c
    for c in "${need[@]}"; do
        command -v "$c" >/dev/null || return 0
    done
    return 1
}
install() {
    missing || {
        say "slurm-wlm and munge are installed"
        return 0
    }
    need_root install
    command -v apt-get >/dev/null || fatal "Slurm or munge missing and no apt-get"
    say "installing slurm-wlm and munge with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    local log=/tmp/lensgen-slurm-apt.log
    apt_install() {
        timeout 300 apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=60 \
            slurm-wlm munge >"$log" 2>&1
    }
    if ! apt_install; then
        timeout 120 apt-get update -q >>"$log" 2>&1
        apt_install || {
            tail -n 20 "$log"
            fatal "apt-get install slurm-wlm munge failed (log $log)"
        }
    fi
    missing && fatal "slurm-wlm and munge installed but a command is still missing"
    say "installed slurm-wlm and munge"
}

# ---- daemons: stop (by PID, waiting for their pid files) ------------------------------------
# Only a PID whose command is the expected daemon is signalled (pid files can be stale).
stopped_pids=
pid_of() { # pidfile daemon-name
    local pid
    [[ -s $1 ]] || return 1
    pid=$(tr -dc 0-9 <"$1")
    [[ -n $pid && -r /proc/$pid/comm && $(cat "/proc/$pid/comm") == "$2" ]] || return 1
    echo "$pid"
}
stop_daemon() { # pidfile daemon-name
    local pid i
    if ! pid=$(pid_of "$1" "$2"); then
        rm -f "$1"
        return 0
    fi
    kill "$pid" 2>/dev/null
    stopped_pids+=" $pid"
    for ((i = 0; i < 100; i++)); do # 10 s
        [[ -e $1 ]] || return 0
        sleep 0.1
    done
    # Still there: a zombie (exited, not reaped) or hung. Kill it for sure.
    if [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; then
        say "warning: $2 ($pid) did not stop in 10 s: SIGKILL"
        kill -9 "$pid" 2>/dev/null
        sleep 0.5
    fi
    rm -f "$1"
}
stop() {
    local munge_dir i
    if pid_of "$dir/slurmctld.pid" slurmctld >/dev/null; then
        # Cancel what is left so that no slurmstepd or lensgen outlives the daemons.
        SLURM_CONF=$dir/slurm.conf timeout 10 scancel --quiet --full --user=root 2>/dev/null
        for ((i = 0; i < 50; i++)); do
            [[ -z $(SLURM_CONF=$dir/slurm.conf timeout 5 squeue -h -o %i 2>/dev/null) ]] && break
            sleep 0.2
        done
    fi
    stop_daemon "$dir/slurmd.pid" slurmd
    stop_daemon "$dir/slurmctld.pid" slurmctld
    munge_dir=$(cat "$dir/munge_dir" 2>/dev/null)
    if [[ -n $munge_dir ]]; then
        stop_daemon "$munge_dir/munged.pid" munged
        [[ $munge_dir == /tmp/lensgen-munge.* ]] && rm -rf "$munge_dir"
        rm -f "$dir/munge_dir"
    fi
    # The daemons linger briefly as zombies until init reaps them: wait (bounded) for that too.
    for ((i = 0; i < 50; i++)); do
        [[ -z ${stopped_pids:-} ]] && break
        local p alive=
        for p in $stopped_pids; do [[ -e /proc/$p ]] && alive+=" $p"; done
        stopped_pids=$alive
        [[ -z $alive ]] && break
        sleep 0.1
    done
    [[ -n ${stopped_pids// /} ]] && say "note: PIDs$stopped_pids not reaped yet (zombies)"
    stopped_pids=
}

# ---- status: the controller answers and the node is up (idle, mixed or allocated) -----------
node_state() { SLURM_CONF=$dir/slurm.conf timeout 5 sinfo -h -o %T 2>/dev/null | head -n 1; }
status() {
    [[ -f $dir/slurm.conf ]] && pid_of "$dir/slurmctld.pid" slurmctld >/dev/null &&
        pid_of "$dir/slurmd.pid" slurmd >/dev/null &&
        [[ $(node_state) =~ ^(idle|mixed|allocated|completing)$ ]]
}

show_logs() {
    local f
    for f in "$dir"/log/*.log "$(cat "$dir/munge_dir" 2>/dev/null)/munged.log"; do
        [[ -f $f ]] || continue
        echo "---- last lines of $f"
        tail -n 15 "$f"
    done
}
wait_file() { # path seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        [[ -e $1 ]] && return 0
        sleep 0.1
    done
    return 1
}

# ---- start ----------------------------------------------------------------------------------
start() {
    if status; then
        say "already running: SLURM_CONF=$dir/slurm.conf (node $(node_state))"
        return 0
    fi
    missing && fatal "Slurm or munge is not installed: bash $0 install"
    need_root start
    [[ $(nproc) -ge 2 ]] || fatal "needs 2 CPUs for the test's 2-task jobs (have $(nproc))"
    # Whatever an earlier start left (daemons of a killed run) is stopped, then reset.
    [[ -d $dir ]] && stop
    rm -rf "$dir"
    mkdir -p "$dir"/{state,spool,log} || fatal "cannot create $dir"

    local host port munge_dir node conf try
    host=$(hostname -s)
    port=${LENSGEN_SLURM_PORT:-16817}
    port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
    for ((try = 0; try < 10; try++)); do
        port_busy "$port" || port_busy $((port + 1)) || break
        port=$((port + 2))
    done
    port_busy "$port" && fatal "no free port pair from ${LENSGEN_SLURM_PORT:-16817} to $port"

    munge_dir=$(mktemp -d /tmp/lensgen-munge.XXXXXX) || fatal "mktemp failed"
    echo "$munge_dir" >"$dir/munge_dir"
    chmod 755 "$munge_dir" # munged requires its socket directory to be searchable by all
    dd if=/dev/urandom of="$munge_dir/munge.key" bs=1024 count=1 status=none
    { chown -R munge:munge "$munge_dir" && chmod 400 "$munge_dir/munge.key"; } ||
        fatal "cannot give $munge_dir to the munge user (is the munge package installed?)"

    node=$(slurmd -C | head -n 1 | sed -E "s/^NodeName=[^ ]+/NodeName=$host NodeAddr=127.0.0.1/; s/ RealMemory=[0-9]+//")
    [[ $node == NodeName=* ]] || fatal "slurmd -C printed no node line"
    conf=$dir/slurm.conf
    cat >"$conf" <<EOF
# Written by scripts/local-slurm.sh: one node, localhost, root, no cgroups or accounting.
ClusterName=lensgentest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_dir/munge.socket
CredType=cred/munge
MpiDefault=pmix
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
PlugStackConfig=$dir/plugstack.conf
ReturnToService=2
MinJobAge=600
# Start queued jobs at once (the defaults delay batch jobs by up to 3 s each).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,default_queue_depth=100
KillWait=5
GresTypes=gpu
$node Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=60 State=UP
EOF
    # Two fake GPUs (no devices behind them) so that --gpus-per-task works for gpu.sbatch.
    printf 'NodeName=%s Name=gpu File=/dev/null\nNodeName=%s Name=gpu File=/dev/zero\n' "$host" "$host" >"$dir/gres.conf"
    : >"$dir/plugstack.conf"

    # Only this Slurm: no variables of an enclosing job, this configuration for every client.
    local v
    while read -r v; do unset "$v"; done < <(compgen -e | grep '^SLURM_')
    export SLURM_CONF=$conf

    say "starting munged, slurmctld, slurmd (conf $conf, ports $port-$((port + 1)))"
    # The daemons get no descriptor of the caller (a CI log pipe stays closable).
    runuser -u munge -- munged --socket="$munge_dir/munge.socket" --key-file="$munge_dir/munge.key" \
        --log-file="$munge_dir/munged.log" --pid-file="$munge_dir/munged.pid" \
        --seed-file="$munge_dir/munged.seed" </dev/null >>"$dir/log/start.log" 2>&1 || {
        show_logs
        fatal "munged did not start"
    }
    wait_file "$munge_dir/munged.pid" 10 || fatal "munged wrote no pid file in 10 s"
    timeout 10 munge -n -S "$munge_dir/munge.socket" | timeout 10 unmunge -S "$munge_dir/munge.socket" >/dev/null ||
        {
            show_logs
            fatal "munge credential round trip failed"
        }
    timeout 30 slurmctld -f "$conf" </dev/null >>"$dir/log/start.log" 2>&1 || {
        show_logs
        fatal "slurmctld did not start"
    }
    wait_file "$dir/slurmctld.pid" 10 || fatal "slurmctld wrote no pid file in 10 s"
    timeout 30 slurmd -f "$conf" -N "$host" </dev/null >>"$dir/log/start.log" 2>&1 || {
        show_logs
        fatal "slurmd did not start"
    }
    wait_file "$dir/slurmd.pid" 10 || fatal "slurmd wrote no pid file in 10 s"

    wait_idle
    say "running: SLURM_CONF=$conf, node $host idle: $(timeout 5 sinfo -h -o '%c CPUs, gres %G')"
}

# wait_idle: until the node is idle (no job left on it), at most 30 s; else its state and the
# daemons' logs, and exit 1
wait_idle() {
    local i state=
    for ((i = 0; i < 300; i++)); do # 30 s
        state=$(node_state)
        [[ $state == idle ]] && return 0
        sleep 0.1
    done
    SLURM_CONF=$dir/slurm.conf timeout 5 scontrol show node
    show_logs
    fatal "node not idle after 30 s (state '$state')"
}

case ${1:-} in
install) install ;;
start) start ;;
stop)
    stop
    say "stopped (SLURM_CONF=$dir/slurm.conf)"
    ;;
wait-idle) wait_idle ;;
logs) show_logs ;;
status)
    if status; then
        say "running: SLURM_CONF=$dir/slurm.conf (node $(node_state))"
    else
        say "not running (LENSGEN_SLURM_DIR=$dir)"
        exit 1
    fi
    ;;
*)
    echo "usage: $0 install|start|status|wait-idle|logs|stop   (LENSGEN_SLURM_DIR, default /tmp/lensgen-slurm)" >&2
    exit 2
    ;;
esac
