# rumpvisor_netdemo.ko: the network demo (demo/net/netdemo.c) on the
# reference guest with its network stack, on top of rumpvisor.ko.  Needs
# guest/linux/kbuild.mk (RK_GUEST_OBJS, RK_NET_OBJS) included first.
obj-m += rumpvisor_netdemo.o
rumpvisor_netdemo-y := demo/net/linux/module.o demo/net/netdemo.o \
	$(RK_GUEST_OBJS) $(RK_NET_OBJS)
