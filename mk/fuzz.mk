# Fuzz targets (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer).
#
#   make net-fuzz         build/fuzz/net-fuzz: frames into the guest's
#                         network stack (tests/fuzz/fuzz_net.c)
#   make check-net-fuzz   run it for FUZZ_CHECK_SECONDS (30), part of
#                         `make check` (TAP)
#   make fuzz-net         run it for FUZZ_SECONDS (600), the corpus kept
#                         in build/fuzz/corpus-net
#
# The guest and the userspace hypervisor are compiled again with clang
# and the sanitizers into build/fuzz/obj.

.PHONY: net-fuzz check-net-fuzz fuzz-net

FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -O1 -g -Wall -Wextra -Werror -std=gnu11 -fno-strict-aliasing \
		-fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_GUEST_SRCS := $(GUEST_SRCS) tests/fuzz/fuzz_net.c
FUZZ_GUEST_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/guest/%.o,$(FUZZ_GUEST_SRCS))
FUZZ_HYP_OBJS   := $(patsubst %.c,$(FUZZ_DIR)/obj/hyp/%.o,$(HYP_USER_SRCS))
NET_FUZZ     := $(FUZZ_DIR)/net-fuzz
FUZZ_CHECK_SECONDS ?= 30
FUZZ_SECONDS ?= 600

net-fuzz: $(NET_FUZZ)

$(FUZZ_DIR)/obj/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(GUEST_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-ffreestanding -fno-builtin -nostdinc \
		-isystem $$($(FUZZ_CC) -print-resource-dir)/include \
		-MMD -MP -c $< -o $@

$(FUZZ_DIR)/obj/hyp/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(HYP_USER_CPPFLAGS) $(FUZZ_CFLAGS) -pthread -MMD -MP \
		-c $< -o $@

$(NET_FUZZ): tests/fuzz/fuzz_main.c $(FUZZ_GUEST_OBJS) $(FUZZ_HYP_OBJS)
	$(FUZZ_CC) $(USER_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -pthread \
		-o $@ $^ -lpthread

$(FUZZ_DIR)/seeds-net: tests/fuzz/seeds.py
	$(PYTHON) tests/fuzz/seeds.py $@
	@touch $@

check-net-fuzz: $(NET_FUZZ) $(FUZZ_DIR)/seeds-net
	$(PYTHON) tests/fuzz/run_fuzz.py --target $(NET_FUZZ) \
		--seconds $(FUZZ_CHECK_SECONDS) --corpus $(FUZZ_DIR)/check-corpus \
		--seeds $(FUZZ_DIR)/seeds-net

fuzz-net: $(NET_FUZZ) $(FUZZ_DIR)/seeds-net
	$(PYTHON) tests/fuzz/run_fuzz.py --target $(NET_FUZZ) \
		--seconds $(FUZZ_SECONDS) --corpus $(FUZZ_DIR)/corpus-net \
		--seeds $(FUZZ_DIR)/seeds-net

-include $(FUZZ_GUEST_OBJS:.o=.d) $(FUZZ_HYP_OBJS:.o=.d)
