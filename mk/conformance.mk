# The conformance suite: the test guest and the portable suite, linked
# with the userspace hypervisor (ct-user, ct-user-static for the VM).
# The kernel module rumpvisor_ct.ko comes from tests/conformance/linux/kbuild.mk.

.PHONY: ct-user ct-user-static check-user

CT_GUEST_SRCS := $(sort $(wildcard tests/guest/*.c))
CT_SUITE_SRCS := $(sort $(wildcard tests/conformance/*.c))
CT_USER_SRCS  := $(CT_GUEST_SRCS) $(CT_SUITE_SRCS) tests/conformance/user/main.c
CT_USER_OBJS  := $(patsubst %.c,$(BUILD)/user/obj/ct/%.o,$(CT_USER_SRCS))
CT_USER       := $(BUILD)/user/ct-user
CT_USER_STATIC := $(BUILD)/vm/ct-user-static

# The guest is freestanding: no host headers, compiler builtins only.
CT_GUEST_CFLAGS := -ffreestanding -fno-builtin

all: ct-user
ct-user: $(CT_USER)
ct-user-static: $(CT_USER_STATIC)

$(BUILD)/user/obj/ct/tests/guest/%.o: tests/guest/%.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) $(CT_GUEST_CFLAGS) -nostdinc \
		-MMD -MP -c $< -o $@

$(BUILD)/user/obj/ct/tests/conformance/%.o: tests/conformance/%.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) $(CT_GUEST_CFLAGS) -nostdinc \
		-MMD -MP -c $< -o $@

$(BUILD)/user/obj/ct/tests/conformance/user/%.o: tests/conformance/user/%.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(CT_USER): $(CT_USER_OBJS) $(RUMPUSER_A)
	$(CC) -pthread -o $@ $(CT_USER_OBJS) $(RUMPUSER_A) -lpthread

$(CT_USER_STATIC): $(CT_USER_OBJS) $(RUMPUSER_A)
	@mkdir -p $(dir $@)
	$(CC) -static -pthread -o $@ $(CT_USER_OBJS) $(RUMPUSER_A) -lpthread

# Native run, then the exit tests.  putchar may go to stdout and TAP to
# stderr: both land in the log, where the console lines are checked.
check-user: $(CT_USER)
	@rm -f $(BUILD)/user/ct-user.log
	$(CT_USER) >$(BUILD)/user/ct-user.log 2>&1; rv=$$?; \
	  cat $(BUILD)/user/ct-user.log >&2; \
	  grep -qx '# console: putchar ok' $(BUILD)/user/ct-user.log || \
	    { echo 'check-user: putchar output missing' >&2; rv=1; }; \
	  grep -qx '# console: dprintf -7 42 abc ff -9000000000 18446744073709551615 z %' \
	    $(BUILD)/user/ct-user.log || \
	    { echo 'check-user: dprintf output wrong' >&2; rv=1; }; \
	  exit $$rv
	$(CT_USER) --exit-tests

-include $(CT_USER_OBJS:.o=.d)
