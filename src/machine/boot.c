/*
 * Booting firmware and an operating system the way QEMU's `virt` does:
 * firmware (OpenSBI's fw_dynamic) at the start of RAM, a kernel Image 2 MiB
 * above it, an initrd and the device tree higher up, and a boot ROM at
 * 0x1000 that enters the firmware with a0 = hartid, a1 = device tree,
 * a2 = fw_dynamic_info (../shared/reference/virt-board.md, "Boot protocol").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

#define DEFAULT_BIOS "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define KERNEL_OFFSET 0x200000ull   /* RV64 kernels are loaded 2 MiB into RAM */
#define FW_DYNAMIC_MAGIC 0x4942534full /* "OSBI" */
#define FW_DYNAMIC_VERSION 2
#define NEXT_MODE_S 1

/* Load a whole file at pa; *end gets the first byte after it. */
static vsim_status load_at(vsim_machine *m, const char *path, uint64_t pa, uint64_t *end)
{
    vsim_status st = vsim_load_raw(m, path, pa);
    if (st != VSIM_OK)
        return st;
    FILE *f = fopen(path, "rb");
    if (!f)
        return machine_error(m, VSIM_ERR_IO, "%s: cannot open", path);
    fseek(f, 0, SEEK_END);
    *end = pa + (uint64_t)ftell(f);
    fclose(f);
    return VSIM_OK;
}

vsim_status vsim_boot_setup(vsim_machine *m, const vsim_boot *b)
{
    if (!m || !b || (!b->bios && !b->kernel))
        return VSIM_ERR_INVALID_ARG;
    const uint64_t ram = m->mem.ram_base, ram_size = m->mem.ram_size;
    const char *bios = b->bios ? b->bios : DEFAULT_BIOS;
    uint64_t end;
    vsim_status st = load_at(m, bios, ram, &end);
    if (st != VSIM_OK)
        return st;

    uint64_t kernel = ram + KERNEL_OFFSET, initrd_start = 0, initrd_end = 0;
    if (b->kernel) {
        if (end > kernel)
            return machine_error(m, VSIM_ERR_OUT_OF_RAM, "%s: firmware overlaps the kernel at 0x%llx", bios,
                                 (unsigned long long)kernel);
        if ((st = load_at(m, b->kernel, kernel, &end)) != VSIM_OK)
            return st;
        if (b->initrd) {
            /* As QEMU: half of RAM (at most 128 MiB) above the kernel. */
            uint64_t gap = ram_size / 2 < (128ull << 20) ? ram_size / 2 : (128ull << 20);
            initrd_start = kernel + gap;
            if (initrd_start < end)
                initrd_start = (end + 0xfffff) & ~0xfffffull;
            if ((st = load_at(m, b->initrd, initrd_start, &initrd_end)) != VSIM_OK)
                return st;
        }
    }

    void *dtb;
    size_t dtb_size;
    if ((st = machine_build_fdt(m, b->append, initrd_start, initrd_end, &dtb, &dtb_size)) != VSIM_OK)
        return st;
    /* The device tree near the top of RAM (below 3 GiB), 2 MiB aligned. */
    uint64_t top = ram + (ram_size < (3ull << 30) - ram ? ram_size : (3ull << 30) - ram);
    uint64_t dtb_addr = (top - dtb_size) & ~0x1fffffull;
    if (dtb_addr < (initrd_end ? initrd_end : end) || vsim_write_phys(m, dtb_addr, dtb, dtb_size) != VSIM_OK) {
        free(dtb);
        return machine_error(m, VSIM_ERR_OUT_OF_RAM, "no room in RAM for the device tree");
    }
    free(dtb);

    const uint32_t code[] = {
        0x00000297, /* auipc t0, 0 */
        0x02828613, /* addi  a2, t0, 40   (fw_dynamic_info) */
        0xf1402573, /* csrr  a0, mhartid */
        0x0202b583, /* ld    a1, 32(t0)   (device tree) */
        0x0182b283, /* ld    t0, 24(t0)   (firmware entry) */
        0x00028067, /* jr    t0 */
    };
    const uint64_t data[] = {
        ram, dtb_addr,
        /* fw_dynamic_info: magic, version, next_addr, next_mode, options, boot_hart */
        FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, kernel, NEXT_MODE_S, 0, (uint64_t)-1,
    };
    uint8_t rom[sizeof code + sizeof data];
    memcpy(rom, code, sizeof code);
    memcpy(rom + sizeof code, data, sizeof data);
    if (!physmem_set_rom(&m->mem, BOARD_ROM_BASE, BOARD_ROM_SIZE, rom, sizeof rom))
        return VSIM_ERR_NO_MEMORY;
    m->dtb_addr = dtb_addr;
    m->entry = BOARD_ROM_BASE;
    return vsim_reset(m);
}

vsim_status vsim_dump_dtb(vsim_machine *m, const char *path)
{
    if (!m || !path)
        return VSIM_ERR_INVALID_ARG;
    void *dtb;
    size_t size;
    vsim_status st = machine_build_fdt(m, "", 0, 0, &dtb, &size);
    if (st != VSIM_OK)
        return st;
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(dtb, 1, size, f) != size) {
        if (f)
            fclose(f);
        free(dtb);
        return machine_error(m, VSIM_ERR_IO, "%s: cannot write the device tree", path);
    }
    fclose(f);
    free(dtb);
    return VSIM_OK;
}
