// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_malloc/free and rumpuser_anonmmap/unmap. */
#include "ct_int.h"

#define PAGE 4096

static int try_alloc(size_t len, int align, char *why, size_t whylen)
{
	unsigned char *p;
	void *m = NULL;
	size_t i;
	int rv;

	rv = rumpuser_malloc(len, align, &m);
	if (rv || !m) {
		tg_snprintf(why, whylen, "malloc(%zu, %d) = %d", len, align, rv);
		return 0;
	}
	if (align > 1 && ((uintptr_t)m & (uintptr_t)(align - 1))) {
		tg_snprintf(why, whylen, "malloc(%zu, %d) gave %p", len, align,
			    m);
		rumpuser_free(m, len);
		return 0;
	}
	p = m;
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	for (i = 0; i < len; i++)
		if (p[i] != (unsigned char)(i * 7 + 1))
			break;
	rumpuser_free(m, len);
	if (i != len) {
		tg_snprintf(why, whylen, "malloc(%zu, %d) byte %zu lost", len,
			    align, i);
		return 0;
	}
	return 1;
}

static void t_malloc(void)
{
	static const size_t sizes[] = { 1, 24, PAGE - 1, PAGE, PAGE + 1,
					3 * PAGE + 17, 65536, 200000 };
	char why[96], name[64];
	int align, ok, k;
	void *m = NULL;
	int rv;

	for (align = 0; align <= 65536; align = align ? align * 2 : 1) {
		ok = 1;
		for (k = 0; ok && k < (int)(sizeof(sizes) / sizeof(sizes[0])); k++)
			ok = try_alloc(sizes[k], align, why, sizeof(why));
		tg_snprintf(name, sizeof(name),
			    "malloc alignment %d, sizes 1..200000", align);
		ct_check(ok, name, "%s", why);
	}
	ct_check(try_alloc(4 << 20, PAGE, why, sizeof(why)),
		 "malloc 4 MiB page aligned", "%s", why);
	/* Far beyond any host: must fail cleanly, not warn or crash. */
	rv = rumpuser_malloc((size_t)1 << 47, 0, &m);
	ct_check(rv == CT_ENOMEM, "malloc 128 TiB is ENOMEM", "rv %d", rv);
	if (rv == 0)
		rumpuser_free(m, (size_t)1 << 47);
	ct_check(tg_scheduled(), "malloc keeps the CPU", "unscheduled");
}

static int try_mmap(size_t len, int alignbit, int exec, char *why,
		    size_t whylen)
{
	unsigned char *p;
	void *m = NULL;
	size_t i;
	int rv;

	rv = rumpuser_anonmmap(NULL, len, alignbit, exec, &m);
	if (rv || !m) {
		tg_snprintf(why, whylen, "anonmmap(%zu, %d, %d) = %d", len,
			    alignbit, exec, rv);
		return 0;
	}
	p = m;
	if (((uintptr_t)m & (PAGE - 1)) ||
	    (alignbit && ((uintptr_t)m & (((uintptr_t)1 << alignbit) - 1)))) {
		tg_snprintf(why, whylen, "anonmmap(%zu, %d) gave %p", len,
			    alignbit, m);
		rumpuser_unmap(m, len);
		return 0;
	}
	for (i = 0; i < len; i++)
		if (p[i])
			break;
	if (i != len) {
		tg_snprintf(why, whylen, "anonmmap byte %zu not zero", i);
		rumpuser_unmap(m, len);
		return 0;
	}
	tg_memset(p, 0xa5, len);
	rumpuser_unmap(m, len);
	return 1;
}

static void t_anonmmap(void)
{
	char why[96];

	ct_check(try_mmap(PAGE, 0, 0, why, sizeof(why)),
		 "anonmmap one page, zeroed, writable", "%s", why);
	ct_check(try_mmap(65536, 16, 0, why, sizeof(why)),
		 "anonmmap 64 KiB aligned to 2^16", "%s", why);
	ct_check(try_mmap(1 << 21, 21, 0, why, sizeof(why)),
		 "anonmmap 2 MiB aligned to 2^21", "%s", why);
	ct_check(try_mmap(5 * PAGE, 12, 0, why, sizeof(why)),
		 "anonmmap 5 pages", "%s", why);
	/* Fresh mappings are zero again after a previous one was dirtied. */
	ct_check(try_mmap(65536, 16, 0, why, sizeof(why)),
		 "anonmmap zero after reuse", "%s", why);
}

void ct_t_memory(void)
{
	t_malloc();
	t_anonmmap();
}
