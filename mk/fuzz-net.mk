# SPDX-License-Identifier: BSD-2-Clause
# The network stack's fuzz target (libFuzzer, ASan, UBSan): frames into
# the guest's input path.  FUZZ_CHECK_SECONDS and FUZZ_SECONDS as in
# mk/fuzz.mk.
#
#   make net-fuzz         build/fuzz-net/net-fuzz: frames into the guest's
#                         network stack (tests/fuzz/net/fuzz_net.c)
#   make check-net-fuzz   run it for FUZZ_CHECK_SECONDS (30), part of
#                         `make check` (TAP)
#   make fuzz-net         run it for FUZZ_SECONDS (600), the corpus kept
#                         in build/fuzz-net/corpus-net
#
# The guest and the userspace hypervisor are compiled again with clang
# and the sanitizers into build/fuzz-net/obj.

.PHONY: net-fuzz check-net-fuzz fuzz-net

NF_CC        ?= clang-14
NF_DIR     := $(BUILD)/fuzz-net
NF_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
NF_CFLAGS  := -O1 -g -Wall -Wextra -Werror -std=gnu11 -fno-strict-aliasing \
		-fno-omit-frame-pointer $(NF_SAN)
NF_GUEST_SRCS := $(GUEST_SRCS) tests/fuzz/net/fuzz_net.c
NF_GUEST_OBJS := $(patsubst %.c,$(NF_DIR)/obj/guest/%.o,$(NF_GUEST_SRCS))
NF_HYP_OBJS   := $(patsubst %.c,$(NF_DIR)/obj/hyp/%.o,$(HYP_USER_SRCS))
NET_FUZZ     := $(NF_DIR)/net-fuzz
FUZZ_CHECK_SECONDS ?= 30
FUZZ_SECONDS ?= 600

net-fuzz: $(NET_FUZZ)

$(NF_DIR)/obj/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(NF_CC) $(GUEST_CPPFLAGS) $(NF_CFLAGS) -fsanitize=fuzzer-no-link \
		-ffreestanding -fno-builtin -nostdinc \
		-isystem $$($(NF_CC) -print-resource-dir)/include \
		-MMD -MP -c $< -o $@

$(NF_DIR)/obj/hyp/%.o: %.c
	@mkdir -p $(dir $@)
	$(NF_CC) $(HYP_USER_CPPFLAGS) $(NF_CFLAGS) -pthread -MMD -MP \
		-c $< -o $@

$(NET_FUZZ): tests/fuzz/net/fuzz_main.c $(NF_GUEST_OBJS) $(NF_HYP_OBJS)
	$(NF_CC) $(USER_CPPFLAGS) $(NF_CFLAGS) -fsanitize=fuzzer -pthread \
		-o $@ $^ -lpthread

$(NF_DIR)/seeds-net: tests/fuzz/net/seeds.py
	$(PYTHON) tests/fuzz/net/seeds.py $@
	@touch $@

check-net-fuzz: $(NET_FUZZ) $(NF_DIR)/seeds-net
	$(PYTHON) tests/fuzz/net/run_fuzz.py --target $(NET_FUZZ) \
		--seconds $(FUZZ_CHECK_SECONDS) --corpus $(NF_DIR)/check-corpus \
		--seeds $(NF_DIR)/seeds-net

fuzz-net: $(NET_FUZZ) $(NF_DIR)/seeds-net
	$(PYTHON) tests/fuzz/net/run_fuzz.py --target $(NET_FUZZ) \
		--seconds $(FUZZ_SECONDS) --corpus $(NF_DIR)/corpus-net \
		--seeds $(NF_DIR)/seeds-net

-include $(NF_GUEST_OBJS:.o=.d) $(NF_HYP_OBJS:.o=.d)
