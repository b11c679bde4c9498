/*
 * virtio-net with user-mode networking through libslirp (see virtio_net.h).
 *
 * Receive buffers and the transport. The transport hands the device every
 * chain the driver has made available and consumes it once handle() returns;
 * it has no way to leave a chain for later. A receive buffer must not be
 * used up while no frame is waiting, so:
 *   - the device's bus interface wraps the transport's and keeps the
 *     transport from processing the receive queue on its own: a notify of
 *     the receive queue is not passed on, and while a Status write (which
 *     may set DRIVER_OK, processing every queue) is passed on, the receive
 *     queue is hidden (its ready flag cleared and restored around the call);
 *   - rx_deliver processes the receive queue only while frames wait. The
 *     chains it meets after the last frame are returned with length 0 by
 *     handle(), then handed back to the driver's side by rewinding the
 *     queue's last_avail and used_idx (and the used ring's idx in guest
 *     memory) by their number. The guest does not run in between: it never
 *     sees them used. At least one frame was delivered, so the interrupt the
 *     transport raised is due.
 * A transport-level "not now" answer from handle() would make this simpler.
 */
#include "virtio_net.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <libslirp.h>

#include "mmu/physmem.h"

#define ETH_HEADER 14u
#define NET_MTU 1500u

/* Config space layout (struct virtio_net_config, §5.1.4). */
enum { CFG_MAC = 0, CFG_STATUS = 6, CFG_MAX_PAIRS = 8, CFG_MTU = 10, CFG_SIZE = 12 };

static const uint8_t net_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

struct net_timer {
    SlirpTimerCb cb;
    void *cb_opaque;
    int64_t expire_ms;
    bool armed;
    struct net_timer *next;
};

struct rx_frame {
    uint8_t *data;
    uint32_t len;
};

struct virtio_net {
    struct virtio_mmio mmio; /* the transport */
    struct bus_device inner; /* its own bus interface, which ours wraps */
    Slirp *slirp;

    /* frames from slirp waiting for receive buffers: a ring */
    struct rx_frame rxq[VIRTIO_NET_RXQ_MAX];
    unsigned rx_head, rx_count;
    unsigned rx_empty; /* receive chains handle() returned unused (see above) */

    uint8_t *txbuf; /* VIRTIO_NET_FRAME_MAX bytes: the frame being sent */

    struct pollfd *pfd; /* filled by slirp_pollfds_fill */
    unsigned npfd, pfd_cap;
    struct net_timer *timers;

    struct virtio_net_stats stats;
};

static void st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

/* ---------------------------------------------------------------- receive queue */

static void rxq_pop(struct virtio_net *n)
{
    free(n->rxq[n->rx_head].data);
    n->rxq[n->rx_head] = (struct rx_frame){ 0 };
    n->rx_head = (n->rx_head + 1) % VIRTIO_NET_RXQ_MAX;
    n->rx_count--;
}

static void rxq_clear(struct virtio_net *n)
{
    while (n->rx_count > 0)
        rxq_pop(n);
    n->rx_head = 0;
}

/* Fill one receive chain: header + the oldest waiting frame. */
static int64_t rx_handle(struct virtio_net *n, const struct virtio_chain *c)
{
    if (n->rx_count == 0) {
        n->rx_empty++; /* given back by rx_deliver */
        return 0;
    }
    const struct rx_frame *f = &n->rxq[n->rx_head];
    uint64_t need = VIRTIO_NET_HDR_SIZE + (uint64_t)f->len;
    if (need > c->write_len) { /* a buffer too small for it: both go */
        n->stats.rx_dropped++;
        rxq_pop(n);
        return 0;
    }
    uint8_t hdr[VIRTIO_NET_HDR_SIZE] = { 0 }; /* no flags, GSO_NONE */
    st16(hdr + 10, 1);                        /* num_buffers */
    virtio_chain_write(c, 0, hdr, sizeof hdr);
    virtio_chain_write(c, VIRTIO_NET_HDR_SIZE, f->data, f->len);
    n->stats.rx_frames++;
    rxq_pop(n);
    return (int64_t)need;
}

/* Undo the consumption of the chains rx_handle returned unused: they were the
 * last ones the transport consumed. */
static void rx_give_back(struct virtio_net *n)
{
    unsigned k = n->rx_empty;
    n->rx_empty = 0;
    struct virtio_mmio *t = &n->mmio;
    if (k == 0 || t->broken)
        return;
    struct virtq *q = &t->q[VIRTIO_NET_RXQ];
    q->last_avail = (uint16_t)(q->last_avail - k);
    q->used_idx = (uint16_t)(q->used_idx - k);
    uint8_t idx[2];
    st16(idx, q->used_idx);
    phys_copy_to(t->pm, q->device + 2, idx, sizeof idx); /* the ring was mapped: cannot fail */
}

/* Put waiting frames into the receive buffers the driver has made available. */
static void rx_deliver(struct virtio_net *n)
{
    struct virtio_mmio *t = &n->mmio;
    if (n->rx_count == 0 || t->broken || !(t->status & VIRTIO_STATUS_DRIVER_OK) || !t->q[VIRTIO_NET_RXQ].ready)
        return;
    n->rx_empty = 0;
    virtio_mmio_notify(t, VIRTIO_NET_RXQ);
    rx_give_back(n);
}

/* ---------------------------------------------------------------- transmit */

static int64_t tx_handle(struct virtio_net *n, const struct virtio_chain *c)
{
    if (c->read_len < VIRTIO_NET_HDR_SIZE)
        return -1; /* not even a header */
    uint64_t len = c->read_len - VIRTIO_NET_HDR_SIZE;
    if (len < ETH_HEADER || len > VIRTIO_NET_FRAME_MAX) {
        n->stats.tx_dropped++;
        return 0;
    }
    virtio_chain_read(c, VIRTIO_NET_HDR_SIZE, n->txbuf, (size_t)len);
    n->stats.tx_frames++;
    /* slirp may answer at once (ARP, DHCP): send_packet only queues, the
     * frames are delivered after the transmit queue is done */
    slirp_input(n->slirp, n->txbuf, (int)len);
    return 0;
}

static int64_t net_handle(void *dev, unsigned q, const struct virtio_chain *c)
{
    struct virtio_net *n = dev;
    switch (q) {
    case VIRTIO_NET_RXQ: return rx_handle(n, c);
    case VIRTIO_NET_TXQ: return tx_handle(n, c);
    default: return -1;
    }
}

static void net_reset(void *dev)
{
    struct virtio_net *n = dev;
    rxq_clear(n);
    n->rx_empty = 0;
}

static const struct virtio_device_ops net_ops = {
    .device_id = VIRTIO_ID_NET,
    .features = 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS,
    .num_queues = 2,
    .handle = net_handle,
    .reset = net_reset,
};

/* ---------------------------------------------------------------- bus interface */

static bool net_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    struct virtio_net *n = opaque;
    return n->inner.read(n->inner.opaque, off, size, val);
}

static bool net_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    struct virtio_net *n = opaque;
    struct virtio_mmio *t = &n->mmio;
    if (size == 4 && off == VIRTIO_MMIO_QUEUE_NOTIFY && (val & 0xffff) == VIRTIO_NET_RXQ) {
        rx_deliver(n); /* new receive buffers: only worth a look if frames wait */
        return true;
    }
    if (size == 4 && off == VIRTIO_MMIO_STATUS && (val & 0xff) != 0) {
        /* may set DRIVER_OK: let the transport process the transmit queue only */
        bool ready = t->q[VIRTIO_NET_RXQ].ready;
        t->q[VIRTIO_NET_RXQ].ready = false;
        bool ok = n->inner.write(n->inner.opaque, off, size, val);
        t->q[VIRTIO_NET_RXQ].ready = ready;
        rx_deliver(n);
        return ok;
    }
    bool ok = n->inner.write(n->inner.opaque, off, size, val);
    if (size == 4 && off == VIRTIO_MMIO_QUEUE_NOTIFY)
        rx_deliver(n); /* slirp's answers to what was just sent */
    return ok;
}

/* ---------------------------------------------------------------- slirp callbacks */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    struct virtio_net *n = opaque;
    if (len > VIRTIO_NET_FRAME_MAX || n->rx_count >= VIRTIO_NET_RXQ_MAX) {
        n->stats.rx_dropped++;
        return (ssize_t)len;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) {
        n->stats.rx_dropped++;
        return (ssize_t)len;
    }
    memcpy(copy, buf, len);
    unsigned tail = (n->rx_head + n->rx_count) % VIRTIO_NET_RXQ_MAX;
    n->rxq[tail] = (struct rx_frame){ copy, (uint32_t)len };
    n->rx_count++;
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    struct virtio_net *n = opaque;
    (void)msg;
    n->stats.guest_errors++;
}

static int64_t cb_clock_get_ns(void *opaque)
{
    (void)opaque;
    return now_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    struct virtio_net *n = opaque;
    struct net_timer *tm = calloc(1, sizeof *tm);
    if (!tm)
        return NULL;
    tm->cb = cb;
    tm->cb_opaque = cb_opaque;
    tm->next = n->timers;
    n->timers = tm;
    return tm;
}

static void cb_timer_free(void *timer, void *opaque)
{
    struct virtio_net *n = opaque;
    for (struct net_timer **p = &n->timers; *p; p = &(*p)->next) {
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
    }
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    struct net_timer *tm = timer;
    if (tm) {
        tm->expire_ms = expire_ms;
        tm->armed = true;
    }
}

/* We poll every socket slirp has in virtio_net_poll: nothing to register. */
static void cb_register_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void cb_unregister_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void cb_notify(void *opaque) { (void)opaque; }

static const SlirpCb slirp_callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
};

/* ---------------------------------------------------------------- polling */

static int add_poll(int fd, int events, void *opaque)
{
    struct virtio_net *n = opaque;
    if (n->npfd == n->pfd_cap) {
        unsigned cap = n->pfd_cap ? 2 * n->pfd_cap : 16;
        struct pollfd *p = realloc(n->pfd, cap * sizeof *p);
        if (!p)
            return -1; /* not watched this time */
        n->pfd = p;
        n->pfd_cap = cap;
    }
    short ev = 0;
    if (events & SLIRP_POLL_IN)
        ev |= POLLIN;
    if (events & SLIRP_POLL_OUT)
        ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI)
        ev |= POLLPRI;
    n->pfd[n->npfd] = (struct pollfd){ .fd = fd, .events = ev };
    return (int)n->npfd++;
}

static int get_revents(int idx, void *opaque)
{
    struct virtio_net *n = opaque;
    if (idx < 0 || (unsigned)idx >= n->npfd)
        return 0;
    short re = n->pfd[idx].revents;
    int r = 0;
    if (re & POLLIN)
        r |= SLIRP_POLL_IN;
    if (re & POLLOUT)
        r |= SLIRP_POLL_OUT;
    if (re & POLLPRI)
        r |= SLIRP_POLL_PRI;
    if (re & (POLLERR | POLLNVAL))
        r |= SLIRP_POLL_ERR;
    if (re & POLLHUP)
        r |= SLIRP_POLL_HUP;
    return r;
}

/* Milliseconds until the first armed timer expires (0 if one is due), or -1. */
static int64_t next_timer_ms(const struct virtio_net *n, int64_t now_ms)
{
    int64_t best = -1;
    for (const struct net_timer *tm = n->timers; tm; tm = tm->next) {
        if (!tm->armed)
            continue;
        int64_t d = tm->expire_ms > now_ms ? tm->expire_ms - now_ms : 0;
        if (best < 0 || d < best)
            best = d;
    }
    return best;
}

static void run_timers(struct virtio_net *n)
{
    /* A callback may free or re-arm timers: look again after each one, and
     * give up after a while in case one keeps re-arming itself in the past. */
    for (int guard = 0; guard < 64; guard++) {
        int64_t now_ms = now_ns() / 1000000;
        struct net_timer *due = NULL;
        for (struct net_timer *tm = n->timers; tm; tm = tm->next)
            if (tm->armed && tm->expire_ms <= now_ms) {
                due = tm;
                break;
            }
        if (!due)
            return;
        due->armed = false;
        due->cb(due->cb_opaque);
    }
}

void virtio_net_poll(struct virtio_net *n, int timeout_ms)
{
    uint32_t timeout = timeout_ms > 0 ? (uint32_t)timeout_ms : 0;
    n->npfd = 0;
    slirp_pollfds_fill(n->slirp, &timeout, add_poll, n);
    int64_t t = next_timer_ms(n, now_ns() / 1000000);
    if (t >= 0 && (uint64_t)t < timeout)
        timeout = (uint32_t)t;
    int r = poll(n->pfd, n->npfd, (int)timeout);
    if (r < 0)
        for (unsigned i = 0; i < n->npfd; i++)
            n->pfd[i].revents = 0;
    slirp_pollfds_poll(n->slirp, r < 0, get_revents, n);
    run_timers(n);
    rx_deliver(n);
}

/* ---------------------------------------------------------------- the netdev spec */

static bool parse_port(const char *s, int *port)
{
    if (!*s)
        return false;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
        if (v > 65535)
            return false;
    }
    if (v == 0)
        return false;
    *port = (int)v;
    return true;
}

/* "ADDR:PORT" with ADDR empty (dflt) or dotted IPv4; s is modified. */
static bool parse_addr_port(char *s, struct in_addr dflt, struct in_addr *addr, int *port)
{
    char *colon = strrchr(s, ':');
    if (!colon)
        return false;
    *colon = '\0';
    if (!parse_port(colon + 1, port))
        return false;
    if (!*s) {
        *addr = dflt;
        return true;
    }
    return inet_pton(AF_INET, s, addr) == 1;
}

/* One hostfwd rule, "PROTO:[HADDR]:HPORT-[GADDR]:GPORT": add it to slirp. */
static bool add_hostfwd(Slirp *slirp, const char *rule, char *err, size_t errsize)
{
    char buf[128];
    if (strlen(rule) >= sizeof buf) {
        snprintf(err, errsize, "hostfwd rule too long: %.40s...", rule);
        return false;
    }
    strcpy(buf, rule);
    char *host = strchr(buf, ':');
    char *dash = host ? strchr(host, '-') : NULL;
    if (!host || !dash) {
        snprintf(err, errsize, "bad hostfwd rule '%s' (expected tcp::HOSTPORT-:GUESTPORT)", rule);
        return false;
    }
    *host++ = '\0';
    *dash = '\0';
    char *guest = dash + 1;
    int is_udp;
    if (!strcmp(buf, "tcp") || !*buf) {
        is_udp = 0;
    } else if (!strcmp(buf, "udp")) {
        is_udp = 1;
    } else {
        snprintf(err, errsize, "bad hostfwd rule '%s': protocol '%s' is not tcp or udp", rule, buf);
        return false;
    }
    struct in_addr any = { htonl(INADDR_ANY) }, guest_dflt, haddr, gaddr;
    inet_pton(AF_INET, "10.0.2.15", &guest_dflt);
    int hport, gport;
    if (!parse_addr_port(host, any, &haddr, &hport)) {
        snprintf(err, errsize, "bad hostfwd rule '%s': bad host address or port", rule);
        return false;
    }
    if (!parse_addr_port(guest, guest_dflt, &gaddr, &gport)) {
        snprintf(err, errsize, "bad hostfwd rule '%s': bad guest address or port", rule);
        return false;
    }
    errno = 0;
    if (slirp_add_hostfwd(slirp, is_udp, haddr, hport, gaddr, gport) < 0) {
        int e = errno;
        snprintf(err, errsize, "hostfwd '%s': cannot listen on host port %d%s%s", rule, hport, e ? ": " : "",
                 e ? strerror(e) : "");
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- life cycle */

struct virtio_net *virtio_net_open(const char *spec, char *err, size_t errsize)
{
    if (!spec)
        spec = "user";
    size_t speclen = strlen(spec);
    if (strncmp(spec, "user", 4) != 0 || (spec[4] != '\0' && spec[4] != ',')) {
        snprintf(err, errsize, "network backend '%s': only 'user' is supported", spec);
        return NULL;
    }
    struct virtio_net *n = calloc(1, sizeof *n);
    char *opts = malloc(speclen + 1);
    if (n)
        n->txbuf = malloc(VIRTIO_NET_FRAME_MAX);
    if (!n || !opts || !n->txbuf) {
        snprintf(err, errsize, "virtio-net: out of memory");
        goto fail;
    }

    SlirpConfig cfg = {
        .version = 4, /* the newest that libslirp 4.7 (Debian 12) knows */
        .restricted = 0,
        .in_enabled = true,
        .in6_enabled = false,
        .disable_host_loopback = false, /* 10.0.2.2 reaches the host's 127.0.0.1 */
        .enable_emu = false,
    };
    inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
    inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
    inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
    inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
    inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
    n->slirp = slirp_new(&cfg, &slirp_callbacks, n);
    if (!n->slirp) {
        snprintf(err, errsize, "virtio-net: cannot start user-mode networking (slirp_new failed)");
        goto fail;
    }

    memcpy(opts, spec, speclen + 1);
    char *save = NULL;
    strtok_r(opts, ",", &save); /* "user" */
    for (char *o = strtok_r(NULL, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        if (!strncmp(o, "hostfwd=", 8)) {
            if (!add_hostfwd(n->slirp, o + 8, err, errsize))
                goto fail;
        } else if (strncmp(o, "id=", 3) != 0) {
            snprintf(err, errsize, "network backend 'user': unknown option '%s'", o);
            goto fail;
        }
    }
    free(opts);

    /* the transport is set up for real by virtio_net_device */
    virtio_mmio_init(&n->mmio, &net_ops, n, NULL, NULL, NULL);
    return n;

fail:
    free(opts);
    virtio_net_close(n);
    return NULL;
}

struct bus_device virtio_net_device(struct virtio_net *n, struct physmem *pm, uint64_t base,
                                    virtio_set_irq_fn set_irq, void *irq_opaque)
{
    virtio_mmio_init(&n->mmio, &net_ops, n, pm, set_irq, irq_opaque);
    uint8_t *cfg = n->mmio.config;
    memset(cfg, 0, sizeof n->mmio.config);
    memcpy(cfg + CFG_MAC, net_mac, sizeof net_mac);
    st16(cfg + CFG_STATUS, VIRTIO_NET_S_LINK_UP);
    st16(cfg + CFG_MAX_PAIRS, 1);
    st16(cfg + CFG_MTU, NET_MTU);
    n->mmio.config_size = CFG_SIZE;
    n->inner = virtio_mmio_device(&n->mmio, "virtio-net", base);
    return (struct bus_device){ "virtio-net", base, VIRTIO_MMIO_SIZE, n, net_read, net_write };
}

void virtio_net_reset(struct virtio_net *n)
{
    virtio_mmio_reset(&n->mmio); /* calls net_reset */
}

void virtio_net_close(struct virtio_net *n)
{
    if (!n)
        return;
    if (n->slirp)
        slirp_cleanup(n->slirp); /* frees its timers through cb_timer_free */
    while (n->timers) {
        struct net_timer *tm = n->timers;
        n->timers = tm->next;
        free(tm);
    }
    rxq_clear(n);
    free(n->pfd);
    free(n->txbuf);
    free(n);
}

struct virtio_net_stats virtio_net_get_stats(const struct virtio_net *n)
{
    struct virtio_net_stats s = n->stats;
    s.rx_queued = n->rx_count;
    return s;
}
