/*
 * virtio-rng (virtio 1.2 §5.4, the entropy device) over virtio-mmio: one
 * request queue whose device-writable buffers are filled with bytes from the
 * host's getrandom(); the used length is the number of bytes written. No
 * features, no config space. Device-readable buffers in a chain are ignored.
 */
#ifndef VSIM_DEVICES_VIRTIO_RNG_H
#define VSIM_DEVICES_VIRTIO_RNG_H

#include "bus.h"
#include "virtio_mmio.h"

struct virtio_rng {
    struct virtio_mmio mmio; /* the transport */
};

/* Initialise (reset state, line low) and describe the device for the bus
 * (VIRTIO_MMIO_SIZE bytes at base). */
struct bus_device virtio_rng_device(struct virtio_rng *r, struct physmem *pm, uint64_t base,
                                    virtio_set_irq_fn set_irq, void *irq_opaque);
/* Machine reset. */
void virtio_rng_reset(struct virtio_rng *r);

#endif
