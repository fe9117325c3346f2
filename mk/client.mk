# SPDX-License-Identifier: BSD-2-Clause
# librumpclient (client/): NetBSD's client API over the syscall proxy.
# build/user/librumpclient.{a,so} and pkgconfig/rumpclient.pc.  The
# rump_sys_* wrappers are the guest's own source (guest/kern/
# rump_syscalls.c, freestanding), the wire format and URLs are
# hyp/common's: nothing is written twice.
#
# For other fragments:
#   RUMPCLIENT_A  static library    RUMPCLIENT_SO  shared library (symlink)
#   RUMPCLIENT_PC pkg-config file of the build tree
# A client builds with
#   PKG_CONFIG_PATH=$(BUILD)/user/pkgconfig cc c.c $(pkg-config --cflags --libs rumpclient)

.PHONY: rumpclient install-rumpclient

RC_DIR       := $(BUILD)/user
RC_HOST_SRCS := $(sort $(wildcard client/*.c)) hyp/common/sp_proto.c \
		hyp/common/sp_url.c hyp/common/errno.c hyp/user/sendall.c
RC_GUEST_SRCS := guest/kern/rump_syscalls.c guest/net/rump_net_syscalls.c
RC_OBJS      := $(patsubst %.c,$(RC_DIR)/obj/rc/%.o,$(RC_HOST_SRCS) $(RC_GUEST_SRCS))
RUMPCLIENT_SOVER := 0
RUMPCLIENT_SONAME := librumpclient.so.$(RUMPCLIENT_SOVER)
RUMPCLIENT_A  := $(RC_DIR)/librumpclient.a
RUMPCLIENT_SO := $(RC_DIR)/librumpclient.so
RUMPCLIENT_PC := $(RC_DIR)/pkgconfig/rumpclient.pc
RC_MAP        := $(RC_DIR)/obj/rc/exports.map

all: rumpclient
rumpclient: $(RUMPCLIENT_A) $(RUMPCLIENT_SO) $(RUMPCLIENT_PC)

$(RC_DIR)/obj/rc/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CPPFLAGS) -D_GNU_SOURCE $(USER_CFLAGS) -pthread -fPIC \
		-fno-semantic-interposition -MMD -MP -c $< -o $@

# The wrappers are guest code: freestanding, the guest's headers.
$(RC_DIR)/obj/rc/guest/%.o: guest/%.c
	@mkdir -p $(dir $@)
	$(CC) -I$(CURDIR)/include -I$(CURDIR)/guest/include $(USER_CFLAGS) \
		-ffreestanding -fno-builtin -nostdinc -fPIC \
		-fno-semantic-interposition -MMD -MP -c $< -o $@

$(RUMPCLIENT_A): $(RC_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(RC_MAP): mk/client.mk
	@mkdir -p $(dir $@)
	printf '{\n\tglobal:\n\t\trumpclient_*;\n\t\trump_sys_*;\n\t\trump___sysimpl_*;\n\tlocal:\n\t\t*;\n};\n' > $@

$(RC_DIR)/$(RUMPCLIENT_SONAME): $(RC_OBJS) $(RC_MAP)
	$(CC) -shared -pthread -Wl,-soname,$(RUMPCLIENT_SONAME) \
		-Wl,--version-script=$(RC_MAP) -Wl,-z,defs -o $@ $(RC_OBJS)

$(RUMPCLIENT_SO): $(RC_DIR)/$(RUMPCLIENT_SONAME)
	ln -sf $(RUMPCLIENT_SONAME) $@

# rumpclient.pc for a prefix: $(1) include dir, $(2) library dir, $(3)
# extra linker flags.
define rumpclient_pc
printf '%s\n' \
	'Name: rumpclient' \
	'Description: rump kernel syscall proxy client (NetBSD rumpclient API)' \
	'Version: 0.1' \
	'Cflags: -I$(1)' \
	'Libs: -L$(2) $(3) -lrumpclient' \
	'Libs.private: -lpthread'
endef

$(RUMPCLIENT_PC): mk/client.mk
	@mkdir -p $(dir $@)
	$(call rumpclient_pc,$(CURDIR)/include,$(RC_DIR),-Wl$(comma)-rpath$(comma)$(RC_DIR)) > $@

install: install-rumpclient
install-rumpclient: rumpclient
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)/rump $(DESTDIR)$(LIBDIR)/pkgconfig
	$(INSTALL) -m 644 include/rump/*.h $(DESTDIR)$(INCLUDEDIR)/rump/
	$(INSTALL) -m 644 $(RUMPCLIENT_A) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 755 $(RC_DIR)/$(RUMPCLIENT_SONAME) $(DESTDIR)$(LIBDIR)/
	ln -sf $(RUMPCLIENT_SONAME) $(DESTDIR)$(LIBDIR)/librumpclient.so
	$(call rumpclient_pc,$(INCLUDEDIR),$(LIBDIR),) \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/rumpclient.pc

-include $(RC_OBJS:.o=.d)
