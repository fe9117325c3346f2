// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest console: characters are collected into lines, per instance,
 * and each line goes to the kernel log as "rump-NAME: <line>", so that
 * guest output (TAP lines of the test suites included) reads naturally
 * in dmesg and says which guest it came from.
 */
#include "hyp.h"

#include <linux/kernel.h>
#include <linux/printk.h>

/* For a task outside any guest (a misuse): one shared, unnamed line. */
static struct rv_console nobody = {
	.lock = __SPIN_LOCK_UNLOCKED(nobody.lock),
};

void rv_console_init(struct rv_instance *inst)
{
	spin_lock_init(&inst->con.lock);
	inst->con.len = 0;
}

/* con->lock held. */
static void con_emit(struct rv_instance *inst, struct rv_console *con)
{
	con->line[con->len] = '\0';
	if (inst)
		printk(KERN_INFO "rump-%s: %s\n", inst->p.name, con->line);
	else
		printk(KERN_INFO "rump: %s\n", con->line);
	con->len = 0;
}

/* con->lock held. */
static void con_put(struct rv_instance *inst, struct rv_console *con, int ch)
{
	if (ch == '\n') {
		con_emit(inst, con);
		return;
	}
	con->line[con->len++] = ch;
	if (con->len == RV_CON_LINE)
		con_emit(inst, con);
}

static struct rv_console *con_of(struct rv_instance *inst)
{
	return inst ? &inst->con : &nobody;
}

void rumpuser_putchar(int ch)
{
	struct rv_instance *inst = rv_current();
	struct rv_console *con = con_of(inst);
	unsigned long flags;

	spin_lock_irqsave(&con->lock, flags);
	con_put(inst, con, ch);
	spin_unlock_irqrestore(&con->lock, flags);
	if (inst && ch == '\n')
		rv_count(inst, RV_HC_CONSOLE);
}
EXPORT_SYMBOL(rumpuser_putchar);

void rumpuser_dprintf(const char *fmt, ...)
{
	struct rv_instance *inst = rv_current();
	struct rv_console *con = con_of(inst);
	char buf[RV_CON_LINE];
	unsigned long flags;
	va_list ap;
	int n, i;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Longer output is cut at the buffer: the kernel stack is small. */
	n = min_t(int, n, sizeof(buf) - 1);

	spin_lock_irqsave(&con->lock, flags);
	for (i = 0; i < n; i++)
		con_put(inst, con, buf[i]);
	spin_unlock_irqrestore(&con->lock, flags);
	if (inst)
		rv_count(inst, RV_HC_CONSOLE);
}
EXPORT_SYMBOL(rumpuser_dprintf);

/* Print a line the guest left unfinished. */
void rv_console_flush(struct rv_instance *inst)
{
	struct rv_console *con = con_of(inst);
	unsigned long flags;

	spin_lock_irqsave(&con->lock, flags);
	if (con->len)
		con_emit(inst, con);
	spin_unlock_irqrestore(&con->lock, flags);
}
