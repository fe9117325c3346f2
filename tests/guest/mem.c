// SPDX-License-Identifier: BSD-2-Clause
/* Guest memory: every byte comes from rumpuser_malloc and is counted. */
#include "guest.h"

static long live_bytes;

void *tg_alloc(size_t len)
{
	void *p;

	if (rumpuser_malloc(len, 0, &p) != 0)
		return NULL;
	__atomic_add_fetch(&live_bytes, (long)len, __ATOMIC_SEQ_CST);
	return p;
}

void tg_free(void *p, size_t len)
{
	if (!p)
		return;
	__atomic_sub_fetch(&live_bytes, (long)len, __ATOMIC_SEQ_CST);
	rumpuser_free(p, len);
}

long tg_live_bytes(void)
{
	return __atomic_load_n(&live_bytes, __ATOMIC_SEQ_CST);
}
