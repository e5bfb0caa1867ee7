// SPDX-License-Identifier: GPL-2.0
/*
 * 8042 keyboard controller without devices; see i8042.h.
 */
#include "tools/hvctl/dev/i8042.h"

/* Controller commands (written to port 0x64). */
#define CMD_READ_CTR		0x20
#define CMD_WRITE_CTR		0x60
#define CMD_AUX_DISABLE		0xa7
#define CMD_AUX_ENABLE		0xa8
#define CMD_AUX_TEST		0xa9
#define CMD_SELF_TEST		0xaa
#define CMD_KBD_TEST		0xab
#define CMD_KBD_DISABLE		0xad
#define CMD_KBD_ENABLE		0xae
#define CMD_READ_OUTPUT		0xd0
#define CMD_WRITE_OUTPUT	0xd1
#define CMD_KBD_LOOP		0xd2
#define CMD_AUX_LOOP		0xd3
#define CMD_AUX_SEND		0xd4
#define CMD_PULSE_FIRST		0xf0	/* 0xf0-0xff: pulse output lines */

#define CTR_KBDDIS		0x10
#define CTR_AUXDIS		0x20
#define OUTPUT_RESET		0x01	/* output port bit 0: CPU reset, 0 = active */

static void i8042_output(struct i8042 *kbc, u8 val)
{
	kbc->outbuf = val;
	kbc->status |= I8042_STR_OBF;
}

static void i8042_command(struct i8042 *kbc, u8 cmd)
{
	switch (cmd) {
	case CMD_READ_CTR:
		i8042_output(kbc, kbc->ctr);
		break;
	case CMD_WRITE_CTR:
	case CMD_WRITE_OUTPUT:
	case CMD_KBD_LOOP:
	case CMD_AUX_LOOP:
	case CMD_AUX_SEND:
		kbc->pending = cmd;	/* the data byte follows on 0x60 */
		break;
	case CMD_AUX_DISABLE:
		kbc->ctr |= CTR_AUXDIS;
		break;
	case CMD_AUX_ENABLE:
		kbc->ctr &= ~CTR_AUXDIS;
		break;
	case CMD_AUX_TEST:
		i8042_output(kbc, 0x01);	/* no AUX port: see i8042.h */
		break;
	case CMD_SELF_TEST:
		kbc->status |= I8042_STR_SYSFLAG;
		i8042_output(kbc, 0x55);
		break;
	case CMD_KBD_TEST:
		i8042_output(kbc, 0x00);	/* interface OK */
		break;
	case CMD_KBD_DISABLE:
		kbc->ctr |= CTR_KBDDIS;
		break;
	case CMD_KBD_ENABLE:
		kbc->ctr &= ~CTR_KBDDIS;
		break;
	case CMD_READ_OUTPUT:
		i8042_output(kbc, kbc->output_port);
		break;
	default:
		/*
		 * 0xf0-0xff pulse the output port bits whose command bit
		 * is 0 for 6 us; bit 0 is the CPU reset line, so 0xFE is
		 * "reset the machine".
		 */
		if (cmd >= CMD_PULSE_FIRST && !(cmd & OUTPUT_RESET) &&
		    kbc->reset)
			kbc->reset(kbc->opaque);
		break;
	}
}

static void i8042_data(struct i8042 *kbc, u8 val)
{
	u8 cmd = kbc->pending;

	kbc->pending = 0;
	switch (cmd) {
	case CMD_WRITE_CTR:
		kbc->ctr = val;
		break;
	case CMD_WRITE_OUTPUT:
		kbc->output_port = val;
		if (!(val & OUTPUT_RESET) && kbc->reset)
			kbc->reset(kbc->opaque);
		break;
	case CMD_KBD_LOOP:
	case CMD_AUX_LOOP:
		/* echoed as keyboard data; for 0xD3 see i8042.h */
		i8042_output(kbc, val);
		break;
	default:
		/* to the keyboard (or 0xD4: the mouse): nobody there */
		break;
	}
}

static u64 i8042_data_read(struct hv_device *dev, u64 offset,
			   unsigned int size)
{
	struct i8042 *kbc = container_of(dev, struct i8042, data_dev);

	(void)offset;
	(void)size;
	/* reading empties the buffer; an empty one repeats the last byte */
	kbc->status &= ~I8042_STR_OBF;
	return kbc->outbuf;
}

static void i8042_data_write(struct hv_device *dev, u64 offset,
			     unsigned int size, u64 val)
{
	struct i8042 *kbc = container_of(dev, struct i8042, data_dev);

	(void)offset;
	(void)size;
	kbc->status &= ~I8042_STR_CMDDAT;
	i8042_data(kbc, (u8)val);
}

static u64 i8042_status_read(struct hv_device *dev, u64 offset,
			     unsigned int size)
{
	struct i8042 *kbc = container_of(dev, struct i8042, cmd_dev);

	(void)offset;
	(void)size;
	/* the input buffer is never full: commands complete at once */
	return kbc->status;
}

static void i8042_cmd_write(struct hv_device *dev, u64 offset,
			    unsigned int size, u64 val)
{
	struct i8042 *kbc = container_of(dev, struct i8042, cmd_dev);

	(void)offset;
	(void)size;
	kbc->status |= I8042_STR_CMDDAT;
	kbc->pending = 0;
	i8042_command(kbc, (u8)val);
}

void i8042_init(struct i8042 *kbc, void (*reset)(void *opaque),
		void *opaque)
{
	memset(kbc, 0, sizeof(*kbc));
	kbc->data_dev.name = "i8042-data";
	kbc->data_dev.base = I8042_DATA_PORT;
	kbc->data_dev.len = 1;
	kbc->data_dev.read = i8042_data_read;
	kbc->data_dev.write = i8042_data_write;
	kbc->cmd_dev.name = "i8042-cmd";
	kbc->cmd_dev.base = I8042_CMD_PORT;
	kbc->cmd_dev.len = 1;
	kbc->cmd_dev.read = i8042_status_read;
	kbc->cmd_dev.write = i8042_cmd_write;
	/* as the BIOS leaves it: self-test passed, keyboard interrupt on */
	kbc->status = I8042_STR_SYSFLAG | I8042_STR_KEYLOCK;
	kbc->ctr = 0x45;	/* KBDINT | SYSFLAG | XLATE */
	kbc->output_port = 0x03;	/* reset inactive, A20 enabled */
	kbc->reset = reset;
	kbc->opaque = opaque;
}
