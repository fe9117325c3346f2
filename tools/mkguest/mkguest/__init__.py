# SPDX-License-Identifier: BSD-2-Clause
"""rumpvisor-mkguest: kernel-mode rump kernel components -> a carrier module.

One module per concern: elf and archive read the inputs, components
finds them, abi and insn judge them, linkscript and link make the guest
object, resolve judges its symbols, carrier and kbuild make the module,
cli ties the steps together.
"""
