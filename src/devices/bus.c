#include "bus.h"

#include <stddef.h>

bool bus_add(struct bus *bus, const struct bus_device *dev)
{
    if (bus->count == BUS_MAX_DEVICES || dev->size == 0)
        return false;
    for (unsigned i = 0; i < bus->count; i++) {
        const struct bus_device *o = &bus->dev[i];
        if (dev->base < o->base + o->size && o->base < dev->base + dev->size)
            return false;
    }
    bus->dev[bus->count++] = *dev;
    return true;
}

const struct bus_device *bus_find(const struct bus *bus, uint64_t pa)
{
    /* A handful of devices: a linear scan beats anything cleverer. */
    for (unsigned i = 0; i < bus->count; i++)
        if (pa - bus->dev[i].base < bus->dev[i].size)
            return &bus->dev[i];
    return NULL;
}
