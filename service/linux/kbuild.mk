# rumpvisor_rk.ko: the reference guest as a resident service that serves
# Linux processes (server=, device=; service/linux/carrier.c, host glue
# kept out of guest/).  Included after guest/linux/kbuild.mk, whose
# RK_GUEST_OBJS it links.
obj-m += rumpvisor_rk.o
rumpvisor_rk-y := service/linux/carrier.o $(RK_GUEST_OBJS)
