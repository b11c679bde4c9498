/*
 * virtio-mmio transport, version 2 ("modern", virtio 1.2 §4.2.2), with split
 * virtqueues (§2.7). One instance per device slot (VIRTIO_MMIO_SIZE bytes);
 * a device (virtio_blk.c, virtio_rng.c) embeds a struct virtio_mmio and
 * supplies a struct virtio_device_ops.
 *
 * Registers below 0x100 accept aligned 32-bit accesses only (others fault);
 * the device config space from 0x100 accepts 1, 2, 4 and 8-byte accesses.
 * Unknown registers read 0 and ignore writes.
 *
 * Features: VIRTIO_F_VERSION_1 is always offered, plus the device's own.
 * Indirect descriptors and event idx are not offered; a descriptor with the
 * INDIRECT flag is a driver error.
 *
 * Queues are processed synchronously when the driver writes QueueNotify
 * (and when it sets DRIVER_OK, for buffers made available before that).
 * Everything the guest supplies is validated: ring addresses and every
 * buffer must lie wholly in guest RAM, descriptor indices must be below the
 * queue size, chains may not be longer than the queue (which catches loops),
 * device-readable buffers must precede device-writable ones, and at most
 * QueueNum buffers may be pending. On a violation the device is "broken":
 * Status gets DEVICE_NEEDS_RESET, InterruptStatus gets the config-change bit,
 * and no further buffers are processed until the driver resets the device
 * (writes 0 to Status).
 *
 * The interrupt line is level-triggered: high while InterruptStatus != 0;
 * set_irq(opaque, level) is called whenever the level changes.
 *
 * Not thread-safe: call everything from the thread that runs the hart.
 */
#ifndef VSIM_DEVICES_VIRTIO_MMIO_H
#define VSIM_DEVICES_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"

struct physmem;

#define VIRTIO_MMIO_SIZE 0x1000ull
#define VIRTIO_MMIO_MAGIC 0x74726976u  /* "virt" */
#define VIRTIO_MMIO_VERSION 2u
#define VIRTIO_MMIO_VENDOR 0x554d4551u /* "QEMU", which some drivers check for */

/* Register offsets (§4.2.2). */
enum {
    VIRTIO_MMIO_MAGIC_VALUE = 0x000,
    VIRTIO_MMIO_VERSION_REG = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008,
    VIRTIO_MMIO_VENDOR_ID = 0x00c,
    VIRTIO_MMIO_DEVICE_FEATURES = 0x010,
    VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_DRIVER_FEATURES = 0x020,
    VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_QUEUE_SEL = 0x030,
    VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_QUEUE_NUM = 0x038,
    VIRTIO_MMIO_QUEUE_READY = 0x044,
    VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
    VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
    VIRTIO_MMIO_STATUS = 0x070,
    VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,
    VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090,
    VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094,
    VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0,
    VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
    VIRTIO_MMIO_SHM_SEL = 0x0ac,
    VIRTIO_MMIO_SHM_LEN_LOW = 0x0b0,
    VIRTIO_MMIO_SHM_LEN_HIGH = 0x0b4,
    VIRTIO_MMIO_SHM_BASE_LOW = 0x0b8,
    VIRTIO_MMIO_SHM_BASE_HIGH = 0x0bc,
    VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc,
    VIRTIO_MMIO_CONFIG = 0x100,
};

/* Device status bits (§2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01u
#define VIRTIO_STATUS_DRIVER 0x02u
#define VIRTIO_STATUS_DRIVER_OK 0x04u
#define VIRTIO_STATUS_FEATURES_OK 0x08u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 0x40u
#define VIRTIO_STATUS_FAILED 0x80u

/* InterruptStatus bits. */
#define VIRTIO_INT_USED_BUFFER 0x1u
#define VIRTIO_INT_CONFIG_CHANGE 0x2u

/* Reserved feature bits (§6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Split virtqueue descriptor flags (§2.7.5). */
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
/* Available ring flag: the driver wants no used-buffer notifications. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

/* Device IDs (§5). */
#define VIRTIO_ID_BLOCK 2u
#define VIRTIO_ID_ENTROPY 4u

#define VIRTIO_MMIO_MAX_QUEUES 8
#define VIRTIO_QUEUE_MAX 256       /* QueueNumMax of every queue */
#define VIRTIO_MMIO_CONFIG_MAX 256 /* bytes of device config space */

typedef void (*virtio_set_irq_fn)(void *opaque, int level);

/* One buffer of a descriptor chain, already checked to lie in guest RAM:
 * host points at its len bytes. */
struct virtio_seg {
    uint64_t addr;
    uint8_t *host;
    uint32_t len;
    bool write; /* device-writable */
};

/* A descriptor chain as the device sees it: the device-readable buffers
 * seg[0..nread), then the device-writable ones seg[nread..nseg). read_len and
 * write_len are the total bytes of each kind. */
struct virtio_chain {
    struct physmem *pm;
    const struct virtio_seg *seg;
    unsigned nseg, nread;
    uint64_t read_len, write_len;
    uint16_t head; /* index of the chain's first descriptor */
};

/* Copy [off, off+len) of the chain's device-readable bytes (the readable
 * buffers taken as one stream) to dst; false if the range is not all there. */
bool virtio_chain_read(const struct virtio_chain *c, uint64_t off, void *dst, size_t len);
/* Copy src to [off, off+len) of the chain's device-writable bytes; src NULL
 * writes zeros. False if the range is not all there. Keeps predecoded code
 * coherent (phys_notify_write). */
bool virtio_chain_write(const struct virtio_chain *c, uint64_t off, const void *src, size_t len);

struct virtio_device_ops {
    uint32_t device_id;
    uint64_t features;   /* device feature bits offered; VERSION_1 is added */
    unsigned num_queues; /* 1..VIRTIO_MMIO_MAX_QUEUES */
    /* Consume one chain of queue q. Return the used length (bytes written
     * into the chain's writable buffers, from the first one), or -1 if the
     * chain is malformed for this device (the device is then broken). */
    int64_t (*handle)(void *dev, unsigned q, const struct virtio_chain *c);
    /* Optional: a driver write to the config space (offset from +0x100). */
    void (*config_write)(void *dev, uint32_t off, unsigned size, uint64_t val);
    /* Optional: the device was reset (by the driver or the machine). */
    void (*reset)(void *dev);
};

struct virtq {
    uint32_t num;       /* QueueNum */
    bool ready;         /* QueueReady */
    uint64_t desc, driver, device; /* descriptor table, available ring, used ring */
    uint16_t last_avail; /* next available-ring entry to consume */
    uint16_t used_idx;   /* the used ring's idx as we last wrote it */
};

struct virtio_mmio {
    const struct virtio_device_ops *ops;
    void *dev;
    struct physmem *pm;
    virtio_set_irq_fn set_irq; /* may be NULL */
    void *irq_opaque;

    uint32_t status;
    uint32_t int_status;
    int irq_level;
    bool broken;            /* DEVICE_NEEDS_RESET: stop processing */
    uint32_t dev_features_sel, drv_features_sel, queue_sel;
    uint64_t driver_features;
    uint32_t config_generation;
    struct virtq q[VIRTIO_MMIO_MAX_QUEUES];

    /* The device's config space, little-endian, written by the device. */
    uint8_t config[VIRTIO_MMIO_CONFIG_MAX];
    uint32_t config_size;

    struct virtio_seg seg[VIRTIO_QUEUE_MAX]; /* scratch: the chain being handled */
};

/* Initialise the transport (reset state, line low). ops must outlive it. */
void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
                      struct physmem *pm, virtio_set_irq_fn set_irq, void *irq_opaque);
/* Describe the transport for the bus: VIRTIO_MMIO_SIZE bytes at base. */
struct bus_device virtio_mmio_device(struct virtio_mmio *t, const char *name, uint64_t base);
/* Device reset (as a driver write of 0 to Status): queues, features,
 * interrupt status (the line drops), DEVICE_NEEDS_RESET. */
void virtio_mmio_reset(struct virtio_mmio *t);
/* The device changed its config space: bump ConfigGeneration and send a
 * config-change interrupt (once the driver is up). */
void virtio_mmio_config_changed(struct virtio_mmio *t);
/* Process the available buffers of queue q now (as if notified). */
void virtio_mmio_notify(struct virtio_mmio *t, unsigned q);

/* An empty slot (DeviceID 0): magic, version and vendor read as usual,
 * everything else reads 0 and ignores writes. Needs no state. */
struct bus_device virtio_mmio_empty_device(uint64_t base);

#endif
