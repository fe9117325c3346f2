/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel printf: the console (rumpuser_putchar) and the message buffer. */
#ifndef RK_PRINTF_H
#define RK_PRINTF_H

#include <rk/types.h>

#define RK_MSGBUF_SIZE	16384

void rk_printf(const char *fmt, ...) RK_PRINTFLIKE(1, 2);
void rk_vprintf(const char *fmt, va_list ap);

/*
 * Copy message-buffer bytes [off, off + len) of what is still held (the
 * last RK_MSGBUF_SIZE bytes written, oldest first); returns the count.
 */
size_t rk_msgbuf_read(char *buf, size_t len, size_t off);
/* Bytes currently held. */
size_t rk_msgbuf_len(void);

#endif /* RK_PRINTF_H */
