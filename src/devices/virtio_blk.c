/*
 * virtio-blk on a raw image file (see virtio_blk.h).
 */
#include "virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mmu/physmem.h"

/* Config space layout (struct virtio_blk_config, §5.2.4). */
enum { CFG_CAPACITY = 0, CFG_SIZE_MAX = 8, CFG_SEG_MAX = 12, CFG_BLK_SIZE = 20, CFG_SIZE = 24 };
#define BLK_HEADER 16u

static uint32_t ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t ld64(const uint8_t *p) { return (uint64_t)ld32(p) | (uint64_t)ld32(p + 4) << 32; }
static void st32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void st64(uint8_t *p, uint64_t v) { st32(p, (uint32_t)v); st32(p + 4, (uint32_t)(v >> 32)); }

static bool pread_all(int fd, uint8_t *buf, size_t len, uint64_t pos)
{
    while (len > 0) {
        ssize_t n = pread(fd, buf, len, (off_t)pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) /* an error, or the file shrank under us */
            return false;
        buf += n;
        len -= (size_t)n;
        pos += (uint64_t)n;
    }
    return true;
}

static bool pwrite_all(int fd, const uint8_t *buf, size_t len, uint64_t pos)
{
    while (len > 0) {
        ssize_t n = pwrite(fd, buf, len, (off_t)pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
        pos += (uint64_t)n;
    }
    return true;
}

/* Is [sector, sector + bytes/512) a whole number of sectors inside the disk? */
static bool in_range(const struct virtio_blk *b, uint64_t sector, uint64_t bytes)
{
    return bytes % VIRTIO_BLK_SECTOR == 0 && sector <= b->capacity &&
           bytes / VIRTIO_BLK_SECTOR <= b->capacity - sector;
}

/* IN: read `bytes` from the disk into the start of the writable buffers;
 * *done = how many landed. */
static uint8_t do_in(struct virtio_blk *b, const struct virtio_chain *c, uint64_t sector, uint64_t bytes,
                     uint64_t *done)
{
    if (!in_range(b, sector, bytes))
        return VIRTIO_BLK_S_IOERR;
    uint64_t pos = sector * VIRTIO_BLK_SECTOR, left = bytes;
    for (unsigned i = c->nread; i < c->nseg && left > 0; i++) {
        const struct virtio_seg *s = &c->seg[i];
        size_t n = s->len < left ? s->len : (size_t)left;
        bool ok = pread_all(b->fd, s->host, n, pos);
        phys_notify_write(c->pm, s->addr, n); /* even a partial read changed guest memory */
        if (!ok)
            return VIRTIO_BLK_S_IOERR;
        pos += n;
        left -= n;
        *done += n;
    }
    return VIRTIO_BLK_S_OK;
}

/* OUT: write the readable bytes after the header to the disk. */
static uint8_t do_out(struct virtio_blk *b, const struct virtio_chain *c, uint64_t sector)
{
    uint64_t bytes = c->read_len - BLK_HEADER;
    if (b->readonly || !in_range(b, sector, bytes))
        return VIRTIO_BLK_S_IOERR;
    uint64_t pos = sector * VIRTIO_BLK_SECTOR, skip = BLK_HEADER;
    for (unsigned i = 0; i < c->nread; i++) {
        const struct virtio_seg *s = &c->seg[i];
        if (skip >= s->len) {
            skip -= s->len;
            continue;
        }
        size_t n = s->len - (size_t)skip;
        if (!pwrite_all(b->fd, s->host + skip, n, pos))
            return VIRTIO_BLK_S_IOERR;
        pos += n;
        skip = 0;
    }
    return VIRTIO_BLK_S_OK;
}

static int64_t blk_handle(void *dev, unsigned q, const struct virtio_chain *c)
{
    struct virtio_blk *b = dev;
    (void)q;
    uint8_t hdr[BLK_HEADER];
    if (c->write_len < 1 || !virtio_chain_read(c, 0, hdr, sizeof hdr))
        return -1; /* no header or nowhere to put the status */
    uint32_t type = ld32(hdr);
    uint64_t sector = ld64(hdr + 8);
    uint64_t data_in = c->write_len - 1; /* writable bytes before the status byte */
    uint64_t done = 0;                   /* of those, how many we filled */
    uint8_t status;
    switch (type) {
    case VIRTIO_BLK_T_IN:
        status = do_in(b, c, sector, data_in, &done);
        break;
    case VIRTIO_BLK_T_OUT:
        status = do_out(b, c, sector);
        break;
    case VIRTIO_BLK_T_FLUSH:
        status = fsync(b->fd) == 0 ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
        break;
    case VIRTIO_BLK_T_GET_ID:
        done = data_in < VIRTIO_BLK_ID_BYTES ? data_in : VIRTIO_BLK_ID_BYTES;
        virtio_chain_write(c, 0, b->id, (size_t)done);
        status = VIRTIO_BLK_S_OK;
        break;
    default:
        status = VIRTIO_BLK_S_UNSUPP;
        break;
    }
    /* Fill the rest of the writable bytes (zeros, then the status), so the
     * used length can honestly be all of them. */
    virtio_chain_write(c, done, NULL, (size_t)(data_in - done));
    virtio_chain_write(c, data_in, &status, 1);
    return (int64_t)c->write_len;
}

struct virtio_blk *virtio_blk_open(const char *path, bool readonly, char *err, size_t errsize)
{
    int fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsize, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errsize, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        snprintf(err, errsize, "%s: not a regular file or block device", path);
        close(fd);
        return NULL;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    if (size < 0) {
        snprintf(err, errsize, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    struct virtio_blk *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, errsize, "%s: out of memory", path);
        close(fd);
        return NULL;
    }
    b->fd = fd;
    b->readonly = readonly;
    b->capacity = (uint64_t)size / VIRTIO_BLK_SECTOR;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    strncpy(b->id, *base ? base : "vsim-blk", sizeof b->id); /* zero-padded, maybe unterminated */

    b->ops = (struct virtio_device_ops){
        .device_id = VIRTIO_ID_BLOCK,
        .features = 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_BLK_SIZE | 1ull << VIRTIO_BLK_F_FLUSH |
                    (readonly ? 1ull << VIRTIO_BLK_F_RO : 0),
        .num_queues = 1,
        .handle = blk_handle,
    };
    /* the transport is set up for real by virtio_blk_device */
    virtio_mmio_init(&b->mmio, &b->ops, b, NULL, NULL, NULL);
    return b;
}

struct bus_device virtio_blk_device(struct virtio_blk *b, struct physmem *pm, uint64_t base,
                                    virtio_set_irq_fn set_irq, void *irq_opaque)
{
    virtio_mmio_init(&b->mmio, &b->ops, b, pm, set_irq, irq_opaque);
    uint8_t *cfg = b->mmio.config;
    memset(cfg, 0, sizeof b->mmio.config);
    st64(cfg + CFG_CAPACITY, b->capacity);
    /* a request is header + data + status, all in one queue (no indirect descriptors) */
    st32(cfg + CFG_SEG_MAX, VIRTIO_QUEUE_MAX - 2);
    st32(cfg + CFG_BLK_SIZE, VIRTIO_BLK_SECTOR);
    b->mmio.config_size = CFG_SIZE;
    return virtio_mmio_device(&b->mmio, "virtio-blk", base);
}

void virtio_blk_reset(struct virtio_blk *b)
{
    virtio_mmio_reset(&b->mmio);
}

void virtio_blk_close(struct virtio_blk *b)
{
    if (!b)
        return;
    close(b->fd);
    free(b);
}
