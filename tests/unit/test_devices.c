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
	return unit_summary();
}
