// SPDX-License-Identifier: BSD-2-Clause
/* The guest's snprintf: enough of C99 for kernel messages. */
#include <rk/lib.h>

struct out {
	char *buf;
	size_t len;	/* capacity including the NUL */
	size_t pos;	/* characters produced so far */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_num(struct out *o, unsigned long long v, bool neg, int base,
		    bool upper, int width, bool zero, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = digits[v % (unsigned int)base];
		v /= (unsigned int)base;
	} while (v);
	len = n + (neg ? 1 : 0);
	if (!left && !zero)
		pad(o, ' ', width - len);
	if (neg)
		put(o, '-');
	if (!left && zero)
		pad(o, '0', width - len);
	while (n)
		put(o, tmp[--n]);
	if (left)
		pad(o, ' ', width - len);
}

int rk_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = { buf, len, 0 };

	for (; *fmt; fmt++) {
		bool zero = false, left = false, upper = false, sgn = false;
		int width = 0, prec = -1, lng = 0, base = 10;
		unsigned long long uv;
		long long sv;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		if (*fmt == '.') {
			prec = 0;
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		}
		/* Length: 1 = long, 2 = long long, 3 = size_t/intmax. */
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't')
				lng = 3;
			else if (*fmt != 'h')
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng == 0)
				sv = va_arg(ap, int);
			else if (lng == 1)
				sv = va_arg(ap, long);
			else if (lng == 2)
				sv = va_arg(ap, long long);
			else
				sv = va_arg(ap, ssize_t);
			sgn = sv < 0;
			uv = sgn ? 0ULL - (unsigned long long)sv
				 : (unsigned long long)sv;
			put_num(&o, uv, sgn, 10, false, width, zero, left);
			break;
		case 'X':
			upper = true;
			RK_FALLTHROUGH;
		case 'x':
		case 'u':
		case 'o':
			base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
			if (lng == 0)
				uv = va_arg(ap, unsigned int);
			else if (lng == 1)
				uv = va_arg(ap, unsigned long);
			else if (lng == 2)
				uv = va_arg(ap, unsigned long long);
			else
				uv = va_arg(ap, size_t);
			put_num(&o, uv, false, base, upper, width, zero, left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			uv = (uintptr_t)va_arg(ap, void *);
			put_num(&o, uv, false, 16, false, width > 2 ? width - 2 : 0,
				zero, left);
			break;
		case 'c':
			pad(&o, ' ', left ? 0 : width - 1);
			put(&o, (char)va_arg(ap, int));
			pad(&o, ' ', left ? width - 1 : 0);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n, fill;

			if (!s)
				s = "(null)";
			n = (int)(prec >= 0 ? rk_strnlen(s, (size_t)prec)
					    : rk_strlen(s));
			fill = width - n;
			if (!left)
				pad(&o, ' ', fill);
			while (n-- > 0)
				put(&o, *s++);
			if (left)
				pad(&o, ' ', fill);
			break;
		}
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

int rk_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = rk_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}
