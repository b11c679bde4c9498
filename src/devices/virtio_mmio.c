/*
 * virtio-mmio transport, version 2, and split virtqueues (see virtio_mmio.h).
 *
 * Split virtqueue layout in guest memory (virtio 1.2 §2.7), for queue size N:
 *   descriptor table  16·N bytes, 16-aligned: { le64 addr; le32 len; le16 flags; le16 next; }
 *   available ring     6+2·N bytes, 2-aligned: { le16 flags; le16 idx; le16 ring[N]; le16 used_event; }
 *   used ring          6+8·N bytes, 4-aligned:
 *                      { le16 flags; le16 idx; { le32 id; le32 len; } ring[N]; le16 avail_event; }
 */
#include "virtio_mmio.h"

#include <string.h>

#include "mmu/physmem.h"

static uint16_t ld16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t ld32(const uint8_t *p) { return (uint32_t)ld16(p) | (uint32_t)ld16(p + 2) << 16; }
static uint64_t ld64(const uint8_t *p) { return (uint64_t)ld32(p) | (uint64_t)ld32(p + 4) << 32; }
static void st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void st32(uint8_t *p, uint32_t v) { st16(p, (uint16_t)v); st16(p + 2, (uint16_t)(v >> 16)); }

static uint64_t offered_features(const struct virtio_mmio *t)
{
    return t->ops->features | 1ull << VIRTIO_F_VERSION_1;
}

static void update_irq(struct virtio_mmio *t)
{
    int level = t->int_status != 0;
    if (level != t->irq_level) {
        t->irq_level = level;
        if (t->set_irq)
            t->set_irq(t->irq_opaque, level);
    }
}

static void raise_int(struct virtio_mmio *t, uint32_t bits)
{
    t->int_status |= bits;
    update_irq(t);
}

/* The driver broke the rules: stop until it resets the device. */
static void mark_broken(struct virtio_mmio *t)
{
    t->broken = true;
    t->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
    raise_int(t, VIRTIO_INT_CONFIG_CHANGE);
}

/* ---------------------------------------------------------------- chains */

bool virtio_chain_read(const struct virtio_chain *c, uint64_t off, void *dst, size_t len)
{
    if (off > c->read_len || len > c->read_len - off)
        return false;
    uint8_t *out = dst;
    for (unsigned i = 0; i < c->nread && len > 0; i++) {
        const struct virtio_seg *s = &c->seg[i];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        size_t n = s->len - off < len ? (size_t)(s->len - off) : len;
        memcpy(out, s->host + off, n);
        out += n;
        len -= n;
        off = 0;
    }
    return true;
}

bool virtio_chain_write(const struct virtio_chain *c, uint64_t off, const void *src, size_t len)
{
    if (off > c->write_len || len > c->write_len - off)
        return false;
    const uint8_t *in = src;
    for (unsigned i = c->nread; i < c->nseg && len > 0; i++) {
        const struct virtio_seg *s = &c->seg[i];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        size_t n = s->len - off < len ? (size_t)(s->len - off) : len;
        if (in) {
            memcpy(s->host + off, in, n);
            in += n;
        } else {
            memset(s->host + off, 0, n);
        }
        phys_notify_write(c->pm, s->addr + off, n);
        len -= n;
        off = 0;
    }
    return true;
}

/* Follow the chain that starts at descriptor head into t->seg; false if it
 * breaks a rule (see virtio_mmio.h). desc is the validated descriptor table. */
static bool walk_chain(struct virtio_mmio *t, const struct virtq *q, const uint8_t *desc, uint16_t head,
                       struct virtio_chain *c)
{
    *c = (struct virtio_chain){ .pm = t->pm, .seg = t->seg, .head = head };
    uint32_t i = head;
    for (;;) {
        if (i >= q->num || c->nseg >= q->num) /* bad index; longer than the queue (or a loop) */
            return false;
        /* Read each field once: the guest could change them under us. */
        const uint8_t *d = desc + 16 * i;
        uint64_t addr = ld64(d);
        uint32_t len = ld32(d + 8);
        uint16_t flags = ld16(d + 12), next = ld16(d + 14);
        if (flags & VIRTQ_DESC_F_INDIRECT) /* not offered */
            return false;
        uint8_t *host = phys_ram_ptr(t->pm, addr, len);
        if (!host)
            return false;
        bool write = flags & VIRTQ_DESC_F_WRITE;
        if (!write && c->nseg > c->nread) /* readable after writable */
            return false;
        t->seg[c->nseg++] = (struct virtio_seg){ addr, host, len, write };
        if (write) {
            c->write_len += len;
        } else {
            c->nread++;
            c->read_len += len;
        }
        if (!(flags & VIRTQ_DESC_F_NEXT))
            return true;
        i = next;
    }
}

/* Host pointers to the three rings of q, or false if any is misaligned or
 * not wholly in RAM. */
static bool map_rings(const struct virtio_mmio *t, const struct virtq *q, uint8_t **desc, uint8_t **avail,
                      uint8_t **used)
{
    uint64_t n = q->num;
    if ((q->desc & 15) || (q->driver & 1) || (q->device & 3))
        return false;
    *desc = phys_ram_ptr(t->pm, q->desc, 16 * n);
    *avail = phys_ram_ptr(t->pm, q->driver, 6 + 2 * n);
    *used = phys_ram_ptr(t->pm, q->device, 6 + 8 * n);
    return *desc && *avail && *used;
}

static void process_queue(struct virtio_mmio *t, unsigned qi)
{
    if (t->broken || !(t->status & VIRTIO_STATUS_DRIVER_OK) || qi >= t->ops->num_queues)
        return;
    struct virtq *q = &t->q[qi];
    if (!q->ready)
        return;
    uint8_t *desc, *avail, *used;
    if (!map_rings(t, q, &desc, &avail, &used)) {
        mark_broken(t);
        return;
    }
    bool any = false;
    while (!t->broken) {
        uint16_t pending = (uint16_t)(ld16(avail + 2) - q->last_avail);
        if (pending == 0)
            break;
        if (pending > q->num) { /* more buffers than the queue holds */
            mark_broken(t);
            break;
        }
        uint16_t head = ld16(avail + 4 + 2 * (q->last_avail % q->num));
        struct virtio_chain c;
        if (!walk_chain(t, q, desc, head, &c)) {
            mark_broken(t);
            break;
        }
        int64_t len = t->ops->handle(t->dev, qi, &c);
        if (len < 0) {
            mark_broken(t);
            break;
        }
        if ((uint64_t)len > c.write_len)
            len = (int64_t)c.write_len;
        q->last_avail++;
        uint8_t elem[8];
        st32(elem, head);
        st32(elem + 4, len > UINT32_MAX ? UINT32_MAX : (uint32_t)len);
        uint64_t slot = q->device + 4 + 8 * (uint64_t)(q->used_idx % q->num);
        q->used_idx++;
        uint8_t idx[2];
        st16(idx, q->used_idx);
        /* the entry first, then the index that publishes it */
        if (!phys_copy_to(t->pm, slot, elem, sizeof elem) || !phys_copy_to(t->pm, q->device + 2, idx, 2)) {
            mark_broken(t); /* cannot happen: the ring was mapped above */
            break;
        }
        any = true;
    }
    if (any && !(ld16(avail) & VIRTQ_AVAIL_F_NO_INTERRUPT))
        raise_int(t, VIRTIO_INT_USED_BUFFER);
}

void virtio_mmio_notify(struct virtio_mmio *t, unsigned q)
{
    process_queue(t, q);
}

/* ---------------------------------------------------------------- state */

void virtio_mmio_reset(struct virtio_mmio *t)
{
    t->status = 0;
    t->int_status = 0;
    t->broken = false;
    t->dev_features_sel = t->drv_features_sel = t->queue_sel = 0;
    t->driver_features = 0;
    for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++)
        t->q[i] = (struct virtq){ .num = VIRTIO_QUEUE_MAX };
    update_irq(t);
    if (t->ops->reset)
        t->ops->reset(t->dev);
}

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
                      struct physmem *pm, virtio_set_irq_fn set_irq, void *irq_opaque)
{
    memset(t->q, 0, sizeof t->q);
    t->ops = ops;
    t->dev = dev;
    t->pm = pm;
    t->set_irq = set_irq;
    t->irq_opaque = irq_opaque;
    t->irq_level = 0;
    t->config_generation = 0;
    memset(t->config, 0, sizeof t->config);
    t->config_size = 0; /* the device fills in its config after this */
    virtio_mmio_reset(t);
}

void virtio_mmio_config_changed(struct virtio_mmio *t)
{
    t->config_generation++;
    if (t->status & VIRTIO_STATUS_DRIVER_OK)
        raise_int(t, VIRTIO_INT_CONFIG_CHANGE);
}

static void write_status(struct virtio_mmio *t, uint32_t val)
{
    if ((val & 0xff) == 0) {
        virtio_mmio_reset(t);
        return;
    }
    uint32_t old = t->status;
    /* DEVICE_NEEDS_RESET is the device's to set; only a reset clears it. */
    uint32_t s = (val & 0xff & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET) | (old & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    if ((s & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
        uint64_t f = t->driver_features;
        if ((f & ~offered_features(t)) || !(f & 1ull << VIRTIO_F_VERSION_1))
            s &= ~VIRTIO_STATUS_FEATURES_OK; /* the driver reads it back and gives up */
    }
    t->status = s;
    if ((s & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK))
        for (unsigned i = 0; i < t->ops->num_queues; i++)
            process_queue(t, i);
}

static bool valid_queue_size(uint32_t n)
{
    return n != 0 && n <= VIRTIO_QUEUE_MAX && (n & (n - 1)) == 0;
}

static void write_queue_ready(struct virtio_mmio *t, struct virtq *q, uint32_t val)
{
    if (!(val & 1)) {
        q->ready = false;
        return;
    }
    if (q->ready)
        return;
    uint8_t *d, *a, *u;
    if (!valid_queue_size(q->num) || !map_rings(t, q, &d, &a, &u)) {
        mark_broken(t);
        return;
    }
    q->ready = true;
    q->last_avail = 0;
    q->used_idx = 0;
}

static void set_half(uint64_t *reg, bool high, uint32_t val)
{
    if (high)
        *reg = (*reg & 0xffffffffull) | (uint64_t)val << 32;
    else
        *reg = (*reg & ~0xffffffffull) | val;
}

/* ---------------------------------------------------------------- registers */

static bool vio_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    struct virtio_mmio *t = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        uint64_t c = off - VIRTIO_MMIO_CONFIG;
        if (size != 1 && size != 2 && size != 4 && size != 8)
            return false;
        uint64_t v = 0;
        if (c < t->config_size && size <= t->config_size - c)
            for (unsigned i = 0; i < size; i++)
                v |= (uint64_t)t->config[c + i] << (8 * i);
        *val = v;
        return true;
    }
    if (size != 4 || (off & 3))
        return false;
    struct virtq *q = t->queue_sel < t->ops->num_queues ? &t->q[t->queue_sel] : NULL;
    uint64_t f;
    switch (off) {
    case VIRTIO_MMIO_MAGIC_VALUE: *val = VIRTIO_MMIO_MAGIC; break;
    case VIRTIO_MMIO_VERSION_REG: *val = VIRTIO_MMIO_VERSION; break;
    case VIRTIO_MMIO_DEVICE_ID: *val = t->ops->device_id; break;
    case VIRTIO_MMIO_VENDOR_ID: *val = VIRTIO_MMIO_VENDOR; break;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        f = offered_features(t);
        *val = t->dev_features_sel == 0 ? (uint32_t)f : t->dev_features_sel == 1 ? (uint32_t)(f >> 32) : 0;
        break;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: *val = q ? VIRTIO_QUEUE_MAX : 0; break;
    case VIRTIO_MMIO_QUEUE_NUM: *val = q ? q->num : 0; break;
    case VIRTIO_MMIO_QUEUE_READY: *val = q ? q->ready : 0; break;
    case VIRTIO_MMIO_INTERRUPT_STATUS: *val = t->int_status; break;
    case VIRTIO_MMIO_STATUS: *val = t->status; break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW: *val = q ? (uint32_t)q->desc : 0; break;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH: *val = q ? (uint32_t)(q->desc >> 32) : 0; break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: *val = q ? (uint32_t)q->driver : 0; break;
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: *val = q ? (uint32_t)(q->driver >> 32) : 0; break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: *val = q ? (uint32_t)q->device : 0; break;
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: *val = q ? (uint32_t)(q->device >> 32) : 0; break;
    /* no shared memory regions: a length of -1 says so */
    case VIRTIO_MMIO_SHM_LEN_LOW: case VIRTIO_MMIO_SHM_LEN_HIGH:
    case VIRTIO_MMIO_SHM_BASE_LOW: case VIRTIO_MMIO_SHM_BASE_HIGH: *val = 0xffffffffu; break;
    case VIRTIO_MMIO_CONFIG_GENERATION: *val = t->config_generation; break;
    default: *val = 0; break;
    }
    return true;
}

static bool vio_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    struct virtio_mmio *t = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        uint64_t c = off - VIRTIO_MMIO_CONFIG;
        if (size != 1 && size != 2 && size != 4 && size != 8)
            return false;
        if (t->ops->config_write && c < t->config_size && size <= t->config_size - c)
            t->ops->config_write(t->dev, (uint32_t)c, size, val);
        return true;
    }
    if (size != 4 || (off & 3))
        return false;
    uint32_t v = (uint32_t)val;
    struct virtq *q = t->queue_sel < t->ops->num_queues ? &t->q[t->queue_sel] : NULL;
    /* the queue's layout is fixed while it is ready */
    struct virtq *qw = q && !q->ready ? q : NULL;
    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: t->dev_features_sel = v; break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (!(t->status & VIRTIO_STATUS_FEATURES_OK) && t->drv_features_sel < 2)
            set_half(&t->driver_features, t->drv_features_sel == 1, v);
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: t->drv_features_sel = v; break;
    case VIRTIO_MMIO_QUEUE_SEL: t->queue_sel = v; break;
    case VIRTIO_MMIO_QUEUE_NUM: if (qw) qw->num = v; break;
    case VIRTIO_MMIO_QUEUE_READY: if (q) write_queue_ready(t, q, v); break;
    case VIRTIO_MMIO_QUEUE_NOTIFY: process_queue(t, v & 0xffff); break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        t->int_status &= ~v;
        update_irq(t);
        break;
    case VIRTIO_MMIO_STATUS: write_status(t, v); break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW: if (qw) set_half(&qw->desc, false, v); break;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH: if (qw) set_half(&qw->desc, true, v); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: if (qw) set_half(&qw->driver, false, v); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: if (qw) set_half(&qw->driver, true, v); break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: if (qw) set_half(&qw->device, false, v); break;
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: if (qw) set_half(&qw->device, true, v); break;
    default: break; /* read-only or unknown: ignored */
    }
    return true;
}

struct bus_device virtio_mmio_device(struct virtio_mmio *t, const char *name, uint64_t base)
{
    return (struct bus_device){ name, base, VIRTIO_MMIO_SIZE, t, vio_read, vio_write };
}

/* ---------------------------------------------------------------- empty slot */

static bool empty_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    (void)opaque;
    if (off < VIRTIO_MMIO_CONFIG && (size != 4 || (off & 3)))
        return false;
    switch (off) {
    case VIRTIO_MMIO_MAGIC_VALUE: *val = VIRTIO_MMIO_MAGIC; break;
    case VIRTIO_MMIO_VERSION_REG: *val = VIRTIO_MMIO_VERSION; break;
    case VIRTIO_MMIO_VENDOR_ID: *val = VIRTIO_MMIO_VENDOR; break;
    default: *val = 0; break; /* DeviceID 0: nothing here */
    }
    return true;
}

static bool empty_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    (void)opaque;
    (void)val;
    return !(off < VIRTIO_MMIO_CONFIG && (size != 4 || (off & 3)));
}

struct bus_device virtio_mmio_empty_device(uint64_t base)
{
    return (struct bus_device){ "virtio-mmio (empty)", base, VIRTIO_MMIO_SIZE, NULL, empty_read, empty_write };
}
