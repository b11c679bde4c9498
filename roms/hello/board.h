/*
 * The board the demo runs on: libvsim's virt-like machine, which matches the
 * parts of QEMU's `-M virt` that a bare-metal M-mode program touches.
 */
#ifndef HELLO_BOARD_H
#define HELLO_BOARD_H

#include <stdint.h>

#define BOARD_RAM_BASE 0x80000000ul
#define BOARD_RAM_SIZE (128ul << 20)

/* SiFive test device ("finisher"): 32-bit stores power the machine off. */
#define BOARD_TEST_BASE 0x100000ul
#define TEST_PASS 0x5555u
#define TEST_FAIL 0x3333u /* | exit_code << 16 */

/* NS16550A UART, byte registers. */
#define BOARD_UART0_BASE 0x10000000ul
#define UART_THR 0 /* transmit holding register (write) */
#define UART_IER 1 /* interrupt enable */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_LSR 5 /* line status */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

#define csr_read(name)                                          \
    ({                                                          \
        unsigned long v_;                                       \
        __asm__ volatile("csrr %0, " #name : "=r"(v_));         \
        v_;                                                     \
    })
#define csr_write(name, val) __asm__ volatile("csrw " #name ", %0" ::"r"(val))

#endif
