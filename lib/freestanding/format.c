// SPDX-License-Identifier: BSD-2-Clause
/*
 * Formatted output: the vsnprintf engine of every freestanding part of
 * the tree (what it accepts: fl.h).  Included by one source file of each
 * consumer after the consumer's header has set FL_PREFIX.
 */
#include "fl.h"

/* Compiler builtins only: the consumer's types do not matter here. */
typedef __builtin_va_list fl_va_list;
#define fl_va_arg(ap, type)	__builtin_va_arg(ap, type)

#define FL_LEFT		0x01	/* - */
#define FL_ZERO		0x02	/* 0 */
#define FL_PLUS		0x04	/* + */
#define FL_SPACE	0x08	/* space */
#define FL_ALT		0x10	/* # */

/* Length modifiers. */
enum fl_length { FL_INT, FL_CHAR, FL_SHORT, FL_LONG, FL_LLONG, FL_SIZE,
		 FL_INTMAX, FL_PTRDIFF };

/* Widths and precisions stop growing here, so that they cannot overflow. */
#define FL_NUM_MAX	100000000

struct fl_spec {
	unsigned int flags;
	int width;
	int prec;		/* -1: none given */
	enum fl_length length;
	char conv;
};

/* The output: bytes beyond the buffer are counted, not written. */
struct fl_out {
	char *buf;
	__SIZE_TYPE__ len;	/* capacity including the NUL */
	__SIZE_TYPE__ pos;	/* bytes the whole output has so far */
};

static void fl_put(struct fl_out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void fl_fill(struct fl_out *o, char c, int n)
{
	for (; n > 0 && o->pos + 1 < o->len; n--)
		o->buf[o->pos++] = c;
	if (n > 0)
		o->pos += (__SIZE_TYPE__)n;
}

static void fl_write(struct fl_out *o, const char *s, int n)
{
	for (; n > 0 && o->pos + 1 < o->len; n--)
		o->buf[o->pos++] = *s++;
	if (n > 0)
		o->pos += (__SIZE_TYPE__)n;
}

static int fl_digits(const char **fmt)
{
	int v = 0;

	for (; **fmt >= '0' && **fmt <= '9'; (*fmt)++)
		if (v < FL_NUM_MAX)
			v = v * 10 + (**fmt - '0');
	return v;
}

static unsigned int fl_flag(char c)
{
	switch (c) {
	case '-': return FL_LEFT;
	case '0': return FL_ZERO;
	case '+': return FL_PLUS;
	case ' ': return FL_SPACE;
	case '#': return FL_ALT;
	default: return 0;
	}
}

static enum fl_length fl_length(const char **fmt)
{
	const char *p = *fmt;
	enum fl_length len = FL_INT;

	switch (*p) {
	case 'h':
		len = p[1] == 'h' ? FL_CHAR : FL_SHORT;
		break;
	case 'l':
		len = p[1] == 'l' ? FL_LLONG : FL_LONG;
		break;
	case 'z': len = FL_SIZE; break;
	case 'j': len = FL_INTMAX; break;
	case 't': len = FL_PTRDIFF; break;
	default: return FL_INT;
	}
	*fmt = p + (len == FL_CHAR || len == FL_LLONG ? 2 : 1);
	return len;
}

/* Parse flags, width, precision and length after a '%'; *fmt ends on
 * the conversion character. */
static void fl_parse(const char **fmt, struct fl_spec *sp, fl_va_list *ap)
{
	unsigned int f;

	sp->flags = 0;
	sp->prec = -1;
	while ((f = fl_flag(**fmt)) != 0) {
		sp->flags |= f;
		(*fmt)++;
	}
	if (**fmt == '*') {
		sp->width = fl_va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= FL_LEFT;
			sp->width = sp->width < -FL_NUM_MAX ? FL_NUM_MAX
							    : -sp->width;
		}
		(*fmt)++;
	} else {
		sp->width = fl_digits(fmt);
	}
	if (**fmt == '.') {
		(*fmt)++;
		if (**fmt == '*') {
			sp->prec = fl_va_arg(*ap, int);	/* negative: none */
			if (sp->prec < -1)
				sp->prec = -1;
			(*fmt)++;
		} else {
			sp->prec = fl_digits(fmt);
		}
	}
	sp->length = fl_length(fmt);
	sp->conv = **fmt;
}

static unsigned long long fl_arg_unsigned(enum fl_length len, fl_va_list *ap)
{
	switch (len) {
	case FL_CHAR: return (unsigned char)fl_va_arg(*ap, unsigned int);
	case FL_SHORT: return (unsigned short)fl_va_arg(*ap, unsigned int);
	case FL_LONG: return fl_va_arg(*ap, unsigned long);
	case FL_LLONG: return fl_va_arg(*ap, unsigned long long);
	case FL_SIZE: return fl_va_arg(*ap, __SIZE_TYPE__);
	case FL_INTMAX: return fl_va_arg(*ap, __UINTMAX_TYPE__);
	case FL_PTRDIFF:
		return (unsigned long long)fl_va_arg(*ap, __PTRDIFF_TYPE__);
	default: return fl_va_arg(*ap, unsigned int);
	}
}

static long long fl_arg_signed(enum fl_length len, fl_va_list *ap)
{
	switch (len) {
	case FL_CHAR: return (signed char)fl_va_arg(*ap, int);
	case FL_SHORT: return (short)fl_va_arg(*ap, int);
	case FL_LONG: return fl_va_arg(*ap, long);
	case FL_LLONG: return fl_va_arg(*ap, long long);
	/* %zd: the signed type of size_t's width. */
	case FL_SIZE: return fl_va_arg(*ap, __PTRDIFF_TYPE__);
	case FL_INTMAX: return fl_va_arg(*ap, __INTMAX_TYPE__);
	case FL_PTRDIFF: return fl_va_arg(*ap, __PTRDIFF_TYPE__);
	default: return fl_va_arg(*ap, int);
	}
}

/* The prefix before the digits: a sign, 0x, or nothing. */
static const char *fl_prefix(const struct fl_spec *sp, int neg, int nonzero)
{
	switch (sp->conv) {
	case 'd':
	case 'i':
		if (neg)
			return "-";
		if (sp->flags & FL_PLUS)
			return "+";
		return sp->flags & FL_SPACE ? " " : "";
	case 'p':
		return "0x";
	case 'x':
		return (sp->flags & FL_ALT) && nonzero ? "0x" : "";
	case 'X':
		return (sp->flags & FL_ALT) && nonzero ? "0X" : "";
	default:
		return "";
	}
}

static void fl_integer(struct fl_out *o, const struct fl_spec *sp,
		       unsigned long long v, int neg)
{
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF"
					  : "0123456789abcdef";
	unsigned int base = sp->conv == 'o' ? 8 :
			    sp->conv == 'x' || sp->conv == 'X' ||
			    sp->conv == 'p' ? 16 : 10;
	const char *prefix = fl_prefix(sp, neg, v != 0);
	char digits[24];	/* 22 octal digits of a 64-bit value */
	int n = 0, plen = 0, zeros, pad;

	for (; v; v /= base)
		digits[n++] = set[v % base];
	while (prefix[plen])
		plen++;
	/* The precision is the minimum number of digits (default 1). */
	zeros = (sp->prec < 0 ? 1 : sp->prec) - n;
	if (zeros < 0)
		zeros = 0;
	/* # makes the first octal digit a 0 (digits never starts with one). */
	if (sp->conv == 'o' && (sp->flags & FL_ALT) && zeros == 0)
		zeros = 1;
	pad = sp->width - plen - zeros - n;
	if ((sp->flags & (FL_ZERO | FL_LEFT)) == FL_ZERO && sp->prec < 0 &&
	    pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & FL_LEFT))
		fl_fill(o, ' ', pad);
	fl_write(o, prefix, plen);
	fl_fill(o, '0', zeros);
	while (n)
		fl_put(o, digits[--n]);
	if (sp->flags & FL_LEFT)
		fl_fill(o, ' ', pad);
}

static void fl_text(struct fl_out *o, const struct fl_spec *sp,
		    const char *s, int n)
{
	if (!(sp->flags & FL_LEFT))
		fl_fill(o, ' ', sp->width - n);
	fl_write(o, s, n);
	if (sp->flags & FL_LEFT)
		fl_fill(o, ' ', sp->width - n);
}

static void fl_string(struct fl_out *o, const struct fl_spec *sp,
		      const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	/* At most prec bytes are read: s need not be terminated then. */
	while ((sp->prec < 0 || n < sp->prec) && s[n] && n < 0x7fffffff)
		n++;
	fl_text(o, sp, s, n);
}

static int fl_known(char conv)
{
	const char *k = "diuoxXpcs%";

	for (; *k; k++)
		if (*k == conv)
			return 1;
	return 0;
}

/* One conversion of fl_known(). */
static void fl_convert(struct fl_out *o, const struct fl_spec *sp,
		       fl_va_list *ap)
{
	long long sv;
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		sv = fl_arg_signed(sp->length, ap);
		fl_integer(o, sp, sv < 0 ? 0ULL - (unsigned long long)sv
					 : (unsigned long long)sv, sv < 0);
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		fl_integer(o, sp, fl_arg_unsigned(sp->length, ap), 0);
		break;
	case 'p':
		fl_integer(o, sp, (__UINTPTR_TYPE__)fl_va_arg(*ap, void *), 0);
		break;
	case 'c':
		c = (char)fl_va_arg(*ap, int);
		fl_text(o, sp, &c, 1);
		break;
	case 's':
		fl_string(o, sp, fl_va_arg(*ap, const char *));
		break;
	default:
		fl_put(o, '%');
		break;
	}
}

int FL_NAME(vsnprintf)(char *buf, __SIZE_TYPE__ len, const char *fmt,
		       __builtin_va_list ap)
{
	struct fl_out o = { buf, len, 0 };
	struct fl_spec sp;
	const char *start;
	fl_va_list args;

	__builtin_va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			fl_put(&o, *fmt++);
			continue;
		}
		start = fmt++;
		fl_parse(&fmt, &sp, &args);
		if (!*fmt)
			break;		/* a lone '%' at the end */
		if (fl_known(sp.conv))
			fl_convert(&o, &sp, &args);
		else	/* %n and unknown conversions: the text as written */
			fl_write(&o, start, (int)(fmt + 1 - start));
		fmt++;
	}
	__builtin_va_end(args);
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return o.pos > 0x7fffffff ? -1 : (int)o.pos;
}

int FL_NAME(snprintf)(char *buf, __SIZE_TYPE__ len, const char *fmt, ...)
{
	fl_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = FL_NAME(vsnprintf)(buf, len, fmt, ap);
	__builtin_va_end(ap);
	return n;
}
