/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 16550 UART, enough of it for a guest that prints by polling LSR and
 * writing THR, and for Linux's 8250 driver probing it.
 *
 * Transmission is instant: a byte written to THR goes straight to the
 * tx() callback, so LSR always reports THRE|TEMT (0x60) and a polling
 * guest never waits. Input is not wired up yet, but the receive FIFO,
 * LSR.DR and the interrupt-identification logic are here so that adding
 * stdin input and an IRQ line later is a matter of calling
 * uart16550_receive() and uart16550_irq_pending().
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
};

void uart16550_init(struct uart16550 *uart, u64 base,
		    void (*tx)(struct uart16550 *uart, u8 byte),
		    void *opaque);
/* Queue a received byte; false if the FIFO is full (byte dropped). */
bool uart16550_receive(struct uart16550 *uart, u8 byte);
/* Would the UART's interrupt line be asserted right now? */
bool uart16550_irq_pending(const struct uart16550 *uart);

#endif /* HVCTL_UART16550_H */
