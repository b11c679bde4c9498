/*
 * Board support for picolibc: stdout/stderr go to the UART, exit() powers the
 * machine off through the test device with the exit status, and an unexpected
 * trap is reported and ends the program instead of hanging.
 *
 * picolibc's crt0 (the "hosted" flavour, --crt0=hosted) sets sp and gp,
 * copies .data, clears .bss, runs constructors, then calls exit(main()).
 */
#include <stdio.h>
#include <stdlib.h>

#include "board.h"

static volatile uint8_t *const uart = (volatile uint8_t *)BOARD_UART0_BASE;
static volatile uint32_t *const test_dev = (volatile uint32_t *)BOARD_TEST_BASE;

static void uart_init(void)
{
    uart[UART_IER] = 0x00; /* no interrupts: we poll */
    uart[UART_LCR] = 0x03; /* 8 data bits, no parity, 1 stop bit */
    uart[UART_FCR] = 0x07; /* FIFOs on and cleared */
}

static int uart_putc(char c, FILE *file)
{
    (void)file;
    while (!(uart[UART_LSR] & UART_LSR_THRE))
        ;
    uart[UART_THR] = (uint8_t)c;
    return (unsigned char)c;
}

static FILE uart_stream = FDEV_SETUP_STREAM(uart_putc, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdout = &uart_stream;
FILE *const stderr = &uart_stream;
FILE *const stdin = &uart_stream; /* write-only: reads fail, as they should */

void _exit(int status)
{
    uint32_t code = (uint32_t)status & 0xffff;
    *test_dev = code == 0 ? TEST_PASS : (TEST_FAIL | code << 16);
    for (;;) /* the machine is off; don't run on if the store was lost */
        __asm__ volatile("wfi");
}

/* Direct-mode trap vector: must be 4-byte aligned. Nothing is expected to
 * trap, so report what happened and stop with a distinctive status. */
__attribute__((interrupt("machine"), aligned(4))) static void trap_handler(void)
{
    fprintf(stderr, "\nunexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
            csr_read(mcause), csr_read(mepc), csr_read(mtval));
    _exit(3);
}

/* Runs before main (picolibc's crt0 calls the init array). */
__attribute__((constructor)) static void board_init(void)
{
    csr_write(mtvec, (unsigned long)&trap_handler);
    uart_init();
}
