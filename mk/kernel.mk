# Kernel modules, built with Kbuild against $(KDIR).  Kbuild writes its
# objects beside the sources it is given, so it is given a mirror of the
# tree made of symlinks in $(BUILD)/kbuild: the sources stay clean and
# every build product lives under $(BUILD).  The .ko files are collected
# in $(BUILD)/kernel.
KBUILD_TREE = $(BUILD)/kbuild
KBUILD_SRC = Kbuild include hyp guest tests bench demo

modules:
	@mkdir -p $(KBUILD_TREE) $(BUILD)/kernel
	@cp -rs --remove-destination $(addprefix $(CURDIR)/,$(KBUILD_SRC)) $(KBUILD_TREE)/
	$(MAKE) -C $(KDIR) M=$(KBUILD_TREE) modules
	cp $(KBUILD_TREE)/*.ko $(BUILD)/kernel/
