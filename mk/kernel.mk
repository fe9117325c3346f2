# Kernel modules, built with Kbuild against $(KDIR).  Kbuild writes objects
# beside their sources and the .ko files at the top; they are copied to
# $(BUILD)/kernel for the VM.
KMODS = rumpvisor.ko rumpvisor_ct.ko

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	mkdir -p $(BUILD)/kernel
	cp *.ko $(BUILD)/kernel/
