/*
 * virtio-net (virtio 1.2 §5.1, DeviceID 1) over virtio-mmio, with QEMU-style
 * user-mode networking through libslirp: the guest sits on 10.0.2.0/24,
 * the host (and, through it, the outside world) is 10.0.2.2, the DNS proxy
 * 10.0.2.3, and slirp's DHCP server hands out 10.0.2.15 first. The guest
 * reaches the host's own 127.0.0.1 at 10.0.2.2. IPv6 is off.
 *
 * Features offered: VIRTIO_NET_F_MAC (MAC 52:54:00:12:34:56 at +0x100) and
 * VIRTIO_NET_F_STATUS (status le16 at +0x106: always VIRTIO_NET_S_LINK_UP);
 * max_virtqueue_pairs (+0x108) reads 1, mtu (+0x10a) 1500 (neither feature
 * is offered). No offloads, no mergeable buffers, no control queue: two
 * queues, receiveq (0) and transmitq (1).
 *
 * Every packet is preceded by a 12-byte struct virtio_net_hdr (the VERSION_1
 * layout, which the transport insists on).
 *   transmitq: the header is skipped and the rest of the chain's readable
 *     bytes is one Ethernet frame, handed to slirp. A chain shorter than the
 *     header marks the device broken; frames shorter than an Ethernet header
 *     or longer than VIRTIO_NET_FRAME_MAX are dropped (the buffer is still
 *     returned, used length 0).
 *   receiveq: frames from slirp wait in a queue of up to VIRTIO_NET_RXQ_MAX
 *     (further ones are dropped; TCP retransmits) until the driver supplies
 *     receive buffers; each frame goes into one chain behind a zeroed header
 *     with num_buffers = 1, the used length is header + frame. A frame that
 *     does not fit the chain it meets is dropped and the chain returned with
 *     used length 0 (the driver SHOULD post buffers of 1526 bytes or more,
 *     §5.1.6.3.1). Receive buffers are not consumed while there is nothing
 *     to put in them.
 * Chains are validated by the transport (see virtio_mmio.h).
 *
 * Frames are delivered when the driver notifies either queue, when it sets
 * DRIVER_OK, and in virtio_net_poll, which the machine calls periodically
 * (it also runs slirp's sockets and timers). A device reset drops the queued
 * frames; slirp's connections survive it.
 *
 * Not thread-safe: call everything from the thread that runs the hart.
 */
#ifndef VSIM_DEVICES_VIRTIO_NET_H
#define VSIM_DEVICES_VIRTIO_NET_H

#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "virtio_mmio.h"

#define VIRTIO_ID_NET 1u

#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1u

#define VIRTIO_NET_HDR_SIZE 12u            /* struct virtio_net_hdr with num_buffers */
#define VIRTIO_NET_FRAME_MAX (65u * 1024u) /* longest frame accepted either way */
#define VIRTIO_NET_RXQ_MAX 256u            /* frames waiting for receive buffers */

#define VIRTIO_NET_RXQ 0u
#define VIRTIO_NET_TXQ 1u

struct virtio_net;

/* Counters, for tests and diagnostics. */
struct virtio_net_stats {
    uint64_t tx_frames;      /* frames handed to slirp */
    uint64_t tx_dropped;     /* too short or too long */
    uint64_t rx_frames;      /* frames written into receive buffers */
    uint64_t rx_dropped;     /* queue full, frame too long, or too big for its buffer */
    uint64_t rx_queued;      /* frames waiting now */
    uint64_t guest_errors;   /* complaints from slirp about guest packets */
};

/* Create the device and its slirp instance from a QEMU-style netdev spec:
 *   "user" [ ",hostfwd=PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT" ]...
 * with PROTO tcp or udp (empty: tcp), HOSTADDR a dotted IPv4 address
 * (empty: all interfaces, as in QEMU), GUESTADDR empty for 10.0.2.15; an
 * "id=NAME" option is accepted and ignored. Host ports are bound here.
 * On failure: NULL and a one-line message in err. Not on a bus yet: see
 * virtio_net_device. */
struct virtio_net *virtio_net_open(const char *netdev_spec, char *err, size_t errsize);
/* Connect the device to guest memory and its interrupt line, and describe it
 * for the bus (VIRTIO_MMIO_SIZE bytes at base). Resets the device. */
struct bus_device virtio_net_device(struct virtio_net *n, struct physmem *pm, uint64_t base,
                                    virtio_set_irq_fn set_irq, void *irq_opaque);
/* Run the network: wait up to timeout_ms (0: just look; negative counts as
 * 0) for host sockets, let slirp handle them and its timers, then deliver
 * queued frames into receive buffers (raising the interrupt). */
void virtio_net_poll(struct virtio_net *n, int timeout_ms);
/* Machine reset (the transport and the queued frames; not slirp). */
void virtio_net_reset(struct virtio_net *n);
/* Close slirp's sockets and free the device (NULL is fine). */
void virtio_net_close(struct virtio_net *n);
/* A snapshot of the counters. */
struct virtio_net_stats virtio_net_get_stats(const struct virtio_net *n);

#endif
