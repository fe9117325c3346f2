// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest symbols by name.  A guest's upcalls beyond struct
 * rumpuser_hyperup (virtif's rump_virtif_virt_deliverpkt, for one) are
 * plain functions the guest defines; in user space the dynamic linker
 * finds them by name.  In the kernel the guest is linked into its
 * carrier module, which other modules cannot link against, so they are
 * looked up the same way: by name, in the owner module's symbol table
 * (kallsyms keeps every global function of a module).  The owner stays
 * loaded while any guest thread lives, so the address stays good for
 * the guest threads that call it.
 */
#include "hyp.h"

#include <linux/elf.h>
#include <linux/string.h>

void *rv_guest_symbol(struct rv_instance *inst, const char *name)
{
	struct module *mod = inst->owner;
	const struct mod_kallsyms *ks;
	unsigned long addr = 0;
	unsigned int i;

	if (!mod)
		return NULL;
	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 1; ks && i < ks->num_symtab; i++) {
		const Elf_Sym *sym = &ks->symtab[i];

		if (sym->st_shndx == SHN_UNDEF ||
		    ELF_ST_TYPE(sym->st_info) != STT_FUNC ||
		    ELF_ST_BIND(sym->st_info) != STB_GLOBAL)
			continue;
		if (!strcmp(ks->strtab + sym->st_name, name)) {
			addr = kallsyms_symbol_value(sym);
			break;
		}
	}
	preempt_enable();
	return (void *)addr;
}
