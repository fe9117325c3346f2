# SPDX-License-Identifier: BSD-2-Clause
# Sourced by the VM's init before the test script when it runs on the
# debug kernel (vm.py run --kernel debug).
#
# What kmemleak suspects from the boot is the kernel's business, not the
# test's: a scan marks it reported and "clear" forgets what was reported,
# so that post.sh shows only what was allocated from here on.  The
# markers carry the jiffies count, which maps a leaked object's
# allocation time (kmemleak prints its jiffies) onto the console's clock.
rv_jiffies() { awk '/^jiffies:/ { print $2; exit }' /proc/timer_list; }
rv_kl=/sys/kernel/debug/kmemleak
if [ -w $rv_kl ]; then
	echo scan > $rv_kl
	echo clear > $rv_kl
	rv_log "RV-KMEMLEAK cleared jiffies=$(rv_jiffies)"
fi

# insmod, and then where the module's code went ("RV-MODULE name
# .text=0x..."): a leak found after the module is gone shows its frames
# as bare addresses, which vm.py debug-report names with the .ko files.
# rv_module_log FILE.ko: that line for a module just loaded (scripts that
# load modules otherwise, e.g. under timeout, call it themselves).
rv_module_log() {
	# Shell only: a fork costs a good part of a second on this kernel.
	rv_mname=${1##*/}
	rv_mname=${rv_mname%.ko}
	rv_mname=${rv_mname//-/_}
	rv_msec=
	for rv_s in /sys/module/$rv_mname/sections/.*text*; do
		[ -r "$rv_s" ] && read -r rv_v < "$rv_s" &&
			rv_msec="$rv_msec ${rv_s##*/}=$rv_v"
	done
	[ -n "$rv_msec" ] && rv_log "RV-MODULE $rv_mname$rv_msec"
}
insmod() {
	command insmod "$@"
	rv_mrc=$?
	rv_module_log "$1"
	return $rv_mrc
}
