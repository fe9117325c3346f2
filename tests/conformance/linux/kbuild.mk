# rumpvisor_ct.ko: the conformance suite and the test guest, compiled with
# the kernel's flags.  Paths are relative to the top of the tree.
obj-m += rumpvisor_ct.o
rumpvisor_ct-y := tests/conformance/linux/module.o \
	tests/guest/boot.o tests/guest/lib.o tests/guest/lwp.o \
	tests/guest/mem.o tests/guest/sched.o tests/guest/thread.o \
	tests/guest/upcalls.o \
	tests/conformance/tap.o tests/conformance/util.o \
	tests/conformance/run.o tests/conformance/exit.o \
	tests/conformance/confine.o \
	tests/conformance/t_init.o tests/conformance/t_param.o \
	tests/conformance/t_console.o tests/conformance/t_memory.o \
	tests/conformance/t_clock.o tests/conformance/t_proc.o \
	tests/conformance/t_random.o tests/conformance/t_thread.o \
	tests/conformance/t_curlwp.o tests/conformance/t_component.o \
	tests/conformance/t_file.o tests/conformance/t_bio.o \
	tests/conformance/t_mutex.o tests/conformance/t_rwlock.o \
	tests/conformance/t_cv.o tests/conformance/t_stress.o \
	tests/conformance/t_onecpu.o tests/conformance/t_checks.o
