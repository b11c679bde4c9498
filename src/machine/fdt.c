/*
 * The device tree the board describes itself with, built with libfdt's
 * sequential-write API, laid out as QEMU's `virt` writes it
 * (../shared/reference/virt-board.md) and listing exactly the devices the
 * machine has.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

enum { PHANDLE_INTC = 1, PHANDLE_PLIC = 2, PHANDLE_TEST = 3 };

#define FDT_MAX_SIZE (64 * 1024)

/* Property helpers: values are big-endian cells. */
static int prop_cells(void *fdt, const char *name, const uint32_t *cells, int n)
{
    uint32_t be[16];
    for (int i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    return fdt_property(fdt, name, be, (int)(n * sizeof be[0]));
}

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
    const uint32_t cells[4] = { (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32), (uint32_t)size };
    return prop_cells(fdt, "reg", cells, 4);
}

static int prop_u64(void *fdt, const char *name, uint64_t v)
{
    const uint32_t cells[2] = { (uint32_t)(v >> 32), (uint32_t)v };
    return prop_cells(fdt, name, cells, 2);
}

/* A list of strings ("a\0b\0"), given with its total length. */
static int prop_strings(void *fdt, const char *name, const char *list, int len)
{
    return fdt_property(fdt, name, list, len);
}

static int begin_node_at(void *fdt, const char *name, uint64_t base)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%llx", name, (unsigned long long)base);
    return fdt_begin_node(fdt, buf);
}

vsim_status machine_build_fdt(vsim_machine *m, const char *bootargs, uint64_t initrd_start, uint64_t initrd_end,
                              void **out, size_t *out_size)
{
    void *fdt = calloc(1, FDT_MAX_SIZE);
    if (!fdt)
        return VSIM_ERR_NO_MEMORY;
    int err = 0;
#define TRY(call)                  \
    do {                           \
        if ((err = (call)) != 0)   \
            goto fail;             \
    } while (0)

    TRY(fdt_create(fdt, FDT_MAX_SIZE));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "riscv-virtio"));
    TRY(fdt_property_string(fdt, "model", "riscv-virtio,qemu"));

    TRY(fdt_begin_node(fdt, "chosen"));
    TRY(fdt_property_string(fdt, "stdout-path", "/soc/serial@10000000"));
    if (bootargs)
        TRY(fdt_property_string(fdt, "bootargs", bootargs));
    if (initrd_end > initrd_start) {
        TRY(prop_u64(fdt, "linux,initrd-start", initrd_start));
        TRY(prop_u64(fdt, "linux,initrd-end", initrd_end));
    }
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_u32(fdt, "#address-cells", 1));
    TRY(fdt_property_u32(fdt, "#size-cells", 0));
    TRY(fdt_property_u32(fdt, "timebase-frequency", (uint32_t)CLINT_FREQ_HZ));
    TRY(fdt_begin_node(fdt, "cpu@0"));
    TRY(fdt_property_string(fdt, "device_type", "cpu"));
    TRY(fdt_property_u32(fdt, "reg", (uint32_t)m->cfg.hartid));
    TRY(fdt_property_string(fdt, "status", "okay"));
    TRY(fdt_property_string(fdt, "compatible", "riscv"));
    TRY(fdt_property_string(fdt, "riscv,isa", "rv64imafdc_zicsr_zifencei"));
    TRY(fdt_property_string(fdt, "mmu-type", "riscv,sv48"));
    TRY(fdt_begin_node(fdt, "interrupt-controller"));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
    TRY(fdt_property_u32(fdt, "phandle", PHANDLE_INTC));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));

    TRY(begin_node_at(fdt, "memory", m->mem.ram_base));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(prop_reg(fdt, m->mem.ram_base, m->mem.ram_size));
    TRY(fdt_end_node(fdt));

    /* Power-off and reboot through the test device, as Linux's syscon
     * drivers expect. */
    TRY(fdt_begin_node(fdt, "poweroff"));
    TRY(fdt_property_string(fdt, "compatible", "syscon-poweroff"));
    TRY(fdt_property_u32(fdt, "regmap", PHANDLE_TEST));
    TRY(fdt_property_u32(fdt, "offset", 0));
    TRY(fdt_property_u32(fdt, "value", 0x5555));
    TRY(fdt_end_node(fdt));
    TRY(fdt_begin_node(fdt, "reboot"));
    TRY(fdt_property_string(fdt, "compatible", "syscon-reboot"));
    TRY(fdt_property_u32(fdt, "regmap", PHANDLE_TEST));
    TRY(fdt_property_u32(fdt, "offset", 0));
    TRY(fdt_property_u32(fdt, "value", 0x7777));
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "soc"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
    TRY(fdt_property(fdt, "ranges", NULL, 0));

    static const char test_compat[] = "sifive,test1\0sifive,test0\0syscon";
    TRY(begin_node_at(fdt, "test", BOARD_SYSCON_BASE));
    TRY(prop_strings(fdt, "compatible", test_compat, sizeof test_compat));
    TRY(prop_reg(fdt, BOARD_SYSCON_BASE, 0x1000));
    TRY(fdt_property_u32(fdt, "phandle", PHANDLE_TEST));
    TRY(fdt_end_node(fdt));

    static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
    TRY(begin_node_at(fdt, "clint", BOARD_CLINT_BASE));
    TRY(prop_strings(fdt, "compatible", clint_compat, sizeof clint_compat));
    TRY(prop_reg(fdt, BOARD_CLINT_BASE, 0x10000));
    {
        const uint32_t ints[4] = { PHANDLE_INTC, IRQ_MSI, PHANDLE_INTC, IRQ_MTI };
        TRY(prop_cells(fdt, "interrupts-extended", ints, 4));
    }
    TRY(fdt_end_node(fdt));

    const bool plic = m->has_plic;
    if (plic) {
        static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
        TRY(begin_node_at(fdt, "plic", BOARD_PLIC_BASE));
        TRY(prop_strings(fdt, "compatible", plic_compat, sizeof plic_compat));
        TRY(prop_reg(fdt, BOARD_PLIC_BASE, 0x600000));
        TRY(fdt_property_u32(fdt, "#address-cells", 0));
        TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
        TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
        TRY(fdt_property_u32(fdt, "riscv,ndev", PLIC_NDEV));
        const uint32_t ints[4] = { PHANDLE_INTC, IRQ_MEI, PHANDLE_INTC, IRQ_SEI };
        TRY(prop_cells(fdt, "interrupts-extended", ints, 4));
        TRY(fdt_property_u32(fdt, "phandle", PHANDLE_PLIC));
        TRY(fdt_end_node(fdt));
    }

    TRY(begin_node_at(fdt, "serial", BOARD_UART0_BASE));
    TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
    TRY(prop_reg(fdt, BOARD_UART0_BASE, 0x100));
    TRY(fdt_property_u32(fdt, "clock-frequency", 3686400));
    if (plic) {
        TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC));
        TRY(fdt_property_u32(fdt, "interrupts", BOARD_UART0_IRQ));
    }
    TRY(fdt_end_node(fdt));

    if (m->has_rtc) {
        TRY(begin_node_at(fdt, "rtc", BOARD_RTC_BASE));
        TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
        TRY(prop_reg(fdt, BOARD_RTC_BASE, 0x1000));
        if (plic) {
            TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC));
            TRY(fdt_property_u32(fdt, "interrupts", BOARD_RTC_IRQ));
        }
        TRY(fdt_end_node(fdt));
    }

    for (unsigned i = 0; i < BOARD_VIRTIO_SLOTS; i++) {
        if (!m->virtio[i].used)
            continue;
        uint64_t base = BOARD_VIRTIO_BASE + i * 0x1000ull;
        TRY(begin_node_at(fdt, "virtio_mmio", base));
        TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
        TRY(prop_reg(fdt, base, 0x1000));
        if (plic) {
            TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC));
            TRY(fdt_property_u32(fdt, "interrupts", m->virtio[i].irq));
        }
        TRY(fdt_end_node(fdt));
    }

    TRY(fdt_end_node(fdt)); /* soc */
    TRY(fdt_end_node(fdt)); /* root */
    TRY(fdt_finish(fdt));
    TRY(fdt_pack(fdt));
    *out = fdt;
    *out_size = fdt_totalsize(fdt);
    return VSIM_OK;
#undef TRY
fail:
    free(fdt);
    return machine_error(m, VSIM_ERR_NO_MEMORY, "building the device tree failed: %s", fdt_strerror(err));
}
