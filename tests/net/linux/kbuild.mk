# rumpvisor_nettest.ko: the guest side of the network tests against Linux
# (tests/vm/check-net.sh): the reference guest with its network stack and
# the guest commands; its twin rumpvisor_nettest2.ko is the second guest
# of the pair-backend part.  Needs guest/linux/kbuild.mk (RK_GUEST_OBJS,
# RK_NET_OBJS) first.
obj-m += rumpvisor_nettest.o rumpvisor_nettest2.o
rumpvisor_nettest-y := tests/net/linux/module.o tests/net/gcmd.o \
	tests/net/stream.o $(RK_GUEST_OBJS) $(RK_NET_OBJS)
rumpvisor_nettest2-y := $(addprefix twin/,$(rumpvisor_nettest-y))
# rumpvisor_nethostile.ko: a guest of no kernel that lies in its transmit
# offload metadata (tests/vm/check-net.sh).
obj-m += rumpvisor_nethostile.o
rumpvisor_nethostile-y := tests/net/linux/hostile.o tests/noguest/noguest.o
