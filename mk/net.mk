# The network stack's tests (tests/net/) and the virtif component.
#
#   make net-pair         build/user/net-pair: two guests over the pair
#                         backend (tests/net/pair_main.c, t_*.c)
#   make check-net-user   run it (TAP), part of `make check`
#   make net-peer         build/user/net-peer: one guest driven from the
#                         command line (tests against other stacks)
#   make check-net-tap    the guest against Linux over a tap device in a
#                         network namespace of its own (root; SKIP without)
#   make check-net-raw    the guest's TCP against a scripted peer that
#                         builds and reads frames itself (RFC 5961, RTO
#                         backoff, zero-window probes, malformed segments)
#
# The stack itself is part of librump (mk/guest.mk: guest/net and the
# guest halves components/*/guest); the host halves of components
# (components/*/user) are part of librumpuser (mk/hyp-user.mk).

.PHONY: net-pair check-net-user net-peer check-net-tap check-net-raw

NET_TEST_DIR  := $(BUILD)/user
NET_PAIR      := $(NET_TEST_DIR)/net-pair
NET_PAIR_SRCS := tests/net/pair_main.c tests/net/nt_util.c tests/net/stream.c \
		 $(sort $(wildcard tests/net/t_*.c))
NET_TEST_HDRS := $(wildcard tests/net/*.h)
NET_TEST_LIBS := $(RUMP_A) $(RUMPUSER_A) -lpthread

NET_PEER      := $(NET_TEST_DIR)/net-peer
NET_PEER_SRCS := tests/net/peer.c tests/net/nt_util.c tests/net/stream.c

all: net-pair net-peer
net-pair: $(NET_PAIR)
net-peer: $(NET_PEER)

# Static against the archives: the stack is pulled in by the calls the
# tests make (rump_pub_netconfig_*, rump_sys_socket...).
$(NET_PAIR): $(NET_PAIR_SRCS) $(NET_TEST_HDRS) $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -D_GNU_SOURCE -pthread -o $@ \
		$(NET_PAIR_SRCS) $(NET_TEST_LIBS)

# rumpvisor.ko's check of a guest's offload metadata, under the sanitizers.
NET_TXCHECK   := $(NET_TEST_DIR)/net-txcheck
$(NET_TXCHECK): tests/net/txcheck_test.c tests/net/txlies.h \
		components/virtif/linux/txcheck.h \
		components/virtif/virtif.h
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ tests/net/txcheck_test.c

# Lent packet data (rk_m_borrow) on a booted guest, from outside the
# stack: only the guest's headers (its types are not the host's).
NET_MBUF      := $(NET_TEST_DIR)/net-mbuf
$(NET_MBUF): tests/net/mbuf_test.c tests/net/guest_tap.h $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) -I guest/include $(USER_CFLAGS) -pthread -o $@ \
		tests/net/mbuf_test.c $(NET_TEST_LIBS)

# Who takes a received frame (the net lock's holder as it lets go, or
# the input thread), on a booted guest: the stack's own header too.
NET_INPUT     := $(NET_TEST_DIR)/net-input
$(NET_INPUT): tests/net/input_test.c tests/net/guest_tap.h $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) -I guest/include -I guest/net $(USER_CFLAGS) \
		-pthread -o $@ tests/net/input_test.c $(NET_TEST_LIBS)

check-net-user: $(NET_PAIR) $(NET_TXCHECK) $(NET_MBUF) $(NET_INPUT)
	$(NET_PAIR)
	$(NET_TXCHECK)
	$(NET_MBUF)
	$(NET_INPUT)

$(NET_PEER): $(NET_PEER_SRCS) $(NET_TEST_HDRS) $(RUMP_A) $(RUMPUSER_A)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -D_GNU_SOURCE -pthread -o $@ \
		$(NET_PEER_SRCS) $(NET_TEST_LIBS)

check-net-tap: $(NET_PEER)
	$(PYTHON) tests/net/tap_test.py --peer $(NET_PEER)

check-net-raw: $(NET_PEER)
	$(PYTHON) tests/net/raw_test.py --peer $(NET_PEER)
