# Sanitized fuzzing of the reference guest in userspace (tests/fuzz).
#
#   make fuzz-build     both libFuzzer targets (clang, ASan + UBSan)
#   make check-fuzz     a bounded run of each (FUZZ_CHECK_SECONDS each)
#                       after replaying the corpus; TAP, a stage of check
#   make fuzz           FUZZ_SECONDS per target (0: until stopped),
#                       FUZZ_JOBS parallel jobs, FUZZ_TARGETS which
#   make fuzz-replay    the corpus and every kept crash, once each
#
# Everything lives in $(BUILD)/fuzz: its own sanitized objects of guest/
# and hyp/user (never mixed with the normal build), the targets, the
# working corpora (seeded from tests/fuzz/corpus) and crash artifacts
# (crashes/<target>/).  The guest's slab allocator is bypassed in this
# build (RK_KMEM_SLABMAX=0, guest/kern/kmem.c), so AddressSanitizer sees
# every guest object on its own, and tests/fuzz/memcheck.c checks every
# size the guest gives back with rumpuser_free.

.PHONY: fuzz-build check-fuzz fuzz fuzz-replay fuzz-corpus

FUZZ_CC      ?= clang-14
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
FUZZ_CFLAGS  := -O1 -g -Wall -Wextra -Werror -std=gnu11 \
		-fno-strict-aliasing $(FUZZ_SAN)
FUZZ_TARGETS ?= vfs diff
FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 1
FUZZ_CHECK_SECONDS ?= 30
FUZZ_RUN     := $(PYTHON) tests/fuzz/run.py --build $(FUZZ_DIR) \
		--corpus tests/fuzz/corpus

# The guest with the coverage hooks libFuzzer steers by, except for its
# byte loops (memset, memcpy, string functions): their comparison hooks
# cost a third of the time and steer nothing.
FUZZ_NOCOV      := guest/kern/lib.c
FUZZ_GUEST_SRCS := $(sort $(wildcard guest/kern/*.c guest/vfs/*.c \
			guest/fs/*/*.c))
FUZZ_GUEST_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_GUEST_SRCS))
FUZZ_HYP_OBJS   := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(HYP_USER_SRCS))
FUZZ_COMMON     := tests/fuzz/guest.c tests/fuzz/memcheck.c
FUZZ_VFS_SRCS   := tests/fuzz/fuzz_vfs.c tests/fuzz/decode.c \
		   tests/fuzz/exec.c tests/fuzz/model.c \
		   tests/fuzz/invariants.c $(FUZZ_COMMON)
FUZZ_DIFF_SRCS  := tests/fuzz/fuzz_diff.c tests/diff/vfsdiff.c \
		   $(FUZZ_COMMON)
FUZZ_VFS        := $(FUZZ_DIR)/fuzz-vfs
FUZZ_DIFF       := $(FUZZ_DIR)/fuzz-diff
FUZZ_MKCORPUS   := $(FUZZ_DIR)/mkcorpus
FUZZ_LDFLAGS    := -fsanitize=fuzzer $(FUZZ_SAN) \
		   -Wl,--wrap=rumpuser_free -lpthread

fuzz-build: $(FUZZ_VFS) $(FUZZ_DIFF)

$(FUZZ_DIR)/obj/guest/%.o: guest/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(GUEST_CPPFLAGS) $(FUZZ_CFLAGS) -ffreestanding \
		-fno-builtin -nostdinc $(if $(filter $(FUZZ_NOCOV),$<),,\
		-fsanitize=fuzzer-no-link) -DRK_KMEM_SLABMAX=0 -MMD -MP \
		-c $< -o $@

$(FUZZ_DIR)/obj/hyp/%.o: hyp/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(HYP_USER_CPPFLAGS) $(FUZZ_CFLAGS) -pthread -MMD -MP \
		-c $< -o $@

$(FUZZ_DIR)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(USER_CPPFLAGS) -I$(CURDIR) -D_GNU_SOURCE \
		$(FUZZ_CFLAGS) -pthread -MMD -MP -c $< -o $@

$(FUZZ_VFS): $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_VFS_SRCS)) \
		$(FUZZ_GUEST_OBJS) $(FUZZ_HYP_OBJS)
	$(FUZZ_CC) -o $@ $^ $(FUZZ_LDFLAGS)

$(FUZZ_DIFF): $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_DIFF_SRCS)) \
		$(FUZZ_GUEST_OBJS) $(FUZZ_HYP_OBJS)
	$(FUZZ_CC) -o $@ $^ $(FUZZ_LDFLAGS)

$(FUZZ_MKCORPUS): tests/fuzz/mkcorpus.c tests/fuzz/ops.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -o $@ tests/fuzz/mkcorpus.c

# Regenerate the seed corpus in the tree (it is committed).
fuzz-corpus: $(FUZZ_MKCORPUS)
	$(FUZZ_MKCORPUS) tests/fuzz/corpus

check-fuzz: fuzz-build
	@$(FUZZ_RUN) check --seconds $(FUZZ_CHECK_SECONDS) $(FUZZ_TARGETS)

fuzz: fuzz-build
	@$(FUZZ_RUN) fuzz --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS) \
		$(FUZZ_TARGETS)

fuzz-replay: fuzz-build
	@$(FUZZ_RUN) replay $(FUZZ_TARGETS)

-include $(FUZZ_GUEST_OBJS:.o=.d) $(FUZZ_HYP_OBJS:.o=.d)
FUZZ_TARGET_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_VFS_SRCS) \
		    $(FUZZ_DIFF_SRCS))
-include $(FUZZ_TARGET_OBJS:.o=.d)
