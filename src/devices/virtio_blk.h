/*
 * virtio-blk (virtio 1.2 §5.2) over virtio-mmio, backed by a raw image file.
 *
 * Features offered: VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_BLK_SIZE (512),
 * VIRTIO_BLK_F_FLUSH, and VIRTIO_BLK_F_RO for a read-only disk. One request
 * queue. Config space: capacity (le64, 512-byte sectors: the file's size
 * rounded down) at +0x100, seg_max at +0x10c, blk_size at +0x114.
 *
 * Requests: a 16-byte header { le32 type; le32 reserved; le64 sector; } in
 * the device-readable bytes, data (device-readable for OUT, device-writable
 * for IN and GET_ID), and a final device-writable status byte.
 *   IN (0) / OUT (1): pread/pwrite of the image; data a multiple of 512
 *     bytes and inside the disk, else VIRTIO_BLK_S_IOERR; OUT on a read-only
 *     disk → IOERR.
 *   FLUSH (4): fsync.  GET_ID (8): the image's basename, 20 bytes, zero-padded.
 *   anything else: VIRTIO_BLK_S_UNSUPP.
 * A chain with fewer than 16 readable bytes or no writable byte marks the
 * device broken (DEVICE_NEEDS_RESET). I/O is synchronous, in the notifying
 * MMIO write.
 */
#ifndef VSIM_DEVICES_VIRTIO_BLK_H
#define VSIM_DEVICES_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "virtio_mmio.h"

#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9

#define VIRTIO_BLK_T_IN 0u
#define VIRTIO_BLK_T_OUT 1u
#define VIRTIO_BLK_T_FLUSH 4u
#define VIRTIO_BLK_T_GET_ID 8u

#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_IOERR 1u
#define VIRTIO_BLK_S_UNSUPP 2u

#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_SECTOR 512u

struct virtio_blk {
    struct virtio_mmio mmio; /* the transport */
    struct virtio_device_ops ops;
    int fd;
    bool readonly;
    uint64_t capacity; /* in 512-byte sectors */
    char id[VIRTIO_BLK_ID_BYTES];
};

/* Open a raw image (read-write, or read-only). On failure: NULL and a
 * one-line message in err (missing file, a directory, no permission, ...).
 * The device is not on a bus yet: see virtio_blk_device. */
struct virtio_blk *virtio_blk_open(const char *path, bool readonly, char *err, size_t errsize);
/* Connect the disk to guest memory and its interrupt line, and describe it
 * for the bus (VIRTIO_MMIO_SIZE bytes at base). Resets the device. */
struct bus_device virtio_blk_device(struct virtio_blk *b, struct physmem *pm, uint64_t base,
                                    virtio_set_irq_fn set_irq, void *irq_opaque);
/* Machine reset. */
void virtio_blk_reset(struct virtio_blk *b);
/* Close the image and free the device (NULL is fine). */
void virtio_blk_close(struct virtio_blk *b);

#endif
