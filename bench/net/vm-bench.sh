# SPDX-License-Identifier: BSD-2-Clause
# The network benchmarks (make bench-net), inside the VM, side by side in
# one boot: TCP throughput both ways between Linux and the guest in the
# kernel (rumpvisor_nettest.ko) on its native device and on tap, and
# between two Linux network namespaces over veth; ping round trips to the
# guest and to Linux over veth; small HTTP requests per second to the
# guest's server and to busybox httpd over veth.  Each measurement is one
# "netbench: KEY VALUE" line, read by bench/net/report.py.  ROUNDS runs of
# each; the report takes the median.  make bench-net boots it twice: in
# real time (two CPUs), and counting instructions (qemu -icount, one CPU).
G=10.0.2.17
L=10.0.2.2
V=10.0.4.2			# Linux in the namespace "peer", over veth
IP=/opt/iproute2/ip
LX=/rv/lxnet
P=/sys/module/rumpvisor_nettest/parameters/cmd
# TCP is measured as iperf does: a source sends one buffer over and over
# and a sink only counts (lxnet and gcmd's source and sink).  Making and
# checking the tests' data stream cost more than carrying it, the same
# whatever carries it (check-net checks the data).
BYTES=${NETBENCH_BYTES:-104857600}
ROUNDS=${NETBENCH_ROUNDS:-3}
# Under qemu -icount (netbench.icount on the kernel command line) time
# is instructions and one round gives the same numbers as three.
case " $(cat /proc/cmdline) " in *" netbench.icount "*) ROUNDS=1;; esac
PINGS=${NETBENCH_PINGS:-30}
REQS=${NETBENCH_REQS:-200}

say() { rv_log "netbench: $*"; }
# val KEY TEXT: the value of KEY=... in TEXT.
val() { echo " $2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
g_start() { echo "$*" > $P; }
g_wait() {
	n=0
	while [ $n -lt 600 ]; do
		gres=$(cat $P)
		case "$gres" in done*) return 0;; running*) [ "$1" = ready ] && return 0;; esac
		sleep 0.2; n=$((n + 1))
	done
	return 1
}
# tcp_in NAME ADDR: Linux sends BYTES to the guest (rate at the sender,
# which waits for the receiver's EOF).
tcp_in() {
	g_start sink 5001 $BYTES && g_wait ready
	out=$($LX source $2 5001 $BYTES); g_wait
	case "$gres" in "done 0 "*) say "$1 $(val mbps "$out")";; *) say "# $1 failed: $out / $gres";; esac
}
# tcp_out NAME LINUX: the guest sends; the rate at Linux's receiver.
tcp_out() {
	$LX sink 5002 $BYTES > /tmp/recv.out &
	sleep 0.5
	g_start source $2 5002 $BYTES && g_wait; wait
	out=$(cat /tmp/recv.out)
	case "$gres" in "done 0 "*) say "$1 $(val mbps "$out")";; *) say "# $1 failed: $out / $gres";; esac
}
# rtt NAME ADDR: the average round trip of PINGS pings, in ms.
rtt() {
	avg=$(ping -c $PINGS -i 0.2 -q "$2" | sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
	say "$1 ${avg:-0}"
}
# http NAME ADDR PORT: requests per second of REQS GETs.
http() { say "$1 $(val rps "$($LX http $2 $3 $REQS)")"; }
http_guest() {
	g_start http 8080 $REQS && g_wait ready
	http "$1" $G 8080; g_wait
}
guest_up() {
	insmod /rv/rumpvisor_nettest.ko "$@" || return 1
}
linux_end() { ip addr add $L/24 dev $1 && ip link set $1 up; }

ip link set lo up
modprobe tun; modprobe veth
mkdir -p /tmp/www /run/netns
echo 'served by Linux over veth' > /tmp/www/index.html
rv_part setup
rv_step load-hypervisor insmod /rv/rumpvisor.ko
rv_step veth sh -c "$IP netns add peer && $IP link add v0 type veth peer name v1 netns peer &&
	$IP addr add 10.0.4.1/24 dev v0 && $IP link set v0 up &&
	$IP -n peer addr add $V/24 dev v1 && $IP -n peer link set v1 up &&
	$IP -n peer link set lo up"
$IP netns exec peer httpd -p 80 -h /tmp/www
rv_step load-native guest_up
rv_step linux-native linux_end nettest0
ping -c 2 -W 5 $G > /dev/null

r=1
while [ $r -le $ROUNDS ]; do
	rv_part round-$r
	tcp_in native-in $G
	tcp_out native-out $L
	# veth: Linux in the namespace plays the guest's part.
	$IP netns exec peer $LX sink 5001 $BYTES > /tmp/v.out &
	sleep 0.5; $LX source $V 5001 $BYTES > /tmp/v2.out; wait
	say "veth-in $(val mbps "$(cat /tmp/v2.out)")"
	$LX sink 5002 $BYTES > /tmp/v.out &
	sleep 0.5; $IP netns exec peer $LX source 10.0.4.1 5002 $BYTES > /dev/null; wait
	say "veth-out $(val mbps "$(cat /tmp/v.out)")"
	rtt ping-guest $G
	rtt ping-linux $V
	http_guest http-guest
	http http-linux $V 80
	r=$((r + 1))
done

rv_part tap
rmmod rumpvisor_nettest
rv_step rumptap-add /rv/rumptap add tap0
rv_step linux-tap linux_end tap0
rv_step load-tap guest_up link=tap:tap0
ping -c 2 -W 5 $G > /dev/null
r=1
while [ $r -le $ROUNDS ]; do
	tcp_in tap-in $G
	tcp_out tap-out $L
	rtt ping-tap $G
	r=$((r + 1))
done
rv_step unload-tap rmmod rumpvisor_nettest
rv_step rumptap-del /rv/rumptap del tap0
rv_part end
rv_step unload-hypervisor rmmod rumpvisor
