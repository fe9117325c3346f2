# Kernel modules, built with Kbuild against $(KDIR).  Kbuild writes its
# objects beside the sources it is given, so it is given a mirror of the
# tree made of symlinks in $(BUILD)/kbuild: the sources stay clean and
# every build product lives under $(BUILD).  The .ko files are collected
# in $(BUILD)/kernel.  $(BUILD)/kbuild/twin holds a second mirror of the
# parts a module is built from twice (a second guest of the same kind
# needs a module of another name: rumpvisor_vfstest2.ko, ...).
KBUILD_TREE = $(BUILD)/kbuild
KBUILD_SRC = Kbuild include hyp guest tests bench demo
KBUILD_TWIN = guest tests/vfs tests/instances bench/fs

modules:
	@mkdir -p $(KBUILD_TREE) $(BUILD)/kernel
	@cp -rs --remove-destination $(addprefix $(CURDIR)/,$(KBUILD_SRC)) $(KBUILD_TREE)/
	@for d in $(KBUILD_TWIN); do mkdir -p $(KBUILD_TREE)/twin/$$(dirname $$d); \
		cp -rs --remove-destination $(CURDIR)/$$d $(KBUILD_TREE)/twin/$$(dirname $$d)/; done
	$(MAKE) -C $(KDIR) M=$(KBUILD_TREE) modules
	cp $(KBUILD_TREE)/*.ko $(BUILD)/kernel/
