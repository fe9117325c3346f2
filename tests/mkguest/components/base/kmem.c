// SPDX-License-Identifier: BSD-2-Clause
/* Memory from the hypervisor, counted in two common symbols. */
#include "sk.h"

long sk_kmem_bytes;
long sk_kmem_allocs;

void *sk_alloc(size_t len)
{
	void *p;

	if (rumpuser_malloc(len, 0, &p) != 0)
		return NULL;
	memset(p, 0, len);
	__atomic_add_fetch(&sk_kmem_bytes, (long)len, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sk_kmem_allocs, 1, __ATOMIC_RELAXED);
	return p;
}

void sk_free(void *p, size_t len)
{
	if (!p)
		return;
	__atomic_sub_fetch(&sk_kmem_bytes, (long)len, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&sk_kmem_allocs, 1, __ATOMIC_RELAXED);
	rumpuser_free(p, len);
}
