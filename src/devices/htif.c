/*
 * HTIF as riscv-tests and Spike use it: the guest writes a command to the
 * 64-bit `tohost` word, the host acts on it and clears the word.
 *   device 0, command 0, payload odd:  exit with code payload >> 1
 *   device 0, command 0, payload even: pointer to a syscall block
 *                                      (magic_mem: number, args...; write, exit)
 *   device 1, command 1:               console putchar (low byte)
 * A command is acted on as soon as the word's upper half is written (one sd,
 * or the second of two sw). A write of the lower half alone is picked up at
 * the run loop's next check, like Spike's polling, since riscv-tests write
 * the low word first and the high word after it.
 */
#include "htif.h"

#include <string.h>

#include "machine/machine.h"

enum { SYS_WRITE = 64, SYS_EXIT = 93 };
#define ENOSYS_RET ((uint64_t)-38)

void htif_attach(struct htif *h, struct vsim_machine *m, uint64_t tohost, uint64_t fromhost)
{
    h->m = m;
    h->present = phys_ram_ptr(&m->mem, tohost, 8) != NULL;
    h->tohost = tohost;
    h->fromhost = phys_ram_ptr(&m->mem, fromhost, 8) ? fromhost : 0;
    h->pending = false;
    if (h->present)
        *phys_page_flags(&m->mem, tohost) |= PF_WATCH;
}

void htif_detach(struct htif *h)
{
    if (h->present)
        *phys_page_flags(&h->m->mem, h->tohost) &= (uint8_t)~PF_WATCH;
    h->present = false;
    h->pending = false;
}

void htif_on_write(struct htif *h, uint64_t pa, unsigned len)
{
    if (!h->present || pa >= h->tohost + 8 || pa + len <= h->tohost)
        return;
    if (pa + len > h->tohost + 4)
        htif_poll(h);
    else
        h->pending = true;
}

static void put_word(struct htif *h, uint64_t pa, uint64_t v)
{
    /* Straight into RAM: the write must not come back through the hook. */
    uint8_t *p = phys_ram_ptr(&h->m->mem, pa, 8);
    if (p)
        memcpy(p, &v, 8);
}

static uint64_t syscall(struct htif *h, uint64_t block)
{
    uint64_t a[4];
    if (!phys_copy_from(&h->m->mem, block, a, sizeof a))
        return ENOSYS_RET;
    switch (a[0]) {
    case SYS_WRITE: {
        const uint8_t *buf = phys_ram_ptr(&h->m->mem, a[2], a[3]);
        if (!buf || (a[1] != 1 && a[1] != 2))
            return (uint64_t)-14; /* EFAULT / EBADF alike: nothing written */
        if (h->m->cfg.console_write)
            h->m->cfg.console_write(h->m->cfg.console_opaque, buf, a[3]);
        return a[3];
    }
    case SYS_EXIT:
        machine_request_stop(h->m, VSIM_STOP_POWEROFF, (int)a[1]);
        return 0;
    default:
        return ENOSYS_RET;
    }
}

void htif_poll(struct htif *h)
{
    uint64_t cmd;
    h->pending = false;
    if (!h->present || !phys_copy_from(&h->m->mem, h->tohost, &cmd, 8) || cmd == 0)
        return;
    unsigned device = (unsigned)(cmd >> 56), command = (unsigned)(cmd >> 48) & 0xff;
    uint64_t payload = cmd & ((1ull << 48) - 1);
    put_word(h, h->tohost, 0);
    if (device == 0 && command == 0) {
        if (payload & 1) {
            machine_request_stop(h->m, VSIM_STOP_POWEROFF, (int)(payload >> 1));
            return;
        }
        uint64_t ret = syscall(h, payload);
        put_word(h, payload, ret);
        if (h->fromhost)
            put_word(h, h->fromhost, 1);
    } else if (device == 1 && command == 1) {
        uint8_t ch = (uint8_t)payload;
        if (h->m->cfg.console_write)
            h->m->cfg.console_write(h->m->cfg.console_opaque, &ch, 1);
        if (h->fromhost)
            put_word(h, h->fromhost, (uint64_t)1 << 56 | (uint64_t)1 << 48 | 0x100 | ch);
    }
}
