/*
 * virtio-rng (virtio 1.2 §5.4, the entropy device) over virtio-mmio: one
 * request queue whose device-writable buffers are filled with bytes from the
 * host's getrandom(); the used length is the number of bytes written. No
 * features, no config space. Device-readable buffers in a chain are ignored.
 *
 * Under the machine's deterministic clock the bytes come from a fixed-seed
 * generator instead (restarted at reset), so that a run, guest entropy
 * included, is exactly reproducible: the same instructions retire in the
 * same order in every run and every dispatch strategy.
 */
#ifndef VSIM_DEVICES_VIRTIO_RNG_H
#define VSIM_DEVICES_VIRTIO_RNG_H

#include "bus.h"
#include "virtio_mmio.h"

struct virtio_rng {
    struct virtio_mmio mmio; /* the transport */
    bool deterministic;      /* bytes from the generator below, not the host */
    uint64_t state;          /* splitmix64 state */
};

/* Initialise (reset state, line low) and describe the device for the bus
 * (VIRTIO_MMIO_SIZE bytes at base); deterministic: see above. */
struct bus_device virtio_rng_device(struct virtio_rng *r, struct physmem *pm, uint64_t base, bool deterministic,
                                    virtio_set_irq_fn set_irq, void *irq_opaque);
/* Machine reset. */
void virtio_rng_reset(struct virtio_rng *r);

#endif
