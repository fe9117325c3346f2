# SPDX-License-Identifier: BSD-2-Clause
# Fault injection on the debug kernel (make check-faults): each of
# rumpvisor's injection points (/rv/sites.txt) is made to fail through
# its fault attribute (/sys/kernel/debug/rumpvisor/fail/POINT, the
# kernel's fault-injection framework), first under the probe (what the
# hypercalls return), then at its 1st, 2nd, ... call during real guest
# work.  Sourced by the VM's init (rv_* helpers); vm.py faults-report
# judges the console.
#
# First each load runs once with every site counting its calls (armed
# with a huge space: nothing fails).  Then, for each site and load with
# C calls, the walk fails call N = 1, 1+k, 1+2k, ... <= C, one load per
# N, where k = ceil(C / S) and S is RV_FAULT_SAMPLES_<load> (set by the
# --pre file of mk/debug.mk; 0: every call, k = 1).  A site's walk
# through a load stops at the first N the load did not reach (a load
# that makes fewer calls in one run than in the count).

FAIL=/sys/kernel/debug/rumpvisor/fail
mkdir -p /tmp/rv

if [ ! -e /proc/self/make-it-fail ]; then
	rv_log "RV-FAULT unavailable: no fault injection (not the debug kernel?)"
	rv_failures=$((rv_failures + 1))
	return 0 2>/dev/null || exit 0
fi

# fi_arm SITE SPACE TIMES FILTER: the site (a function rv_NAME; its
# attribute is fail/NAME) fails once SPACE calls have gone by, TIMES
# times (-1: always); FILTER Y: only in tasks with make-it-fail set.
fi_arm() {
	fi_a=$FAIL/${1#rv_}
	[ -d $fi_a ] || { rv_log "RV-FAULT no attribute $fi_a"; return 1; }
	echo 1 > $fi_a/interval
	echo $2 > $fi_a/space
	echo $3 > $fi_a/times
	echo $4 > $fi_a/task-filter
	echo 1 > $fi_a/verbose
	echo 100 > $fi_a/probability
}

# fi_left SITE: the failures it has left (0 once a times=1 one came).
fi_left() { cat $FAIL/${1#rv_}/times; }
fi_disarm() { echo 0 > $FAIL/${1#rv_}/probability; }

fi_hv_load() {
	rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv halt_ms=5000
}

# After a test: what is left, then rumpvisor.ko must unload.
fi_hv_unload() {
	rv_log "RV-FAULT left instances=$(ls /sys/kernel/rumpvisor 2>/dev/null | wc -l)"
	rv_stats
	rv_step rmmod-rumpvisor timeout -s KILL 120 rmmod rumpvisor
	rm -rf /tmp/rv/*
}

# fi_insmod NAME COMMAND...: a command that loads a module, with a
# deadline; its status and message go to the log as "RV-FAULT insmod
# NAME rc=N msg=...".  Modules are loaded with /rv/fault-insmod, which
# tries once (busybox insmod would run a failed init a second time),
# and the debug hook's line saying where the module went is logged here.
fi_insmod() {
	fi_n=$1; shift
	timeout -s KILL 180 "$@" > /tmp/insmod.out 2>&1 < /dev/null
	fi_rc=$?
	for fi_ko in "$@"; do
		case $fi_ko in *.ko) command -v rv_module_log > /dev/null &&
			rv_module_log $fi_ko;;
		esac
	done
	rv_log "RV-FAULT insmod $fi_n rc=$fi_rc msg=$(tr '\n' ' ' < /tmp/insmod.out)"
	return $fi_rc
}

# fi_rmmod MODULE: unload a carrier if it is loaded.
fi_rmmod() {
	[ -d /sys/module/$1 ] || return 0
	rv_step rmmod-$1 timeout -s KILL 180 rmmod $1
}

# ------------------------------------------------ the probe, site by site
# Every call of the site made by the probe's hypercalls (or by insmod)
# fails; calls made elsewhere go through (task filter).
probe_site() {
	rv_part probe-$1
	fi_hv_load
	fi_arm $1 0 -1 Y
	fi_insmod probe-insmod sh -c \
		'echo 1 > /proc/self/make-it-fail; exec /rv/fault-insmod /rv/rumpvisor_faultprobe.ko run=0'
	fi_rmmod rumpvisor_faultprobe
	fi_insmod probe-calls /rv/fault-insmod /rv/rumpvisor_faultprobe.ko run=1 \
		scratch=/tmp/rv
	fi_rmmod rumpvisor_faultprobe
	fi_disarm $1
	fi_hv_unload
}

# --------------------------------------------- the walk through real loads
# One load: a carrier that boots a guest and works, then its unload.
load_boot() {
	fi_insmod load /rv/fault-insmod /rv/rumpvisor_fsdemo.ko && \
		fi_rmmod rumpvisor_fsdemo
}
load_fs() {
	fi_insmod load /rv/fault-insmod /rv/rumpvisor_vfstest.ko quick=1 && \
		fi_rmmod rumpvisor_vfstest
}
load_sp() {
	fi_insmod load /rv/fault-insmod /rv/rumpvisor_rk.ko \
		server=unix:///tmp/rv/rk.sock && fi_rmmod rumpvisor_rk
}
load_ct() {
	fi_insmod load /rv/fault-insmod /rv/rumpvisor_ct.ko quick=1 \
		outside=/rv/rumpvisor.ko && fi_rmmod rumpvisor_ct
}
# The network test guest: its boot makes virt0 on a native device.
load_net() {
	fi_insmod load /rv/fault-insmod /rv/rumpvisor_nettest.ko && \
		fi_rmmod rumpvisor_nettest
}

# The count: each load once with every site armed to fail only after
# FI_HUGE calls; what is left of each space is the number of calls.
FI_HUGE=1000000000
count_load() {
	rv_part count-$1
	fi_hv_load
	for fi_s in $(fi_sites); do
		fi_arm $fi_s $FI_HUGE 1 N
	done
	load_$1
	for fi_s in $(fi_sites); do
		read -r fi_space < $FAIL/${fi_s#rv_}/space
		fi_disarm $fi_s
		eval fi_calls_${fi_s}_$1=$((FI_HUGE - fi_space))
		rv_log "RV-FAULT calls site=$fi_s load=$1 n=$((FI_HUGE - fi_space))"
	done
	fi_hv_unload
}

# walk_one SITE LOAD N: fail the Nth call of SITE during LOAD; false
# when LOAD made fewer than N calls (the failure never came).
walk_one() {
	rv_part fault-$1-$2-$3
	fi_hv_load
	fi_arm $1 $3 1 N
	load_$2
	fi_left=$(fi_left $1)
	fi_disarm $1
	fi_hv_unload
	if [ "$fi_left" = 0 ]; then
		rv_log "RV-FAULT walk site=$1 load=$2 n=$3 fired=1"
		return 0
	fi
	rv_log "RV-FAULT walk site=$1 load=$2 n=$3 fired=0"
	return 1
}

# walk_site SITE: every k-th of its calls in each load (see the top).
# RV_FAULT_ONLY_NEW_<load>=1: that load is walked only for a site no
# earlier load reached (a quick run's way to cover every site once
# without walking the slow conformance run, or the syscall proxy's, for
# all of them).
walk_site() {
	fi_walked=0
	for fi_load in $FI_LOADS; do
		eval fi_c=\${fi_calls_${1}_$fi_load:-0}
		eval fi_k=\${RV_FAULT_SAMPLES_$fi_load:-0}
		eval fi_new=\${RV_FAULT_ONLY_NEW_$fi_load:-0}
		[ "$fi_new" = 1 ] && [ $fi_walked = 1 ] && continue
		[ "$fi_k" -gt 0 ] && fi_k=$(( (fi_c + fi_k - 1) / fi_k ))
		[ "$fi_k" -gt 0 ] || fi_k=1
		fi_w=$(( (fi_k + 1) / 2 ))
		while [ $fi_w -le $fi_c ]; do
			walk_one $1 $fi_load $fi_w || break
			fi_walked=1
			fi_w=$((fi_w + fi_k))
		done
	done
}

# The sites, from the table.
fi_sites() { awk '!/^#/ && NF { print $1 }' /rv/sites.txt; }

FI_LOADS="boot fs sp ct net"
rv_part faults
rv_log "RV-FAULT samples boot=$RV_FAULT_SAMPLES_boot fs=$RV_FAULT_SAMPLES_fs sp=$RV_FAULT_SAMPLES_sp ct=$RV_FAULT_SAMPLES_ct only-new sp=${RV_FAULT_ONLY_NEW_sp:-0} ct=${RV_FAULT_ONLY_NEW_ct:-0}"
for fi_site in $(fi_sites); do
	probe_site $fi_site
done
# RV_FAULT_LOADS (FAULT_WALK=none: the probe only) overrides FI_LOADS.
FI_LOADS=${RV_FAULT_LOADS-$FI_LOADS}
for fi_load in $FI_LOADS; do
	count_load $fi_load
done
for fi_site in $(fi_sites); do
	walk_site $fi_site
done
rv_part end
