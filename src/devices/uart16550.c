/*
 * NS16550A UART (8 byte-wide registers, reg-shift 0). The transmitter is
 * always ready: a byte written to THR goes straight to the console callback.
 * The receiver polls the console read callback when the guest looks.
 */
#include "uart16550.h"

enum {
    REG_RBR_THR = 0, REG_IER = 1, REG_IIR_FCR = 2, REG_LCR = 3,
    REG_MCR = 4, REG_LSR = 5, REG_MSR = 6, REG_SCR = 7,
};
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IER_RDA 0x01
#define IER_THRE 0x02
#define IIR_NONE 0x01
#define IIR_THRE 0x02
#define IIR_RDA 0x04
#define IIR_FIFO 0xc0

void uart16550_init(struct uart16550 *u, vsim_console_write_fn write, vsim_console_read_fn read,
                    void *opaque)
{
    *u = (struct uart16550){ .rx = -1, .write = write, .read = read, .opaque = opaque };
}

static void poll_rx(struct uart16550 *u)
{
    if (u->rx < 0 && u->read)
        u->rx = u->read(u->opaque);
}

/* The line is high while an enabled interrupt condition holds: received
 * data available, or the transmitter empty (until IIR reports it or THR is
 * written again; our transmitter empties at once). */
static void update_irq(struct uart16550 *u)
{
    int level = ((u->ier & IER_RDA) && u->rx >= 0) || ((u->ier & IER_THRE) && u->thre_pending);
    if (level != u->irq_level) {
        u->irq_level = level;
        if (u->set_irq)
            u->set_irq(u->irq_opaque, level);
    }
}

void uart16550_poll(struct uart16550 *u)
{
    poll_rx(u);
    update_irq(u);
}

static bool uart_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    struct uart16550 *u = opaque;
    if (size != 1)
        return false;
    switch (off) {
    case REG_RBR_THR:
        if (u->lcr & LCR_DLAB) {
            *val = u->dll;
        } else {
            poll_rx(u);
            *val = u->rx < 0 ? 0 : (uint8_t)u->rx;
            u->rx = -1;
            poll_rx(u);
            update_irq(u);
        }
        return true;
    case REG_IER: *val = (u->lcr & LCR_DLAB) ? u->dlm : u->ier; return true;
    case REG_IIR_FCR: {
        poll_rx(u);
        uint8_t iir = IIR_NONE;
        if ((u->ier & IER_RDA) && u->rx >= 0) {
            iir = IIR_RDA;
        } else if ((u->ier & IER_THRE) && u->thre_pending) {
            iir = IIR_THRE;
            u->thre_pending = false; /* reading IIR clears the THRE interrupt */
        }
        *val = iir | ((u->fcr & 1) ? IIR_FIFO : 0);
        update_irq(u);
        return true;
    }
    case REG_LCR: *val = u->lcr; return true;
    case REG_MCR: *val = u->mcr; return true;
    case REG_LSR:
        poll_rx(u);
        *val = LSR_THRE | LSR_TEMT | (u->rx >= 0 ? LSR_DR : 0);
        return true;
    case REG_MSR: *val = 0xb0; return true; /* CTS, DSR, DCD asserted */
    case REG_SCR: *val = u->scr; return true;
    default: return false;
    }
}

static bool uart_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    struct uart16550 *u = opaque;
    uint8_t b = (uint8_t)val;
    if (size != 1)
        return false;
    switch (off) {
    case REG_RBR_THR:
        if (u->lcr & LCR_DLAB) {
            u->dll = b;
        } else {
            if (u->write)
                u->write(u->opaque, &b, 1);
            u->thre_pending = true; /* sent at once: empty again */
            update_irq(u);
        }
        return true;
    case REG_IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = b;
        } else {
            /* enabling the THRE interrupt with the transmitter empty raises it */
            if ((b & IER_THRE) && !(u->ier & IER_THRE))
                u->thre_pending = true;
            u->ier = b & 0x0f;
            update_irq(u);
        }
        return true;
    case REG_IIR_FCR: u->fcr = b; return true;
    case REG_LCR: u->lcr = b; return true;
    case REG_MCR: u->mcr = b & 0x1f; return true;
    case REG_LSR: case REG_MSR: return true; /* read-only: writes ignored */
    case REG_SCR: u->scr = b; return true;
    default: return false;
    }
}

struct bus_device uart16550_device(struct uart16550 *u, uint64_t base)
{
    return (struct bus_device){ "uart0", base, 0x100, u, uart_read, uart_write };
}
