# SPDX-License-Identifier: BSD-2-Clause
# The network part of `make demo`, inside the VM (demo/net): Linux serves
# a page with busybox httpd at 10.0.2.2; a resident guest in the kernel
# (rumpvisor_netdemo.ko, 10.0.2.17/24) fetches it over its own TCP/IP
# stack and prints its end in dmesg, answers Linux's ping and serves wget
# from its own web server; `ip -s link` shows the traffic.  First on a
# native network device (netdemo0), then on a tap device handed over
# with rumptap, then the same demo source as a program on the userspace
# hypervisor (its own tap device).  tests/vm/vm.py netdemo-report tells
# what happened.
G=10.0.2.17
L=10.0.2.2
IP=/opt/iproute2/ip		# iproute2's (busybox ip has no -s)

# show DEV: `ip -s link show DEV` ("ip: " lines).
show() {
	if [ -x $IP ]; then $IP -s link show "$1"; else ip link show "$1";
		grep "$1:" /proc/net/dev; fi > /tmp/out 2>&1
	rv_pipe 'ip: ' < /tmp/out
}
# linux_end DEV: Linux's address on DEV, once it exists.
linux_end() {
	n=0
	while ! ip link show "$1" > /dev/null 2>&1; do
		[ $n -lt 100 ] || return 1
		sleep 0.1; n=$((n + 1))
	done
	ip addr add $L/24 dev "$1" && ip link set "$1" up
}
# fetched CMD...: wait until CMD's output has the guest's fetch's last
# line (up to a minute).
fetched() {
	n=0
	while [ $n -lt 120 ]; do
		"$@" > /tmp/fetch.out 2>&1
		grep -q 'netdemo: end of the page' /tmp/fetch.out && return 0
		grep -q 'netdemo: FAILED' /tmp/fetch.out && return 1
		sleep 0.5; n=$((n + 1))
	done
	return 1
}
# pingwget DEV: Linux pings the guest and fetches its page over DEV.
pingwget() {
	rv_step ping sh -c "ping -c 5 -W 5 $G > /tmp/out 2>&1"
	rv_pipe 'ping: ' < /tmp/out
	rv_step wget sh -c "wget -q -O - http://$G/ > /tmp/out 2>&1"
	rv_pipe 'wget: ' < /tmp/out
	show "$1"
}

ip link set lo up
mkdir -p /tmp/www
{
	echo '<html><head><title>Linux in the VM</title></head><body>'
	i=0
	while [ $i -lt 40 ]; do
		echo "<p>line $i of the page Linux serves with busybox httpd</p>"
		i=$((i + 1))
	done
	echo '<p>the end: served by Linux at 10.0.2.2, fetched by the guest</p>'
	echo '</body></html>'
} > /tmp/www/index.html
modprobe tun
httpd -p 80 -h /tmp/www

rv_part hypervisor
rv_step load-hypervisor insmod /rv/rumpvisor.ko

rv_part native
dmesg -c > /dev/null
rv_step load-netdemo insmod /rv/rumpvisor_netdemo.ko
rv_step linux-end linux_end netdemo0
rv_step fetch fetched dmesg
pingwget netdemo0
rv_step unload-netdemo rmmod rumpvisor_netdemo
rv_step device-gone sh -c '! ip link show netdemo0 2> /dev/null'

rv_part tap
dmesg -c > /dev/null
rv_step rumptap-add /rv/rumptap add tap0
rv_step linux-end-tap linux_end tap0
rv_step load-netdemo-tap insmod /rv/rumpvisor_netdemo.ko link=tap:tap0
rv_step fetch-tap fetched dmesg
pingwget tap0
rv_step unload-netdemo-tap rmmod rumpvisor_netdemo
rv_step rumptap-del /rv/rumptap del tap0

rv_part user
/rv/netdemo-static --link tap:utap0 --addr $G/24 --fetch $L --serve 80 \
	--seconds 60 > /tmp/user.out 2>&1 &
pid=$!
rv_step linux-end-user linux_end utap0
rv_step fetch-user fetched cat /tmp/user.out
pingwget utap0
kill -TERM $pid
rv_step user-netdemo wait $pid
rv_pipe 'user: ' < /tmp/user.out

rv_part unload
rv_stats
rv_step unload-hypervisor rmmod rumpvisor
rv_part end
