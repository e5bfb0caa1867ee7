// SPDX-License-Identifier: GPL-2.0
/*
 * 16550 UART model; see uart16550.h for what is and is not modelled.
 */
#include "tools/hvctl/dev/uart16550.h"

static struct uart16550 *to_uart(struct hv_device *dev)
{
	return container_of(dev, struct uart16550, dev);
}

static void uart_update_irq(struct uart16550 *uart);

bool uart16550_receive(struct uart16550 *uart, u8 byte)
{
	if (uart->rx_count == UART_RX_FIFO)
		return false;
	uart->rx[(uart->rx_head + uart->rx_count) % UART_RX_FIFO] = byte;
	uart->rx_count++;
	uart_update_irq(uart);
	return true;
}

static u8 uart_rx_pop(struct uart16550 *uart)
{
	u8 byte;

	if (!uart->rx_count)
		return 0;
	byte = uart->rx[uart->rx_head];
	uart->rx_head = (uart->rx_head + 1) % UART_RX_FIFO;
	uart->rx_count--;
	return byte;
}

/* The highest-priority pending cause, as IIR reports it. */
static u8 uart_iir_cause(const struct uart16550 *uart)
{
	if ((uart->ier & UART_IER_RDI) && uart->rx_count)
		return UART_IIR_RDI;
	if ((uart->ier & UART_IER_THRI) && uart->thri_pending)
		return UART_IIR_THRI;
	return UART_IIR_NO_INT;
}

bool uart16550_irq_pending(const struct uart16550 *uart)
{
	return uart_iir_cause(uart) != UART_IIR_NO_INT;
}

/* Report the interrupt output if it changed. */
static void uart_update_irq(struct uart16550 *uart)
{
	bool level = uart16550_irq_pending(uart);

	if (level == uart->irq_level)
		return;
	uart->irq_level = level;
	irq_line_set(&uart->irq, level);
}

void uart16550_connect_irq(struct uart16550 *uart,
			   const struct hv_irq_line *irq)
{
	uart->irq = *irq;
	uart->irq_level = false;
	uart_update_irq(uart);
}

static u64 uart_read_reg(struct uart16550 *uart, u64 offset)
{
	bool dlab = uart->lcr & UART_LCR_DLAB;
	u8 val;

	switch (offset) {
	case UART_RBR:
		return dlab ? uart->dll : uart_rx_pop(uart);
	case UART_IER:
		return dlab ? uart->dlm : uart->ier;
	case UART_IIR:
		val = uart_iir_cause(uart);
		/* reading IIR acknowledges a THR-empty interrupt */
		if (val == UART_IIR_THRI)
			uart->thri_pending = false;
		if (uart->fcr & UART_FCR_ENABLE)
			val |= UART_IIR_FIFO;
		return val;
	case UART_LCR:
		return uart->lcr;
	case UART_MCR:
		return uart->mcr;
	case UART_LSR:
		/* THR and the shifter are always empty: transmit is instant */
		return UART_LSR_THRE | UART_LSR_TEMT |
		       (uart->rx_count ? UART_LSR_DR : 0);
	case UART_MSR:
		/*
		 * In loopback mode the modem outputs (MCR bits 0-3) are
		 * wired back to the inputs; Linux's 8250 probe checks this
		 * to tell a real UART from an empty port. Otherwise report
		 * a connected, ready peer so flow-control loops proceed.
		 */
		if (uart->mcr & UART_MCR_LOOP)
			return ((uart->mcr & 0x01) ? UART_MSR_DSR : 0) |
			       ((uart->mcr & 0x02) ? UART_MSR_CTS : 0) |
			       ((uart->mcr & 0x04) ? UART_MSR_RI : 0) |
			       ((uart->mcr & 0x08) ? UART_MSR_DCD : 0);
		return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
	case UART_SCR:
		return uart->scr;
	}
	return 0xff;
}

static u64 uart_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct uart16550 *uart = to_uart(dev);
	u64 val;

	(void)size;	/* the 16550 is byte-wide; wider reads see one byte */
	val = uart_read_reg(uart, offset);
	/* reading RBR or IIR can clear a cause */
	uart_update_irq(uart);
	return val;
}

static void uart_write(struct hv_device *dev, u64 offset, unsigned int size,
		       u64 val64)
{
	struct uart16550 *uart = to_uart(dev);
	bool dlab = uart->lcr & UART_LCR_DLAB;
	u8 val = (u8)val64;
	u8 old;

	(void)size;
	switch (offset) {
	case UART_THR:
		if (dlab) {
			uart->dll = val;
			break;
		}
		/* writing THR clears THRE and its interrupt... */
		uart->thri_pending = false;
		uart_update_irq(uart);
		if (uart->mcr & UART_MCR_LOOP)
			uart16550_receive(uart, val);
		else if (uart->tx)
			uart->tx(uart, val);
		/* ...and the byte left at once, so THR is empty again */
		uart->thri_pending = true;
		break;
	case UART_IER:
		if (dlab) {
			uart->dlm = val;
			break;
		}
		old = uart->ier;
		uart->ier = val & UART_IER_MASK;
		/* enabling THRI while THR is empty raises it immediately */
		if (!(old & UART_IER_THRI) && (uart->ier & UART_IER_THRI))
			uart->thri_pending = true;
		break;
	case UART_FCR:
		if (val & UART_FCR_CLR_RX)
			uart->rx_count = 0;
		/* keep the enable bit and the trigger level; 1-2 self-clear */
		uart->fcr = val & 0xc9;
		break;
	case UART_LCR:
		uart->lcr = val;
		break;
	case UART_MCR:
		uart->mcr = val & 0x1f;
		break;
	case UART_SCR:
		uart->scr = val;
		break;
	default:
		/* LSR and MSR are read-only */
		break;
	}
	uart_update_irq(uart);
}

void uart16550_init(struct uart16550 *uart, u64 base,
		    void (*tx)(struct uart16550 *uart, u8 byte),
		    void *opaque)
{
	memset(uart, 0, sizeof(*uart));
	uart->dev.name = "uart16550";
	uart->dev.base = base;
	uart->dev.len = UART_NR_PORTS;
	uart->dev.read = uart_read;
	uart->dev.write = uart_write;
	uart->tx = tx;
	uart->opaque = opaque;
	/* power-on: THR empty; divisor 12 = 9600 baud from 1.8432 MHz */
	uart->thri_pending = true;
	uart->dll = 12;
}
