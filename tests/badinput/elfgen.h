/*
 * Build small, valid RV64 ELF executables in memory, for the bad-input
 * tests to break in controlled ways. No cross compiler needed.
 *
 * Layout of the image (all offsets fixed, see struct elf_layout):
 *
 *   0x000  Elf64_Ehdr
 *   0x040  Elf64_Phdr[nphdr]          PT_LOAD segments (the second, if any,
 *                                     16 bytes at RAM + 0x1000)
 *   0x100  code: count to 5, power off with exit code 7 (guest_code.h)
 *   ...    .symtab: null, _start, marker (no tohost: no HTIF)
 *   ...    .strtab
 *   ...    Elf64_Shdr[4]: null, .symtab, .strtab, .shstrtab
 */
#ifndef VSIM_TEST_ELFGEN_H
#define VSIM_TEST_ELFGEN_H

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest_code.h"

#define ELFGEN_EXIT_CODE 7
#define ELFGEN_MARKER_ADDR (GUEST_RAM_BASE + 0x800)

struct elf_layout {
    size_t size;        /* bytes in the image */
    size_t phoff;       /* first program header */
    unsigned nphdr;
    size_t code_off;    /* segment 0's data */
    size_t code_size;
    size_t symtab_off, strtab_off, shstrtab_off;
    size_t shoff;       /* section header table */
    unsigned shnum;
};

struct elf_opts {
    unsigned nphdr;       /* 1 or 2 PT_LOAD segments (the second: 16 bytes of data at +0x1000) */
    uint64_t bss;         /* extra zeroed memory after segment 0's data */
};

static inline size_t elfgen_align8(size_t v) { return (v + 7) & ~(size_t)7; }

/* Returns a malloc'd image of exactly layout->size bytes (NULL if out of memory). */
static inline uint8_t *elfgen_build(const struct elf_opts *opts, struct elf_layout *lay)
{
    struct prog p;
    build_counter(&p, 5, "", ELFGEN_EXIT_CODE, NULL);

    static const char strtab[] = "\0_start\0marker\0";
    static const char shstrtab[] = "\0.symtab\0.strtab\0.shstrtab\0";
    const unsigned nphdr = opts && opts->nphdr ? opts->nphdr : 1;
    const uint64_t bss = opts ? opts->bss : 0;

    memset(lay, 0, sizeof *lay);
    lay->nphdr = nphdr;
    lay->phoff = sizeof(Elf64_Ehdr);
    lay->code_off = 0x100;
    lay->code_size = p.n * 4;
    size_t seg1_off = lay->code_off + lay->code_size;
    size_t seg1_size = nphdr > 1 ? 16 : 0;
    lay->symtab_off = elfgen_align8(seg1_off + seg1_size);
    size_t nsyms = 3;
    lay->strtab_off = lay->symtab_off + nsyms * sizeof(Elf64_Sym);
    lay->shstrtab_off = lay->strtab_off + sizeof strtab;
    lay->shoff = elfgen_align8(lay->shstrtab_off + sizeof shstrtab);
    lay->shnum = 4;
    lay->size = lay->shoff + lay->shnum * sizeof(Elf64_Shdr);

    uint8_t *img = calloc(1, lay->size);
    if (!img)
        return NULL;

    Elf64_Ehdr eh = { 0 };
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_RISCV;
    eh.e_version = EV_CURRENT;
    eh.e_entry = GUEST_RAM_BASE;
    eh.e_phoff = lay->phoff;
    eh.e_shoff = lay->shoff;
    eh.e_flags = 0; /* soft-float ABI, no compressed code */
    eh.e_ehsize = sizeof(Elf64_Ehdr);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = (Elf64_Half)nphdr;
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = (Elf64_Half)lay->shnum;
    eh.e_shstrndx = 3;
    memcpy(img, &eh, sizeof eh);

    Elf64_Phdr ph = { 0 };
    ph.p_type = PT_LOAD;
    ph.p_flags = PF_R | PF_W | PF_X;
    ph.p_offset = lay->code_off;
    ph.p_vaddr = ph.p_paddr = GUEST_RAM_BASE;
    ph.p_filesz = lay->code_size;
    ph.p_memsz = lay->code_size + bss;
    ph.p_align = 0x1000;
    memcpy(img + lay->phoff, &ph, sizeof ph);
    memcpy(img + lay->code_off, p.w, lay->code_size);
    if (nphdr > 1) {
        ph.p_flags = PF_R | PF_W;
        ph.p_offset = seg1_off;
        ph.p_vaddr = ph.p_paddr = GUEST_RAM_BASE + 0x1000;
        ph.p_filesz = ph.p_memsz = seg1_size;
        memcpy(img + lay->phoff + sizeof ph, &ph, sizeof ph);
        memset(img + seg1_off, 0xd5, seg1_size);
    }

    Elf64_Sym syms[3] = { { 0 } };
    syms[1].st_name = 1; /* _start */
    syms[1].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
    syms[1].st_shndx = SHN_ABS;
    syms[1].st_value = GUEST_RAM_BASE;
    syms[2].st_name = 8; /* marker */
    syms[2].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
    syms[2].st_shndx = SHN_ABS;
    syms[2].st_value = ELFGEN_MARKER_ADDR;
    syms[2].st_size = 8;
    memcpy(img + lay->symtab_off, syms, sizeof syms);
    memcpy(img + lay->strtab_off, strtab, sizeof strtab);
    memcpy(img + lay->shstrtab_off, shstrtab, sizeof shstrtab);

    Elf64_Shdr sh[4] = { { 0 } };
    sh[1] = (Elf64_Shdr){ .sh_name = 1, .sh_type = SHT_SYMTAB, .sh_offset = lay->symtab_off,
                          .sh_size = sizeof syms, .sh_link = 2, .sh_info = 1, .sh_addralign = 8,
                          .sh_entsize = sizeof(Elf64_Sym) };
    sh[2] = (Elf64_Shdr){ .sh_name = 9, .sh_type = SHT_STRTAB, .sh_offset = lay->strtab_off,
                          .sh_size = sizeof strtab, .sh_addralign = 1 };
    sh[3] = (Elf64_Shdr){ .sh_name = 17, .sh_type = SHT_STRTAB, .sh_offset = lay->shstrtab_off,
                          .sh_size = sizeof shstrtab, .sh_addralign = 1 };
    memcpy(img + lay->shoff, sh, sizeof sh);
    return img;
}

/* Typed access to the headers of an image (memcpy: no alignment assumptions). */
static inline Elf64_Ehdr elfgen_ehdr(const uint8_t *img)
{
    Elf64_Ehdr e;
    memcpy(&e, img, sizeof e);
    return e;
}
static inline void elfgen_set_ehdr(uint8_t *img, const Elf64_Ehdr *e) { memcpy(img, e, sizeof *e); }

static inline Elf64_Phdr elfgen_phdr(const uint8_t *img, const struct elf_layout *lay, unsigned i)
{
    Elf64_Phdr p;
    memcpy(&p, img + lay->phoff + i * sizeof p, sizeof p);
    return p;
}
static inline void elfgen_set_phdr(uint8_t *img, const struct elf_layout *lay, unsigned i, const Elf64_Phdr *p)
{
    memcpy(img + lay->phoff + i * sizeof *p, p, sizeof *p);
}

static inline Elf64_Shdr elfgen_shdr(const uint8_t *img, const struct elf_layout *lay, unsigned i)
{
    Elf64_Shdr s;
    memcpy(&s, img + lay->shoff + i * sizeof s, sizeof s);
    return s;
}
static inline void elfgen_set_shdr(uint8_t *img, const struct elf_layout *lay, unsigned i, const Elf64_Shdr *s)
{
    memcpy(img + lay->shoff + i * sizeof *s, s, sizeof *s);
}

#endif
