/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 16550 UART, enough of it for a guest that prints by polling LSR and
 * writing THR, and for Linux's 8250 driver probing it.
 *
 * Transmission is instant: a byte written to THR goes straight to the
 * tx() callback, so LSR always reports THRE|TEMT (0x60) and a polling
 * guest never waits. Input arrives through uart16550_receive() (hvctl
 * feeds it from stdin) into a 16-byte receive FIFO.
 *
 * Interrupts (IRQ 4 for COM1): two causes are modelled, in the priority
 * order of the datasheet's "Interrupt Identification Register" table:
 * received data available (IER bit 0) above transmitter holding register
 * empty (IER bit 1). Line-status and modem-status interrupts never occur
 * (no errors, no modem). The output follows the highest pending enabled
 * cause and is reported through the irq line on every change. Because a
 * byte written to THR is sent at once, THR goes non-empty and empty
 * again within the write: the line drops and rises, an edge, which is
 * what Linux's 8250 driver needs to get its next THRE interrupt while it
 * is feeding the console from userspace. The line is not gated by
 * MCR.OUT2 (as in QEMU's serial model); the FIFO trigger level is not
 * honoured (any received byte raises the data interrupt, which looks to
 * a driver like a character timeout interrupt).
 *
 * Register layout: PC16550D datasheet, "Register Summary"; offsets are
 * from the base port (COM1 = 0x3f8).
 */
#ifndef HVCTL_UART16550_H
#define HVCTL_UART16550_H

#include "tools/hvctl/device.h"

#define UART_COM1_BASE	0x3f8
#define UART_NR_PORTS	8

/* Register offsets. With LCR.DLAB set, offsets 0 and 1 are the divisor. */
#define UART_RBR	0	/* read: receive buffer         (DLAB=0) */
#define UART_THR	0	/* write: transmit holding      (DLAB=0) */
#define UART_DLL	0	/* divisor latch, low byte      (DLAB=1) */
#define UART_IER	1	/* interrupt enable             (DLAB=0) */
#define UART_DLM	1	/* divisor latch, high byte     (DLAB=1) */
#define UART_IIR	2	/* read: interrupt identification */
#define UART_FCR	2	/* write: FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_MSR	6	/* modem status */
#define UART_SCR	7	/* scratch */

#define UART_IER_RDI	0x01	/* interrupt when data is received */
#define UART_IER_THRI	0x02	/* interrupt when THR is empty */
#define UART_IER_MASK	0x0f	/* bits 7:4 are always 0 on a 16550 */
#define UART_IIR_NO_INT	0x01	/* no interrupt pending */
#define UART_IIR_THRI	0x02	/* THR empty */
#define UART_IIR_RDI	0x04	/* received data available */
#define UART_IIR_FIFO	0xc0	/* FIFOs enabled */
#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLR_RX	0x02
#define UART_LCR_DLAB	0x80
#define UART_MCR_LOOP	0x10
#define UART_LSR_DR	0x01	/* data ready */
#define UART_LSR_THRE	0x20	/* THR empty */
#define UART_LSR_TEMT	0x40	/* transmitter empty */
#define UART_MSR_CTS	0x10
#define UART_MSR_DSR	0x20
#define UART_MSR_RI	0x40
#define UART_MSR_DCD	0x80

#define UART_RX_FIFO	16

struct uart16550 {
	struct hv_device dev;
	u8 ier, lcr, mcr, fcr, scr, dll, dlm;
	/*
	 * THR-empty interrupt latch. It is set when THR becomes empty (at
	 * once, as transmission is instant) and cleared by reading IIR
	 * while it is the reported cause, or by writing THR: the 16550
	 * rule that lets a driver acknowledge "THR empty".
	 */
	bool thri_pending;
	u8 rx[UART_RX_FIFO];
	unsigned int rx_head, rx_count;
	/* Called for every transmitted byte (not in loopback mode). */
	void (*tx)(struct uart16550 *uart, u8 byte);
	void *opaque;	/* for the tx() callback */
	struct hv_irq_line irq;
	bool irq_level;	/* the level last reported on irq */
};

void uart16550_init(struct uart16550 *uart, u64 base,
		    void (*tx)(struct uart16550 *uart, u8 byte),
		    void *opaque);
/* Connect the interrupt output (unconnected after init). */
void uart16550_connect_irq(struct uart16550 *uart,
			   const struct hv_irq_line *irq);
/* Queue a received byte; false if the FIFO is full (byte dropped). */
bool uart16550_receive(struct uart16550 *uart, u8 byte);
/* Would the UART's interrupt line be asserted right now? */
bool uart16550_irq_pending(const struct uart16550 *uart);

#endif /* HVCTL_UART16550_H */
