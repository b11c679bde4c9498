/*
 * The SiFive test device at 0x100000: a write of 0x5555 powers off
 * (exit 0), 0x3333 | code << 16 powers off with failure `code`, 0x7777
 * resets. Other values are ignored, as on QEMU's board.
 */
#include "syscon.h"

#include "machine/machine.h"

enum { TEST_FAIL = 0x3333, TEST_PASS = 0x5555, TEST_RESET = 0x7777 };

static bool syscon_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    (void)opaque;
    (void)off;
    (void)size;
    *val = 0;
    return true;
}

static bool syscon_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    struct syscon *s = opaque;
    /* OpenSBI writes the command as a 16-bit word; the exit code of a
     * failure comes in the upper half of a 32-bit write. */
    if (off != 0 || size < 2)
        return true;
    switch (val & 0xffff) {
    case TEST_PASS: machine_request_stop(s->m, VSIM_STOP_POWEROFF, 0); break;
    case TEST_FAIL: machine_request_stop(s->m, VSIM_STOP_POWEROFF, (int)((val >> 16) & 0xffff)); break;
    case TEST_RESET: machine_request_stop(s->m, VSIM_STOP_RESET, 0); break;
    default: break;
    }
    return true;
}

struct bus_device syscon_device(struct syscon *s, struct vsim_machine *m, uint64_t base)
{
    s->m = m;
    return (struct bus_device){ "test", base, 0x1000, s, syscon_read, syscon_write };
}
