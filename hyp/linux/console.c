// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest console: characters are collected into lines and each line
 * goes to the kernel log as "rump: <line>", so guest output (TAP lines of
 * the conformance suite included) reads naturally in dmesg.
 */
#include "hyp.h"

#include <linux/kernel.h>
#include <linux/printk.h>

#define LINE_MAX_CHARS	256

static DEFINE_SPINLOCK(con_lock);
static char con_line[LINE_MAX_CHARS + 1];
static unsigned int con_len;

/* con_lock held. */
static void con_emit(void)
{
	con_line[con_len] = '\0';
	printk(KERN_INFO "rump: %s\n", con_line);
	con_len = 0;
}

/* con_lock held. */
static void con_put(int ch)
{
	if (ch == '\n') {
		con_emit();
		return;
	}
	con_line[con_len++] = ch;
	if (con_len == LINE_MAX_CHARS)
		con_emit();
}

void rumpuser_putchar(int ch)
{
	unsigned long flags;

	spin_lock_irqsave(&con_lock, flags);
	con_put(ch);
	spin_unlock_irqrestore(&con_lock, flags);
}
EXPORT_SYMBOL(rumpuser_putchar);

void rumpuser_dprintf(const char *fmt, ...)
{
	char buf[LINE_MAX_CHARS];
	unsigned long flags;
	va_list ap;
	int n, i;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Longer output is cut at the buffer: the kernel stack is small. */
	n = min_t(int, n, sizeof(buf) - 1);

	spin_lock_irqsave(&con_lock, flags);
	for (i = 0; i < n; i++)
		con_put(buf[i]);
	spin_unlock_irqrestore(&con_lock, flags);
}
EXPORT_SYMBOL(rumpuser_dprintf);

/* Print a line the guest left unfinished. */
void rv_console_flush(void)
{
	unsigned long flags;

	spin_lock_irqsave(&con_lock, flags);
	if (con_len)
		con_emit();
	spin_unlock_irqrestore(&con_lock, flags);
}
