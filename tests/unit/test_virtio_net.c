/*
 * virtio-net (src/devices/virtio_net.c) with libslirp, driven through its
 * bus interface by a tiny driver written here, in a fake guest RAM (a
 * struct physmem with no bus): frames built by hand go out on the transmit
 * queue, slirp's answers come back in receive buffers. No guest OS.
 *   - features and the config space (MAC, link status);
 *   - ARP: who-has 10.0.2.2 gets slirp's reply in a receive buffer, and
 *     receive buffers are not used up while nothing waits;
 *   - DHCP: a DISCOVER gets an OFFER of 10.0.2.15;
 *   - TCP: a SYN to 10.0.2.2:PORT reaches a socket listening on the host's
 *     127.0.0.1:PORT, the SYN-ACK comes back, data flows both ways;
 *   - bounded queues: frames waiting for receive buffers, oversized frames;
 *   - malformed chains mark the device broken; reset drops waiting frames;
 *   - netdev specs, hostfwd.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "devices/virtio_mmio.h"
#include "devices/virtio_net.h"
#include "mmu/physmem.h"

#define BASE 0x10008000ull
#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x100000ull /* 1 MiB */
#define QSIZE 16u
/* queue 0 (receive) and 1 (transmit) rings */
#define RX_DESC (RAM_BASE + 0x1000)
#define RX_AVAIL (RAM_BASE + 0x2000)
#define RX_USED (RAM_BASE + 0x3000)
#define TX_DESC (RAM_BASE + 0x4000)
#define TX_AVAIL (RAM_BASE + 0x5000)
#define TX_USED (RAM_BASE + 0x6000)
#define TX_HDR (RAM_BASE + 0x7000)
#define RX_BUF (RAM_BASE + 0x10000) /* QSIZE buffers of RX_BUF_SIZE */
#define RX_BUF_SIZE 0x800u
#define TX_BUF (RAM_BASE + 0x40000) /* room for a frame of 128 KiB */

#define HDR VIRTIO_NET_HDR_SIZE

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t guest_ip[4] = { 10, 0, 2, 15 };
static const uint8_t host_ip[4] = { 10, 0, 2, 2 };
static const uint8_t zero_ip[4] = { 0, 0, 0, 0 };
static const uint8_t bcast_ip[4] = { 255, 255, 255, 255 };

struct fixture {
    struct physmem pm;
    struct virtio_net *net;
    struct bus_device d;
    int irq;
    uint16_t rx_avail, rx_seen; /* receive ring: next available entry, used entries consumed */
    uint16_t tx_avail;
    uint8_t host_mac[6];        /* learnt from slirp's ARP reply */
};

static void record_irq(void *opaque, int level)
{
    struct fixture *f = opaque;
    assert_int_not_equal(level, f->irq);
    f->irq = level;
}

static void attach(struct fixture *f, const char *spec)
{
    char err[256] = "";
    f->net = virtio_net_open(spec, err, sizeof err);
    if (!f->net)
        fail_msg("virtio_net_open(%s): %s", spec, err);
    f->d = virtio_net_device(f->net, &f->pm, BASE, record_irq, f);
    assert_int_equal(f->d.base, BASE);
    assert_int_equal(f->d.size, VIRTIO_MMIO_SIZE);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_true(physmem_init(&f->pm, RAM_BASE, RAM_SIZE, NULL));
    attach(f, "user");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    virtio_net_close(f->net);
    physmem_free(&f->pm);
    free(f);
    return 0;
}

/* ---------------------------------------------------------------- driver helpers */

static uint32_t rd(struct fixture *f, uint64_t off)
{
    uint64_t v = 0;
    assert_true(f->d.read(f->d.opaque, off, 4, &v));
    return (uint32_t)v;
}

static void wr(struct fixture *f, uint64_t off, uint32_t v) { assert_true(f->d.write(f->d.opaque, off, 4, v)); }

static uint64_t get(struct fixture *f, uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    assert_true(phys_read(&f->pm, pa, size, &v));
    return v;
}
static void put(struct fixture *f, uint64_t pa, unsigned size, uint64_t v) { assert_true(phys_write(&f->pm, pa, size, v)); }

static uint64_t device_features(struct fixture *f)
{
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint64_t lo = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    return (uint64_t)rd(f, VIRTIO_MMIO_DEVICE_FEATURES) << 32 | lo;
}

static void set_queue(struct fixture *f, unsigned q, uint64_t desc, uint64_t avail, uint64_t used)
{
    wr(f, VIRTIO_MMIO_QUEUE_SEL, q);
    wr(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
    wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
    wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
}

/* Receive buffer i: one device-writable descriptor of RX_BUF_SIZE bytes. */
static void post_rx_sized(struct fixture *f, unsigned count, uint32_t size)
{
    for (unsigned k = 0; k < count; k++) {
        unsigned i = f->rx_avail % QSIZE;
        uint64_t d = RX_DESC + 16 * i;
        put(f, d, 8, RX_BUF + (uint64_t)i * RX_BUF_SIZE);
        put(f, d + 8, 4, size);
        put(f, d + 12, 2, VIRTQ_DESC_F_WRITE);
        put(f, d + 14, 2, 0);
        put(f, RX_AVAIL + 4 + 2 * i, 2, i);
        f->rx_avail++;
    }
    put(f, RX_AVAIL + 2, 2, f->rx_avail);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_RXQ);
}
static void post_rx(struct fixture *f, unsigned count) { post_rx_sized(f, count, RX_BUF_SIZE); }

/* Driver initialisation (§3.1.1, §5.1.5): both queues, `rx` receive buffers
 * posted before DRIVER_OK. */
static void driver_init(struct fixture *f, unsigned rx)
{
    memset(f->pm.ram, 0, 0x8000);
    f->rx_avail = f->rx_seen = f->tx_avail = 0;
    wr(f, VIRTIO_MMIO_STATUS, 0);
    wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint64_t feat = device_features(f);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)feat);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(feat >> 32));
    wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
    set_queue(f, VIRTIO_NET_RXQ, RX_DESC, RX_AVAIL, RX_USED);
    set_queue(f, VIRTIO_NET_TXQ, TX_DESC, TX_AVAIL, TX_USED);
    if (rx)
        post_rx(f, rx);
    wr(f, VIRTIO_MMIO_STATUS, rd(f, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, 0);
}

static uint16_t rx_used(struct fixture *f) { return (uint16_t)get(f, RX_USED + 2, 2); }
static uint16_t tx_used(struct fixture *f) { return (uint16_t)get(f, TX_USED + 2, 2); }

static void ack_irq(struct fixture *f)
{
    wr(f, VIRTIO_MMIO_INTERRUPT_ACK, rd(f, VIRTIO_MMIO_INTERRUPT_STATUS));
    assert_int_equal(f->irq, 0);
}

/* Send one frame: a header descriptor and a frame descriptor. */
static void send_frame(struct fixture *f, const void *frame, size_t len)
{
    assert_true(len <= 0x20000);
    uint8_t zero[HDR] = { 0 };
    assert_true(phys_copy_to(&f->pm, TX_HDR, zero, HDR));
    assert_true(phys_copy_to(&f->pm, TX_BUF, frame, len));
    put(f, TX_DESC + 0, 8, TX_HDR);
    put(f, TX_DESC + 8, 4, HDR);
    put(f, TX_DESC + 12, 2, VIRTQ_DESC_F_NEXT);
    put(f, TX_DESC + 14, 2, 1);
    put(f, TX_DESC + 16, 8, TX_BUF);
    put(f, TX_DESC + 24, 4, (uint32_t)len);
    put(f, TX_DESC + 28, 2, 0);
    put(f, TX_AVAIL + 4 + 2 * (f->tx_avail % QSIZE), 2, 0);
    f->tx_avail++;
    put(f, TX_AVAIL + 2, 2, f->tx_avail);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
    assert_int_equal(tx_used(f), f->tx_avail); /* transmitted at once */
    assert_int_equal(get(f, TX_USED + 4 + 8 * ((f->tx_avail - 1) % QSIZE), 4), 0); /* id */
    assert_int_equal(get(f, TX_USED + 8 + 8 * ((f->tx_avail - 1) % QSIZE), 4), 0); /* len */
}

/* The next received frame (header checked and stripped) into buf, waiting up
 * to ~3 s; its length, or 0 if none came. The buffer is posted again. */
static size_t recv_frame(struct fixture *f, uint8_t *buf, size_t size)
{
    for (int i = 0; i < 300 && rx_used(f) == f->rx_seen; i++)
        virtio_net_poll(f->net, 10);
    if (rx_used(f) == f->rx_seen)
        return 0;
    unsigned slot = f->rx_seen % QSIZE;
    uint32_t id = (uint32_t)get(f, RX_USED + 4 + 8 * slot, 4);
    uint32_t len = (uint32_t)get(f, RX_USED + 8 + 8 * slot, 4);
    f->rx_seen++;
    assert_int_equal(id, (f->rx_seen - 1) % QSIZE); /* buffers are used in order */
    assert_true(len >= HDR + 14 && len <= RX_BUF_SIZE);
    uint8_t *p = f->pm.ram + (RX_BUF + (uint64_t)id * RX_BUF_SIZE - RAM_BASE);
    static const uint8_t want_hdr[HDR] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 }; /* num_buffers = 1 */
    assert_memory_equal(p, want_hdr, HDR);
    size_t n = len - HDR;
    assert_true(n <= size);
    memcpy(buf, p + HDR, n);
    post_rx(f, 1);
    return n;
}

/* ---------------------------------------------------------------- frames */

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }
static void wbe16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wbe32(uint8_t *p, uint32_t v) { wbe16(p, (uint16_t)(v >> 16)); wbe16(p + 2, (uint16_t)v); }

/* RFC 1071 sum, not yet complemented, continuing from sum. */
static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += be16(p + i);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}
static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static size_t eth(uint8_t *b, const uint8_t *dst, uint16_t type)
{
    memcpy(b, dst, 6);
    memcpy(b + 6, guest_mac, 6);
    wbe16(b + 12, type);
    return 14;
}

static size_t arp_request(uint8_t *b, const uint8_t *target_ip)
{
    size_t o = eth(b, bcast_mac, 0x0806);
    wbe16(b + o, 1);          /* Ethernet */
    wbe16(b + o + 2, 0x0800); /* IPv4 */
    b[o + 4] = 6;
    b[o + 5] = 4;
    wbe16(b + o + 6, 1); /* request */
    memcpy(b + o + 8, guest_mac, 6);
    memcpy(b + o + 14, guest_ip, 4);
    memset(b + o + 18, 0, 6);
    memcpy(b + o + 24, target_ip, 4);
    return o + 28;
}

/* IPv4 header (20 bytes, checksummed) at b for a payload of len bytes. */
static void ipv4(uint8_t *b, uint8_t proto, const uint8_t *src, const uint8_t *dst, size_t len)
{
    memset(b, 0, 20);
    b[0] = 0x45;
    wbe16(b + 2, (uint16_t)(20 + len));
    wbe16(b + 4, 0x1234);
    b[8] = 64;
    b[9] = proto;
    memcpy(b + 12, src, 4);
    memcpy(b + 16, dst, 4);
    wbe16(b + 10, fold(sum16(0, b, 20)));
}

static uint16_t tcp_checksum(const uint8_t *ip, const uint8_t *tcp, size_t len)
{
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = 6;
    wbe16(pseudo + 10, (uint16_t)len);
    return fold(sum16(sum16(0, pseudo, 12), tcp, len));
}

enum { TCP_FIN = 1, TCP_SYN = 2, TCP_PSH = 8, TCP_ACK = 16 };

static size_t tcp_segment(uint8_t *b, const uint8_t *dst_mac, uint16_t sport, uint16_t dport, uint32_t seq,
                          uint32_t ack, uint8_t flags, const void *data, size_t len)
{
    size_t o = eth(b, dst_mac, 0x0800);
    uint8_t *ip = b + o, *tcp = ip + 20;
    memset(tcp, 0, 20);
    wbe16(tcp, sport);
    wbe16(tcp + 2, dport);
    wbe32(tcp + 4, seq);
    wbe32(tcp + 8, ack);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    wbe16(tcp + 14, 65535);
    if (len)
        memcpy(tcp + 20, data, len);
    ipv4(ip, 6, guest_ip, host_ip, 20 + len);
    wbe16(tcp + 16, tcp_checksum(ip, tcp, 20 + len));
    return o + 20 + 20 + len;
}

/* Is b an IPv4 frame to the guest with a good header checksum? Its protocol. */
static int ip_to_guest(const uint8_t *b, size_t len)
{
    if (len < 34 || be16(b + 12) != 0x0800)
        return -1;
    const uint8_t *ip = b + 14;
    assert_int_equal(ip[0], 0x45);
    assert_int_equal(fold(sum16(0, ip, 20)), 0);
    assert_true(14 + (size_t)be16(ip + 2) <= len);
    return ip[9];
}

/* Receive until a frame that pred accepts, answering slirp's ARP requests for
 * the guest's address; its length, or 0. */
static size_t recv_matching(struct fixture *f, uint8_t *buf, size_t size, bool (*pred)(const uint8_t *, size_t))
{
    for (int tries = 0; tries < 20; tries++) {
        size_t n = recv_frame(f, buf, size);
        if (n == 0)
            return 0;
        if (pred(buf, n))
            return n;
        if (n >= 42 && be16(buf + 12) == 0x0806 && be16(buf + 20) == 1 && !memcmp(buf + 38, guest_ip, 4)) {
            uint8_t r[42];
            size_t o = eth(r, buf + 6, 0x0806);
            memcpy(r + o, buf + 14, 6);
            wbe16(r + o + 6, 2); /* reply */
            memcpy(r + o + 8, guest_mac, 6);
            memcpy(r + o + 14, guest_ip, 4);
            memcpy(r + o + 18, buf + 22, 10); /* the asker's MAC and IP */
            send_frame(f, r, sizeof r);
        }
    }
    return 0;
}

/* ARP who-has 10.0.2.2; checks the reply and learns the host's MAC. */
static void arp_host(struct fixture *f)
{
    uint8_t b[64];
    size_t len = arp_request(b, host_ip);
    send_frame(f, b, len);
    uint8_t r[RX_BUF_SIZE];
    size_t n = recv_frame(f, r, sizeof r);
    assert_true(n >= 42);
    assert_memory_equal(r, guest_mac, 6);      /* to us */
    assert_int_equal(be16(r + 12), 0x0806);    /* ARP */
    assert_int_equal(be16(r + 20), 2);         /* reply */
    assert_memory_equal(r + 28, host_ip, 4);   /* 10.0.2.2 is at ... */
    assert_memory_equal(r + 32, guest_mac, 6); /* ... told to us */
    assert_memory_equal(r + 38, guest_ip, 4);
    memcpy(f->host_mac, r + 22, 6);
    assert_memory_equal(r + 6, f->host_mac, 6);
}

/* ---------------------------------------------------------------- tests */

static void test_features_config(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
    assert_int_equal(rd(f, VIRTIO_MMIO_VERSION_REG), 2);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
    assert_int_equal(device_features(f),
                     1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS | 1ull << VIRTIO_F_VERSION_1);
    for (unsigned i = 0; i < 6; i++) {
        uint64_t v = 0;
        assert_true(f->d.read(f->d.opaque, VIRTIO_MMIO_CONFIG + i, 1, &v));
        assert_int_equal(v, guest_mac[i]);
    }
    uint64_t v = 0;
    assert_true(f->d.read(f->d.opaque, VIRTIO_MMIO_CONFIG, 4, &v));
    assert_int_equal(v, 0x12005452u);
    assert_true(f->d.read(f->d.opaque, VIRTIO_MMIO_CONFIG + 6, 2, &v));
    assert_int_equal(v, VIRTIO_NET_S_LINK_UP);
    assert_true(f->d.read(f->d.opaque, VIRTIO_MMIO_CONFIG + 8, 2, &v));
    assert_int_equal(v, 1); /* max_virtqueue_pairs */
    /* writes to the config space change nothing */
    assert_true(f->d.write(f->d.opaque, VIRTIO_MMIO_CONFIG, 1, 0xaa));
    assert_true(f->d.read(f->d.opaque, VIRTIO_MMIO_CONFIG, 1, &v));
    assert_int_equal(v, 0x52);
    /* two queues, no third */
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_QUEUE_MAX);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 2);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    /* accesses below the config space still follow the transport's rules */
    assert_false(f->d.read(f->d.opaque, VIRTIO_MMIO_DEVICE_ID, 2, &v));
    assert_false(f->d.write(f->d.opaque, VIRTIO_MMIO_QUEUE_NOTIFY, 2, 0));
}

static void test_arp(void **state)
{
    struct fixture *f = *state;
    driver_init(f, 4);
    /* nothing to receive: the buffers stay with the device, no interrupt */
    virtio_net_poll(f->net, 0);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_RXQ);
    assert_int_equal(rx_used(f), 0);
    assert_int_equal(f->irq, 0);

    uint8_t b[64];
    size_t len = arp_request(b, host_ip);
    send_frame(f, b, len);
    /* slirp answers ARP at once: the reply is in the first buffer already */
    assert_int_equal(rx_used(f), 1);
    assert_int_equal(f->irq, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_USED_BUFFER);
    ack_irq(f);
    uint8_t r[RX_BUF_SIZE];
    size_t n = recv_frame(f, r, sizeof r);
    assert_true(n >= 42);
    assert_int_equal(be16(r + 20), 2);
    assert_memory_equal(r + 28, host_ip, 4);
    /* the other three buffers were not touched */
    assert_int_equal(rx_used(f), 1);
    assert_int_equal(get(f, RX_BUF + 1 * RX_BUF_SIZE, 8), 0);

    /* again: the next buffer in line, through the helper */
    ack_irq(f);
    arp_host(f);
    assert_int_equal(rx_used(f), 2);
    /* ARP for an address nobody has: no answer, buffers stay */
    len = arp_request(b, (const uint8_t[]){ 10, 0, 2, 77 });
    send_frame(f, b, len);
    virtio_net_poll(f->net, 20);
    assert_int_equal(rx_used(f), 2);
    struct virtio_net_stats s = virtio_net_get_stats(f->net);
    assert_int_equal(s.tx_frames, 3);
    assert_int_equal(s.rx_frames, 2);
    assert_int_equal(s.rx_dropped, 0);
    assert_int_equal(s.rx_queued, 0);
}

static bool is_dhcp_reply(const uint8_t *b, size_t len)
{
    return ip_to_guest(b, len) == 17 && len >= 14 + 20 + 8 + 240 && be16(b + 34) == 67 && be16(b + 36) == 68;
}

static void test_dhcp(void **state)
{
    struct fixture *f = *state;
    driver_init(f, 8);
    uint8_t b[600] = { 0 };
    size_t o = eth(b, bcast_mac, 0x0800);
    uint8_t *ip = b + o, *udp = ip + 20, *bootp = udp + 8;
    const size_t bootp_len = 236 + 312;
    bootp[0] = 1; /* BOOTREQUEST */
    bootp[1] = 1; /* Ethernet */
    bootp[2] = 6;
    wbe32(bootp + 4, 0x12345678); /* xid */
    wbe16(bootp + 10, 0x8000);    /* broadcast */
    memcpy(bootp + 28, guest_mac, 6);
    uint8_t *opt = bootp + 236;
    wbe32(opt, 0x63825363); /* magic cookie */
    opt[4] = 53;            /* DHCP message type: DISCOVER */
    opt[5] = 1;
    opt[6] = 1;
    opt[7] = 255;
    wbe16(udp, 68);
    wbe16(udp + 2, 67);
    wbe16(udp + 4, (uint16_t)(8 + bootp_len));
    /* UDP checksum 0: none */
    ipv4(ip, 17, zero_ip, bcast_ip, 8 + bootp_len);
    send_frame(f, b, o + 20 + 8 + bootp_len);

    uint8_t r[RX_BUF_SIZE];
    size_t n = recv_matching(f, r, sizeof r, is_dhcp_reply);
    assert_true(n > 0);
    const uint8_t *rb = r + 14 + 20 + 8;
    assert_int_equal(rb[0], 2); /* BOOTREPLY */
    assert_int_equal(be32(rb + 4), 0x12345678);
    assert_memory_equal(rb + 16, guest_ip, 4); /* yiaddr */
    assert_memory_equal(rb + 28, guest_mac, 6);
    assert_int_equal(be32(rb + 236), 0x63825363);
    /* find the message type: OFFER */
    int type = -1;
    for (size_t i = 240; i + 1 < n - 42;) {
        uint8_t code = rb[i];
        if (code == 255)
            break;
        if (code == 0) {
            i++;
            continue;
        }
        if (code == 53)
            type = rb[i + 2];
        i += 2u + rb[i + 1];
    }
    assert_int_equal(type, 2);
}

static int listen_local(uint16_t *port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(s, 4), 0);
    socklen_t al = sizeof a;
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &al), 0);
    *port = ntohs(a.sin_port);
    return s;
}

static uint16_t want_port;
static bool is_tcp_from_host(const uint8_t *b, size_t len)
{
    return ip_to_guest(b, len) == 6 && len >= 54 && be16(b + 34) == want_port && be16(b + 36) == 40000;
}

static void check_tcp_checksum(const uint8_t *b)
{
    const uint8_t *ip = b + 14;
    size_t tlen = be16(ip + 2) - 20u;
    assert_int_equal(tcp_checksum(ip, ip + 20, tlen), 0);
}

static void test_tcp(void **state)
{
    struct fixture *f = *state;
    uint16_t port;
    int ls = listen_local(&port);
    want_port = port;
    driver_init(f, 8);
    arp_host(f);

    uint8_t b[256], r[RX_BUF_SIZE];
    size_t len = tcp_segment(b, f->host_mac, 40000, port, 1000, 0, TCP_SYN, NULL, 0);
    send_frame(f, b, len);
    size_t n = recv_matching(f, r, sizeof r, is_tcp_from_host);
    assert_true(n > 0);
    const uint8_t *tcp = r + 34;
    check_tcp_checksum(r);
    assert_memory_equal(r + 14 + 12, host_ip, 4);
    assert_memory_equal(r + 14 + 16, guest_ip, 4);
    assert_int_equal(tcp[13] & (TCP_SYN | TCP_ACK), TCP_SYN | TCP_ACK);
    assert_int_equal(be32(tcp + 8), 1001);
    uint32_t hseq = be32(tcp + 4) + 1;

    /* the connection reached the listening socket */
    struct pollfd pfd = { .fd = ls, .events = POLLIN };
    assert_int_equal(poll(&pfd, 1, 2000), 1);
    int cs = accept(ls, NULL, NULL);
    assert_true(cs >= 0);

    /* guest → host: ACK with data */
    len = tcp_segment(b, f->host_mac, 40000, port, 1001, hseq, TCP_ACK | TCP_PSH, "hello", 5);
    send_frame(f, b, len);
    char got[16] = "";
    for (int i = 0; i < 200; i++) {
        virtio_net_poll(f->net, 10);
        pfd = (struct pollfd){ .fd = cs, .events = POLLIN };
        if (poll(&pfd, 1, 0) == 1)
            break;
    }
    assert_int_equal(recv(cs, got, sizeof got, MSG_DONTWAIT), 5);
    assert_memory_equal(got, "hello", 5);

    /* host → guest: data in a segment (after slirp's ACK, maybe) */
    assert_int_equal(send(cs, "world", 5, 0), 5);
    bool seen = false;
    for (int k = 0; k < 5 && !seen; k++) {
        n = recv_matching(f, r, sizeof r, is_tcp_from_host);
        assert_true(n > 0);
        check_tcp_checksum(r);
        tcp = r + 34;
        size_t payload = be16(r + 16) - 20u - (size_t)(tcp[12] >> 4) * 4;
        if (payload > 0) {
            assert_int_equal(payload, 5);
            assert_memory_equal(tcp + (tcp[12] >> 4) * 4, "world", 5);
            assert_int_equal(be32(tcp + 4), hseq);
            seen = true;
        }
    }
    assert_true(seen);
    close(cs);
    close(ls);
}

static void test_bounded_queues(void **state)
{
    struct fixture *f = *state;
    driver_init(f, 0); /* no receive buffers */
    uint8_t b[64];
    size_t len = arp_request(b, host_ip);
    for (unsigned i = 0; i < VIRTIO_NET_RXQ_MAX + 44; i++)
        send_frame(f, b, len);
    struct virtio_net_stats s = virtio_net_get_stats(f->net);
    assert_int_equal(s.tx_frames, VIRTIO_NET_RXQ_MAX + 44);
    assert_int_equal(s.rx_queued, VIRTIO_NET_RXQ_MAX);
    assert_int_equal(s.rx_dropped, 44);
    assert_int_equal(s.rx_frames, 0);
    assert_int_equal(f->irq, 1); /* for the transmit buffers */
    ack_irq(f);

    /* buffers arrive: each takes one frame */
    post_rx(f, QSIZE);
    assert_int_equal(rx_used(f), QSIZE);
    assert_int_equal(f->irq, 1);
    s = virtio_net_get_stats(f->net);
    assert_int_equal(s.rx_frames, QSIZE);
    assert_int_equal(s.rx_queued, VIRTIO_NET_RXQ_MAX - QSIZE);

    /* a buffer too small for the next frame: the frame is dropped, the buffer
     * comes back empty; the next buffer gets the frame after it */
    f->rx_seen = QSIZE;
    post_rx_sized(f, 1, HDR + 20);
    assert_int_equal(rx_used(f), QSIZE + 1);
    assert_int_equal(get(f, RX_USED + 8 + 8 * (QSIZE % QSIZE), 4), 0);
    s = virtio_net_get_stats(f->net);
    assert_int_equal(s.rx_dropped, 45);
    assert_int_equal(s.rx_queued, VIRTIO_NET_RXQ_MAX - QSIZE - 1);

    /* a device reset drops what waits */
    wr(f, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(virtio_net_get_stats(f->net).rx_queued, 0);
    assert_int_equal(f->irq, 0);
}

static void test_tx_sizes(void **state)
{
    struct fixture *f = *state;
    driver_init(f, 4);
    static uint8_t big[VIRTIO_NET_FRAME_MAX + 1];
    memset(big, 0, sizeof big);
    memcpy(big, bcast_mac, 6);
    memcpy(big + 6, guest_mac, 6);
    wbe16(big + 12, 0x88b5); /* local experimental ethertype: slirp ignores it */
    send_frame(f, big, sizeof big);      /* too long: dropped */
    send_frame(f, big, VIRTIO_NET_FRAME_MAX); /* the longest accepted */
    send_frame(f, big, 13);              /* shorter than an Ethernet header: dropped */
    struct virtio_net_stats s = virtio_net_get_stats(f->net);
    assert_int_equal(s.tx_dropped, 2);
    assert_int_equal(s.tx_frames, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, 0);
    /* frame in several descriptors, header split across two */
    uint8_t arp[64];
    size_t len = arp_request(arp, host_ip);
    assert_true(phys_copy_to(&f->pm, TX_BUF, (const uint8_t[HDR]){ 0 }, HDR));
    assert_true(phys_copy_to(&f->pm, TX_BUF + HDR, arp, len));
    const uint32_t cut[] = { 5, HDR - 5 + 10, (uint32_t)len - 10 };
    uint64_t addr = TX_BUF;
    for (unsigned i = 0; i < 3; i++) {
        put(f, TX_DESC + 16 * i, 8, addr);
        put(f, TX_DESC + 16 * i + 8, 4, cut[i]);
        put(f, TX_DESC + 16 * i + 12, 2, i < 2 ? VIRTQ_DESC_F_NEXT : 0);
        put(f, TX_DESC + 16 * i + 14, 2, i + 1);
        addr += cut[i];
    }
    put(f, TX_AVAIL + 4 + 2 * (f->tx_avail % QSIZE), 2, 0);
    put(f, TX_AVAIL + 2, 2, ++f->tx_avail);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
    uint8_t r[RX_BUF_SIZE];
    size_t n = recv_frame(f, r, sizeof r);
    assert_true(n >= 42);
    assert_int_equal(be16(r + 20), 2); /* the ARP reply */
}

static void assert_broken(struct fixture *f)
{
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    assert_true(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_INT_CONFIG_CHANGE);
    assert_int_equal(f->irq, 1);
}

static void test_malformed(void **state)
{
    struct fixture *f = *state;
    /* a transmit descriptor outside guest RAM: the transport's check */
    driver_init(f, 2);
    put(f, TX_DESC, 8, RAM_BASE + RAM_SIZE - 8);
    put(f, TX_DESC + 8, 4, 64);
    put(f, TX_DESC + 12, 2, 0);
    put(f, TX_AVAIL + 4, 2, 0);
    put(f, TX_AVAIL + 2, 2, 1);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
    assert_int_equal(tx_used(f), 0);
    assert_broken(f);
    /* nothing more is processed until reset */
    virtio_net_poll(f->net, 0);
    assert_int_equal(rx_used(f), 0);
    assert_int_equal(tx_used(f), 0);

    /* a transmit chain shorter than the header: the device's check */
    driver_init(f, 2);
    assert_int_equal(f->irq, 0);
    put(f, TX_DESC, 8, TX_BUF);
    put(f, TX_DESC + 8, 4, HDR - 1);
    put(f, TX_DESC + 12, 2, 0);
    put(f, TX_AVAIL + 4, 2, 0);
    put(f, TX_AVAIL + 2, 2, 1);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
    assert_broken(f);

    /* after a reset all is well again */
    driver_init(f, 2);
    arp_host(f);
}

static void test_buffers_before_driver_ok(void **state)
{
    struct fixture *f = *state;
    /* receive buffers posted before DRIVER_OK stay with the device (setting
     * DRIVER_OK processes the queues) until a frame arrives */
    driver_init(f, 3);
    assert_int_equal(rx_used(f), 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    virtio_net_poll(f->net, 0);
    assert_int_equal(rx_used(f), 0);
    uint8_t b[64];
    size_t len = arp_request(b, host_ip);
    send_frame(f, b, len);
    assert_int_equal(rx_used(f), 1);

    /* frames waiting for buffers go with a driver reset, and a machine reset */
    driver_init(f, 0);
    send_frame(f, b, len);
    send_frame(f, b, len);
    assert_int_equal(virtio_net_get_stats(f->net).rx_queued, 2);
    wr(f, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(virtio_net_get_stats(f->net).rx_queued, 0);
    driver_init(f, 0);
    send_frame(f, b, len);
    assert_int_equal(virtio_net_get_stats(f->net).rx_queued, 1);
    virtio_net_reset(f->net);
    assert_int_equal(virtio_net_get_stats(f->net).rx_queued, 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
    assert_int_equal(f->irq, 0);
}

static void test_open_specs(void **state)
{
    (void)state;
    char err[256];
    static const char *const bad[] = {
        "tap", "usr", "user,foo=1", "user,hostfwd=tcp::x-:80", "user,hostfwd=icmp::1-:2",
        "user,hostfwd=tcp::8080", "user,hostfwd=tcp::0-:80", "user,hostfwd=tcp::8080-:70000",
        "user,hostfwd=tcp:1.2.3:8080-:80", "user,hostfwd=tcp::8080-10.0.2:80",
    };
    for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        assert_null(virtio_net_open(bad[i], err, sizeof err));
        assert_true(err[0] != '\0');
        assert_null(strchr(err, '\n'));
    }
    /* a port that is taken */
    uint16_t port;
    int ls = listen_local(&port);
    char spec[96];
    snprintf(spec, sizeof spec, "user,hostfwd=tcp:127.0.0.1:%u-:22", port);
    assert_null(virtio_net_open(spec, err, sizeof err));
    assert_non_null(strstr(err, "cannot listen"));
    close(ls);
    /* the same port, free now: the forward listens on it */
    struct virtio_net *n = virtio_net_open(spec, err, sizeof err);
    if (!n)
        fail_msg("%s: %s", spec, err);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    assert_int_equal(connect(c, (struct sockaddr *)&a, sizeof a), 0);
    close(c);
    virtio_net_poll(n, 0);
    virtio_net_close(n);
    n = virtio_net_open("user,id=net0,hostfwd=udp::0-:53", err, sizeof err); /* port 0 refused */
    assert_null(n);
    n = virtio_net_open(NULL, err, sizeof err);
    assert_non_null(n);
    virtio_net_close(n);
    virtio_net_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_features_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dhcp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tcp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounded_queues, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buffers_before_driver_ok, setup, teardown),
        cmocka_unit_test(test_open_specs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
