# NetBSD client compatibility of the client API (tests/client):
#   errno-client   a client written as for NetBSD (RUMP_E* against errno,
#                  rump_strerror), built like any client with pkg-config
#   check-errno    <rump/rumperr.h>'s numbering, and the tree's own errno
#                  names (RK_E*, CT_E*, VT_E*, RV_E*) equal to it at
#                  compile time
#
#   make check-client     TAP on stdout

.PHONY: check-client

ERRNO_CLIENT := $(BUILD)/user/tests/errno-client

all: $(ERRNO_CLIENT)

$(ERRNO_CLIENT): tests/client/errno_client.c $(RUMP_CLIENT_DEPS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $< $$($(RUMP_PKGCONFIG) --cflags --libs rump)

check-client: $(ERRNO_CLIENT)
	@rc=0; $(ERRNO_CLIENT) || rc=1; \
	$(PYTHON) tests/client/check-errno || rc=1; exit $$rc
