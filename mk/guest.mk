# The reference guest in userspace: librump.a, librump.so and rump.pc
# (Requires: rumpuser).  The sources are freestanding; they are compiled
# here with ordinary flags and no host headers, as Kbuild compiles them
# with the kernel's (guest/linux/kbuild.mk).
#
# For other fragments:
#   RUMP_A   static library      RUMP_SO   shared library (symlink)
#   RUMP_PC  pkg-config file of the build tree
#   RUMP_CLIENT_DEPS  everything a client built with
#            `$(RUMP_PKGCONFIG) --cflags --libs rump` (or --static) needs
# A client builds with
#   PKG_CONFIG_PATH=$(BUILD)/user/pkgconfig cc c.c $(pkg-config --cflags --libs rump)

.PHONY: guest-user install-guest

GUEST_DIR    := $(BUILD)/user
GUEST_SRCS   := $(sort $(wildcard guest/kern/*.c guest/vfs/*.c \
			guest/fs/*/*.c guest/net/*.c components/*/guest/*.c))
GUEST_OBJS   := $(patsubst %.c,$(GUEST_DIR)/obj/guest/%.o,$(GUEST_SRCS))

RUMP_SOVER   := 0
RUMP_SONAME  := librump.so.$(RUMP_SOVER)
RUMP_A       := $(GUEST_DIR)/librump.a
RUMP_SO      := $(GUEST_DIR)/librump.so
RUMP_PC      := $(GUEST_DIR)/pkgconfig/rump.pc
RUMP_MAP     := $(GUEST_DIR)/obj/guest/exports.map
# rump.pc requires rumpuser.pc: both libraries and both .pc files.
RUMP_CLIENT_DEPS := $(RUMP_A) $(RUMP_SO) $(RUMP_PC) \
		    $(RUMPUSER_A) $(RUMPUSER_SO) $(RUMPUSER_PC)
# What a user types, with the build tree's pkg-config files.
RUMP_PKGCONFIG = PKG_CONFIG_PATH=$(GUEST_DIR)/pkgconfig pkg-config

# Position independent, so one set of objects serves the static library
# (PIE and -static programs) and the shared one.
GUEST_CPPFLAGS := -I$(CURDIR)/include -I$(CURDIR)/guest/include
GUEST_CFLAGS   := $(USER_CFLAGS) -ffreestanding -fno-builtin -nostdinc \
		  -fPIC -fno-semantic-interposition

all: guest-user
guest-user: $(RUMP_A) $(RUMP_SO) $(RUMP_PC)

$(GUEST_DIR)/obj/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CPPFLAGS) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(RUMP_A): $(GUEST_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# Only the client API (rump_*) is exported; the guest's rk_* symbols
# stay inside so they cannot clash with a program's.  librumpuser is
# looked up beside librump (run paths do not reach indirect libraries).
$(RUMP_MAP): mk/guest.mk
	@mkdir -p $(dir $@)
	printf '{\n\tglobal:\n\t\trump_*;\n\t\trump___sysimpl_*;\n\tlocal:\n\t\t*;\n};\n' > $@

$(GUEST_DIR)/$(RUMP_SONAME): $(GUEST_OBJS) $(RUMP_MAP) $(RUMPUSER_SO)
	$(CC) -shared -Wl,-soname,$(RUMP_SONAME) \
		-Wl,--version-script=$(RUMP_MAP) -Wl,-z,defs \
		-Wl,-rpath,'$$ORIGIN' -o $@ $(GUEST_OBJS) -L$(GUEST_DIR) -lrumpuser

$(RUMP_SO): $(GUEST_DIR)/$(RUMP_SONAME)
	ln -sf $(RUMP_SONAME) $@

# rump.pc for a prefix: $(1) = include dir, $(2) = library dir, $(3) extra
# linker flags.
define guest_pc
printf '%s\n' \
	'Name: rump' \
	'Description: rumpvisor reference guest (rump kernel) client library' \
	'Version: 0.1' \
	'Requires: rumpuser' \
	'Cflags: -I$(1)' \
	'Libs: -L$(2) $(3) -lrump'
endef

# The build tree's file also sets the run path, so that a program built
# against it runs from the build tree as it is.
$(RUMP_PC): mk/guest.mk
	@mkdir -p $(dir $@)
	$(call guest_pc,$(CURDIR)/include,$(GUEST_DIR),-Wl$(comma)-rpath$(comma)$(GUEST_DIR)) > $@

comma := ,

install: install-guest
install-guest: guest-user install-hyp-user
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)/rump $(DESTDIR)$(LIBDIR)/pkgconfig
	$(INSTALL) -m 644 include/rump/*.h $(DESTDIR)$(INCLUDEDIR)/rump/
	$(INSTALL) -m 644 $(RUMP_A) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 755 $(GUEST_DIR)/$(RUMP_SONAME) $(DESTDIR)$(LIBDIR)/
	ln -sf $(RUMP_SONAME) $(DESTDIR)$(LIBDIR)/librump.so
	$(call guest_pc,$(INCLUDEDIR),$(LIBDIR),) \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/rump.pc

-include $(GUEST_OBJS:.o=.d)
