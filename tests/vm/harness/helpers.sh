# SPDX-License-Identifier: BSD-2-Clause
# The helpers of the VM's test scripts, sourced by init.sh before the
# hooks and the script (busybox sh).  Scripts report through marker lines
# (RV-PART, RV-STEP, RV-SAMPLE, RV-STATS; see harness/__init__.py) that
# the reports read back from the console:
#   rv_log TEXT         one kernel log record
#   rv_part NAME        what follows belongs to part NAME
#   rv_step NAME CMD..  run CMD, log its status; a failure fails the run
#   rv_pipe PREFIX      stdin to the kernel log, line by line, prefixed
#   rv_ok PREFIX D CMD  one TAP line "PREFIXok N - D" for CMD's status
#   rv_plan PREFIX      the plan line of the rv_ok lines since the last one
#   rv_sample TAG       slab, vmalloc and kernel thread numbers
#   rv_stats            rumpvisor's live-guest counters
#   rv_cycles N FN      FN 0 (warm-up), baseline, FN 1..N with samples
#   rv_hooks KIND       source the harness's hooks of KIND (pre, post)
# Markers go through /dev/kmsg: one record each, ordered with printk.
rv_log() { echo "$*" > /dev/kmsg; }
rv_part() { rv_log "RV-PART $1"; }
rv_failures=0
rv_step() {
	rv_name=$1; shift
	"$@"; rv_rc=$?
	rv_log "RV-STEP $rv_name rc=$rv_rc"
	[ $rv_rc = 0 ] || rv_failures=$((rv_failures + 1))
	return $rv_rc
}
# rv_pipe PREFIX: copy stdin to the kernel log, one record per line.
rv_pipe() { while IFS= read -r rv_l; do rv_log "$1$rv_l"; done; }
# rv_ok PREFIX DESCRIPTION COMMAND...: run COMMAND, one TAP line for its
# status (numbered across the script); a failure fails the run.
rv_tap_n=0
rv_plan_n=0
rv_ok() {
	rv_tp=$1; rv_td=$2; shift 2
	rv_tap_n=$((rv_tap_n + 1))
	rv_plan_n=$((rv_plan_n + 1))
	if "$@"; then
		rv_log "${rv_tp}ok $rv_tap_n - $rv_td"
	else
		rv_log "${rv_tp}not ok $rv_tap_n - $rv_td"
		rv_failures=$((rv_failures + 1))
	fi
}
# rv_plan PREFIX: the TAP plan of the rv_ok lines since the last plan (a
# part's stream), so that a part cut short shows as incomplete.
rv_plan() { rv_log "${1}1..$rv_plan_n"; rv_plan_n=0; }
# rv_sample TAG: memory and kernel-thread numbers after dropping caches.
rv_sample() {
	sync; echo 3 > /proc/sys/vm/drop_caches
	# Give back per-CPU partial and empty slabs: SLUB counts those as in
	# use, and they come and go in whole slabs, hiding small leaks.
	for rv_s in /sys/kernel/slab/*/shrink; do echo 1 > $rv_s; done 2>/dev/null
	rv_kt=0; rv_kw=0
	for rv_s in /proc/[0-9]*/status; do
		rv_n=; rv_p=
		while read -r rv_k rv_v rv_x; do
			case $rv_k in Name:) rv_n=$rv_v;; PPid:) rv_p=$rv_v; break;; esac
		done < $rv_s 2>/dev/null
		[ "$rv_p" = 2 ] || continue
		case $rv_n in kworker/*) rv_kw=$((rv_kw + 1));; *) rv_kt=$((rv_kt + 1));; esac
	done
	while read -r rv_k rv_v rv_x; do
		case $rv_k in
		Slab:) rv_slab=$rv_v;; SUnreclaim:) rv_sun=$rv_v;; VmallocUsed:) rv_vm=$rv_v;;
		esac
	done < /proc/meminfo
	rv_log "RV-SAMPLE $1 slab=$rv_slab sunreclaim=$rv_sun vmalloc=$rv_vm kthreads=$rv_kt kworkers=$rv_kw"
}

# rv_stats: rumpvisor's own count of live guest threads and allocations,
# which must be zero once the guest module is gone (exact, unlike Slab).
rv_stats() {
	if [ -r /sys/module/rumpvisor/parameters/stats ]; then
		rv_log "RV-STATS $(cat /sys/module/rumpvisor/parameters/stats)"
	else
		rv_log "RV-STATS missing"
	fi
}
# rv_cycles N FN: load/unload cycles judged by kernel-report/guest-report.
# FN 0 warms caches (first-use allocations are not leaks), then the
# baseline sample, FN 1..N each followed by a sample, and the final one.
# RV_CYCLES (vm.py run --cycles) overrides N.
rv_cycles() {
	rv_cn=${RV_CYCLES:-$1}; rv_cf=$2
	$rv_cf 0
	rv_part samples
	rv_sample base
	rv_ci=1
	while [ $rv_ci -le $rv_cn ]; do
		$rv_cf $rv_ci
		rv_sample cycle-$rv_ci
		rv_ci=$((rv_ci + 1))
	done
	rv_part samples
	# Let RCU-deferred frees of the last cycle finish first.
	sleep 1
	rv_sample final
}

# rv_hooks pre|post: source the harness's hooks of that kind (vm.py run
# --pre/--post; the debug kernel adds its own), in name order.
rv_hooks() {
	for rv_h in /rv/hooks/$1/*.sh; do
		[ -e "$rv_h" ] && . "$rv_h"
	done
}
