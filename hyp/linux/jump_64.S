/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rv_jmp_set / rv_jmp_go for x86_64 (see jump.h).  The way back is a
 * return, not an indirect jump, so indirect-branch tracking has nothing
 * to object to.  The layout of struct rv_jmp is the offsets below.
 */
#include <linux/linkage.h>
#include <asm/linkage.h>

	.text
SYM_FUNC_START(rv_jmp_set)
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rax		/* the caller's stack after our return */
	movq	%rax, 48(%rdi)
	movq	(%rsp), %rax		/* our return address */
	movq	%rax, 56(%rdi)
	xorl	%eax, %eax
	RET
SYM_FUNC_END(rv_jmp_set)

SYM_FUNC_START(rv_jmp_go)
	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	pushq	56(%rdi)		/* return there, as rv_jmp_set would */
	movl	$1, %eax
	RET
SYM_FUNC_END(rv_jmp_go)
