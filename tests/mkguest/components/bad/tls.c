// SPDX-License-Identifier: BSD-2-Clause
/* Thread-local storage (e.g. curlwp as __thread): %fs, which the kernel does not set up for it. */
#include "sk.h"

__thread int sk_bad_tls_counter;
int sk_bad_tls(void);
int sk_bad_tls(void)
{
	return ++sk_bad_tls_counter;
}
