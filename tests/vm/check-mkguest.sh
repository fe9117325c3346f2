# SPDX-License-Identifier: BSD-2-Clause
# Carriers made by rumpvisor-mkguest from the synthetic components
# (tests/mkguest), inside the VM: they boot (constructors, link sets,
# commons, parameters, host files, glue), stay resident, and rmmod ends
# them with NetBSD's semantics: rump_sys_reboot(0) exits cleanly, RB_HALT
# never returns and rumpvisor ends it, halt=none ends it at once; every
# byte comes back.  The recorder carrier checks the calls the carrier
# makes for --server and the interfaces, and a failing one; the serving
# carrier answers a syscall-proxy client and shows its interface to
# `ip link`.  Sourced by
# the init of tests/vm/vm.py; TAP as "mkguest: ..." (vm.py tap-report).

mkdir -p /tmp/rv
RUMPCTL=/rv/rumpctl

mk_ok() { rv_ok 'mkguest: ' "$@"; }
mk_plan() { rv_plan 'mkguest: '; }
mk_log() { dmesg | grep -q -- "$1"; }
mk_nolog() { ! dmesg | grep -q -- "$1"; }
mk_fails() { ! "$@" 2>/dev/null; }
mk_is() { [ "$(cat /sys/kernel/rumpvisor/$1/$2 2>/dev/null)" = "$3" ]; }
mk_gone() { [ ! -e /sys/kernel/rumpvisor/$1 ]; }
# mk_before A B: the first log line with A comes before the first with B.
mk_before() {
	mk_a=$(dmesg | grep -n -- "$1" | head -1 | cut -d: -f1)
	mk_b=$(dmesg | grep -n -- "$2" | head -1 | cut -d: -f1)
	[ -n "$mk_a" ] && [ -n "$mk_b" ] && [ "$mk_a" -lt "$mk_b" ]
}
# mk_num PATTERN: the first number after PATTERN in the log.
mk_num() { dmesg | sed -n "s/.*$1\([0-9][0-9]*\).*/\1/p" | tail -1; }
# mk_cs: the uptime in centiseconds.
mk_cs() { sed 's/^\([0-9]*\)\.\([0-9][0-9]\).*/\1\2/' /proc/uptime; }
mk_idle() {
	rv_stats
	grep -q 'threads=0 allocs=0 bytes=0' /sys/module/rumpvisor/parameters/stats
}

# --- a resident carrier boots its rump kernel
rv_part boot
echo "hello from the host" > /tmp/rv/memfs.img
rv_step insmod-rumpvisor insmod /rv/rumpvisor.ko files=/tmp/rv halt_ms=3000
mk_ok "the carrier loads" insmod /rv/sk.ko
mk_ok "constructors ran before rump_init" \
	mk_before 'rump-sk: sk: component vfs (constructor)' 'sk: booted:'
mk_ok "link sets walked: sysctl setups, modules, fstypes; an empty set" \
	mk_log 'rump-sk: sk: booted: components=0+1 sysctl=4 modules=2 evcnts=0 hz=100'
mk_ok "built-in modules in dependency order" \
	mk_before 'rump-sk: sk: module sk_vfs' 'rump-sk: sk: module sk_memfs'
mk_ok "a file system type from a link set" \
	mk_log 'rump-sk: sk: vfs: 1 file system types'
mk_ok "a common symbol shared by two archives" \
	mk_log 'rump-sk: sk: memfs: 1 file system types known'
mk_ok "the carrier's parameters reached the guest" \
	mk_log 'rump-sk: sk: SynthBSD booting: ncpu=2 hostname=skhost'
mk_ok "the guest read a host file below files=" \
	mk_log 'rump-sk: sk: memfs: image /tmp/rv/memfs.img, first line "hello from the host"'
mk_ok "the glue's boot hook called the guest" mk_log 'glue: kern.ostype=SynthBSD'
mk_ok "the carrier says it is up" \
	mk_log 'sk: rump kernel up: sk sk_vfs sk_memfs (1 constructors run)'

# --- it stays resident and visible
mk_plan
rv_part resident
sleep 2
mk_ok "it is running" mk_is sk state running
$RUMPCTL list > /tmp/list.out 2>&1
rv_pipe "rumpctl: " < /tmp/list.out
mk_ok "rumpctl list shows it" grep -q '^sk  *running' /tmp/list.out
mk_ok "its clock thread is alive" sh -c '[ "$(cat /sys/kernel/rumpvisor/sk/threads)" -ge 1 ]'
mk_ok "it holds guest memory" sh -c '[ "$(cat /sys/kernel/rumpvisor/sk/bytes)" -gt 0 ]'
mk_ok "sysfs names the carrier" mk_is sk owner sk
mk_ok "rumpvisor.ko stays while it runs" mk_fails rmmod rumpvisor

# --- rmmod: rump_sys_reboot(0), a clean exit
mk_plan
rv_part reboot
mk_ok "rmmod returns" rmmod sk
mk_ok "the glue's halt hook ran first" mk_before 'glue: halting' 'rump-sk: sk: rump kernel halting (howto 0x0)'
mk_ok "the guest shut down and freed all it had" \
	mk_log 'rump-sk: sk: halted after [0-9]* ticks; 0 bytes in 0 allocations left'
mk_ok "it ran for seconds (ticks >= 100)" sh -c "[ $(mk_num 'halted after ') -ge 100 ]"
mk_ok "it exited by itself" mk_log 'sk: stopped: exited 0'
mk_ok "the carrier's stop line: nothing to reclaim" \
	mk_log 'sk: guest ended (exited 0): rumpvisor reclaimed 0 bytes in 0 allocations, [0-9]* pages, 0 threads, 0 host files'
mk_ok "its sysfs directory is gone" mk_gone sk
mk_ok "rumpvisor counts no live guest thread or byte" mk_idle

# --- RB_HALT: NetBSD halts and never returns; rumpvisor ends it
mk_plan
rv_part rbhalt
mk_ok "a carrier with halt=rbhalt loads" \
	insmod /rv/sk.ko halt=rbhalt instance=skhalt halt_ms=1000
mk_t0=$(mk_cs)
mk_ok "rmmod returns" rmmod sk
mk_dt=$(($(mk_cs) - mk_t0))
rv_log "rmmod of the halted guest took ${mk_dt}0 ms (halt_ms=1000)"
mk_ok "rumpvisor waited halt_ms (>= 1 s), then ended it (< 10 s)" \
	sh -c "[ $mk_dt -ge 100 ] && [ $mk_dt -lt 1000 ]"
mk_ok "the guest halted without exiting" \
	mk_log 'rump-skhalt: sk: rump kernel halted (with RB_HALT, not exiting)'
mk_ok "rumpvisor ended it after halt_ms" \
	mk_log 'skhalt: stopped: killed (the guest did not halt by itself)'
mk_ok "and reclaimed what it still held" \
	sh -c "[ $(mk_num 'skhalt: guest ended (killed): rumpvisor reclaimed ') -gt 0 ]"
mk_ok "its threads were ended" mk_log 'skhalt: guest ended (killed): .* [1-9][0-9]* threads'
mk_ok "its sysfs directory is gone" mk_gone skhalt
mk_ok "rumpvisor counts no live guest thread or byte" mk_idle

# --- halt=none: ended at once
mk_plan
rv_part none
mk_ok "a carrier with halt=none loads" insmod /rv/sk.ko halt=none instance=sknone
mk_ok "rmmod returns" rmmod sk
mk_ok "the guest was not asked" mk_nolog 'rump-sknone: sk: rump kernel halting'
mk_ok "it was ended by force" mk_log 'sknone: stopped: killed'
mk_ok "rumpvisor counts no live guest thread or byte" mk_idle
mk_ok "a bad halt= is refused" mk_fails insmod /rv/sk.ko halt=bogus
mk_ok "... saying why" mk_log 'sk: halt=bogus: reboot, rbhalt or none'
mk_ok "... and leaves nothing" mk_gone sk

# --- the calls --server and the interfaces make (recorder components)
mk_plan
rv_part rec
mk_ok "the recorder carrier loads" insmod /rv/skrec.ko
dmesg | sed -n 's/.*rump-skrec: sk: rec //p' > /tmp/rec.out
rv_pipe "rec: " < /tmp/rec.out
cat > /tmp/rec.want <<'WANT'
init_server unix:///tmp/rv/skrec.sock -> 0
ifcreate virt0 -> 0
ifsetlinkstr virt0 pair:sklink -> 0
ifup virt0 -> 0
ipv4_ifaddr virt0 10.0.2.17 255.255.255.0 -> 0
ifcreate virt1 -> 0
ifup virt1 -> 0
dhcp_ipv4_oneshot virt1 -> 0
ipv4_gw 10.0.2.1 -> 0
WANT
mk_ok "server, interfaces, addresses, route: NetBSD's calls, in order" \
	cmp -s /tmp/rec.out /tmp/rec.want
mk_ok "the carrier reports its interfaces" \
	mk_log 'skrec: interface virt0 up, link pair:sklink, inet 10.0.2.17'
mk_ok "rmmod returns" rmmod skrec
mk_ok "it exited cleanly" mk_log 'skrec: guest ended (exited 0): rumpvisor reclaimed 0 bytes'
mk_ok "server= at load replaces the URL" \
	insmod /rv/skrec.ko server=unix:///tmp/rv/other.sock instance=skrec2
mk_ok "... the guest got it" mk_log 'rump-skrec2: sk: rec init_server unix:///tmp/rv/other.sock -> 0'
mk_ok "rmmod returns" rmmod skrec
mk_ok "a failing rump_init_server fails the load" \
	mk_fails insmod /rv/skrec.ko server=unix:///tmp/rv/fail.sock instance=skfail
mk_ok "... naming the call and NetBSD's errno" \
	mk_log 'skfail: rump_init_server(unix:///tmp/rv/fail.sock) failed: NetBSD errno 48'
mk_ok "... and no interface was configured after it" \
	mk_nolog 'rump-skfail: sk: rec ifcreate'
mk_ok "... the guest was halted: nothing left" mk_gone skfail
mk_ok "rumpvisor counts no live guest thread or byte" mk_idle

# --- a real syscall-proxy server and a real Linux interface
mk_plan
rv_part serve
mk_ok "server= on a rump kernel without the syscall proxy is refused" \
	mk_fails insmod /rv/sk.ko server=unix:///tmp/rv/no.sock instance=sknosrv
mk_ok "... saying why" \
	mk_log 'sknosrv: server=/device= given, but this rump kernel cannot serve'
mk_ok "... and leaves nothing" mk_gone sknosrv
mk_ok "the serving carrier loads" insmod /rv/sknet.ko
mk_ok "its guest started the server at --server's URL" \
	mk_log 'rump-sknet: sk: serving system calls at unix:///tmp/rv/sknet.sock'
mk_ok "the socket exists" test -S /tmp/rv/sknet.sock
$RUMPCTL --server unix:///tmp/rv/sknet.sock stat / > /tmp/sp.out 2>&1
mk_sprc=$?
rv_pipe "client: " < /tmp/sp.out
mk_ok "a remote client's system call reached the guest" \
	mk_log 'rump-sknet: sk: system call [0-9]* from a remote client: ENOSYS'
mk_ok "... and the guest's answer (ENOSYS) reached the client" \
	sh -c "[ $mk_sprc -eq 1 ] && grep -qi 'not implemented' /tmp/sp.out"
$RUMPCTL status sknet > /tmp/status.out 2>&1
rv_pipe "status: " < /tmp/status.out
mk_ok "rumpctl status shows the server" \
	grep -q 'server  *unix:///tmp/rv/sknet.sock' /tmp/status.out
ip link show sknet0 > /tmp/iplink.out 2>&1
rv_pipe "ip: " < /tmp/iplink.out
mk_ok "its interface virt0 is the Linux interface sknet0 (ip link)" \
	grep -q 'sknet0' /tmp/iplink.out
mk_ok "the guest configured it" \
	mk_log 'rump-sknet: sk: virt0: inet 10.0.3.2 netmask 255.255.255.0'
ip link set sknet0 up && ip addr add 10.0.3.1/24 dev sknet0
ping -c 2 -W 1 10.0.3.2 > /dev/null 2>&1
mk_ok "rmmod returns" rmmod sknet
mk_ok "Linux's frames reached the guest's interface" \
	mk_log 'rump-sknet: sk: virt0: destroyed after [1-9][0-9]* frames in'
mk_ok "it exited cleanly, nothing to reclaim" \
	mk_log 'sknet: guest ended (exited 0): rumpvisor reclaimed 0 bytes in 0 allocations'
mk_ok "its interface is gone" mk_fails ip link show sknet0
mk_ok "a client now gets no server" \
	mk_fails $RUMPCTL --server unix:///tmp/rv/sknet.sock stat /
mk_ok "rumpvisor counts no live guest thread or byte" mk_idle

rv_step rmmod-rumpvisor rmmod rumpvisor
mk_plan
