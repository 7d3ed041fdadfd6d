/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Crash dumps: what happened, where (thread, registers), how we got there
 * (backtrace over frame pointers, which all code keeps), then the end of
 * the VM with the crash status.  Every pointer is checked against the
 * page tables before it is read, so a dump of a corrupt stack cannot fault
 * again; a fault during the dump ends the VM at once.
 */
#include <stdarg.h>
#include <stdint.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/arch/traps.h>
#include <uk/arch/paging.h>
#include <uk/arch/irq.h>
#include <uk/plat/terminate.h>

#define BACKTRACE_MAX 24

const char *(*uk_crash_thread_name)(void);
const char *(*uk_crash_guard_owner)(unsigned long addr);
static volatile int crashing;

/*
 * ret_addr: addr is a return address; the call that left it is the byte
 * before (a call to a noreturn function may be the last instruction of
 * its function), so that is what we name.
 */
static void print_addr(const char *label, unsigned long addr, int ret_addr)
{
	uintptr_t off;
	const char *sym = uk_symbol_lookup(addr - ret_addr, &off);

	off += ret_addr;

	if (sym)
		uk_console_printf("%s%016lx <%s+%#lx>\n", label, addr, sym,
				  (unsigned long)off);
	else
		uk_console_printf("%s%016lx\n", label, addr);
}

static int readable(unsigned long p)
{
	return (p & 7) == 0 && x86_paging_is_mapped(p) &&
	       x86_paging_is_mapped(p + 8);
}

void uk_backtrace_print(unsigned long fp)
{
	unsigned long prev = 0;
	int i;

	if (!fp)
		fp = (unsigned long)__builtin_frame_address(0);
	uk_console_printf("Backtrace:\n");
	for (i = 0; i < BACKTRACE_MAX && fp; i++) {
		unsigned long ret;
		char label[16];

		/* Frames only go up the stack; anything else is corrupt. */
		if (!readable(fp) || (prev && fp <= prev))
			break;
		ret = ((unsigned long *)fp)[1];
		if (!ret)
			break;
		uk_snprintf(label, sizeof(label), "  #%-2d ", i);
		print_addr(label, ret, 1);
		prev = fp;
		fp = ((unsigned long *)fp)[0];
	}
}

static void begin(void)
{
	uk_irq_disable();
	if (crashing) {
		uk_console_printf("\nCRASH: fault while printing a crash dump\n");
		uk_plat_crash();
	}
	crashing = 1;
}

static void print_thread(void)
{
	const char *name = uk_crash_thread_name ? uk_crash_thread_name() : NULL;

	if (name)
		uk_console_printf("Thread: %s\n", name);
}

void uk_crash_regs(const char *desc, struct __regs *r)
{
	begin();
	uk_console_printf("\nCRASH: %s\n", desc);
	print_thread();
	print_addr("RIP: ", r->rip, 0);
	/* A jump or call to a bad address: the caller is at the stack top. */
	if (!uk_symbol_lookup(r->rip, NULL) && readable(r->rsp) &&
	    uk_symbol_lookup(*(unsigned long *)r->rsp - 1, NULL))
		print_addr("Called from: ", *(unsigned long *)r->rsp, 1);
	uk_console_printf("RSP: %016lx RFLAGS: %08lx CS: %04lx SS: %04lx ERR: %lx\n",
			  r->rsp, r->rflags, r->cs, r->ss, r->error);
	uk_console_printf("RAX: %016lx RBX: %016lx RCX: %016lx\n",
			  r->rax, r->rbx, r->rcx);
	uk_console_printf("RDX: %016lx RSI: %016lx RDI: %016lx\n",
			  r->rdx, r->rsi, r->rdi);
	uk_console_printf("RBP: %016lx R8:  %016lx R9:  %016lx\n",
			  r->rbp, r->r8, r->r9);
	uk_console_printf("R10: %016lx R11: %016lx R12: %016lx\n",
			  r->r10, r->r11, r->r12);
	uk_console_printf("R13: %016lx R14: %016lx R15: %016lx\n",
			  r->r13, r->r14, r->r15);
	uk_backtrace_print(r->rbp);
	uk_plat_crash();
}

void uk_panic(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	uk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	begin();
	uk_console_printf("\nPANIC: %s\n", msg);
	print_thread();
	uk_backtrace_print(0);
	uk_plat_crash();
}
