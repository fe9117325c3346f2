# The userspace hypervisor: librumpuser.a (position independent code, so
# it links into both PIE and -static programs), librumpuser.so and
# rumpuser.pc, plus its own userspace-only tests (check-hyp-user).
#
# For other fragments:
#   RUMPUSER_A   static library       RUMPUSER_SO   shared library (symlink)
#   RUMPUSER_PC  pkg-config file of the build tree (headers in include/)
# `make install PREFIX=/usr DESTDIR=...` installs headers, libraries and a
# rumpuser.pc pointing at PREFIX.

.PHONY: hyp-user install install-hyp-user check-hyp-user

HYP_USER_DIR    := $(BUILD)/user
SP_ENGINE_SRCS  := $(sort $(wildcard hyp/common/sp_*.c))
HYP_USER_SRCS   := $(sort $(wildcard hyp/user/*.c hyp/common/*.c)) \
		   $(sort $(wildcard components/*/user/*.c components/*/common/*.c))
HYP_USER_A_OBJS := $(patsubst %.c,$(HYP_USER_DIR)/obj/a/%.o,$(HYP_USER_SRCS))
HYP_USER_SO_OBJS := $(patsubst %.c,$(HYP_USER_DIR)/obj/so/%.o,$(HYP_USER_SRCS))

# The interface version is the library's major number.
RUMPUSER_SOVER  := 17
RUMPUSER_SONAME := librumpuser.so.$(RUMPUSER_SOVER)
RUMPUSER_A      := $(HYP_USER_DIR)/librumpuser.a
RUMPUSER_SO     := $(HYP_USER_DIR)/librumpuser.so
RUMPUSER_PC     := $(HYP_USER_DIR)/pkgconfig/rumpuser.pc

HYP_USER_CPPFLAGS := $(USER_CPPFLAGS) -D_GNU_SOURCE
HYP_USER_CFLAGS   := $(USER_CFLAGS) -pthread

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
INSTALL    ?= install

all: hyp-user
hyp-user: $(RUMPUSER_A) $(RUMPUSER_SO) $(RUMPUSER_PC)

# The syscall proxy's engine (hyp/common/sp_*.c) is host-independent:
# it is built without the C library's headers, as it will be in the
# kernel.
$(patsubst %.c,$(HYP_USER_DIR)/obj/a/%.o,$(SP_ENGINE_SRCS)) \
$(patsubst %.c,$(HYP_USER_DIR)/obj/so/%.o,$(SP_ENGINE_SRCS)): \
	HYP_USER_CFLAGS += -ffreestanding -nostdinc

$(HYP_USER_DIR)/obj/a/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HYP_USER_CPPFLAGS) $(HYP_USER_CFLAGS) -fPIE -MMD -MP -c $< -o $@

# Only rumpuser_* is exported (hyp/user/exports.map); internal
# calls bind locally.
$(HYP_USER_DIR)/obj/so/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HYP_USER_CPPFLAGS) $(HYP_USER_CFLAGS) -fPIC \
		-fno-semantic-interposition -MMD -MP -c $< -o $@

$(RUMPUSER_A): $(HYP_USER_A_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(HYP_USER_DIR)/$(RUMPUSER_SONAME): $(HYP_USER_SO_OBJS) hyp/user/exports.map
	$(CC) -shared -pthread -Wl,-soname,$(RUMPUSER_SONAME) \
		-Wl,--version-script=hyp/user/exports.map -Wl,-z,defs \
		-o $@ $(HYP_USER_SO_OBJS)

$(RUMPUSER_SO): $(HYP_USER_DIR)/$(RUMPUSER_SONAME)
	ln -sf $(RUMPUSER_SONAME) $@

# rumpuser.pc for a prefix: $(1) = include dir, $(2) = library dir.
define hyp_user_pc
printf '%s\n' \
	'Name: rumpuser' \
	'Description: rump kernel hypervisor library (rumpuser interface 17)' \
	'Version: $(RUMPUSER_SOVER)' \
	'Cflags: -I$(1)' \
	'Libs: -L$(2) -lrumpuser -lpthread'
endef

$(RUMPUSER_PC): mk/hyp-user.mk
	@mkdir -p $(dir $@)
	$(call hyp_user_pc,$(CURDIR)/include,$(HYP_USER_DIR)) > $@

install: install-hyp-user
install-hyp-user: hyp-user
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)/rump $(DESTDIR)$(LIBDIR)/pkgconfig
	$(INSTALL) -m 644 include/rump/*.h $(DESTDIR)$(INCLUDEDIR)/rump/
	$(INSTALL) -m 644 $(RUMPUSER_A) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 755 $(HYP_USER_DIR)/$(RUMPUSER_SONAME) $(DESTDIR)$(LIBDIR)/
	ln -sf $(RUMPUSER_SONAME) $(DESTDIR)$(LIBDIR)/librumpuser.so
	$(call hyp_user_pc,$(INCLUDEDIR),$(LIBDIR)) \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/rumpuser.pc

# Userspace-only tests, TAP on stdout.
HYP_USER_DAEMONIZE := $(HYP_USER_DIR)/tests/daemonize

$(HYP_USER_DAEMONIZE): tests/hyp-user/daemonize.c $(RUMPUSER_A)
	@mkdir -p $(dir $@)
	$(CC) $(HYP_USER_CPPFLAGS) $(HYP_USER_CFLAGS) -o $@ $< \
		$(RUMPUSER_A) -lpthread

check-hyp-user: $(HYP_USER_DAEMONIZE)
	$(HYP_USER_DAEMONIZE)

-include $(HYP_USER_A_OBJS:.o=.d) $(HYP_USER_SO_OBJS:.o=.d)
