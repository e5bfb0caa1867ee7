// SPDX-License-Identifier: GPL-2.0
/*
 * Exit records and events in words (explain.h). Pure: strings in, strings
 * out, tested by tests/unit/test_explain.c.
 *
 * The qualification layouts are those of SDM Vol. 3C 28.2.1 ("Basic VM-
 * Exit Information"): Table 28-5 (I/O instructions), 28-3 (control-
 * register accesses) and 28-7 (EPT violations).
 */
#include <stdarg.h>
#include <stdio.h>

#include "tools/hvctl/explain.h"
#include "uapi/vmx_hv_genl.h"
#include "vmx/exit_reasons.h"

/*
 * snprintf() at *off into buf, advancing *off but never past the end:
 * a long line is cut, never overflowed, and later calls become no-ops.
 */
static void __attribute__((format(printf, 4, 5)))
add(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n;
	if (*off >= len)
		*off = len;
}

/* The record's own name if the module sent one, else ours. */
static const char *rec_name(const struct hv_exit_rec *r)
{
	const char *n;

	if (r->name[0])
		return r->name;
	n = hv_exit_reason_name(r->reason);
	return n ? n : "?";
}

static const char *const gpr_names[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* I/O qualification (Table 28-5): size-1 in 2:0, IN in bit 3, string
 * in bit 4, REP in bit 5, port in 31:16. */
static void decode_io(u64 q, char *buf, size_t len, size_t *off)
{
	add(buf, len, off, "port=0x%x size=%u %s%s%s",
	    (unsigned int)(q >> 16) & 0xffff, (unsigned int)(q & 7) + 1,
	    q & (1u << 3) ? "in" : "out", q & (1u << 4) ? " string" : "",
	    q & (1u << 5) ? " rep" : "");
}

/*
 * EPT violation (Table 28-7): what the access was (bits 0-2: read,
 * write, instruction fetch) and what the EPT entry allowed (bits 3-5).
 * The GPA itself is not in the qualification but in the record.
 */
static void decode_ept(const struct hv_exit_rec *r, char *buf, size_t len,
		       size_t *off)
{
	u64 q = r->qual;

	add(buf, len, off, "gpa=0x%llx access=%c%c%c allowed=%c%c%c",
	    (unsigned long long)r->gpa,
	    q & 1 ? 'R' : '-', q & 2 ? 'W' : '-', q & 4 ? 'X' : '-',
	    q & 8 ? 'r' : '-', q & 16 ? 'w' : '-', q & 32 ? 'x' : '-');
}

/* CR access (Table 28-3): CR in 3:0, type in 5:4, GPR in 11:8, LMSW
 * source data in 31:16. */
static void decode_cr(u64 q, char *buf, size_t len, size_t *off)
{
	unsigned int cr = q & 15, type = (q >> 4) & 3, reg = (q >> 8) & 15;

	switch (type) {
	case 0:
		add(buf, len, off, "mov %s -> cr%u", gpr_names[reg], cr);
		break;
	case 1:
		add(buf, len, off, "mov cr%u -> %s", cr, gpr_names[reg]);
		break;
	case 2:
		add(buf, len, off, "clts");
		break;
	default:
		add(buf, len, off, "lmsw 0x%x", (unsigned int)(q >> 16) & 0xffff);
		break;
	}
}

char *hv_decode_qual(const struct hv_exit_rec *r, char *buf, size_t len)
{
	size_t off = 0;

	if (len)
		buf[0] = '\0';
	switch (r->reason) {
	case EXIT_REASON_IO_INSTRUCTION:
		decode_io(r->qual, buf, len, &off);
		break;
	case EXIT_REASON_EPT_VIOLATION:
		decode_ept(r, buf, len, &off);
		break;
	case EXIT_REASON_EPT_MISCONFIG:
		add(buf, len, &off, "gpa=0x%llx", (unsigned long long)r->gpa);
		break;
	case EXIT_REASON_CR_ACCESS:
		decode_cr(r->qual, buf, len, &off);
		break;
	/* no qualification: the MSR number is in RCX, the leaf in RAX */
	case EXIT_REASON_MSR_READ:
	case EXIT_REASON_MSR_WRITE:
	case EXIT_REASON_CPUID:
	case EXIT_REASON_HLT:
	case EXIT_REASON_EXTERNAL_INTERRUPT:
	case EXIT_REASON_PREEMPTION_TIMER:
		break;
	default:
		if (r->qual)
			add(buf, len, &off, "qual=0x%llx",
			    (unsigned long long)r->qual);
		break;
	}
	return buf;
}

/*
 * The device model hvctl puts behind a port (run.c's setup_devices()),
 * to name it in "relayed to the userspace UART". NULL: unknown.
 */
static const char *port_device(u16 port)
{
	static const struct {
		u16 base, len;
		const char *name;
	} ports[] = {
		{ 0x3f8, 8, "UART" },		{ 0xf4, 1, "isa-debug-exit" },
		{ 0x20, 2, "PIC" },		{ 0xa0, 2, "PIC" },
		{ 0x4d0, 2, "PIC (ELCR)" },	{ 0x40, 4, "PIT" },
		{ 0x61, 1, "PIT (port 0x61)" },	{ 0x70, 2, "CMOS RTC" },
		{ 0x60, 1, "i8042" },		{ 0x64, 1, "i8042" },
		{ 0x510, 2, "fw_cfg" },		{ 0xcf8, 8, "PCI host" },
		{ 0x600, 16, "ACPI PM" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (port >= ports[i].base && port < ports[i].base + ports[i].len)
			return ports[i].name;
	return NULL;
}

/* The in-kernel local APIC's page (the architectural default base). */
#define LAPIC_BASE	0xfee00000ULL
#define LAPIC_SIZE	0x1000ULL

static void explain_io(const struct hv_exit_rec *r, char *buf, size_t len,
		       size_t *off)
{
	bool out = r->dir;
	const char *dev = port_device(r->port);

	add(buf, len, off, "%s %s 0x%x ", out ? "OUT" : "IN",
	    out ? "to" : "from", r->port);
	if (r->handled == HV_HANDLED_USER) {
		if (dev)
			add(buf, len, off,
			    "trapped and relayed to the userspace %s (trap-and-emulate)",
			    dev);
		else
			add(buf, len, off,
			    "trapped and relayed to userspace, where no device claims it (trap-and-emulate)");
	} else {
		add(buf, len, off, "trapped and answered in the module%s",
		    r->port == 0x80 ? " (POST/delay port, no device)" : "");
	}
}

static void explain_mmio(const struct hv_exit_rec *r, char *buf, size_t len,
			 size_t *off)
{
	const char *rw = r->dir ? "write to" : "read of";

	if (r->handled == HV_HANDLED_USER)
		add(buf, len, off,
		    "MMIO %s 0x%llx decoded and forwarded to userspace (MMIO emulation)",
		    rw, (unsigned long long)r->gpa);
	else if (r->gpa >= LAPIC_BASE && r->gpa < LAPIC_BASE + LAPIC_SIZE)
		add(buf, len, off,
		    "MMIO %s 0x%llx emulated in the module (in-kernel LAPIC)",
		    rw, (unsigned long long)r->gpa);
	else
		add(buf, len, off,
		    "EPT violation at GPA 0x%llx emulated in the module",
		    (unsigned long long)r->gpa);
}

char *hv_explain(const struct hv_exit_rec *r, char *buf, size_t len)
{
	const char *name = rec_name(r);
	size_t off = 0;

	if (len)
		buf[0] = '\0';
	switch (r->handled) {
	case HV_HANDLED_EPT_FILL:
		/* with shadow paging the fill follows a #PF (exception exit) */
		if (r->reason == EXIT_REASON_EXCEPTION_NMI)
			add(buf, len, &off,
			    "#PF at 0x%llx (GPA 0x%llx) filled into the shadow page table",
			    (unsigned long long)r->qual,
			    (unsigned long long)r->gpa);
		else
			add(buf, len, &off,
			    "EPT violation at GPA 0x%llx filled on demand (nested paging)",
			    (unsigned long long)r->gpa);
		break;
	case HV_HANDLED_HOST_IRQ:
		if (r->reason == EXIT_REASON_PREEMPTION_TIMER)
			add(buf, len, &off,
			    "time slice over: the guest was paused for the host (VMX-preemption timer)");
		else
			add(buf, len, &off,
			    "host interrupt: the guest was paused for the host (external-interrupt exiting)");
		break;
	case HV_HANDLED_HALTED:
		add(buf, len, &off,
		    "HLT: vCPU blocked until an interrupt (in-kernel LAPIC)");
		break;
	case HV_HANDLED_INJECTED:
		add(buf, len, &off,
		    "%s: exception injected into the guest (reflection)", name);
		break;
	case HV_HANDLED_FAILED:
		add(buf, len, &off,
		    "%s could not be handled: the vCPU stops (internal error)",
		    name);
		break;
	case HV_HANDLED_KERNEL:
	case HV_HANDLED_USER:
		if (r->reason == EXIT_REASON_IO_INSTRUCTION)
			explain_io(r, buf, len, &off);
		else if (r->reason == EXIT_REASON_EPT_VIOLATION)
			explain_mmio(r, buf, len, &off);
		else if (r->handled == HV_HANDLED_KERNEL)
			add(buf, len, &off, "%s emulated in the module", name);
		else if (r->reason == EXIT_REASON_TRIPLE_FAULT)
			add(buf, len, &off,
			    "triple fault: reported to userspace, the VM stops (shutdown)");
		else
			add(buf, len, &off, "%s handed to userspace", name);
		break;
	default:
		add(buf, len, &off, "%s: handling not recorded", name);
		break;
	}
	return buf;
}

char *hv_hex_bytes(const u8 *b, unsigned int n, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < n; i++)
		add(buf, len, &off, "%s%02x", i ? " " : "", b[i]);
	return buf;
}

char *hv_format_record(const struct hv_exit_rec *r, bool explain,
		       char *buf, size_t len)
{
	char tmp[160];
	size_t off = 0;

	add(buf, len, &off, "%6llu %-18s rip=0x%llx", (unsigned long long)r->seq,
	    rec_name(r), (unsigned long long)r->rip);
	hv_decode_qual(r, tmp, sizeof(tmp));
	if (tmp[0])
		add(buf, len, &off, " %s", tmp);
	/* data only means something for OUT and MMIO writes */
	if (r->dir && (r->reason == EXIT_REASON_IO_INSTRUCTION ||
		       (r->reason == EXIT_REASON_EPT_VIOLATION &&
			r->handled == HV_HANDLED_USER)))
		add(buf, len, &off, " data=0x%llx", (unsigned long long)r->data);
	if (r->nbytes) {
		unsigned int n = r->nbytes > 15 ? 15 : r->nbytes;

		add(buf, len, &off, " bytes=[%s]",
		    hv_hex_bytes(r->bytes, n, tmp, sizeof(tmp)));
	}
	if (explain)
		add(buf, len, &off, " -- %s", hv_explain(r, tmp, sizeof(tmp)));
	return buf;
}

static const char *event_reason(u32 reason)
{
	const char *n = hv_exit_reason_name(reason & 0xffff);

	return n ? n : "?";
}

char *hv_format_event(const struct hv_event_rec *e, char *buf, size_t len)
{
	char tmp[64];
	size_t off = 0;

	add(buf, len, &off, "vm %u", e->vm_id);
	if (e->has_vcpu)
		add(buf, len, &off, " vcpu %u", e->vcpu_id);
	add(buf, len, &off, ": ");
	switch (e->type) {
	case HV_EVENT_VM_CREATED:
	case HV_EVENT_VM_DESTROYED:
		/* the module puts the owner as "pid N" into TEXT */
		add(buf, len, &off, "VM %s%s%s",
		    e->type == HV_EVENT_VM_CREATED ? "created" : "destroyed",
		    e->text[0] ? " " : "", e->text);
		break;
	case HV_EVENT_ENTRY_FAILED:
		add(buf, len, &off,
		    "VM entry failed: vm_instruction_error=%u exit_reason=0x%x (%s) qualification=0x%llx",
		    e->vm_instr_error, e->reason,
		    e->reason ? event_reason(e->reason) : "VMfailValid",
		    (unsigned long long)e->qual);
		if (e->field)
			add(buf, len, &off, " field=0x%x (%s) value=0x%llx",
			    e->field, e->field_name ? e->field_name : "?",
			    (unsigned long long)e->value);
		break;
	case HV_EVENT_SHUTDOWN:
		add(buf, len, &off, "shutdown (triple fault) at rip=0x%llx",
		    (unsigned long long)e->rip);
		break;
	case HV_EVENT_UNDECODABLE_MMIO:
		add(buf, len, &off,
		    "undecodable MMIO instruction at rip=0x%llx gpa=0x%llx bytes=[%s]",
		    (unsigned long long)e->rip, (unsigned long long)e->gpa,
		    hv_hex_bytes(e->bytes, e->nbytes > 15 ? 15 : e->nbytes,
				 tmp, sizeof(tmp)));
		break;
	case HV_EVENT_UNHANDLED_EXIT:
		add(buf, len, &off,
		    "unhandled exit %u (%s) qualification=0x%llx at rip=0x%llx",
		    e->reason, event_reason(e->reason),
		    (unsigned long long)e->qual, (unsigned long long)e->rip);
		break;
	default:
		add(buf, len, &off, "event type %u", e->type);
		break;
	}
	/* any other text the module attached */
	if (e->text[0] && e->type != HV_EVENT_VM_CREATED &&
	    e->type != HV_EVENT_VM_DESTROYED)
		add(buf, len, &off, " (%s)", e->text);
	return buf;
}

char *hv_human_size(u64 bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned int u = 0;
	u64 div = 1024;

	if (bytes < 1024) {
		snprintf(buf, len, "%lluB", (unsigned long long)bytes);
		return buf;
	}
	while (u + 1 < sizeof(units) - 1 && bytes >= div * 1024) {
		div *= 1024;
		u++;
	}
	/* whole numbers without a decimal: "64M", not "64.0M" */
	if (bytes % div == 0)
		snprintf(buf, len, "%llu%c", (unsigned long long)(bytes / div),
			 units[u]);
	else
		snprintf(buf, len, "%.1f%c", (double)bytes / (double)div,
			 units[u]);
	return buf;
}
