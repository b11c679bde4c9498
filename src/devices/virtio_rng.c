/*
 * virtio-rng: host entropy into guest buffers (see virtio_rng.h).
 */
#include "virtio_rng.h"

#include <errno.h>
#include <sys/random.h>

#include "mmu/physmem.h"

/* Fill buf with random bytes; how many it got (all, unless getrandom fails). */
static size_t fill_random(uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = getrandom(buf + done, len - done, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    return done;
}

static int64_t rng_handle(void *dev, unsigned q, const struct virtio_chain *c)
{
    (void)dev;
    (void)q;
    uint64_t total = 0;
    for (unsigned i = c->nread; i < c->nseg; i++) {
        const struct virtio_seg *s = &c->seg[i];
        size_t n = fill_random(s->host, s->len);
        phys_notify_write(c->pm, s->addr, n);
        total += n;
        if (n < s->len) /* the used length counts from the first writable byte */
            break;
    }
    return (int64_t)total;
}

static const struct virtio_device_ops rng_ops = {
    .device_id = VIRTIO_ID_ENTROPY,
    .features = 0,
    .num_queues = 1,
    .handle = rng_handle,
};

struct bus_device virtio_rng_device(struct virtio_rng *r, struct physmem *pm, uint64_t base,
                                    virtio_set_irq_fn set_irq, void *irq_opaque)
{
    virtio_mmio_init(&r->mmio, &rng_ops, r, pm, set_irq, irq_opaque);
    r->mmio.config_size = 0;
    return virtio_mmio_device(&r->mmio, "virtio-rng", base);
}

void virtio_rng_reset(struct virtio_rng *r)
{
    virtio_mmio_reset(&r->mmio);
}
