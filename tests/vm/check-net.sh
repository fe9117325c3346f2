# SPDX-License-Identifier: BSD-2-Clause
# make check-net, inside the VM: the guest's TCP/IP stack in the kernel
# (rumpvisor_nettest.ko, driven by guest commands: tests/net/gcmd.c)
# against Linux's own stack (busybox and /rv/lxnet: tests/net/lxnet), on
# the native network device and on tap; two guests over the pair backend
# (rumpvisor_nettest.ko and its twin rumpvisor_nettest2.ko); hostile
# frames, and a guest that lies in its offload metadata
# (rumpvisor_nethostile.ko); unloading under traffic.  Each part prints TAP
# ("net: ..."); tests/vm/vm.py tap-report judges it with the console.
G=10.0.2.17
L=10.0.2.2
DEV=nettest0
P=/sys/module/rumpvisor_nettest/parameters/cmd
LX=/rv/lxnet
# Bytes each way in the bulk part: 50 MiB (RV_NET_BULK: fewer on the
# debug kernel, where KASAN makes every byte slow).
BULK=${RV_NET_BULK:-52428800}
nt_n=0

# ------------------------------------------------------------- helpers
# t NAME CMD...: one test point, CMD's exit status; its output on failure.
t() {
	nt_name=$1; shift
	nt_n=$((nt_n + 1))
	if "$@" > /tmp/t.out 2>&1; then
		rv_log "net: ok $nt_n - $nt_name"
	else
		rv_log "net: not ok $nt_n - $nt_name"
		rv_pipe 'net: #   ' < /tmp/t.out
	fi
}
# note TEXT: a TAP comment.
note() { rv_log "net: # $*"; }
# part NAME: close the previous part's TAP (its plan), start NAME.
part() {
	[ $nt_n -gt 0 ] && rv_log "net: 1..$nt_n"
	nt_n=0
	[ -n "$1" ] && rv_part "$1"
}
# The guest commands: start one, wait until it is set up, or done.
g_start() { echo "$*" > $P; }
g_ready() {
	nt_i=0
	while [ $nt_i -lt 300 ]; do
		case "$(cat $P)" in running*|done*) return 0;; esac
		sleep 0.1; nt_i=$((nt_i + 1))
	done
	return 1
}
# g_wait [SECS]: the final status, "done RC TEXT", in $gres.
g_wait() {
	nt_i=0
	while [ $nt_i -lt $((${1:-120} * 10)) ]; do
		gres=$(cat $P)
		case "$gres" in done*) return 0;; esac
		sleep 0.1; nt_i=$((nt_i + 1))
	done
	gres="timeout: $gres"
	return 1
}
# g CMD: run a guest command to its end; status in $gres.
g() { g_start "$@" && g_wait; }
ok0() { case "$gres" in "done 0 "*) return 0;; esac; echo "guest: $gres"; return 1; }
# key K TEXT: the value of K=... in TEXT.
key() { echo " $2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
# same_sum LINUX GUEST: the same fnv= and bytes=, no bad= but 0.
same_sum() {
	echo "linux: $1"; echo "guest: $2"
	nt_f=$(key fnv "$1")
	[ -n "$nt_f" ] && [ "$nt_f" = "$(key fnv "$2")" ] &&
	[ "$(key bytes "$1")" = "$(key bytes "$2")" ] || return 1
	for nt_b in "$(key bad "$1")" "$(key bad "$2")"; do
		[ -z "$nt_b" ] || [ "$nt_b" = 0 ] || return 1
	done
}
c() { eval "$*"; }
is() { echo "got '$1', want '$2'"; [ "$1" = "$2" ]; }
carrier() { cat /sys/class/net/$DEV/carrier 2>/dev/null; }
stat_of() { cat /sys/class/net/$DEV/statistics/$1; }
up_linux() {
	ip addr add $L/24 dev $DEV && ip link set $DEV up
}
load_guest() {
	insmod /rv/rumpvisor_nettest.ko "$@" && ip link show $DEV > /dev/null
}
guest_mac() { awk -v ip=$G '$1 == ip { print $4 }' /proc/net/arp; }
# job_frames N: the frames CPU N's receive job handed to the guest.
job_frames() {
	/opt/ethtool/ethtool -S $DEV | sed -n "s/^ *rx_job$1_frames: //p"
}
# pinned_ping CPU: 10 pings from a process on CPU (0 or 1); the frames
# each receive job took meanwhile, "THAT_CPU OTHER_CPU".
pinned_ping() {
	nt_o=$((1 - $1)); nt_a=$(job_frames $1); nt_b=$(job_frames $nt_o)
	taskset -c $1 ping -c 10 -i 0.1 -W 5 $G > /dev/null || return 1
	echo "$(($(job_frames $1) - nt_a)) $(($(job_frames $nt_o) - nt_b))"
}
# on_own_cpu CPU: at least 9 of the 10 echo requests went to the job of
# the pinging CPU, at most 1 to the other (an ARP refresh may).
on_own_cpu() {
	nt_p=$(pinned_ping $1) || return 1
	echo "frames taken by CPU $1's job, the other's: $nt_p"
	set -- $nt_p
	[ "$1" -ge 9 ] && [ "$2" -le 1 ]
}

# napi_ticks: CPU time (clock ticks) of the device's NAPI thread
# (napi/$DEV-N), which takes the frames the guest's own threads send.
napi_ticks() {
	for nt_s in /proc/[0-9]*/stat; do
		case "$(cat $nt_s 2>/dev/null)" in
		*"(napi/$DEV-"*) awk '{ print $14 + $15 }' $nt_s; return 0;;
		esac
	done
	return 1
}

# bulk_in BYTES SEED: Linux sends to the guest; both sums compared.
bulk_in() {
	g_start recv 5001 $1 $2 && g_ready || return 1
	lx=$($LX send $G 5001 $1 $2); g_wait 600
	ok0 && same_sum "$lx" "$gres"
}
# bulk_out BYTES SEED: the guest sends to Linux.
bulk_out() {
	$LX recv 5002 $1 $2 > /tmp/lx.out &
	g send $L 5002 $1 $2; wait
	ok0 && same_sum "$(cat /tmp/lx.out)" "$gres"
}
# sink_in BYTES / sink_out BYTES: the benchmarks' source and sink (one
# buffer sent over and over, only counted), each end's count checked.
sink_in() {
	g_start sink 5003 $1 && g_ready || return 1
	lx=$($LX source $G 5003 $1); g_wait 600
	echo "linux: $lx"; ok0 && [ "$(key bytes "$gres")" = $1 ] &&
	[ "$(key bytes "$lx")" = $1 ]
}
sink_out() {
	$LX sink 5004 $1 > /tmp/lx.out &
	g source $L 5004 $1; wait $!; nt_rc=$?
	echo "linux: $(cat /tmp/lx.out) (exit $nt_rc)"
	ok0 && [ $nt_rc = 0 ] && [ "$(key bytes "$(cat /tmp/lx.out)")" = $1 ]
}

# ----------------------------------------------------------------- setup
ip link set lo up
modprobe tun
modprobe veth
modprobe sch_netem
rv_part setup
rv_step load-hypervisor insmod /rv/rumpvisor.ko
rv_step load-guest load_guest
rv_step linux-side up_linux
t "the guest's interface is a Linux device, $DEV" ip link show $DEV
t "carrier on (the guest's virt0 is up)" is "$(carrier)" 1
t "driver rumpvisor, alias the instance" grep -q nettest /sys/class/net/$DEV/ifalias
ip link show $DEV | rv_pipe 'net: # '
part

# ------------------------------------------------------------ link layer
rv_part link
t "Linux pings the guest (5 of 5)" ping -c 5 -W 5 $G
t "the guest's MAC address is stable (02:72:...)" c 'guest_mac | grep -q "^02:72:"'
g ping $L 5
t "the guest pings Linux (5 of 5)" ok0
t "MTU 9000 and back" c 'ip link set $DEV mtu 9000 && ip link set $DEV mtu 1500'
t "MTU 65536 refused" c '! ip link set $DEV mtu 65536'
t "MTU 65535, ping, 1500 again" c 'ip link set $DEV mtu 65535 && ping -c 2 -W 5 $G && ip link set $DEV mtu 1500'
echo 1 > /proc/sys/net/ipv4/conf/$DEV/arp_notify
t "a new MAC address (gratuitous ARP): ping goes on" c \
	'ip link set $DEV address 02:00:00:ab:cd:ef && ping -c 3 -W 5 $G'
ip link set $DEV down
g ping $L 2
t "Linux takes the device down: the guest's pings go nowhere" c '! ok0'
t "... and its frames are counted as dropped" c '[ $(stat_of rx_dropped) -gt 0 ]'
ip link set $DEV up
sleep 1
g ping $L 3
t "up again: the guest pings Linux" ok0
g ifdown
t "the guest takes virt0 down: carrier off" c 'ok0 && [ "$(carrier)" = 0 ]'
t "Linux cannot reach the guest then" c '! ping -c 2 -W 2 $G'
lx=$($LX connect $G 80 10)
t "a connection from Linux fails (carrier off, ARP unanswered): EHOSTUNREACH" \
	is "$lx" "errno=113"
g ifup
t "the guest brings virt0 up: carrier on" c 'ok0 && [ "$(carrier)" = 1 ]'
t "ping again" ping -c 3 -W 5 $G
t "statistics count the frames both ways" c \
	'[ $(stat_of rx_packets) -gt 20 ] && [ $(stat_of tx_packets) -gt 20 ]'
t "a receive job per CPU (ethtool -S: rx_job0_frames, rx_job1_frames)" c \
	'[ -n "$(job_frames 0)" ] && [ -n "$(job_frames 1)" ]'
t "pings from CPU 0 are taken by CPU 0's receive job" on_own_cpu 0
t "pings from CPU 1 are taken by CPU 1's receive job" on_own_cpu 1
/opt/ethtool/ethtool -S $DEV | rv_pipe 'net: # '
if [ -x /opt/iproute2/ip ]; then /opt/iproute2/ip -s link show $DEV; \
	else ip link show $DEV; cat /proc/net/dev; fi | rv_pipe 'net: # '
part

# ----------------------------------------------------------------- bulk
rv_part bulk
t "offloads negotiated: the device gives the guest checksum and TSO" c \
	'dmesg | grep -q "$DEV: offloads to the guest: checksum tso"'
txp=$(stat_of tx_packets); txb=$(stat_of tx_bytes)
t "$((BULK >> 20)) MiB Linux -> guest, sums equal" bulk_in $BULK 11
txp=$(($(stat_of tx_packets) - txp)); txb=$(($(stat_of tx_bytes) - txb))
note "Linux -> guest: $txp frames, $((txb / (txp + 1))) bytes each on average"
t "... in frames longer than the MTU (TSO: 3000 bytes or more on average)" \
	c '[ $((txb / (txp + 1))) -ge 3000 ]'
t "... and takes checksum and TSO from it" c \
	'dmesg | grep -q "$DEV: offloads to the guest: checksum tso, from the guest: checksum tso"'
rxp=$(stat_of rx_packets); rxb=$(stat_of rx_bytes); nap=$(napi_ticks)
t "$((BULK >> 20)) MiB guest -> Linux, sums equal" bulk_out $BULK 12
rxp=$(($(stat_of rx_packets) - rxp)); rxb=$(($(stat_of rx_bytes) - rxb))
note "guest -> Linux: $rxp frames, $((rxb / (rxp + 1))) bytes each on average"
t "... in frames longer than the MTU (the guest's TSO)" \
	c '[ $((rxb / (rxp + 1))) -ge 3000 ]'
nap2=$(napi_ticks)
note "the NAPI thread napi/$DEV-*: ${nap:-none} ticks before, ${nap2:-none} after"
t "... which Linux took in the device's NAPI thread (it ran meanwhile)" \
	c '[ -n "$nap" ] && [ "$nap2" -gt "$nap" ]'
t "the benchmarks' source and sink: 8 MiB Linux -> guest, counted" sink_in 8388608
t "... and 8 MiB guest -> Linux" sink_out 8388608
part

# -------------------------------------------------------- connections
rv_part connections
g_start echo 5003 100 && g_ready
lx=$($LX conns $G 5003 100 20000); g_wait 300
t "100 concurrent connections Linux -> guest echo server" c \
	'ok0 && echo "$lx" | grep -q "left=0 bad=0"'
$LX echo 5004 100 > /tmp/lx.out &
g conns $L 5004 100 20000; wait
t "100 concurrent connections guest -> Linux echo server" c \
	'ok0 && grep -q "conns=100" /tmp/lx.out'
lx=$($LX connect $G 5999 5)
t "refused by the guest: ECONNREFUSED" is "$lx" "errno=111"
g connect $L 5999 5
t "refused by Linux: ECONNREFUSED (61)" is "$(key errno "$gres")" 61
g_start expect-reset 5005 && g_ready
$LX reset $G 5005 > /dev/null; g_wait
t "reset by Linux (SO_LINGER 0): ECONNRESET (54)" is "$(key errno "$gres")" 54
$LX expect-reset 5006 > /tmp/lx.out &
g reset $L 5006; wait
t "reset by the guest: ECONNRESET" is "$(cat /tmp/lx.out | sed 's/ .*//')" "errno=104"
g connect 10.0.2.99 80 3
t "no answer (no such host): ETIMEDOUT (60) after TCP_KEEPINIT" is "$(key errno "$gres")" 60
g_start halfclose-server 5007 && g_ready
lx=$($LX halfclose $G 5007 1000000 21); g_wait
t "half-close by Linux: the guest reads to EOF, then answers" c \
	'ok0 && [ "$(key fnv "$lx")" = "$(key fnv "$gres")" ] && echo "$lx" | grep -q "answer=65 eof=1"'
$LX halfclose-server 5008 > /tmp/lx.out &
g halfclose-client $L 5008 1000000 22; wait
t "half-close by the guest: Linux reads to EOF, then answers" c \
	'ok0 && [ "$(key fnv "$(cat /tmp/lx.out)")" = "$(key fnv "$gres")" ]'
$LX netem $DEV 200 0 0 0 > /dev/null
g_start simclose 5009 && g_ready
lx=$($LX simclose $G 5009 100); g_wait
$LX netem-off $DEV > /dev/null
note "simultaneous close: linux $lx; guest $gres"
t "simultaneous close: FINs cross, both read EOF, Linux went through CLOSING" \
	c 'ok0 && echo "$lx" | grep -q "eof=1 errno=0 state=11"'
part

# ------------------------------------------------------------------ ICMP
rv_part icmp
lx=$($LX udp-unreach $G 6000)
t "UDP to a closed port of the guest: Linux gets ICMP port unreachable" is "$lx" "errno=111"
g udp-error $L 6001
t "UDP to a closed port of Linux: the guest's socket gets ECONNREFUSED (61)" is "$(key errno "$gres")" 61
$LX needfrag $L 6002 1280 > /tmp/lx.out &
sleep 1		# bound: no port unreachable first
g udp-error $L 6002; wait
note "needfrag: $(cat /tmp/lx.out)"
t "ICMP fragmentation needed: the guest's socket gets EMSGSIZE (40)" is "$(key errno "$gres")" 40
g_start udp-echo 6003 20 && g_ready
lx=$($LX udp-big $G 6003 30000 20); g_wait
t "30000-byte UDP datagrams both ways (fragmented, reassembled)" c \
	'ok0 && echo "$lx" | grep -q "ok=20"'
part

# -------------------------------------------------------- impaired links
rv_part impaired
t "netem on Linux's side: 2% loss, 1% duplicates, 5% reordered, 5 ms" \
	$LX netem $DEV 5 2 1 5
t "4 MiB Linux -> guest through netem, sums equal" bulk_in 4194304 31
t "4 MiB guest -> Linux through netem (ACKs impaired), sums equal" bulk_out 4194304 32
$LX netem-off $DEV > /dev/null
rmmod rumpvisor_nettest
rv_step load-impaired load_guest "link=native,drop=20,dup=10,reorder=30,seed=5"
up_linux
t "the guest's own impairment (2% drop, 1% dup, 3% reorder): 4 MiB out" bulk_out 4194304 33
t "... and 4 MiB in" bulk_in 4194304 34
rmmod rumpvisor_nettest
dmesg | grep "$DEV removed" | tail -1 | rv_pipe 'net: # '
t "TSO frames reached the guest through impairment and netem" c \
	'dmesg | grep "$DEV removed" | tail -1 | grep -q "of them TSO" && ! dmesg | grep "$DEV removed" | tail -1 | grep -q " 0 of them TSO"'
dmesg | grep 'impairment:' | tail -1 | rv_pipe 'net: # '
t "the impairment dropped, duplicated and reordered frames" c \
	'dmesg | grep "impairment:" | tail -1 | grep -v " 0 dropped" | grep -v " 0 duplicated" | grep -vq " 0 reordered"'
part

# ------------------------------------------------------------- hostile
rv_part hostile
rv_step load-guest-again load_guest
up_linux
ping -c 1 -W 5 $G > /dev/null
mac=$(guest_mac)
note "firing malformed frames at $mac ($G) for 15 s"
$LX frames $DEV $mac $G 15 9 > /tmp/frames.out &
sleep 1
t "the guest answers ping under malformed frames (10 of 10)" ping -c 10 -W 5 $G
t "... and serves TCP: 2 MiB in, sums equal" bulk_in 2097152 41
t "... and 2 MiB out" bulk_out 2097152 42
wait
note "$(cat /tmp/frames.out)"
t "thousands of malformed frames were sent" c \
	'[ "$(key frames "$(cat /tmp/frames.out)")" -gt 2000 ]'
t "the guest still answers afterwards" ping -c 3 -W 5 $G
# A guest that lies in its transmit offload metadata (a guest of no
# kernel: tests/net/linux/hostile.c; the lies: tests/net/txlies.h).
H=nethostile0
HP=/sys/module/rumpvisor_nethostile/parameters/send
hstat() { cat /sys/class/net/$H/statistics/$1; }
rv_step load-liar insmod /rv/rumpvisor_nethostile.ko
t "the liar was granted checksum and TSO offload" c \
	'dmesg | grep "nethostile: transmit offloads granted" | tail -1 | grep -q "granted: 0xc$"'
ip addr add 10.0.9.1/24 dev $H
ip link set $H up
rx0=$(hstat rx_packets)
drop0=$(hstat rx_dropped)
t "it sent its good frames and its lies" c 'cat /sys/class/net/$H/address > $HP'
sent=$(cat $HP)
note "liar: $sent; device: $(($(hstat rx_packets) - rx0)) received, $(($(hstat rx_dropped) - drop0)) dropped"
t "Linux received the good frames, one each" \
	is "$(($(hstat rx_packets) - rx0))" "$(key good "$sent")"
t "every lie was dropped, none reached Linux" \
	is "$(($(hstat rx_dropped) - drop0))" "$(key lies "$sent")"
rv_step unload-liar rmmod rumpvisor_nethostile
dmesg | grep "$H removed" | tail -1 | rv_pipe 'net: # '
lies=$(key lies "$sent")
t "rumpvisor counted $lies refused, 2 delivered with metadata, 1 of them TSO" c \
	'dmesg | grep "$H removed" | tail -1 | grep -q "2 from the guest, 1 TSO, $lies refused"'
part

# --------------------------------------------------- unload under traffic
rv_part unload-bulk
g_start recv 5001 1000000000 51 && g_ready
$LX send $G 5001 1000000000 51 > /tmp/lx.out 2>&1 &
lxpid=$!
sleep 3
t "rmmod during a bulk transfer" rmmod rumpvisor_nettest
# Linux's sender would retransmit into a gone route for minutes.
kill $lxpid 2> /dev/null; wait
t "the device is gone" c '! ip link show $DEV'
note "linux sender: $(cat /tmp/lx.out)"
rv_step load-for-flood load_guest
up_linux
ping -c 1 -W 5 $G > /dev/null
$LX flood $G 8 > /tmp/lx.out &
ping -A -q -c 100000 -w 8 $G > /dev/null 2>&1 &
sleep 3
t "rmmod during a ping flood" rmmod rumpvisor_nettest
wait
t "the device is gone" c '! ip link show $DEV'
note "flood: $(cat /tmp/lx.out)"
# The guest sends to a Linux reader that stopped reading: the device's
# pooled pages sit in its socket when the device goes, and go back to
# the pool (then freed) once the reader ends.  (Linux logs "stalled pool
# shutdown" if a reader keeps them past 60 s: not waited for here.)
rv_step load-for-stopped load_guest
up_linux
ping -c 1 -W 5 $G > /dev/null
$LX sink 5002 1000000000 > /tmp/lx.out 2>&1 &
lxpid=$!
sleep 0.5
g_start source $L 5002 1000000000
sleep 2
kill -STOP $lxpid
t "rmmod while Linux's reader holds the guest's data unread" rmmod rumpvisor_nettest
t "the device is gone" c '! ip link show $DEV'
kill -CONT $lxpid; sleep 1; kill $lxpid 2> /dev/null; wait
part

# -------------------------------------------------------------------- tap
rv_part tap
DEV=tap0
t "a tap device handed over (rumptap add tap0)" /rv/rumptap add tap0
rv_step load-guest-tap load_guest link=tap:tap0
up_linux
t "Linux pings the guest over tap" ping -c 5 -W 5 $G
g ping $L 3
t "the guest pings Linux over tap" ok0
t "8 MiB Linux -> guest over tap, sums equal" bulk_in 8388608 61
t "8 MiB guest -> Linux over tap, sums equal" bulk_out 8388608 62
t "the tap device is in use (rumptap del refused)" c '! /rv/rumptap del tap0'
rv_step unload-guest-tap rmmod rumpvisor_nettest
t "given back (rumptap del tap0)" /rv/rumptap del tap0
t "the tap device is gone with it" c '! ip link show tap0'
part

# ------------------------------------------------------------------ pair
# Two guests in the kernel, joined by the pair backend (no Linux device).
rv_part pair
A=10.0.3.1
B=10.0.3.2
PA=$P
PB=/sys/module/rumpvisor_nettest2/parameters/cmd
# on PARAM CMD...: run a guest command helper against the other guest.
on() { P=$1; shift; "$@"; on_rc=$?; P=$PA; return $on_rc; }
pair_load() {
	insmod /rv/rumpvisor_nettest.ko link=pair:p0 addr=$A &&
	insmod /rv/rumpvisor_nettest2.ko instance=nettest2 link=pair:p0${1:+,$1} addr=$B
}
pair_unload() { rmmod rumpvisor_nettest2 && rmmod rumpvisor_nettest; }
# pair_bulk FROM_P TO_P TO_ADDR BYTES SEED: sums of sender and receiver.
pair_bulk() {
	on $2 g_start recv 5001 $4 $5 && on $2 g_ready || return 1
	on $1 g send $3 5001 $4 $5; snd=$gres
	on $2 g_wait 600; ok0 && same_sum "$snd" "$gres"
}
rv_step load-pair pair_load
t "no Linux device for a pair link" c '! ip link show nettest0 2> /dev/null'
on $PB g ping $A 5
t "guest B pings guest A (5 of 5)" ok0
t "10 MiB A -> B, sums equal" pair_bulk $PA $PB $B 10485760 71
t "10 MiB B -> A, sums equal" pair_bulk $PB $PA $A 10485760 72
on $PA g_start echo 5003 100 && on $PA g_ready
on $PB g conns $A 5003 100 20000; gb=$gres; on $PA g_wait 300
t "100 concurrent connections B -> A's echo server" c \
	'ok0 && echo "$gb" | grep -q "conns=100 left=0 bad=0"'
on $PB g connect $A 5999 5
t "refused: ECONNREFUSED (61)" is "$(key errno "$gres")" 61
on $PA g_start expect-reset 5005 && on $PA g_ready
on $PB g reset $A 5005; on $PA g_wait
t "reset (SO_LINGER 0): ECONNRESET (54)" is "$(key errno "$gres")" 54
on $PA g_start halfclose-server 5007 && on $PA g_ready
on $PB g halfclose-client $A 5007 1000000 73; gb=$gres; on $PA g_wait
t "half-close: A reads to EOF, then answers" c \
	'ok0 && [ "$(key fnv "$gb")" = "$(key fnv "$gres")" ] && echo "$gb" | grep -q "answer=65"'
on $PB g udp-error $A 6001
t "UDP to a closed port: ECONNREFUSED (61) from ICMP" is "$(key errno "$gres")" 61
rv_step unload-pair pair_unload
rv_step load-pair-impaired pair_load "drop=20,dup=10,reorder=30,seed=7"
t "B's link impaired (2% drop, 1% dup, 3% reorder): 4 MiB A -> B" pair_bulk $PA $PB $B 4194304 74
t "... and 4 MiB B -> A" pair_bulk $PB $PA $A 4194304 75
on $PA g_start recv 5001 1000000000 76 && on $PA g_ready
on $PB g_start send $A 5001 1000000000 76
sleep 2
t "rmmod of one end during a bulk transfer" rmmod rumpvisor_nettest2
t "the other end ends cleanly too" rmmod rumpvisor_nettest
part

rv_part end
rv_stats
rv_step unload-hypervisor rmmod rumpvisor
