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
	hyp/linux/dl.o hyp/linux/exports.o hyp/linux/reclaim.o \
	hyp/linux/guestsym.o hyp/linux/fault.o \
	hyp/linux/enter.o hyp/linux/sp.o hyp/linux/sp_host.o \
	hyp/linux/sp_sock.o hyp/linux/sp_sysfs.o hyp/linux/dev.o hyp/linux/dev_file.o \
	hyp/linux/dev_copy.o \
	hyp/common/sp_server.o hyp/common/sp_conn.o hyp/common/sp_copy.o \
	hyp/common/sp_guest.o hyp/common/sp_proto.o hyp/common/sp_url.o \
	hyp/common/errno.o hyp/common/param.o hyp/common/open.o \
	hyp/common/checks.o hyp/common/bio.o hyp/common/component.o
# The guest-thread resume (jump_64.S) leaves the stack as no ordinary
# function does: objtool cannot follow it.
OBJECT_FILES_NON_STANDARD_jump_64.o := y
