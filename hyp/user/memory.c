// SPDX-License-Identifier: BSD-2-Clause
/* Memory: the C library heap and anonymous mappings. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hyp.h"

/* malloc() already returns memory aligned to this. */
#define HEAP_ALIGN	16

int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	void *p;
	int rc;

	rc = rv_check_malloc(len, alignment);
	if (rc)
		return rc;
	if (alignment > HEAP_ALIGN) {
		rc = posix_memalign(&p, (size_t)alignment, len);
		if (rc != 0)
			return rv_nb(rc);
	} else {
		p = malloc(len);
		if (p == NULL)
			return RV_ENOMEM;
	}
	*memp = p;
	return 0;
}

void rumpuser_free(void *mem, size_t len)
{
	(void)len;
	free(mem);
}

int rumpuser_anonmmap(void *prefaddr, size_t size, int alignbit, int exec,
		      void **memp)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t align, maplen, head, tail;
	int prot = PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0);
	uintptr_t base, start;
	int err;
	void *p;

	err = rv_check_anonmmap(size, alignbit, exec, 1);
	if (err)
		return err;
	size = (size + page - 1) & ~(page - 1);
	align = (size_t)1 << alignbit;
	if (align <= page) {
		p = mmap(prefaddr, size, prot, MAP_ANON | MAP_PRIVATE, -1, 0);
		if (p == MAP_FAILED)
			return rv_nb(errno);
		*memp = p;
		return 0;
	}

	/* Map enough to contain an aligned block, then cut off both ends. */
	if (size > SIZE_MAX - align)
		return RV_ENOMEM;
	maplen = size + align - page;
	p = mmap(prefaddr, maplen, prot, MAP_ANON | MAP_PRIVATE, -1, 0);
	if (p == MAP_FAILED)
		return rv_nb(errno);
	base = (uintptr_t)p;
	start = (base + align - 1) & ~(uintptr_t)(align - 1);
	head = start - base;
	tail = maplen - head - size;
	if (head)
		munmap(p, head);
	if (tail)
		munmap((void *)(start + size), tail);
	*memp = (void *)start;
	return 0;
}

void rumpuser_unmap(void *addr, size_t size)
{
	munmap(addr, size);
}
