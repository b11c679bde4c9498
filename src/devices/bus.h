/*
 * The device bus: address ranges mapped to devices. Each device is one file
 * under src/devices/ that fills in a bus_device: read and write of 1, 2, 4
 * or 8 bytes at an offset into its range.
 */
#ifndef VSIM_DEVICES_BUS_H
#define VSIM_DEVICES_BUS_H

#include <stdbool.h>
#include <stdint.h>

struct bus_device {
    const char *name;
    uint64_t base, size;
    void *opaque;
    /* Return false to refuse the access (the guest gets an access fault). */
    bool (*read)(void *opaque, uint64_t off, unsigned size, uint64_t *val);
    bool (*write)(void *opaque, uint64_t off, unsigned size, uint64_t val);
};

#define BUS_MAX_DEVICES 32

struct bus {
    struct bus_device dev[BUS_MAX_DEVICES];
    unsigned count;
};

/* Add a device; false if the bus is full or the range overlaps another. */
bool bus_add(struct bus *bus, const struct bus_device *dev);
/* The device whose range holds pa, or NULL. */
const struct bus_device *bus_find(const struct bus *bus, uint64_t pa);

#endif
