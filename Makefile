# rumpvisor: top-level build.  Each part of the tree has its own fragment
# in mk/; this file only ties them together.
#
#   make          build everything (userspace library and programs, modules)
#   make check    every test: native conformance, then the VM (kernel) run
#   make demo     boot a VM and show a guest running inside Linux
#   make bench    benchmarks (not tests)
#   make deps     install what the project needs (Debian, as root)

.DEFAULT_GOAL := all
.PHONY: all check demo bench deps clean modules

include mk/config.mk
include mk/hyp-user.mk
include mk/tools.mk
include mk/guest.mk
include mk/kernel.mk
include mk/freestanding.mk
include mk/conformance.mk
include mk/vm.mk
include mk/bench.mk
include mk/guest-tests.mk
include mk/demo.mk
include mk/client.mk
include mk/client-compat.mk
include mk/bench-fs.mk
include mk/mutate.mk
include mk/check-build.mk
include mk/fuzz.mk
include mk/sysproxy.mk
include mk/net.mk
include mk/mkguest.mk
include mk/netdemo.mk
include mk/net-kernel.mk
include mk/net-bench.mk
include mk/debug.mk

deps:
	scripts/deps

clean:
	rm -rf $(BUILD)

