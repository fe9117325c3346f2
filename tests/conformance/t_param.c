// SPDX-License-Identifier: BSD-2-Clause
/* rumpuser_getparam. */
#include "ct_int.h"

void ct_t_param(void)
{
	char buf[64];
	int rv, n = 0, i;
	size_t len;

	tg_memset(buf, 'x', sizeof(buf));
	rv = rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf));
	for (i = 0; rv == 0 && buf[i] >= '0' && buf[i] <= '9' && i < 6; i++)
		n = n * 10 + buf[i] - '0';
	ct_check(rv == 0 && i > 0 && buf[i] == '\0' && n >= 1,
		 "getparam _RUMPUSER_NCPU is a positive number",
		 "rv %d, value '%s'", rv, rv ? "" : (buf[20] = '\0', buf));
	ct_check(n == tg_ncpu(), "guest booted with NCPU CPUs",
		 "param %d, guest %d", n, tg_ncpu());

	tg_memset(buf, 'x', sizeof(buf));
	rv = rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf));
	len = rv ? 0 : tg_strlen(buf);
	ct_check(rv == 0 && len > 0 && len < sizeof(buf),
		 "getparam _RUMPUSER_HOSTNAME", "rv %d, len %zu", rv, len);
	if (rv == 0)
		ct_diag("hostname '%s'", buf);
	if (len) {
		char small[64];

		rv = rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, small, len + 1);
		ct_check(rv == 0 && tg_strcmp(small, buf) == 0,
			 "getparam with an exact-size buffer", "rv %d", rv);
		rv = rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, small, len);
		ct_check(rv == CT_E2BIG, "getparam buffer one short is E2BIG",
			 "rv %d", rv);
	}
	rv = rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, 1);
	ct_check(rv == CT_E2BIG, "getparam NCPU into 1 byte is E2BIG",
		 "rv %d", rv);
	rv = rumpuser_getparam("RUMP_CT_NO_SUCH_PARAM", buf, sizeof(buf));
	ct_check(rv == CT_ENOENT, "getparam unknown name is ENOENT", "rv %d",
		 rv);
	rv = rumpuser_getparam("_RUMPUSER_CT_NO_SUCH", buf, sizeof(buf));
	ct_check(rv == CT_EINVAL, "getparam unknown _name is EINVAL", "rv %d",
		 rv);
	ct_check(tg_scheduled(), "getparam keeps the CPU", "unscheduled");
}
