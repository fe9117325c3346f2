# Shared settings.
BUILD ?= $(CURDIR)/build
CC ?= cc
# The Debian kernel we build against and boot: the one linux-headers-amd64
# points to (override with KVER=...).
KVER ?= $(shell scripts/kver)
KDIR ?= /usr/src/linux-headers-$(KVER)

USER_CFLAGS ?= -O2 -g -Wall -Wextra -Werror -std=gnu11 -fno-strict-aliasing
USER_CPPFLAGS = -I$(CURDIR)/include
