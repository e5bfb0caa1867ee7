// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of tools/hvctl/explain.c (what `hvctl trace`, `hvctl events`
 * and `hvctl ps` print) and tools/hvctl/diag.c (the instruction bytes at
 * RIP that `hvctl run` prints after a failure). The sentences are a
 * contract: the lab greps for them (tests/lab/cases/55-netlink.sh).
 */
#include "tests/unit/unit.h"
#include "tools/hvctl/explain.h"
#include "tools/hvctl/diag.h"
#include "uapi/vmx_hv_genl.h"

static char buf[512];

#define CHECK_STR(got, want) do {					\
	const char *_g = (got), *_w = (want);				\
	if (strcmp(_g, _w)) {						\
		printf("  %s:%d: got \"%s\"\n  want \"%s\"\n",		\
		       __FILE__, __LINE__, _g, _w);			\
		unit_cur_failed = 1;					\
	}								\
} while (0)

static struct hv_exit_rec rec(u32 reason, u8 handled)
{
	struct hv_exit_rec r;

	memset(&r, 0, sizeof(r));
	r.reason = reason;
	r.handled = handled;
	return r;
}

static void test_io(void)
{
	/* OUT DX, AL to 0x3f8: size 1, bit 3 clear (out), port in 31:16 */
	struct hv_exit_rec r = rec(30, HV_HANDLED_USER);

	r.qual = 0x3f80000ULL | 0x40;	/* bit 6: operand in DX */
	r.port = 0x3f8;
	r.size = 1;
	r.dir = 1;
	r.data = 0x68;
	r.nbytes = 1;
	r.bytes[0] = 0xee;
	r.seq = 5;
	r.rip = 0x7c10;
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)),
		  "port=0x3f8 size=1 out");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "OUT to 0x3f8 trapped and relayed to the userspace UART (trap-and-emulate)");
	CHECK_STR(hv_format_record(&r, true, buf, sizeof(buf)),
		  "     5 IO_INSTRUCTION     rip=0x7c10 port=0x3f8 size=1 out data=0x68 bytes=[ee] -- OUT to 0x3f8 trapped and relayed to the userspace UART (trap-and-emulate)");

	/* IN AL, DX from LSR 0x3fd, REP INSW from 0x1f0 */
	r = rec(30, HV_HANDLED_USER);
	r.qual = (0x3fdULL << 16) | 8;
	r.port = 0x3fd;
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)),
		  "port=0x3fd size=1 in");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "IN from 0x3fd trapped and relayed to the userspace UART (trap-and-emulate)");
	r.qual = (0x1f0ULL << 16) | 0x38 | 1;
	r.port = 0x1f0;
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)),
		  "port=0x1f0 size=2 in string rep");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "IN from 0x1f0 trapped and relayed to userspace, where no device claims it (trap-and-emulate)");

	/* port 0x80 stays in the module */
	r = rec(30, HV_HANDLED_KERNEL);
	r.port = 0x80;
	r.dir = 1;
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "OUT to 0x80 trapped and answered in the module (POST/delay port, no device)");
}

static void test_ept(void)
{
	struct hv_exit_rec r = rec(48, HV_HANDLED_EPT_FILL);

	r.gpa = 0x7000;
	r.qual = 0x2 | 0x80;		/* write; linear address valid */
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)),
		  "gpa=0x7000 access=-W- allowed=---");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "EPT violation at GPA 0x7000 filled on demand (nested paging)");

	/* shadow paging: a #PF exit (reason 0) whose qualification is CR2 */
	r = rec(0, HV_HANDLED_EPT_FILL);
	r.gpa = 0x7000;
	r.qual = 0xffff800000007000ULL;
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "#PF at 0xffff800000007000 (GPA 0x7000) filled into the shadow page table");

	r = rec(48, HV_HANDLED_USER);
	r.gpa = 0xd0000010;
	r.qual = 0x2;
	r.dir = 1;
	r.size = 4;
	r.data = 0x12345678;
	r.nbytes = 6;
	memcpy(r.bytes, "\x66\x89\x05\x10\x00\x00", 6);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "MMIO write to 0xd0000010 decoded and forwarded to userspace (MMIO emulation)");
	CHECK_STR(hv_format_record(&r, false, buf, sizeof(buf)),
		  "     0 EPT_VIOLATION      rip=0x0 gpa=0xd0000010 access=-W- allowed=--- data=0x12345678 bytes=[66 89 05 10 00 00]");

	/* a read of the in-kernel LAPIC, fetch permission bits */
	r = rec(48, HV_HANDLED_KERNEL);
	r.gpa = 0xfee000b0;
	r.qual = 0x1 | 0x8 | 0x20;
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)),
		  "gpa=0xfee000b0 access=R-- allowed=r-x");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "MMIO read of 0xfee000b0 emulated in the module (in-kernel LAPIC)");
}

static void test_cr(void)
{
	struct hv_exit_rec r = rec(28, HV_HANDLED_KERNEL);

	r.qual = 0x0 | (0 << 4) | (3 << 8);	/* mov rbx -> cr0 */
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "mov rbx -> cr0");
	r.qual = 0x3 | (1 << 4) | (0 << 8);	/* mov cr3 -> rax */
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "mov cr3 -> rax");
	r.qual = 0x4 | (0 << 4) | (15 << 8);
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "mov r15 -> cr4");
	r.qual = 2 << 4;
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "clts");
	r.qual = (3 << 4) | (0x11ULL << 16);
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "lmsw 0x11");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "CR_ACCESS emulated in the module");
}

static void test_mechanisms(void)
{
	struct hv_exit_rec r = rec(10, HV_HANDLED_KERNEL);

	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)), "CPUID emulated in the module");
	/* the module's name wins over ours */
	strcpy(r.name, "CPUID_X");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)), "CPUID_X emulated in the module");

	r = rec(31, HV_HANDLED_KERNEL);
	r.qual = 0x1234;		/* meaningless for RDMSR: not shown */
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "");
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)), "MSR_READ emulated in the module");

	r = rec(1, HV_HANDLED_HOST_IRQ);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "host interrupt: the guest was paused for the host (external-interrupt exiting)");
	r = rec(52, HV_HANDLED_HOST_IRQ);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "time slice over: the guest was paused for the host (VMX-preemption timer)");
	r = rec(12, HV_HANDLED_HALTED);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "HLT: vCPU blocked until an interrupt (in-kernel LAPIC)");
	r = rec(27, HV_HANDLED_INJECTED);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "VMXON: exception injected into the guest (reflection)");
	r = rec(9, HV_HANDLED_FAILED);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "TASK_SWITCH could not be handled: the vCPU stops (internal error)");
	r = rec(2, HV_HANDLED_USER);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)),
		  "triple fault: reported to userspace, the VM stops (shutdown)");
	r = rec(12, HV_HANDLED_USER);
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)), "HLT handed to userspace");
	r = rec(200, 0xff);
	r.qual = 7;
	CHECK_STR(hv_explain(&r, buf, sizeof(buf)), "?: handling not recorded");
	CHECK_STR(hv_decode_qual(&r, buf, sizeof(buf)), "qual=0x7");
}

/* Long lines are cut, never overflowed (ASan watches). */
static void test_truncation(void)
{
	struct hv_exit_rec r = rec(30, HV_HANDLED_USER);
	char small[16];

	r.nbytes = 15;
	hv_format_record(&r, true, small, sizeof(small));
	CHECK_EQ(strlen(small), sizeof(small) - 1);
	hv_hex_bytes(r.bytes, 15, small, sizeof(small));
	CHECK_STR(small, "00 00 00 00 00 ");	/* cut mid-separator */
}

static void test_events(void)
{
	struct hv_event_rec e;

	memset(&e, 0, sizeof(e));
	e.type = HV_EVENT_VM_CREATED;
	e.vm_id = 3;
	strcpy(e.text, "pid 123");
	CHECK_STR(hv_format_event(&e, buf, sizeof(buf)), "vm 3: VM created pid 123");
	e.type = HV_EVENT_VM_DESTROYED;
	CHECK_STR(hv_format_event(&e, buf, sizeof(buf)), "vm 3: VM destroyed pid 123");

	memset(&e, 0, sizeof(e));
	e.type = HV_EVENT_SHUTDOWN;
	e.vm_id = 3;
	e.has_vcpu = true;
	e.rip = 0x7c1e;
	CHECK_STR(hv_format_event(&e, buf, sizeof(buf)),
		  "vm 3 vcpu 0: shutdown (triple fault) at rip=0x7c1e");

	memset(&e, 0, sizeof(e));
	e.type = HV_EVENT_ENTRY_FAILED;
	e.vm_id = 1;
	e.has_vcpu = true;
	e.reason = 0x80000021;
	e.field = 0x6800;
	e.field_name = "GUEST_CR0";
	e.value = 0x30;
	CHECK_STR(hv_format_event(&e, buf, sizeof(buf)),
		  "vm 1 vcpu 0: VM entry failed: vm_instruction_error=0 exit_reason=0x80000021 (INVALID_GUEST_STATE) qualification=0x0 field=0x6800 (GUEST_CR0) value=0x30");
	e.reason = 0;
	e.vm_instr_error = 7;
	e.field = 0;
	CHECK_STR(hv_format_event(&e, buf, sizeof(buf)),
		  "vm 1 vcpu 0: VM entry failed: vm_instruction_error=7 exit_reason=0x0 (VMfailValid) qualification=0x0");

	memset(&e, 0, sizeof(e));
	e.type = HV_EVENT_UNDECODABLE_MMIO;
	e.vm_id = 2;
	e.has_vcpu = true;
	e.vcpu_id = 1;
	e.rip = 0x100;
	e.gpa = 0xd0000000;
	e.nbytes = 2;
	e.bytes[0] = 0x0f;
	e.bytes[1] = 0x0b;
	CHECK_STR(hv_format_event(&e, buf, sizeof(buf)),
		  "vm 2 vcpu 1: undecodable MMIO instruction at rip=0x100 gpa=0xd0000000 bytes=[0f 0b]");

	memset(&e, 0, sizeof(e));
	e.type = HV_EVENT_UNHANDLED_EXIT;
	e.vm_id = 2;
	e.has_vcpu = true;
	e.reason = 9;
	e.qual = 0x28;
	e.rip = 0x200;
	CHECK_STR(hv_format_event(&e, buf, sizeof(buf)),
		  "vm 2 vcpu 0: unhandled exit 9 (TASK_SWITCH) qualification=0x28 at rip=0x200");
}

static void test_human_size(void)
{
	CHECK_STR(hv_human_size(100, buf, sizeof(buf)), "100B");
	CHECK_STR(hv_human_size(64ULL << 10, buf, sizeof(buf)), "64K");
	CHECK_STR(hv_human_size(64ULL << 20, buf, sizeof(buf)), "64M");
	CHECK_STR(hv_human_size(3ULL << 29, buf, sizeof(buf)), "1.5G");
	CHECK_STR(hv_human_size(1ULL << 40, buf, sizeof(buf)), "1T");
	CHECK_STR(hv_human_size(1023ULL << 20, buf, sizeof(buf)), "1023M");
}

/* ---- diag.c: code at RIP ---------------------------------------------- */

static u8 ram[0x10000];

static struct hv_sregs real_mode(u64 cs_base)
{
	struct hv_sregs s;

	memset(&s, 0, sizeof(s));
	s.cs.base = cs_base;
	s.cr0 = 0x10;
	return s;
}

static void test_code_real_mode(void)
{
	struct hv_sregs s = real_mode(0x7c00 & ~0xfULL);
	struct hv_code c;

	memset(ram, 0, sizeof(ram));
	memcpy(ram + 0x7c10, "\x0f\xa2\xeb\xfe", 4);	/* cpuid; jmp . */
	CHECK_EQ(hv_fetch_code(ram, sizeof(ram), &s, 0x10, &c), HV_CODE_OK);
	CHECK_EQ(c.la, 0x7c10);
	CHECK_EQ(c.gpa, 0x7c10);
	CHECK_EQ(c.n, 15);
	CHECK(!memcmp(c.bytes, "\x0f\xa2\xeb\xfe", 4));

	/* the last bytes of RAM: a short fetch, not an overrun */
	CHECK_EQ(hv_fetch_code(ram, sizeof(ram), &s, 0x10000 - 0x7c00 - 3, &c),
		 HV_CODE_OK);
	CHECK_EQ(c.n, 3);
	/* beyond RAM (MMIO, or nothing) */
	s = real_mode(0xd0000000);
	CHECK_EQ(hv_fetch_code(ram, sizeof(ram), &s, 0, &c), HV_CODE_NORAM);
	CHECK_EQ(c.gpa, 0xd0000000);
}

/*
 * 32-bit paging: CR3 = 0x1000, PDE 0 -> page table at 0x2000 whose
 * entry 3 maps linear 0x3000 to gpa 0x5000; linear 0x4000 is not
 * present. A fetch at 0x3ffe runs into it after two bytes.
 */
static void test_code_paging(void)
{
	struct hv_sregs s = real_mode(0);
	struct hv_code c;
	u32 pde = 0x2000 | 0x7, pte = 0x5000 | 0x5;	/* P, U, (R/W for PDE) */

	memset(ram, 0, sizeof(ram));
	memcpy(ram + 0x1000, &pde, 4);
	memcpy(ram + 0x2000 + 3 * 4, &pte, 4);
	ram[0x5ffe] = 0xcc;
	ram[0x5fff] = 0x90;
	s.cr0 = 0x80000011;		/* PG, ET, PE */
	s.cr3 = 0x1000;
	s.cs.db = 1;
	CHECK_EQ(hv_fetch_code(ram, sizeof(ram), &s, 0x3ffe, &c), HV_CODE_OK);
	CHECK_EQ(c.gpa, 0x5ffe);
	CHECK_EQ(c.n, 2);		/* stopped at the unmapped page */
	CHECK_EQ(c.bytes[0], 0xcc);
	CHECK_EQ(c.bytes[1], 0x90);
	CHECK_EQ(hv_fetch_code(ram, sizeof(ram), &s, 0x4000, &c), HV_CODE_PF);
	/*
	 * Not present; I/D stays 0 because 32-bit paging without SMEP
	 * does not report fetches (SDM Vol. 3A 4.7).
	 */
	CHECK_EQ(c.pf_error, 0);
	/* CS.base is added outside 64-bit mode */
	s.cs.base = 0x1000;
	CHECK_EQ(hv_fetch_code(ram, sizeof(ram), &s, 0x2ffe, &c), HV_CODE_OK);
	CHECK_EQ(c.la, 0x3ffe);
}

int main(void)
{
	UNIT_RUN(test_io);
	UNIT_RUN(test_ept);
	UNIT_RUN(test_cr);
	UNIT_RUN(test_mechanisms);
	UNIT_RUN(test_truncation);
	UNIT_RUN(test_events);
	UNIT_RUN(test_human_size);
	UNIT_RUN(test_code_real_mode);
	UNIT_RUN(test_code_paging);
	return unit_summary();
}
