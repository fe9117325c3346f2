# Kernel modules, built with Kbuild against $(KDIR).  Kbuild writes its
# objects beside the sources it is given, so it is given a mirror of the
# tree made of symlinks in $(BUILD)/kbuild: the sources stay clean and
# every build product lives under $(BUILD).  scripts/kbuild-mirror keeps
# the mirror in step (new files linked, deleted ones and their objects
# removed).  $(BUILD)/kbuild/twin mirrors a second time the parts a module
# is built from twice (a second guest of the same kind needs a module of
# another name: rumpvisor_vfstest2.ko, ...).  The modules of this build
# (Kbuild's modules.order, so that a module no longer built does not
# linger) are collected in $(BUILD)/kernel.
.PHONY: modules
KBUILD_TREE = $(BUILD)/kbuild
KBUILD_SRC = Kbuild include lib hyp guest service tests bench demo components
KBUILD_TWIN = lib guest tests/vfs tests/instances bench/fs components tests/net

modules:
	@mkdir -p $(BUILD)/kernel
	@scripts/kbuild-mirror --src $(CURDIR) --dest $(KBUILD_TREE) \
		--twin $(KBUILD_TWIN) -- $(KBUILD_SRC)
	$(MAKE) -C $(KDIR) M=$(KBUILD_TREE) modules
	@rm -f $(BUILD)/kernel/*.ko
	cd $(KBUILD_TREE) && cp $$(sed 's/\.o$$/.ko/' modules.order) $(BUILD)/kernel/
