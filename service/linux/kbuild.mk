# rumpvisor_rk.ko: the reference guest as a resident service that serves
# Linux processes (server=, device=; service/linux/carrier.c, host glue
# kept out of guest/).  Included after guest/linux/kbuild.mk, whose
# RK_GUEST_OBJS and RK_NET_OBJS it links: like rump_server, the service
# has the TCP/IP stack (loopback; clients may create interfaces).
obj-m += rumpvisor_rk.o
rumpvisor_rk-y := service/linux/carrier.o $(RK_GUEST_OBJS) $(RK_NET_OBJS)
