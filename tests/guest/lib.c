// SPDX-License-Identifier: BSD-2-Clause
/* Freestanding string, memory and formatting helpers. */
#include "guest.h"

void *tg_memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *tg_memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

int tg_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t tg_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int tg_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int64_t tg_now_ns(void)
{
	int64_t sec;
	long nsec;

	if (rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec))
		return -1;
	return sec * 1000000000LL + nsec;
}

struct outbuf {
	char *buf;
	size_t len;
	size_t pos;
};

static void put(struct outbuf *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_num(struct outbuf *o, unsigned long long v, int base, int neg,
		    int width, char pad, int left)
{
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % (unsigned)base];
		v /= (unsigned)base;
	} while (v);
	len = n + (neg ? 1 : 0);
	if (neg && pad == '0')
		put(o, '-');
	for (; !left && width > len; width--)
		put(o, pad);
	if (neg && pad != '0')
		put(o, '-');
	while (n)
		put(o, tmp[--n]);
	for (; left && width > len; width--)
		put(o, ' ');
}

/* %d %i %u %x %p %s %c %% with l/ll/z, width, '0' and '-' flags. */
int tg_vsnprintf(char *buf, size_t len, const char *fmt, __builtin_va_list ap)
{
	struct outbuf o = { buf, len, 0 };

	for (; *fmt; fmt++) {
		int lng = 0, width = 0, left = 0;
		char pad = ' ';
		unsigned long long u;
		long long s;
		const char *str;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = 1;
			else
				pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng ? __builtin_va_arg(ap, long long)
				: __builtin_va_arg(ap, int);
			if (lng == 1)
				s = (long)s;
			u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
			put_num(&o, u, 10, s < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
			u = lng ? __builtin_va_arg(ap, unsigned long long)
				: __builtin_va_arg(ap, unsigned int);
			put_num(&o, u, *fmt == 'x' ? 16 : 10, 0, width, pad, left);
			break;
		case 'p':
			u = (uintptr_t)__builtin_va_arg(ap, void *);
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, u, 16, 0, width, pad, left);
			break;
		case 's':
			str = __builtin_va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			width -= (int)tg_strlen(str);
			for (; !left && width > 0; width--)
				put(&o, ' ');
			while (*str)
				put(&o, *str++);
			for (; left && width > 0; width--)
				put(&o, ' ');
			break;
		case 'c':
			put(&o, (char)__builtin_va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return (int)o.pos;
}

int tg_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	__builtin_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = tg_vsnprintf(buf, len, fmt, ap);
	__builtin_va_end(ap);
	return n;
}
