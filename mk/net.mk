# The network stack's tests (tests/net/) and the virtif component.
#
#   make net-pair         build/user/net-pair: two guests over the pair
#                         backend (tests/net/pair_main.c, t_*.c)
#   make check-net-user   run it (TAP), part of `make check`
#
# The stack itself is part of librump (mk/guest.mk: guest/net and the
# guest halves components/*/guest); the host halves of components
# (components/*/user) are part of librumpuser (mk/hyp-user.mk).

.PHONY: net-pair check-net-user

NET_TEST_DIR  := $(BUILD)/user
NET_PAIR      := $(NET_TEST_DIR)/net-pair
NET_PAIR_SRCS := tests/net/pair_main.c tests/net/nt_util.c \
		 $(sort $(wildcard tests/net/t_*.c))
NET_TEST_HDRS := $(wildcard tests/net/*.h)
NET_TEST_LIBS := $(RUMP_A) $(RUMPUSER_A) -lpthread

all: net-pair
net-pair: $(NET_PAIR)

# Static against the archives: the stack is pulled in by the calls the
# tests make (rump_pub_netconfig_*, rump_sys_socket...).
$(NET_PAIR): $(NET_PAIR_SRCS) $(NET_TEST_HDRS) $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -D_GNU_SOURCE -pthread -o $@ \
		$(NET_PAIR_SRCS) $(NET_TEST_LIBS)

check-net-user: $(NET_PAIR)
	$(NET_PAIR)
