# The shared freestanding library (lib/freestanding): formatted output,
# string and memory functions and the NetBSD integer types.  Its consumers
# compile it themselves under their own prefix (guest/kern/lib.c,
# tests/guest/lib.c, tests/vfs/lib.c); this fragment builds and runs its
# unit tests, the library (prefix ut_) against the C library.
#
#   make check-lib     TAP on stdout

.PHONY: check-lib

FL_TEST_DIR  := $(BUILD)/user/obj/fl-test
FL_TEST_OBJS := $(FL_TEST_DIR)/format.o $(FL_TEST_DIR)/string.o
FL_TEST_SRCS := $(sort $(wildcard tests/freestanding/*.c))
FL_TEST      := $(BUILD)/user/tests/fl-test

all: $(FL_TEST)

# The library as its consumers build it: freestanding, no host header.
$(FL_TEST_DIR)/%.o: lib/freestanding/%.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -ffreestanding -fno-builtin -nostdinc \
		-DFL_PREFIX=ut_ -MMD -MP -c $< -o $@

$(FL_TEST): $(FL_TEST_SRCS) tests/freestanding/ut.h $(FL_TEST_OBJS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $(FL_TEST_SRCS) $(FL_TEST_OBJS)

check-lib: $(FL_TEST)
	$(FL_TEST)

-include $(FL_TEST_OBJS:.o=.d)
