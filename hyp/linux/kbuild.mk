# SPDX-License-Identifier: BSD-2-Clause
# rumpvisor.ko: the kernel hypervisor.  Paths are relative to the top.
obj-m += rumpvisor.o
rumpvisor-y := hyp/linux/module.o hyp/linux/api.o hyp/linux/carrier.o \
	hyp/linux/instance.o hyp/linux/param.o hyp/linux/sysfs.o \
	hyp/linux/pool.o hyp/linux/jump_64.o hyp/linux/threads.o \
	hyp/linux/curlwp.o hyp/linux/memory.o hyp/linux/mutex.o \
	hyp/linux/rwlock.o hyp/linux/condvar.o hyp/linux/clock.o \
	hyp/linux/file.o hyp/linux/confine.o hyp/linux/bio.o \
	hyp/linux/console.o hyp/linux/exit.o hyp/linux/random.o \
	hyp/linux/dl.o hyp/linux/exports.o hyp/linux/fault.o \
	hyp/common/errno.o hyp/common/param.o hyp/common/open.o \
	hyp/common/checks.o hyp/common/bio.o hyp/common/component.o
# The guest-thread resume (jump_64.S) leaves the stack as no ordinary
# function does: objtool cannot follow it.
OBJECT_FILES_NON_STANDARD_jump_64.o := y
