/*
 * virtio-rng: host entropy (or, under the deterministic clock, a fixed-seed
 * stream) into guest buffers (see virtio_rng.h).
 */
#include "virtio_rng.h"

#include <errno.h>
#include <string.h>
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

/* The deterministic stream's seed: any constant; this one spells "vsim rng". */
#define DETERMINISTIC_SEED 0x7673696d20726e67ull

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, every seed good. Not
 * cryptographic, and not meant to be: reproducibility is the point. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static size_t fill_deterministic(struct virtio_rng *r, uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = splitmix64(&r->state);
        size_t n = len - i < 8 ? len - i : 8;
        memcpy(buf + i, &v, n);
    }
    return len;
}

static int64_t rng_handle(void *dev, unsigned q, const struct virtio_chain *c)
{
    struct virtio_rng *r = dev;
    (void)q;
    uint64_t total = 0;
    for (unsigned i = c->nread; i < c->nseg; i++) {
        const struct virtio_seg *s = &c->seg[i];
        size_t n = r->deterministic ? fill_deterministic(r, s->host, s->len) : fill_random(s->host, s->len);
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

struct bus_device virtio_rng_device(struct virtio_rng *r, struct physmem *pm, uint64_t base, bool deterministic,
                                    virtio_set_irq_fn set_irq, void *irq_opaque)
{
    virtio_mmio_init(&r->mmio, &rng_ops, r, pm, set_irq, irq_opaque);
    r->deterministic = deterministic;
    r->state = DETERMINISTIC_SEED;
    r->mmio.config_size = 0;
    return virtio_mmio_device(&r->mmio, "virtio-rng", base);
}

void virtio_rng_reset(struct virtio_rng *r)
{
    virtio_mmio_reset(&r->mmio);
    r->state = DETERMINISTIC_SEED;
}
