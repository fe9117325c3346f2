# SPDX-License-Identifier: BSD-2-Clause
# The kernel host half of virtif, built into rumpvisor.ko (include after
# hyp/linux/kbuild.mk): the rumpcomp_virt_* hypercalls, the receive jobs,
# the native, tap and pair backends, the impairment stage, and the
# host-independent link-string and impairment rules (../common), shared
# with the user-space half.  Paths are relative to the top.
rumpvisor-y += components/virtif/linux/virtif.o components/virtif/linux/rx.o \
	components/virtif/linux/native.o components/virtif/linux/tap.o \
	components/virtif/linux/tapfiles.o components/virtif/linux/pair.o \
	components/virtif/linux/impair.o \
	components/virtif/common/vif_link.o components/virtif/common/vif_impair.o
