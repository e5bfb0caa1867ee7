// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hvctl's device side: the bus registry, the decoding of
 * HV_EXIT_IO / HV_EXIT_MMIO from a run page (a struct on the stack here,
 * filled the way the module would), the 16550, isa-debug-exit and the
 * MMIO test device, and the real-mode register setup and dump.
 */
#include <stdlib.h>

#include "tests/unit/unit.h"
#include "tools/hvctl/device.h"
#include "tools/hvctl/regs.h"
#include "tools/hvctl/dev/uart16550.h"
#include "tools/hvctl/dev/debug_exit.h"
#include "tools/hvctl/dev/testdev.h"
#include "tools/hvctl/dev/acpi_pm.h"
#include "tools/hvctl/dev/cmos.h"
#include "tools/hvctl/dev/fw_cfg.h"
#include "tools/hvctl/dev/i8042.h"
#include "tools/hvctl/dev/ioapic.h"
#include "tools/hvctl/dev/pci.h"
#include "tools/hvctl/dev/pic.h"
#include "tools/hvctl/dev/pit.h"

/* A run page with room for REP data after struct hv_run. */
static union {
	struct hv_run run;
	u8 bytes[4096];
} page;

/* Capture of everything "sent" by the UART. */
static char tx_buf[256];
static unsigned int tx_len;

static void tx_capture(struct uart16550 *uart, u8 byte)
{
	(void)uart;
	if (tx_len < sizeof(tx_buf) - 1)
		tx_buf[tx_len++] = (char)byte;
}

static int exit_status = -1, exit_calls;

static void exit_capture(struct debug_exit *dbg, int status)
{
	(void)dbg;
	exit_status = status;
	exit_calls++;
}

/* Read everything written to a memstream so far. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
}

static const char *capture_text(struct capture *c)
{
	fflush(c->f);
	return c->buf ? c->buf : "";
}

static void capture_close(struct capture *c)
{
	fclose(c->f);
	free(c->buf);
}

/* Fill the page like the module does for a single-item IO exit. */
static void io_exit(u8 dir, u16 port, u8 size, u32 data)
{
	memset(&page, 0, sizeof(page));
	page.run.exit_reason = HV_EXIT_IO;
	page.run.io.direction = dir;
	page.run.io.port = port;
	page.run.io.size = size;
	page.run.io.count = 1;
	page.run.io.data_offset = HV_RUN_IO_DATA_OFFSET;
	le_store(page.bytes + HV_RUN_IO_DATA_OFFSET, size, data);
}

static u64 io_data(u8 size)
{
	return le_load(page.bytes + HV_RUN_IO_DATA_OFFSET, size);
}

static void mmio_exit(u64 addr, u32 len, bool write, u64 data)
{
	memset(&page, 0, sizeof(page));
	page.run.exit_reason = HV_EXIT_MMIO;
	page.run.mmio.phys_addr = addr;
	page.run.mmio.len = len;
	page.run.mmio.is_write = write;
	if (write)	/* a bogus len > 8 must not overflow data[] here */
		le_store(page.run.mmio.data, len < 8 ? len : 8, data);
	else	/* garbage the handler must overwrite */
		memset(page.run.mmio.data, 0x5a, sizeof(page.run.mmio.data));
}

static u64 null_read(struct hv_device *d, u64 off, unsigned int size)
{
	(void)d; (void)size;
	return 0x1122334455667788ULL + off;
}

static void test_bus_register(void)
{
	struct hv_device a = { .name = "a", .base = 0x10, .len = 8 };
	struct hv_device b = { .name = "b", .base = 0x18, .len = 8 };
	struct hv_device overlap = { .name = "o", .base = 0x17, .len = 2 };
	struct hv_device empty = { .name = "e", .base = 0x40, .len = 0 };
	struct hv_device wrap = { .name = "w", .base = ~0ULL, .len = 2 };
	struct hv_device top = { .name = "t", .base = ~0ULL, .len = 1 };
	struct hv_bus bus;

	bus_init(&bus, "pio", NULL);
	CHECK_EQ(bus_register(&bus, &a), 0);
	CHECK_EQ(bus_register(&bus, &b), 0);	/* adjacent is fine */
	CHECK_EQ(bus_register(&bus, &overlap), -1);
	CHECK_EQ(bus_register(&bus, &empty), -1);
	CHECK_EQ(bus_register(&bus, &wrap), -1);
	CHECK_EQ(bus_register(&bus, &top), 0);

	CHECK(bus_find(&bus, 0x10, 1) == &a);
	CHECK(bus_find(&bus, 0x14, 4) == &a);
	CHECK(bus_find(&bus, 0x17, 1) == &a);
	CHECK(bus_find(&bus, 0x17, 2) == NULL);	/* straddles a and b */
	CHECK(bus_find(&bus, 0x18, 1) == &b);
	CHECK(bus_find(&bus, 0x0f, 1) == NULL);
	CHECK(bus_find(&bus, 0x20, 1) == NULL);
	CHECK(bus_find(&bus, ~0ULL, 1) == &top);
	CHECK(bus_find(&bus, ~0ULL, 2) == NULL);
}

static void test_bus_full(void)
{
	static struct hv_device devs[HV_BUS_MAX_DEVICES + 1];
	struct hv_bus bus;
	unsigned int i;

	bus_init(&bus, "mmio", NULL);
	for (i = 0; i <= HV_BUS_MAX_DEVICES; i++) {
		devs[i].base = i * 16;
		devs[i].len = 16;
		CHECK_EQ(bus_register(&bus, &devs[i]),
			 i < HV_BUS_MAX_DEVICES ? 0 : -1);
	}
}

static void test_bus_unclaimed(void)
{
	struct hv_device d = { .name = "d", .base = 0x100, .len = 4,
			       .read = null_read };
	struct capture log;
	struct hv_bus bus;
	unsigned int i;

	capture_open(&log);
	bus_init(&bus, "pio", log.f);
	CHECK_EQ(bus_register(&bus, &d), 0);

	/* unclaimed: all-ones of the access size */
	CHECK_EQ(bus_read(&bus, 0x80, 1), 0xff);
	CHECK_EQ(bus_read(&bus, 0x80, 2), 0xffff);
	CHECK_EQ(bus_read(&bus, 0x80, 4), 0xffffffff);
	CHECK_EQ(bus_read(&bus, 0x80, 8), ~0ULL);
	bus_write(&bus, 0x80, 1, 0);
	bus_write(&bus, 0x81, 1, 0);
	/* logged once per address */
	CHECK(!strcmp(capture_text(&log),
		      "hvctl: unclaimed pio read at 0x80 size 1 (reads return all-ones, writes are ignored; logged once per address)\n"
		      "hvctl: unclaimed pio write at 0x81 size 1 (reads return all-ones, writes are ignored; logged once per address)\n"));

	/* claimed reads are cut to the access size */
	CHECK_EQ(bus_read(&bus, 0x100, 1), 0x88);
	CHECK_EQ(bus_read(&bus, 0x102, 2), 0x778a);
	/* device without write: ignored, without read: all-ones */
	d.read = NULL;
	CHECK_EQ(bus_read(&bus, 0x100, 2), 0xffff);
	bus_write(&bus, 0x100, 1, 1);

	/* the log table fills up and then says so, once */
	for (i = 0; i < 2 * HV_BUS_MAX_LOGGED; i++)
		bus_read(&bus, 0x1000 + i, 1);
	CHECK_EQ(bus.nr_logged, HV_BUS_MAX_LOGGED);
	CHECK(strstr(capture_text(&log), "no longer logging"));
	CHECK(strstr(capture_text(&log),
		     "hvctl: more than 64 unclaimed pio addresses; no longer logging them\n"));
	capture_close(&log);
}

static void test_uart_output_and_lsr(void)
{
	struct uart16550 uart;
	struct capture trace;
	struct hv_bus bus;

	tx_len = 0;
	capture_open(&trace);
	bus_init(&bus, "pio", NULL);
	uart16550_init(&uart, UART_COM1_BASE, tx_capture, NULL);
	CHECK_EQ(bus_register(&bus, &uart.dev), 0);

	/* what a polling guest does: wait for THRE, then write THR */
	io_exit(HV_EXIT_IO_IN, 0x3fd, 1, 0);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), trace.f), 0);
	CHECK_EQ(io_data(1), 0x60);
	io_exit(HV_EXIT_IO_OUT, 0x3f8, 1, 'A');
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), trace.f), 0);
	io_exit(HV_EXIT_IO_OUT, 0x3f8, 1, '\n');
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), 0);
	tx_buf[tx_len] = '\0';
	CHECK(!strcmp(tx_buf, "A\n"));
	CHECK(!strcmp(capture_text(&trace),
		      "pio in port=0x3fd size=1 data=0x60\n"
		      "pio out port=0x3f8 size=1 data=0x41\n"));
	capture_close(&trace);
}

/* Byte-wide register access straight through the device. */
static u8 uread(struct uart16550 *u, unsigned int off)
{
	return (u8)u->dev.read(&u->dev, off, 1);
}

static void uwrite(struct uart16550 *u, unsigned int off, u8 val)
{
	u->dev.write(&u->dev, off, 1, val);
}

static void test_uart_registers(void)
{
	struct uart16550 u;

	tx_len = 0;
	uart16550_init(&u, UART_COM1_BASE, tx_capture, NULL);

	/* divisor latch: DLAB=1 redirects offsets 0 and 1 */
	uwrite(&u, UART_LCR, 0x83);
	uwrite(&u, UART_DLL, 0x01);
	uwrite(&u, UART_DLM, 0x00);
	CHECK_EQ(uread(&u, UART_DLL), 0x01);
	CHECK_EQ(uread(&u, UART_DLM), 0x00);
	CHECK_EQ(tx_len, 0);		/* not transmitted */
	CHECK_EQ(uread(&u, UART_LCR), 0x83);
	uwrite(&u, UART_LCR, 0x03);	/* 8N1, DLAB=0 */
	CHECK_EQ(uread(&u, UART_IER), 0);
	uwrite(&u, UART_IER, 0xff);
	CHECK_EQ(uread(&u, UART_IER), 0x0f);	/* upper bits reserved */
	CHECK_EQ(u.dll, 0x01);		/* IER write did not touch DLM/DLL */
	uwrite(&u, UART_IER, 0);

	uwrite(&u, UART_SCR, 0x5a);
	CHECK_EQ(uread(&u, UART_SCR), 0x5a);
	uwrite(&u, UART_MCR, 0x0b);
	CHECK_EQ(uread(&u, UART_MCR), 0x0b);
	CHECK_EQ(uread(&u, UART_MSR), 0xb0);	/* DCD, DSR, CTS */
	CHECK_EQ(uread(&u, UART_LSR), 0x60);
	uwrite(&u, UART_LSR, 0);		/* read-only */
	CHECK_EQ(uread(&u, UART_LSR), 0x60);

	/* FIFO enable shows in IIR bits 7:6 */
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_NO_INT);
	uwrite(&u, UART_FCR, 0xc7);
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_NO_INT | UART_IIR_FIFO);
}

static void test_uart_loopback(void)
{
	struct uart16550 u;

	tx_len = 0;
	uart16550_init(&u, UART_COM1_BASE, tx_capture, NULL);
	/* Linux's 8250 probe: loopback with OUT2|RTS -> MSR DCD|CTS */
	uwrite(&u, UART_MCR, UART_MCR_LOOP | 0x0a);
	CHECK_EQ(uread(&u, UART_MSR) & 0xf0, UART_MSR_DCD | UART_MSR_CTS);
	uwrite(&u, UART_MCR, UART_MCR_LOOP | 0x05);
	CHECK_EQ(uread(&u, UART_MSR) & 0xf0, UART_MSR_DSR | UART_MSR_RI);
	/* a byte sent in loopback comes back on RBR, not on the wire */
	uwrite(&u, UART_THR, 'x');
	CHECK_EQ(tx_len, 0);
	CHECK_EQ(uread(&u, UART_LSR), 0x61);
	CHECK_EQ(uread(&u, UART_RBR), 'x');
	CHECK_EQ(uread(&u, UART_LSR), 0x60);
	CHECK_EQ(uread(&u, UART_RBR), 0);	/* empty FIFO reads 0 */
}

static void test_uart_rx_and_interrupts(void)
{
	struct uart16550 u;
	unsigned int i;

	uart16550_init(&u, UART_COM1_BASE, tx_capture, NULL);
	CHECK(!uart16550_irq_pending(&u));

	/* enabling THRI with THR empty raises it at once... */
	uwrite(&u, UART_IER, UART_IER_THRI);
	CHECK(uart16550_irq_pending(&u));
	/* ...and reading IIR while it is the cause acknowledges it */
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_THRI);
	CHECK(!uart16550_irq_pending(&u));
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_NO_INT);
	/* a transmitted byte empties THR again */
	uwrite(&u, UART_THR, 'a');
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_THRI);

	/* received data has priority over THR empty */
	uwrite(&u, UART_IER, UART_IER_RDI | UART_IER_THRI);
	CHECK(uart16550_receive(&u, 'q'));
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_RDI);
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_RDI);	/* until read */
	CHECK_EQ(uread(&u, UART_RBR), 'q');
	CHECK_EQ(uread(&u, UART_IIR), UART_IIR_NO_INT);

	/* the FIFO holds 16 bytes, in order; FCR can clear it */
	for (i = 0; i < UART_RX_FIFO; i++)
		CHECK(uart16550_receive(&u, (u8)('a' + i)));
	CHECK(!uart16550_receive(&u, '!'));
	CHECK_EQ(uread(&u, UART_RBR), 'a');
	CHECK_EQ(uread(&u, UART_RBR), 'b');
	uwrite(&u, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLR_RX);
	CHECK_EQ(uread(&u, UART_LSR) & UART_LSR_DR, 0);
}

static void test_debug_exit(void)
{
	struct debug_exit dbg;
	struct capture trace;
	struct hv_bus bus;

	capture_open(&trace);
	bus_init(&bus, "pio", NULL);
	debug_exit_init(&dbg, exit_capture, NULL);
	CHECK_EQ(bus_register(&bus, &dbg.dev), 0);

	exit_calls = 0;
	io_exit(HV_EXIT_IO_OUT, 0xf4, 1, 0);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), trace.f), 0);
	CHECK_EQ(exit_calls, 1);
	CHECK_EQ(exit_status, 1);
	io_exit(HV_EXIT_IO_OUT, 0xf4, 1, 0x10);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), 0);
	CHECK_EQ(exit_status, 0x21);
	/* 4-byte write, status is cut to 8 bits like exit() does */
	io_exit(HV_EXIT_IO_OUT, 0xf4, 4, 0x12345678);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), trace.f), 0);
	CHECK_EQ(exit_status, 0xf1);
	CHECK_EQ(exit_calls, 3);
	/* only writes at the port itself count; reads are all-ones */
	io_exit(HV_EXIT_IO_OUT, 0xf5, 1, 3);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), 0);
	CHECK_EQ(exit_calls, 3);
	io_exit(HV_EXIT_IO_IN, 0xf4, 1, 0);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), 0);
	CHECK_EQ(io_data(1), 0xff);
	CHECK_EQ(exit_calls, 3);
	CHECK(!strcmp(capture_text(&trace),
		      "pio out port=0xf4 size=1 data=0x0\n"
		      "pio out port=0xf4 size=4 data=0x12345678\n"));
	CHECK_EQ(debug_exit_status(0x7f), 0xff);
	CHECK_EQ(debug_exit_status(0x80), 0x01);
	capture_close(&trace);
}

static void test_pio_rep_and_malformed(void)
{
	struct uart16550 uart;
	struct hv_bus bus;
	u8 *data = page.bytes + HV_RUN_IO_DATA_OFFSET;

	tx_len = 0;
	bus_init(&bus, "pio", NULL);
	uart16550_init(&uart, UART_COM1_BASE, tx_capture, NULL);
	CHECK_EQ(bus_register(&bus, &uart.dev), 0);

	/* REP OUTSB of "hi!" is one exit with count 3 */
	io_exit(HV_EXIT_IO_OUT, 0x3f8, 1, 0);
	page.run.io.count = 3;
	memcpy(data, "hi!", 3);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), 0);
	tx_buf[tx_len] = '\0';
	CHECK(!strcmp(tx_buf, "hi!"));

	/* REP INSW from an unclaimed port fills every item with ones */
	io_exit(HV_EXIT_IO_IN, 0x500, 2, 0);
	page.run.io.count = 4;
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), 0);
	CHECK_EQ(le_load(data, 8), ~0ULL);
	CHECK_EQ(data[8], 0);

	/* malformed exits are refused, not followed */
	io_exit(HV_EXIT_IO_OUT, 0x3f8, 3, 0);
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), -1);
	io_exit(HV_EXIT_IO_OUT, 0x3f8, 1, 0);
	page.run.io.direction = 2;
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), -1);
	io_exit(HV_EXIT_IO_OUT, 0x3f8, 1, 0);
	page.run.io.count = 0;
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), -1);
	io_exit(HV_EXIT_IO_IN, 0x3f8, 4, 0);
	page.run.io.count = (sizeof(page) - HV_RUN_IO_DATA_OFFSET) / 4 + 1;
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), -1);
	io_exit(HV_EXIT_IO_IN, 0x3f8, 1, 0);
	page.run.io.data_offset = sizeof(page) + 1;
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), -1);
	io_exit(HV_EXIT_IO_IN, 0x3f8, 1, 0);
	page.run.io.data_offset = ~0ULL;
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), -1);
	/* the last byte of the page is fine */
	io_exit(HV_EXIT_IO_IN, 0x3fd, 1, 0);
	page.run.io.data_offset = sizeof(page) - 1;
	CHECK_EQ(pio_handle_exit(&bus, &page.run, sizeof(page), NULL), 0);
	CHECK_EQ(page.bytes[sizeof(page) - 1], 0x60);
}

static void test_testdev_mmio(void)
{
	static struct testdev td;
	struct capture trace;
	struct hv_bus bus;

	capture_open(&trace);
	bus_init(&bus, "mmio", NULL);
	testdev_init(&td);
	CHECK_EQ(bus_register(&bus, &td.dev), 0);

	mmio_exit(0xd0000010, 4, true, 0x12345678);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, trace.f), 0);
	mmio_exit(0xd0000010, 4, false, 0);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, trace.f), 0);
	CHECK_EQ(le_load(page.run.mmio.data, 8), 0x12345678);
	CHECK(!strcmp(capture_text(&trace),
		      "mmio write addr=0xd0000010 len=4 data=0x12345678\n"
		      "mmio read addr=0xd0000010 len=4 data=0x12345678\n"));

	/* bytes are little-endian and addressable individually */
	mmio_exit(0xd0000011, 1, false, 0);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), 0);
	CHECK_EQ(le_load(page.run.mmio.data, 8), 0x56);
	mmio_exit(0xd0000ff8, 8, true, 0x0102030405060708ULL);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), 0);
	mmio_exit(0xd0000ffe, 2, false, 0);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), 0);
	CHECK_EQ(le_load(page.run.mmio.data, 8), 0x0102);
	CHECK_EQ(td.mem[0xff8], 0x08);

	/* beyond the device and straddling its end: unclaimed, all-ones */
	mmio_exit(0xd0001000, 4, false, 0);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), 0);
	CHECK_EQ(le_load(page.run.mmio.data, 8), 0xffffffff);
	mmio_exit(0xd0000ffc, 8, false, 0);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), 0);
	CHECK_EQ(le_load(page.run.mmio.data, 8), ~0ULL);
	mmio_exit(0xd0000ffc, 8, true, 0);	/* ignored */
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), 0);
	CHECK_EQ(td.mem[0xffc], 0x04);

	mmio_exit(0xd0000000, 3, false, 0);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), -1);
	mmio_exit(0xd0000000, 16, true, 0);
	CHECK_EQ(mmio_handle_exit(&bus, &page.run, NULL), -1);
	capture_close(&trace);
}

static void test_regs_real_mode(void)
{
	struct hv_regs regs;
	struct hv_sregs sregs;

	memset(&regs, 0xcc, sizeof(regs));
	memset(&sregs, 0xcc, sizeof(sregs));
	sregs.cr4 = 0x2000;
	sregs.efer = X86_EFER_LME | X86_EFER_LMA | 1;
	sregs.apic_base = 0xfee00900;

	CHECK_EQ(regs_setup_real_mode(&regs, &sregs, 0x12345), 0);
	CHECK_EQ(sregs.cs.base, 0x10000);
	CHECK_EQ(sregs.cs.selector, 0x1000);
	CHECK_EQ(sregs.cs.base + regs.rip, 0x12345);
	CHECK_EQ(sregs.cs.type, 0xb);
	CHECK_EQ(sregs.cs.limit, 0xffff);
	CHECK_EQ(sregs.cs.present, 1);
	CHECK_EQ(sregs.cs.s, 1);
	CHECK_EQ(sregs.cs.db, 0);
	CHECK_EQ(sregs.cs.unusable, 0);
	CHECK_EQ(sregs.ss.type, 3);
	CHECK_EQ(sregs.ss.base, 0);
	CHECK_EQ(sregs.ds.selector, 0);
	CHECK_EQ(sregs.gs.limit, 0xffff);
	CHECK_EQ(sregs.tr.type, 0xb);
	CHECK_EQ(sregs.tr.s, 0);
	CHECK_EQ(sregs.tr.present, 1);
	CHECK_EQ(sregs.tr.unusable, 0);
	CHECK_EQ(sregs.ldt.unusable, 1);
	CHECK_EQ(sregs.gdt.limit, 0xffff);
	CHECK_EQ(sregs.idt.base, 0);
	CHECK_EQ(sregs.cr0, 0x10);
	/* fields we do not own keep what HV_GET_SREGS returned */
	CHECK_EQ(sregs.cr4, 0x2000);
	CHECK_EQ(sregs.apic_base, 0xfee00900);
	CHECK_EQ(sregs.efer, 1);
	CHECK_EQ(regs.rip, 0x2345);
	CHECK_EQ(regs.rsp, 0x7000);
	CHECK_EQ(regs.rflags, 0x2);
	CHECK_EQ(regs.rax, 0);
	CHECK_EQ(regs.r15, 0);

	CHECK_EQ(regs_setup_real_mode(&regs, &sregs, 0), 0);
	CHECK_EQ(sregs.cs.selector, 0);
	CHECK_EQ(regs.rip, 0);
	CHECK_EQ(regs_setup_real_mode(&regs, &sregs, 0xfffff), 0);
	CHECK_EQ(sregs.cs.selector, 0xf000);
	CHECK_EQ(regs.rip, 0xffff);
	CHECK_EQ(regs_setup_real_mode(&regs, &sregs, 0x100000), -1);
}

static void test_regs_dump(void)
{
	struct hv_regs regs;
	struct hv_sregs sregs;
	struct capture out;
	const char *text;

	memset(&sregs, 0, sizeof(sregs));
	regs_setup_real_mode(&regs, &sregs, 0x7c00);
	regs.rax = 0xdead;

	capture_open(&out);
	regs_dump(out.f, &regs, &sregs);
	text = capture_text(&out);
	CHECK(!strncmp(text, "rax=0x000000000000dead rbx=", 27));
	CHECK(strstr(text, "rip=0x0000000000007c00 rflags=0x0000000000000002\n"));
	CHECK(strstr(text, "\ncs  sel=0x0000 base=0x0000000000000000 limit=0x0000ffff type=0xb p=1 dpl=0 db=0 s=1 l=0 g=0 avl=0 unusable=0\n"));
	CHECK(strstr(text, "\nldt sel=0x0000"));
	CHECK(strstr(text, "unusable=1\n"));
	CHECK(strstr(text, "\ncr0=0x0000000000000010 "));
	CHECK(strstr(text, "\napic_base="));
	capture_close(&out);

	/* either half may be missing when its HV_GET_* failed */
	capture_open(&out);
	regs_dump(out.f, NULL, &sregs);
	text = capture_text(&out);
	CHECK(!strstr(text, "rax="));
	CHECK(!strncmp(text, "cs  sel=", 8));
	capture_close(&out);
	capture_open(&out);
	regs_dump(out.f, &regs, NULL);
	text = capture_text(&out);
	CHECK(strstr(text, "rflags="));
	CHECK(!strstr(text, "cr0="));
	capture_close(&out);
}


/* ---- a fake clock and interrupt recorder for the timer devices ------ */

static u64 fake_ns;

static u64 fake_clock(void *opaque)
{
	(void)opaque;
	return fake_ns;
}

static const struct hv_clock test_clock = { .now_ns = fake_clock };

/* ns for n PIT ticks, rounded up so that n ticks have passed */
static u64 pit_ns(u64 ticks)
{
	return (ticks * 1000000000ULL + PIT_FREQ_HZ - 1) / PIT_FREQ_HZ;
}

static int irq_edges, irq_level_now, irq_last_irq;

static void irq_record(void *opaque, unsigned int irq, bool level)
{
	(void)opaque;
	if (level && !irq_level_now)
		irq_edges++;
	irq_level_now = level;
	irq_last_irq = (int)irq;
}

static int changed_calls;

static void changed_record(void *opaque)
{
	(void)opaque;
	changed_calls++;
}

static struct hv_bus tbus;

static void tbus_init(struct hv_device **devs, unsigned int n)
{
	unsigned int i;

	bus_init(&tbus, "pio", NULL);
	for (i = 0; i < n; i++)
		CHECK_EQ(bus_register(&tbus, devs[i]), 0);
}

#define OUTB(port, v)	bus_write(&tbus, port, 1, v)
#define INB(port)	bus_read(&tbus, port, 1)

static void test_pit_channel2_calibration(void)
{
	static struct pit pit;
	struct hv_device *devs[] = { &pit.dev, &pit.port61 };
	u16 count;

	fake_ns = 1000000;
	pit_init(&pit, &test_clock, NULL, NULL, NULL);
	tbus_init(devs, 2);

	/* what pit_calibrate_tsc() does: gate high, speaker off... */
	OUTB(0x61, (INB(0x61) & ~0x02) | 0x01);
	/* ...channel 2, LSB then MSB, mode 0, binary; count 1000 */
	OUTB(0x43, 0xb0);
	CHECK_EQ(INB(0x61) & PORT61_OUT2, 0);	/* mode 0: OUT low */
	OUTB(0x42, 1000 & 0xff);
	OUTB(0x42, 1000 >> 8);
	CHECK_EQ(INB(0x61) & PORT61_OUT2, 0);
	CHECK_EQ(INB(0x61) & 0x0f, 0x01);

	/* the live count, LSB then MSB */
	fake_ns += pit_ns(300);
	count = (u16)INB(0x42);
	count |= (u16)(INB(0x42) << 8);
	CHECK_EQ(count, 700);

	/* latch: the value stays while time moves on */
	OUTB(0x43, 0x80);
	fake_ns += pit_ns(100);
	count = (u16)INB(0x42);
	count |= (u16)(INB(0x42) << 8);
	CHECK_EQ(count, 700);
	count = (u16)INB(0x42);
	count |= (u16)(INB(0x42) << 8);
	CHECK_EQ(count, 600);

	/* OUT2 rises at terminal count and stays high */
	fake_ns += pit_ns(599);
	CHECK_EQ(INB(0x61) & PORT61_OUT2, 0);
	fake_ns += pit_ns(1);
	CHECK_EQ(INB(0x61) & PORT61_OUT2, PORT61_OUT2);
	fake_ns += pit_ns(5000);
	CHECK_EQ(INB(0x61) & PORT61_OUT2, PORT61_OUT2);

	/* gate low suspends counting in mode 0 */
	OUTB(0x43, 0xb0);
	OUTB(0x42, 0x10);
	OUTB(0x42, 0x00);
	fake_ns += pit_ns(4);
	OUTB(0x61, 0x00);
	fake_ns += pit_ns(1000);
	CHECK_EQ(pit_count(&pit, 2, fake_ns), 12);
	OUTB(0x61, 0x01);
	fake_ns += pit_ns(2);
	CHECK_EQ(pit_count(&pit, 2, fake_ns), 10);
}

static void test_pit_readback_and_periodic_irq(void)
{
	static struct pit pit;
	struct hv_irq_line irq0 = { .set = irq_record, .irq = 0 };
	struct hv_device *devs[] = { &pit.dev, &pit.port61 };
	u64 t0, dl;

	fake_ns = 5000;
	irq_edges = 0;
	irq_level_now = 0;
	changed_calls = 0;
	pit_init(&pit, &test_clock, &irq0, changed_record, NULL);
	tbus_init(devs, 2);
	CHECK_EQ(pit_irq_deadline(&pit), PIT_NO_DEADLINE);

	/* Linux's periodic setup: 0x34 = channel 0, LSB/MSB, mode 2 */
	OUTB(0x43, 0x34);
	OUTB(0x40, 1193 & 0xff);
	OUTB(0x40, 1193 >> 8);
	t0 = fake_ns;
	CHECK(changed_calls >= 1);
	dl = pit_irq_deadline(&pit);
	CHECK_EQ(dl, t0 + pit_ns(1193));

	/* read-back 0xC2: status then count of channel 0 */
	fake_ns = t0 + pit_ns(193);
	OUTB(0x43, 0xc2);
	/* OUT high, count loaded, LSB/MSB (3), mode 2, binary */
	CHECK_EQ(INB(0x40), 0x80 | (3 << 4) | (2 << 1));
	CHECK_EQ(INB(0x40) | (INB(0x40) << 8), 1000);
	/* counter latch command 0x00 */
	OUTB(0x43, 0x00);
	fake_ns += pit_ns(500);
	CHECK_EQ(INB(0x40) | (INB(0x40) << 8), 1000);

	/* not due yet: nothing happens */
	pit_run_timers(&pit, dl - 1);
	CHECK_EQ(irq_edges, 0);
	pit_run_timers(&pit, dl);
	CHECK_EQ(irq_edges, 1);
	CHECK_EQ(irq_level_now, 0);	/* a pulse */
	CHECK_EQ(pit_irq_deadline(&pit), t0 + pit_ns(2 * 1193));
	/* three periods late: coalesced into one edge */
	pit_run_timers(&pit, t0 + pit_ns(5 * 1193) + 10);
	CHECK_EQ(irq_edges, 2);
	CHECK_EQ(pit_irq_deadline(&pit), t0 + pit_ns(6 * 1193));

	/* mode 3 square wave: OUT high for the first half */
	OUTB(0x43, 0x36);
	OUTB(0x40, 100);
	OUTB(0x40, 0);
	t0 = fake_ns;
	CHECK(pit_out(&pit, 0, t0 + pit_ns(49)));
	CHECK(!pit_out(&pit, 0, t0 + pit_ns(50)));
	CHECK(pit_out(&pit, 0, t0 + pit_ns(100)));
	CHECK_EQ(pit_count(&pit, 0, t0 + pit_ns(10)), 80);

	/* mode 4 one-shot (Linux's pit_set_oneshot()): edge at N + 1 */
	OUTB(0x43, 0x38);
	CHECK_EQ(pit_irq_deadline(&pit), PIT_NO_DEADLINE);
	OUTB(0x40, 50);
	OUTB(0x40, 0);
	t0 = fake_ns;
	CHECK_EQ(pit_irq_deadline(&pit), t0 + pit_ns(51));
	pit_run_timers(&pit, t0 + pit_ns(51));
	CHECK_EQ(irq_edges, 3);
	CHECK_EQ(pit_irq_deadline(&pit), PIT_NO_DEADLINE);

	/* mode 0 one-shot: edge at N */
	OUTB(0x43, 0x30);
	OUTB(0x40, 20);
	OUTB(0x40, 0);
	t0 = fake_ns;
	CHECK_EQ(pit_irq_deadline(&pit), t0 + pit_ns(20));
	/* a count of 0 means 65536 */
	OUTB(0x43, 0x34);
	OUTB(0x40, 0);
	OUTB(0x40, 0);
	CHECK_EQ(pit_irq_deadline(&pit), fake_ns + pit_ns(65536));
	/* LSB-only access mode */
	OUTB(0x43, 0x14);
	OUTB(0x40, 7);
	CHECK_EQ(INB(0x40), 7);
	CHECK_EQ(INB(0x43), 0xff);
}

static s64 fake_wall;

static s64 wall_cb(void *opaque)
{
	(void)opaque;
	return fake_wall;
}

static u8 cmos_get(u8 reg)
{
	OUTB(0x70, reg);
	return (u8)INB(0x71);
}

static void test_rtc_calendar(void)
{
	struct rtc_time tm;

	rtc_time_from_unix(0, &tm);
	CHECK_EQ(tm.year, 1970);
	CHECK_EQ(tm.month, 1);
	CHECK_EQ(tm.mday, 1);
	CHECK_EQ(tm.wday, 4);		/* Thursday */
	rtc_time_from_unix(951782400, &tm);	/* 2000-02-29, leap day */
	CHECK_EQ(tm.year, 2000);
	CHECK_EQ(tm.month, 2);
	CHECK_EQ(tm.mday, 29);
	CHECK_EQ(tm.wday, 2);		/* Tuesday */
	rtc_time_from_unix(1700000000, &tm);	/* 2023-11-14 22:13:20 */
	CHECK_EQ(tm.year, 2023);
	CHECK_EQ(tm.month, 11);
	CHECK_EQ(tm.mday, 14);
	CHECK_EQ(tm.hour, 22);
	CHECK_EQ(tm.min, 13);
	CHECK_EQ(tm.sec, 20);
	rtc_time_from_unix(4107542399LL, &tm);	/* 2100-02-28 23:59:59 */
	CHECK_EQ(tm.year, 2100);
	CHECK_EQ(tm.month, 2);
	CHECK_EQ(tm.mday, 28);
	CHECK_EQ(rtc_bin_to_bcd(59), 0x59);
}

static void test_cmos_rtc_registers(void)
{
	static struct cmos cmos;
	struct hv_device *devs[] = { &cmos.dev };

	fake_wall = 1700000000;		/* Tue 2023-11-14 22:13:20 UTC */
	cmos_init(&cmos, 256ULL << 20, 2, wall_cb, NULL);
	tbus_init(devs, 1);

	CHECK_EQ(cmos_get(RTC_SECONDS), 0x20);
	CHECK_EQ(cmos_get(RTC_MINUTES), 0x13);
	CHECK_EQ(cmos_get(RTC_HOURS), 0x22);
	CHECK_EQ(cmos_get(RTC_DAY_OF_WEEK), 3);	/* Sunday = 1 */
	CHECK_EQ(cmos_get(RTC_DAY_OF_MONTH), 0x14);
	CHECK_EQ(cmos_get(RTC_MONTH), 0x11);
	CHECK_EQ(cmos_get(RTC_YEAR), 0x23);
	CHECK_EQ(cmos_get(RTC_CENTURY), 0x20);
	CHECK_EQ(cmos_get(RTC_REG_A) & 0x80, 0);	/* no UIP */
	CHECK_EQ(cmos_get(RTC_REG_B), 0x02);
	CHECK_EQ(cmos_get(RTC_REG_D), 0x80);
	/* the NMI mask bit is not part of the index */
	OUTB(0x70, 0x80 | RTC_MINUTES);
	CHECK_EQ(INB(0x71), 0x13);
	CHECK(cmos.nmi_masked);
	/* binary, then 12-hour mode */
	OUTB(0x70, RTC_REG_B);
	OUTB(0x71, RTC_B_24H | RTC_B_BINARY);
	CHECK_EQ(cmos_get(RTC_MINUTES), 13);
	CHECK_EQ(cmos_get(RTC_HOURS), 22);
	OUTB(0x70, RTC_REG_B);
	OUTB(0x71, 0);
	CHECK_EQ(cmos_get(RTC_HOURS), 0x80 | 0x10);	/* 10 PM */
	/* time writes are ignored, RAM writes stick */
	OUTB(0x70, RTC_SECONDS);
	OUTB(0x71, 0x00);
	CHECK_EQ(cmos_get(RTC_SECONDS), 0x20);
	OUTB(0x70, 0x40);
	OUTB(0x71, 0xa5);
	CHECK_EQ(cmos_get(0x40), 0xa5);

	/* memory size bytes for 256 MiB */
	CHECK_EQ(cmos_get(0x15) | (cmos_get(0x16) << 8), 640);
	CHECK_EQ(cmos_get(0x17) | (cmos_get(0x18) << 8), 0xfc00);
	CHECK_EQ(cmos_get(0x30) | (cmos_get(0x31) << 8), 0xfc00);
	CHECK_EQ(cmos_get(0x34) | (cmos_get(0x35) << 8), (240 << 20) >> 16);
	CHECK_EQ(cmos_get(0x5f), 1);
	/* and for 8 MiB */
	cmos_init(&cmos, 8ULL << 20, 1, wall_cb, NULL);
	CHECK_EQ(cmos_get(0x17) | (cmos_get(0x18) << 8), 7 * 1024);
	CHECK_EQ(cmos_get(0x34) | (cmos_get(0x35) << 8), 0);
	/* 3 GiB: above-16M count saturates */
	cmos_init(&cmos, 3ULL << 30, 1, wall_cb, NULL);
	CHECK_EQ(cmos_get(0x34) | (cmos_get(0x35) << 8), 0xbf00);
}

static int msi_count;
static u64 msi_addr;
static u32 msi_data_v;

static void msi_record(void *opaque, u64 address, u32 data)
{
	(void)opaque;
	msi_count++;
	msi_addr = address;
	msi_data_v = data;
}

static u32 ioapic_reg(struct ioapic *io, u32 reg)
{
	io->dev.write(&io->dev, IOAPIC_IOREGSEL, 4, reg);
	return (u32)io->dev.read(&io->dev, IOAPIC_IOWIN, 4);
}

static void ioapic_set_reg(struct ioapic *io, u32 reg, u32 val)
{
	io->dev.write(&io->dev, IOAPIC_IOREGSEL, 4, reg);
	io->dev.write(&io->dev, IOAPIC_IOWIN, 4, val);
}

static void test_ioapic_msi_encoding(void)
{
	u64 addr;
	u32 data;

	/* fixed, physical, edge, vector 0x30, APIC ID 3 */
	CHECK(ioapic_entry_to_msi(0x0300000000000030ULL, &addr, &data));
	CHECK_EQ(addr, 0xfee03000);
	CHECK_EQ(data, 0x30);
	/* lowest priority, logical destination 0x0f, level */
	CHECK(ioapic_entry_to_msi((0x0fULL << 56) | IOAPIC_TRIGGER |
				  IOAPIC_DESTMOD | (1 << 8) | 0x41,
				  &addr, &data));
	CHECK_EQ(addr, 0xfee0f004);
	CHECK_EQ(data, 0x41 | (1 << 8) | (1 << 15) | (1 << 14));
	/* NMI, APIC ID 0xff (broadcast) */
	CHECK(ioapic_entry_to_msi((0xffULL << 56) | (4 << 8), &addr, &data));
	CHECK_EQ(addr, 0xfeeff000);
	CHECK_EQ(data, 4 << 8);
	/* SMI and ExtINT are not sent */
	CHECK(!ioapic_entry_to_msi(2 << 8, &addr, &data));
	CHECK(!ioapic_entry_to_msi(7 << 8, &addr, &data));
	CHECK_EQ(isa_irq_to_gsi(0), 2);
	CHECK_EQ(isa_irq_to_gsi(4), 4);
}

static void test_ioapic_registers_and_delivery(void)
{
	static struct ioapic io;

	msi_count = 0;
	ioapic_init(&io, 2, msi_record, NULL);
	CHECK_EQ(ioapic_reg(&io, IOAPIC_REG_ID), 2u << 24);
	CHECK_EQ(ioapic_reg(&io, IOAPIC_REG_VER), 0x00170011);
	CHECK_EQ(ioapic_reg(&io, IOAPIC_REG_ARB), 2u << 24);
	/* every entry starts masked */
	CHECK_EQ(ioapic_reg(&io, 0x10 + 2 * 23), IOAPIC_MASKED);
	CHECK_EQ(io.dev.read(&io.dev, IOAPIC_IOREGSEL, 4), 0x10 + 2 * 23);
	/* VER is read-only; ID is writable */
	ioapic_set_reg(&io, IOAPIC_REG_VER, 0);
	CHECK_EQ(ioapic_reg(&io, IOAPIC_REG_VER), 0x00170011);
	ioapic_set_reg(&io, IOAPIC_REG_ID, 5u << 24);
	CHECK_EQ(ioapic_reg(&io, IOAPIC_REG_ID), 5u << 24);

	/* a masked pin delivers nothing */
	ioapic_set_irq(&io, 4, true);
	ioapic_set_irq(&io, 4, false);
	CHECK_EQ(msi_count, 0);
	/* pin 4: vector 0x24, APIC ID 1; delivery status/remote IRR RO */
	ioapic_set_reg(&io, 0x19, 0x01ffffff);	/* only bits 31:24 stick */
	ioapic_set_reg(&io, 0x18, 0x24 | IOAPIC_DELIVS | IOAPIC_REMOTE_IRR);
	CHECK_EQ(ioapic_reg(&io, 0x19), 0x01000000);
	CHECK_EQ(ioapic_reg(&io, 0x18), 0x24);
	ioapic_set_irq(&io, 4, true);
	CHECK_EQ(msi_count, 1);
	CHECK_EQ(msi_addr, 0xfee01000);
	CHECK_EQ(msi_data_v, 0x24);
	/* held high: no new edge; released and raised again: one more */
	ioapic_set_irq(&io, 4, true);
	CHECK_EQ(msi_count, 1);
	ioapic_set_irq(&io, 4, false);
	ioapic_set_irq(&io, 4, true);
	CHECK_EQ(msi_count, 2);
	/* out-of-range pins are ignored */
	ioapic_set_irq(&io, 24, true);
	CHECK_EQ(msi_count, 2);
	CHECK_EQ(ioapic_reg(&io, 0x40), 0xffffffff);
}

static void test_pic_linux_init(void)
{
	static struct pic pic;
	struct hv_device *devs[] = { &pic.chip[0].dev, &pic.chip[1].dev,
				     &pic.elcr_dev };

	pic_init(&pic);
	tbus_init(devs, 3);
	/* probe_8259A(): the mask must read back */
	OUTB(0x21, 0xff);
	OUTB(0xa1, 0xff);
	CHECK_EQ(INB(0x21), 0xff);
	CHECK_EQ(INB(0xa1), 0xff);
	/* init_8259A(): ICW1-ICW4 on both */
	OUTB(0x20, 0x11);
	OUTB(0x21, 0x30);	/* vectors 0x30-0x37 */
	OUTB(0x21, 0x04);	/* slave on IR2 */
	OUTB(0x21, 0x01);	/* 8086 mode */
	OUTB(0xa0, 0x11);
	OUTB(0xa1, 0x38);
	OUTB(0xa1, 0x02);
	OUTB(0xa1, 0x01);
	CHECK_EQ(pic.chip[0].vector_base, 0x30);
	CHECK_EQ(pic.chip[1].vector_base, 0x38);
	CHECK_EQ(pic.chip[0].init_step, 0);
	CHECK_EQ(INB(0x21), 0x00);	/* ICW1 cleared the mask */
	OUTB(0x21, 0xfb);		/* OCW1 */
	CHECK_EQ(INB(0x21), 0xfb);

	/* IRR follows rising edges, readable with OCW3 */
	pic_set_irq(&pic, 1, true);
	pic_set_irq(&pic, 9, true);
	OUTB(0x20, 0x0a);		/* read IRR */
	CHECK_EQ(INB(0x20), 0x02);
	CHECK_EQ(INB(0xa0), 0x02);
	OUTB(0x20, 0x0b);		/* read ISR */
	CHECK_EQ(INB(0x20), 0x00);
	/* poll: acknowledges the highest unmasked request */
	OUTB(0x21, 0x00);
	OUTB(0x20, 0x0c);
	CHECK_EQ(INB(0x20), 0x81);
	OUTB(0x20, 0x0b);
	CHECK_EQ(INB(0x20), 0x02);	/* now in service */
	OUTB(0x20, 0x20);		/* non-specific EOI */
	CHECK_EQ(INB(0x20), 0x00);

	/* ELCR: reserved bits stay 0 */
	OUTB(0x4d0, 0xff);
	OUTB(0x4d1, 0xff);
	CHECK_EQ(INB(0x4d0), 0xf8);
	CHECK_EQ(INB(0x4d1), 0xde);
}

static int reset_calls, poweroff_calls;

static void reset_record(void *opaque)
{
	(void)opaque;
	reset_calls++;
}

static void poweroff_record(void *opaque)
{
	(void)opaque;
	poweroff_calls++;
}

static void test_i8042(void)
{
	static struct i8042 kbc;
	struct hv_device *devs[] = { &kbc.data_dev, &kbc.cmd_dev };

	reset_calls = 0;
	i8042_init(&kbc, reset_record, NULL);
	tbus_init(devs, 2);
	CHECK_EQ(INB(0x64) & I8042_STR_OBF, 0);
	/* self-test */
	OUTB(0x64, 0xaa);
	CHECK_EQ(INB(0x64) & (I8042_STR_OBF | I8042_STR_SYSFLAG),
		 I8042_STR_OBF | I8042_STR_SYSFLAG);
	CHECK_EQ(INB(0x60), 0x55);
	CHECK_EQ(INB(0x64) & I8042_STR_OBF, 0);
	/* command byte: read, write, read back */
	OUTB(0x64, 0x20);
	CHECK_EQ(INB(0x60), 0x45);
	OUTB(0x64, 0x60);
	OUTB(0x60, 0x47);
	OUTB(0x64, 0x20);
	CHECK_EQ(INB(0x60), 0x47);
	/* keyboard interface test; no AUX port */
	OUTB(0x64, 0xab);
	CHECK_EQ(INB(0x60), 0x00);
	OUTB(0x64, 0xa9);
	CHECK_EQ(INB(0x60), 0x01);
	OUTB(0x64, 0xd3);
	OUTB(0x60, 0x5a);
	CHECK_EQ(INB(0x64) & 0x20, 0);	/* not flagged as AUX data */
	CHECK_EQ(INB(0x60), 0x5a);
	/* bytes for the absent keyboard vanish */
	OUTB(0x60, 0xf2);
	CHECK_EQ(INB(0x64) & I8042_STR_OBF, 0);
	CHECK_EQ(reset_calls, 0);
	/* 0xFF pulses nothing; 0xFE pulses the reset line */
	OUTB(0x64, 0xff);
	CHECK_EQ(reset_calls, 0);
	OUTB(0x64, 0xfe);
	CHECK_EQ(reset_calls, 1);
	/* writing the output port with bit 0 clear resets too */
	OUTB(0x64, 0xd1);
	OUTB(0x60, 0x02);
	CHECK_EQ(reset_calls, 2);
}

static u64 fw_cfg_read_item(u16 key, u8 *buf, unsigned int len)
{
	unsigned int i;

	bus_write(&tbus, 0x510, 2, key);
	for (i = 0; i < len; i++)
		buf[i] = (u8)INB(0x511);
	return le_load(buf, len < 8 ? len : 8);
}

static void test_fw_cfg(void)
{
	static struct fw_cfg fw;
	struct hv_device *devs[] = { &fw.dev };
	u8 buf[16];

	fw_cfg_init(&fw, 256ULL << 20, 4);
	tbus_init(devs, 1);
	fw_cfg_read_item(FW_CFG_SIGNATURE, buf, 4);
	CHECK(!memcmp(buf, "QEMU", 4));
	CHECK_EQ(fw_cfg_read_item(FW_CFG_ID, buf, 4), 1);
	CHECK_EQ(fw_cfg_read_item(FW_CFG_RAM_SIZE, buf, 8), 256ULL << 20);
	CHECK_EQ(fw_cfg_read_item(FW_CFG_NB_CPUS, buf, 2), 4);
	CHECK_EQ(fw_cfg_read_item(FW_CFG_MAX_CPUS, buf, 2), 4);
	/* past the end and unknown keys read 0 */
	fw_cfg_read_item(FW_CFG_SIGNATURE, buf, 6);
	CHECK_EQ(buf[4], 0);
	CHECK_EQ(buf[5], 0);
	CHECK_EQ(fw_cfg_read_item(0x19, buf, 4), 0);
	/* reselecting rewinds */
	CHECK_EQ(fw_cfg_read_item(FW_CFG_NB_CPUS, buf, 1), 4);
	CHECK_EQ(fw_cfg_read_item(FW_CFG_NB_CPUS, buf, 1), 4);
	/* the selector is write-only */
	CHECK_EQ(bus_read(&tbus, 0x510, 2), 0xffff);
}

static void test_pci_conf1_and_reset(void)
{
	static struct pci_host pci;
	struct hv_device *devs[] = { &pci.dev };

	reset_calls = 0;
	pci_host_init(&pci, reset_record, NULL);
	tbus_init(devs, 1);
	/* pci_check_type1() */
	OUTB(0xcfb, 0x01);
	bus_write(&tbus, 0xcf8, 4, 0x80000000);
	CHECK_EQ(bus_read(&tbus, 0xcf8, 4), 0x80000000);
	bus_write(&tbus, 0xcf8, 4, 0x80001003);
	CHECK_EQ(bus_read(&tbus, 0xcf8, 4), 0x80001000);
	/* no devices */
	CHECK_EQ(bus_read(&tbus, 0xcfc, 4), 0xffffffff);
	CHECK_EQ(bus_read(&tbus, 0xcfe, 2), 0xffff);
	/* pci_check_type2() must fail: byte reads are not 0 */
	OUTB(0xcf8, 0x00);
	OUTB(0xcfa, 0x00);
	CHECK_EQ(INB(0xcf8), 0xff);
	CHECK_EQ(INB(0xcfa), 0xff);
	/* reset control: 0x02 alone does nothing, 0x06 resets */
	OUTB(0xcf9, 0x02);
	CHECK_EQ(reset_calls, 0);
	CHECK_EQ(INB(0xcf9), 0x02);
	OUTB(0xcf9, 0x06);
	CHECK_EQ(reset_calls, 1);
}

static void test_acpi_pm(void)
{
	static struct acpi_pm pm;
	struct hv_device *devs[] = { &pm.dev };

	poweroff_calls = 0;
	fake_ns = 1000000000ULL;
	acpi_pm_init(&pm, &test_clock, poweroff_record, NULL);
	tbus_init(devs, 1);
	/* SCI_EN reads 1 */
	CHECK_EQ(bus_read(&tbus, 0x604, 2) & ACPI_PM1_CNT_SCI_EN, 1);
	/* PM timer: 3.579545 MHz, 24 bits */
	CHECK_EQ(bus_read(&tbus, 0x608, 4), 3579545);
	fake_ns = 5000000000ULL;
	CHECK_EQ(bus_read(&tbus, 0x608, 4), 17897725 - 16777216);
	CHECK_EQ(acpi_pm_timer(5000000000ULL), 17897725 - 16777216);
	/* PM1_EN is read/write, PM1_STS write-1-to-clear */
	bus_write(&tbus, 0x602, 2, 0x0121);
	CHECK_EQ(bus_read(&tbus, 0x602, 2), 0x0121);
	pm.sts = 0x8101;
	bus_write(&tbus, 0x600, 2, 0x0001);
	CHECK_EQ(bus_read(&tbus, 0x600, 2), 0x8100);
	CHECK_EQ(bus_read(&tbus, 0x600, 4), 0x01218100);
	/* SLP_EN with S1: ignored; SLP_TYP 5 without SLP_EN: nothing */
	bus_write(&tbus, 0x604, 2, (1 << 10) | (1 << 13) | 1);
	bus_write(&tbus, 0x604, 2, (5 << 10) | 1);
	CHECK_EQ(poweroff_calls, 0);
	/* SLP_EN reads as 0 */
	CHECK_EQ(bus_read(&tbus, 0x604, 2), (5 << 10) | 1);
	/* S5: power off */
	bus_write(&tbus, 0x604, 2, (5 << 10) | (1 << 13) | 1);
	CHECK_EQ(poweroff_calls, 1);
	/* also with a byte write to the high byte */
	bus_write(&tbus, 0x605, 1, (5 << 2) | (1 << 5));
	CHECK_EQ(poweroff_calls, 2);
	/* the hole at 0x606 */
	CHECK_EQ(bus_read(&tbus, 0x606, 2), 0xffff);
}

static void test_uart_irq_line(void)
{
	static struct uart16550 uart;
	struct hv_irq_line line = { .set = irq_record, .irq = 4 };

	irq_edges = 0;
	irq_level_now = 0;
	tx_len = 0;
	uart16550_init(&uart, UART_COM1_BASE, tx_capture, NULL);
	uart16550_connect_irq(&uart, &line);
	CHECK_EQ(irq_edges, 0);
	/* IER: only the low 4 bits exist */
	uart.dev.write(&uart.dev, UART_IER, 1, 0xf2);
	CHECK_EQ(uart.dev.read(&uart.dev, UART_IER, 1), 0x02);
	/* enabling THRI with THR empty raises the line at once */
	CHECK_EQ(irq_edges, 1);
	CHECK_EQ(irq_last_irq, 4);
	CHECK(irq_level_now);
	/* reading IIR acknowledges THRE and drops the line */
	CHECK_EQ(uart.dev.read(&uart.dev, UART_IIR, 1), UART_IIR_THRI);
	CHECK(!irq_level_now);
	CHECK_EQ(uart.dev.read(&uart.dev, UART_IIR, 1), UART_IIR_NO_INT);
	/* each THR write is a new edge (8250's THRE-driven console) */
	uart.dev.write(&uart.dev, UART_THR, 1, 'a');
	CHECK_EQ(irq_edges, 2);
	uart.dev.write(&uart.dev, UART_THR, 1, 'b');
	CHECK_EQ(irq_edges, 3);
	CHECK_EQ(tx_len, 2);
	/* received data outranks THRE in IIR, with FIFOs on */
	uart.dev.write(&uart.dev, UART_FCR, 1, UART_FCR_ENABLE);
	uart.dev.write(&uart.dev, UART_IER, 1, UART_IER_RDI | UART_IER_THRI);
	CHECK(uart16550_receive(&uart, 'x'));
	CHECK(irq_level_now);
	CHECK_EQ(uart.dev.read(&uart.dev, UART_IIR, 1),
		 UART_IIR_RDI | UART_IIR_FIFO);
	CHECK_EQ(uart.dev.read(&uart.dev, UART_RBR, 1), 'x');
	/* THRE still pending underneath */
	CHECK(irq_level_now);
	CHECK_EQ(uart.dev.read(&uart.dev, UART_IIR, 1),
		 UART_IIR_THRI | UART_IIR_FIFO);
	CHECK(!irq_level_now);
	/* disabling interrupts drops the line */
	CHECK(uart16550_receive(&uart, 'y'));
	CHECK(irq_level_now);
	uart.dev.write(&uart.dev, UART_IER, 1, 0);
	CHECK(!irq_level_now);
}

int main(void)
{
	UNIT_RUN(test_bus_register);
	UNIT_RUN(test_bus_full);
	UNIT_RUN(test_bus_unclaimed);
	UNIT_RUN(test_uart_output_and_lsr);
	UNIT_RUN(test_uart_registers);
	UNIT_RUN(test_uart_loopback);
	UNIT_RUN(test_uart_rx_and_interrupts);
	UNIT_RUN(test_debug_exit);
	UNIT_RUN(test_pio_rep_and_malformed);
	UNIT_RUN(test_testdev_mmio);
	UNIT_RUN(test_regs_real_mode);
	UNIT_RUN(test_regs_dump);
	UNIT_RUN(test_pit_channel2_calibration);
	UNIT_RUN(test_pit_readback_and_periodic_irq);
	UNIT_RUN(test_rtc_calendar);
	UNIT_RUN(test_cmos_rtc_registers);
	UNIT_RUN(test_ioapic_msi_encoding);
	UNIT_RUN(test_ioapic_registers_and_delivery);
	UNIT_RUN(test_pic_linux_init);
	UNIT_RUN(test_i8042);
	UNIT_RUN(test_fw_cfg);
	UNIT_RUN(test_pci_conf1_and_reset);
	UNIT_RUN(test_acpi_pm);
	UNIT_RUN(test_uart_irq_line);
	return unit_summary();
}
