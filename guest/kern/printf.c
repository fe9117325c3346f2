// SPDX-License-Identifier: BSD-2-Clause
/*
 * Kernel printf and the message buffer.  The buffer is a ring holding the
 * last RK_MSGBUF_SIZE bytes ever printed; a byte spinlock guards it so
 * that printing works before boot, unscheduled, and during halt.
 */
#include <rk/lib.h>
#include <rk/printf.h>

static char msgbuf[RK_MSGBUF_SIZE];
static uint64_t msgbuf_written;		/* total bytes ever written */
static char msgbuf_lock;

/* Through a pointer, so objtool does not see a noreturn call it cannot
 * resolve across modules (see rk_panic in rk/lib.h). */
static void (*volatile exit_fn)(int) = rumpuser_exit;

static void msgbuf_enter(void)
{
	while (__atomic_test_and_set(&msgbuf_lock, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&msgbuf_lock, __ATOMIC_RELAXED))
			;
}

static void msgbuf_exit(void)
{
	__atomic_clear(&msgbuf_lock, __ATOMIC_RELEASE);
}

static void emit(const char *s, size_t n)
{
	size_t i;

	msgbuf_enter();
	for (i = 0; i < n; i++)
		msgbuf[(msgbuf_written + i) % RK_MSGBUF_SIZE] = s[i];
	msgbuf_written += n;
	msgbuf_exit();
	for (i = 0; i < n; i++)
		rumpuser_putchar((unsigned char)s[i]);
}

void rk_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = rk_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return;
	emit(buf, RK_MIN((size_t)n, sizeof(buf) - 1));
}

void rk_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rk_vprintf(fmt, ap);
	va_end(ap);
}

size_t rk_msgbuf_len(void)
{
	uint64_t w = __atomic_load_n(&msgbuf_written, __ATOMIC_RELAXED);

	return w < RK_MSGBUF_SIZE ? (size_t)w : RK_MSGBUF_SIZE;
}

size_t rk_msgbuf_read(char *buf, size_t len, size_t off)
{
	uint64_t start;
	size_t held, n, i;

	msgbuf_enter();
	held = msgbuf_written < RK_MSGBUF_SIZE ? (size_t)msgbuf_written
					       : RK_MSGBUF_SIZE;
	start = msgbuf_written - held;
	n = off < held ? RK_MIN(len, held - off) : 0;
	for (i = 0; i < n; i++)
		buf[i] = msgbuf[(start + off + i) % RK_MSGBUF_SIZE];
	msgbuf_exit();
	return n;
}

void rk_panic(const char *fmt, ...)
{
	va_list ap;

	rk_printf("panic: ");
	va_start(ap, fmt);
	rk_vprintf(fmt, ap);
	va_end(ap);
	rk_printf("\n");
	exit_fn(RUMPUSER_PANIC);
}
