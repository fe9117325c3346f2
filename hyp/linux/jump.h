/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Resuming a worker's loop from anywhere in the guest thread it runs:
 * a guest thread ends with rumpuser_thread_exit() at any depth, and its
 * kernel thread goes back to the pool instead of exiting.  rv_jmp_set()
 * saves the callee-saved registers, stack pointer and return address and
 * returns 0; rv_jmp_go() restores them and makes that rv_jmp_set() call
 * return 1.  The frames in between are abandoned: they hold no lock, no
 * reference and nothing to unwind (hypercalls release all that before a
 * thread can end).  jump_64.S.
 */
#ifndef RV_LINUX_JUMP_H
#define RV_LINUX_JUMP_H

struct rv_jmp {
	unsigned long rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

int rv_jmp_set(struct rv_jmp *j) __attribute__((__returns_twice__));
/* Does not return; not __noreturn for objtool's sake (see hyp.h). */
void rv_jmp_go(struct rv_jmp *j);

#endif /* RV_LINUX_JUMP_H */
