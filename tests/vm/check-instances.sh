# SPDX-License-Identifier: BSD-2-Clause
# Resident guests, several at once, owned by the hypervisor (issue 6),
# inside the VM.  Sourced by the init of tests/vm/vm.py (rv_part, rv_step,
# rv_sample, rv_stats, rv_cycles, rv_log); tests/vm/vm.py instances-report
# judges it.  Checks print TAP as "ti: ..." through ti_ok.

mkdir -p /tmp/rv
RUMPCTL=/rv/rumpctl
ti_n=0

# ti_ok DESCRIPTION COMMAND...: one TAP line for the command's status.
ti_ok() {
	ti_d=$1; shift
	ti_n=$((ti_n + 1))
	if "$@"; then
		rv_log "ti: ok $ti_n - $ti_d"
	else
		rv_log "ti: not ok $ti_n - $ti_d"
		rv_failures=$((rv_failures + 1))
	fi
}

# ti_wait SECONDS PATTERN: until the kernel log has a line matching it.
ti_wait() {
	ti_t=0
	while [ $ti_t -lt $(($1 * 10)) ]; do
		dmesg | grep -q -- "$2" && return 0
		sleep 0.1
		ti_t=$((ti_t + 1))
	done
	return 1
}

ti_sys() { cat /sys/kernel/rumpvisor/$1/$2 2>/dev/null; }
ti_is() { [ "$(ti_sys $1 $2)" = "$3" ]; }
ti_gone() { [ ! -e /sys/kernel/rumpvisor/$1 ]; }
ti_log() { dmesg | grep -q -- "$1"; }
ti_nolog() { ! dmesg | grep -q -- "$1"; }
ti_fails() { ! "$@" 2>/dev/null; }
# MemAvailable in kB after dropping what can be dropped.
ti_avail() {
	sync; echo 3 > /proc/sys/vm/drop_caches
	for s in /sys/kernel/slab/*/shrink; do echo 1 > $s; done 2>/dev/null
	while read -r k v x; do [ "$k" = MemAvailable: ] && echo $v; done < /proc/meminfo
}
# ti_notless NOW BEFORE SLACK: NOW is at most SLACK below BEFORE.
ti_notless() { [ $(( $2 - $1 )) -lt $3 ]; }

# --- a resident guest: it stays up, rumpctl sees it, rmmod stops it.
rv_part resident
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv halt_ms=2000
rv_step insmod-fsdemo insmod /rv/rumpvisor_fsdemo.ko
ti_ok "the fs demo guest stays up after its load" ti_is fsdemo state running
$RUMPCTL list > /tmp/list.out 2>&1
rv_pipe "rumpctl: " < /tmp/list.out
ti_ok "rumpctl list shows it running" grep -q '^fsdemo  *running' /tmp/list.out
$RUMPCTL status fsdemo > /tmp/status.out 2>&1
rv_pipe "rumpctl: " < /tmp/status.out
ti_ok "rumpctl status shows its threads and memory" \
	grep -q 'guest memory .* in [0-9]* allocations' /tmp/status.out
ti_ok "sysfs names its owner module" ti_is fsdemo owner rumpvisor_fsdemo
ti_ok "rumpvisor.ko stays while a carrier needs it" ti_fails rmmod rumpvisor
ti_ok "a second guest starts beside it" \
	insmod /rv/rumpvisor_stress.ko instance=second
ti_ok "both run" sh -c '[ "$(ls /sys/kernel/rumpvisor | wc -l)" = 2 ]'
ti_ok "an instance name cannot be taken twice" \
	ti_fails insmod /rv/rumpvisor_stress2.ko instance=second
ti_ok "... refused by rumpvisor's registry, before sysfs sees the name" \
	ti_nolog 'cannot create duplicate filename'
ti_ok "the carrier unloads (no pin)" rmmod rumpvisor_fsdemo
ti_ok "fsdemo halted cleanly" ti_log 'fsdemo: stopped: exited 0'
ti_ok "and returned all its memory" \
	ti_log 'fsdemo: halted; the guest returned all its memory'
ti_ok "its sysfs directory is gone" ti_gone fsdemo
ti_ok "rumpctl halt stops the other" $RUMPCTL halt second
ti_ok "it exited by itself" ti_is second exit "exited 0"
ti_ok "its pages went back" ti_is second pages 0
rv_step rmmod-stress rmmod rumpvisor_stress
rv_stats
rv_step rmmod-rumpvisor rmmod rumpvisor

# --- bad files= values are refused at load, with a reason.
rv_part bad-files
for v in relative/dir /does/not/exist /rv/rumpvisor.ko /; do
	ti_ok "rumpvisor.ko refuses files=$v" \
		ti_fails insmod /rv/rumpvisor.ko files=$v
done
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv halt_ms=1000
for v in relative/dir /does/not/exist /rv/rumpvisor.ko /; do
	ti_ok "an instance refuses files=$v" \
		ti_fails insmod /rv/rumpvisor_stress.ko files=$v
	ti_ok "... and says why" ti_log "files=$v refused"
done
ti_ok "an instance with files=none starts" \
	insmod /rv/rumpvisor_stress.ko files=none
ti_ok "... and has no files" ti_is stress files none
rv_step rmmod-stress rmmod rumpvisor_stress

# --- confinement under attack: escapes of every kind in the directory,
# a directory renamed in and out of it while the guest looks names up.
rv_part confine
J=/tmp/jail
mkdir -p $J/a/b $J/proc /tmp/outside
echo secret > /tmp/outside/secret
echo inside > $J/a/b/file
echo inside > $J/plain
ln -s /plain $J/absin
ln -s ../outside/secret $J/esc
ln -s /tmp/outside/secret $J/abs
ln -s .. $J/up
ln -s /tmp/outside/made $J/make
ln -s ../../.. $J/a/b/deep
mount -t proc proc $J/proc
mkfifo $J/fifo
mknod $J/null c 1 3
syslogd -n -O /dev/null & logd=$!
ti_wait 5 . ; sleep 0.5
: > $J/sock; mount --bind /dev/log $J/sock
( while :; do mv $J/a/b /tmp/outside/b; mv /tmp/outside/b $J/a/b; done ) \
	2>/dev/null & renamer=$!
ti_ok "the confinement guest runs in the prepared directory" \
	insmod /rv/rumpvisor_ct.ko mode=confine files=$J scratch=$J \
	outside=/tmp/outside/secret instance=confine
kill $renamer; wait $renamer 2>/dev/null
ti_ok "nothing was created outside through a symlink (file or directory)" \
	[ ! -e /tmp/outside/made ]
ti_ok "its carrier unloads" rmmod rumpvisor_ct
umount $J/sock $J/proc
kill $logd

# --- guests that do not halt by themselves are ended by force.
rv_part no-exit
ti_ok "a guest halted with RB_HALT (NetBSD's, never exits) loads" \
	insmod /rv/rumpvisor_stress.ko halt=rbhalt instance=rbhalt
ti_ok "rmmod still ends it" rmmod rumpvisor_stress
ti_ok "it said it halted without exiting" ti_log 'rump kernel halted (RB_HALT)'
ti_ok "rumpvisor ended it by force after the deadline" \
	ti_log 'rbhalt: stopped killed .* forced=1'
ti_ok "a guest without halt function loads" \
	insmod /rv/rumpvisor_stress.ko halt=none instance=nohalt
ti_ok "rmmod ends it at once" rmmod rumpvisor_stress
ti_ok "... by force" ti_log 'nohalt: stopped killed'

# --- busy guests: rmmod and rumpctl halt while they work.
rv_part busy
ti_ok "a busy guest starts" insmod /rv/rumpvisor_stress.ko mode=serve instance=busy1
ti_wait 20 'busy1: serve 10000 ok'
ti_ok "rmmod of a busy guest returns" rmmod rumpvisor_stress
ti_ok "... it exited (system calls still running)" \
	ti_log 'busy1: stopped exited 0'
ti_ok "a second busy guest starts" insmod /rv/rumpvisor_stress.ko mode=serve instance=busy2
ti_wait 20 'busy2: serve 10000 ok'
ti_ok "rumpctl halt --force of a busy guest returns" $RUMPCTL halt --force busy2
ti_ok "... it was killed" ti_is busy2 exit killed
ti_ok "... and holds no page" ti_is busy2 pages 0
ti_ok "... and its carrier unloads" rmmod rumpvisor_stress
# rmmod at different points of the VFS suite (threads, mounts, files).
for d in 0.1 0.3 0.6 1 1.5; do
	ti_ok "a VFS suite starts in the background" \
		insmod /rv/rumpvisor_vfstest.ko async=1 instance=vfsbusy
	sleep $d
	ti_ok "rmmod $d s into the suite returns" rmmod rumpvisor_vfstest
	ti_ok "... and leaves no guest behind" \
		sh -c '[ -z "$(ls /sys/kernel/rumpvisor)" ]'
done
rv_stats

# --- a guest that panics with 32 MiB in its tmpfs, ten times, while a
# second guest keeps serving: its memory comes back every time.
rv_part panics
rv_step insmod-server insmod /rv/rumpvisor_stress2.ko mode=serve instance=server
ti_wait 20 'server: serve 10000 ok'
avail0=$(ti_avail)
i=1
while [ $i -le 10 ]; do
	dmesg -c > /dev/null
	insmod /rv/rumpvisor_stress.ko mode=panic mib=32 instance=crash
	ti_wait 60 'rumpvisor: crash: panicked;'
	ti_ok "panic $i: the guest panicked and was reclaimed" \
		ti_is crash state ended
	ti_ok "panic $i: it holds no page" ti_is crash pages 0
	ti_ok "panic $i: the server still runs" ti_is server state running
	rmmod rumpvisor_stress
	avail=$(ti_avail)
	rv_log "ti: # panic $i: MemAvailable $avail kB (before: $avail0 kB)"
	ti_ok "panic $i: MemAvailable back (no more than 4 MiB below)" \
		ti_notless $avail $avail0 4096
	i=$((i + 1))
done
dmesg -c > /dev/null
ti_ok "the server kept serving" ti_wait 20 'server: serve [0-9]* ok'
ti_ok "the server never failed" ti_nolog 'server: serve [0-9]* FAILED'
rv_step rmmod-server rmmod rumpvisor_stress2
rv_stats
rv_step rmmod-rumpvisor rmmod rumpvisor

# --- two reference guests at once, each running the VFS suite, unloaded
# in either order; judged as load/unload cycles (threads, slab, vmalloc).
twin() {
	rv_part cycle-$1
	dmesg -c > /dev/null
	rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv
	rv_step insmod-a insmod /rv/rumpvisor_vfstest.ko quick=1 async=1
	rv_step insmod-b insmod /rv/rumpvisor_vfstest2.ko quick=1 async=1 instance=vfstest2
	rv_step wait-a ti_wait 120 'vfstest: # vfs:'
	rv_step wait-b ti_wait 120 'vfstest2: # vfs:'
	if [ $(($1 % 2)) = 0 ]; then
		rv_step rmmod-a rmmod rumpvisor_vfstest
		rv_step rmmod-b rmmod rumpvisor_vfstest2
	else
		rv_step rmmod-b rmmod rumpvisor_vfstest2
		rv_step rmmod-a rmmod rumpvisor_vfstest
	fi
	rv_stats
	rv_step rmmod-rumpvisor rmmod rumpvisor
}
rv_cycles 20 twin

rv_log "ti: 1..$ti_n"
rv_part end
