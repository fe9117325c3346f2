# SPDX-License-Identifier: BSD-2-Clause
# rumpvisor.ko: the kernel hypervisor.  Paths are relative to the top.
obj-m += rumpvisor.o
rumpvisor-y := hyp/linux/module.o hyp/linux/memory.o hyp/linux/threads.o \
	hyp/linux/curlwp.o hyp/linux/mutex.o hyp/linux/rwlock.o \
	hyp/linux/condvar.o hyp/linux/clock.o hyp/linux/file.o \
	hyp/linux/bio.o hyp/linux/console.o hyp/linux/param.o \
	hyp/linux/exit.o hyp/linux/random.o hyp/linux/dl.o \
	hyp/linux/component.o hyp/common/errno.o hyp/common/param.o \
	hyp/common/open.o
