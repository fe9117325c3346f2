# SPDX-License-Identifier: BSD-2-Clause
# The fuzzing framework: every libFuzzer target of the tree, one sanitized
# build, one runner (tests/fuzz/run.py), one set of make targets.
#
#   make fuzz-build     every target (clang, ASan + UBSan)
#   make check-fuzz     each target for FUZZ_CHECK_SECONDS after replaying
#                       its seeds; TAP, a stage of check
#   make fuzz           FUZZ_SECONDS per target (0: until stopped),
#                       FUZZ_JOBS parallel jobs, FUZZ_TARGETS which
#   make fuzz-replay    every seed, working corpus and kept crash, once
#   make fuzz-corpus    regenerate the seeds in tests/fuzz/corpus/<target>
#
# Targets (FUZZ_TARGETS, default all; build/fuzz/fuzz-<target>):
#   vfs       the guest's file system calls (tests/fuzz)
#   diff      the guest against Linux tmpfs (tests/fuzz, tests/diff)
#   net       frames into the guest's network stack (tests/fuzz/net)
#   sysproxy  the syscall proxy engine's frames (tests/sysproxy/fuzz.c)
#
# Everything lives in $(BUILD)/fuzz: its own sanitized objects of the
# guest, hyp/user and the components in obj/ (never mixed with the
# normal build), the targets, the working corpora corpus/<target>/
# (seeded from tests/fuzz/corpus/<target>/), crash artifacts
# crashes/<target>/, logs/ and execs.tsv.  The guest's slab allocator is
# bypassed in this build (RK_KMEM_SLABMAX=0, guest/kern/kmem.c), so
# AddressSanitizer sees every guest object on its own, and
# tests/fuzz/memcheck.c checks every size the guest gives back with
# rumpuser_free.

.PHONY: fuzz-build check-fuzz fuzz fuzz-replay fuzz-corpus

FUZZ_CC      ?= clang-14
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_OBJ     := $(FUZZ_DIR)/obj
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
FUZZ_CFLAGS  := -O1 -g -Wall -Wextra -Werror -std=gnu11 \
		-fno-strict-aliasing $(FUZZ_SAN)
FUZZ_ALL     := vfs diff net sysproxy
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 1
FUZZ_CHECK_SECONDS ?= 30
FUZZ_RUN     := $(PYTHON) tests/fuzz/run.py --build $(FUZZ_DIR) \
		--corpus tests/fuzz/corpus
fuzz-o = $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(1))

# Guest side (freestanding), with the coverage hooks libFuzzer steers by,
# except for its byte loops (memset, memcpy, string functions): their
# comparison hooks cost a third of the time and steer nothing.
FUZZ_NOCOV     := guest/kern/lib.c
FUZZ_GUEST_FS  := $(sort $(wildcard guest/kern/*.c guest/vfs/*.c \
			guest/fs/*/*.c))
FUZZ_GUEST_NET := $(sort $(wildcard guest/net/*.c components/*/guest/*.c)) \
		  tests/fuzz/net/fuzz_net.c
# Host side: librumpuser as the normal build has it (no coverage), and
# the syscall proxy engine (freestanding, with coverage).
FUZZ_SP_ENGINE := $(sort $(wildcard hyp/common/sp_*.c))
FUZZ_HYP       := $(filter-out $(FUZZ_SP_ENGINE),$(HYP_USER_SRCS))
# The targets' own harnesses (host programs).
FUZZ_COMMON    := tests/fuzz/guest.c tests/fuzz/memcheck.c
FUZZ_SRCS_vfs  := tests/fuzz/fuzz_vfs.c tests/fuzz/decode.c \
		  tests/fuzz/exec.c tests/fuzz/model.c \
		  tests/fuzz/invariants.c $(FUZZ_COMMON)
FUZZ_SRCS_diff := tests/fuzz/fuzz_diff.c tests/diff/vfsdiff.c \
		  $(FUZZ_COMMON)
FUZZ_SRCS_net  := tests/fuzz/net/fuzz_main.c tests/fuzz/memcheck.c
FUZZ_SRCS_sysproxy := tests/sysproxy/fuzz.c
FUZZ_HARNESS   := $(sort $(foreach t,$(FUZZ_ALL),$(FUZZ_SRCS_$(t))))

# What each target links.
FUZZ_LINK_vfs  := $(FUZZ_SRCS_vfs) $(FUZZ_GUEST_FS) $(HYP_USER_SRCS)
FUZZ_LINK_diff := $(FUZZ_SRCS_diff) $(FUZZ_GUEST_FS) $(HYP_USER_SRCS)
FUZZ_LINK_net  := $(FUZZ_SRCS_net) $(FUZZ_GUEST_FS) $(FUZZ_GUEST_NET) \
		  $(HYP_USER_SRCS)
FUZZ_LINK_sysproxy := $(FUZZ_SRCS_sysproxy) hyp/user/sp_pthread.c \
		      $(FUZZ_SP_ENGINE)
FUZZ_LDFLAGS_vfs  := -Wl,--wrap=rumpuser_free
FUZZ_LDFLAGS_diff := -Wl,--wrap=rumpuser_free
FUZZ_LDFLAGS_net  := -Wl,--wrap=rumpuser_free
FUZZ_BINS      := $(addprefix $(FUZZ_DIR)/fuzz-,$(FUZZ_ALL))
FUZZ_MKCORPUS  := $(FUZZ_DIR)/mkcorpus

# One pattern rule; each group of objects brings its flags.
$(call fuzz-o,$(FUZZ_GUEST_FS) $(FUZZ_GUEST_NET)): FUZZ_OFLAGS = \
	$(GUEST_CPPFLAGS) -ffreestanding -fno-builtin -nostdinc \
	-DRK_KMEM_SLABMAX=0 $(if $(filter $(FUZZ_NOCOV),$<),,\
	-fsanitize=fuzzer-no-link)
$(call fuzz-o,$(FUZZ_SP_ENGINE)): FUZZ_OFLAGS = $(HYP_USER_CPPFLAGS) \
	-ffreestanding -nostdinc -fsanitize=fuzzer-no-link
$(call fuzz-o,$(FUZZ_HYP)): FUZZ_OFLAGS = $(HYP_USER_CPPFLAGS) -pthread
$(call fuzz-o,$(FUZZ_HARNESS)): FUZZ_OFLAGS = $(USER_CPPFLAGS) \
	-I$(CURDIR) -D_GNU_SOURCE -pthread

# A change of this file may change the flags: every object again.
$(FUZZ_OBJ)/%.o: %.c mk/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_OFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# $(call fuzz-bin,TARGET): build/fuzz/fuzz-TARGET from its objects.
define fuzz-bin
$(FUZZ_DIR)/fuzz-$(1): $(call fuzz-o,$(FUZZ_LINK_$(1)))
	$$(FUZZ_CC) -o $$@ $$^ -fsanitize=fuzzer $$(FUZZ_SAN) \
		$$(FUZZ_LDFLAGS_$(1)) -lpthread
endef
$(foreach t,$(FUZZ_ALL),$(eval $(call fuzz-bin,$(t))))

fuzz-build: $(FUZZ_BINS)

$(FUZZ_MKCORPUS): tests/fuzz/mkcorpus.c tests/fuzz/ops.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ tests/fuzz/mkcorpus.c

# Regenerate the seeds in the tree (they are committed): vfs and diff
# from mkcorpus, net and sysproxy from their scripts.
fuzz-corpus: $(FUZZ_MKCORPUS)
	$(FUZZ_MKCORPUS) tests/fuzz/corpus
	$(PYTHON) tests/fuzz/net/seeds.py tests/fuzz/corpus/net
	$(PYTHON) tests/sysproxy/fuzz_seeds.py tests/fuzz/corpus/sysproxy

check-fuzz: $(addprefix $(FUZZ_DIR)/fuzz-,$(FUZZ_TARGETS))
	@$(FUZZ_RUN) check --seconds $(FUZZ_CHECK_SECONDS) $(FUZZ_TARGETS)

fuzz: $(addprefix $(FUZZ_DIR)/fuzz-,$(FUZZ_TARGETS))
	@$(FUZZ_RUN) fuzz --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS) \
		$(FUZZ_TARGETS)

fuzz-replay: $(addprefix $(FUZZ_DIR)/fuzz-,$(FUZZ_TARGETS))
	@$(FUZZ_RUN) replay $(FUZZ_TARGETS)

FUZZ_OBJS := $(call fuzz-o,$(sort $(FUZZ_GUEST_FS) $(FUZZ_GUEST_NET) \
	$(HYP_USER_SRCS) $(FUZZ_HARNESS)))
-include $(FUZZ_OBJS:.o=.d)
