/*
 * Loading programs: RISC-V 64-bit ELF executables and raw binaries.
 *
 * Everything in the file is checked before a byte of guest memory changes:
 * a truncated, corrupt or foreign file leaves the machine as it was and
 * says what was wrong.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "machine.h"

#define MAX_FILE_SIZE (1ull << 36) /* no program is larger than any RAM we allow */

/* Is [off, off+len) inside a buffer of `size` bytes? (overflow-safe) */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

void elf_free_symbols(vsim_machine *m)
{
    for (size_t i = 0; i < m->symbol_count; i++)
        free(m->symbols[i].name);
    free(m->symbols);
    m->symbols = NULL;
    m->symbol_count = 0;
}

/* Read the symbol table if there is one. A file without symbols is fine;
 * one whose section headers point outside the file is not. */
static vsim_status read_symbols(vsim_machine *m, const uint8_t *data, size_t size, const Elf64_Ehdr *eh,
                                const char *what, struct elf_symbol **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    if (eh->e_shoff == 0 || eh->e_shnum == 0)
        return VSIM_OK;
    if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !in_file(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size))
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: section header table lies outside the file", what);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        Elf64_Shdr sh;
        memcpy(&sh, data + eh->e_shoff + i * sizeof sh, sizeof sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        Elf64_Shdr str;
        if (sh.sh_link >= eh->e_shnum || sh.sh_entsize != sizeof(Elf64_Sym) ||
            !in_file(sh.sh_offset, sh.sh_size, size))
            return machine_error(m, VSIM_ERR_BAD_ELF, "%s: corrupt symbol table", what);
        memcpy(&str, data + eh->e_shoff + sh.sh_link * sizeof str, sizeof str);
        if (!in_file(str.sh_offset, str.sh_size, size) || str.sh_size == 0)
            return machine_error(m, VSIM_ERR_BAD_ELF, "%s: corrupt symbol string table", what);
        const char *strtab = (const char *)data + str.sh_offset;
        size_t n = sh.sh_size / sizeof(Elf64_Sym);
        struct elf_symbol *syms = calloc(n ? n : 1, sizeof *syms);
        if (!syms)
            return VSIM_ERR_NO_MEMORY;
        size_t k = 0;
        for (size_t j = 0; j < n; j++) {
            Elf64_Sym s;
            memcpy(&s, data + sh.sh_offset + j * sizeof s, sizeof s);
            /* Functions and objects (and untyped labels), not sections,
             * files or the assembler's mapping symbols ($x, $d). */
            unsigned type = ELF64_ST_TYPE(s.st_info);
            if (s.st_name == 0 || s.st_name >= str.sh_size || s.st_shndx == SHN_UNDEF || type == STT_SECTION ||
                type == STT_FILE || strtab[s.st_name] == '$')
                continue;
            const char *name = strtab + s.st_name;
            size_t len = strnlen(name, str.sh_size - s.st_name);
            if (len == 0 || len == str.sh_size - s.st_name)
                continue; /* empty, or not terminated inside the table */
            syms[k] = (struct elf_symbol){ s.st_value, s.st_size, strndup(name, len) };
            if (!syms[k].name) {
                for (size_t q = 0; q < k; q++)
                    free(syms[q].name);
                free(syms);
                return VSIM_ERR_NO_MEMORY;
            }
            k++;
        }
        *out = syms;
        *count = k;
        return VSIM_OK;
    }
    return VSIM_OK;
}

vsim_status elf_load(vsim_machine *m, const uint8_t *data, size_t size, const char *what)
{
    static const uint8_t magic[SELFMAG] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3 };
    Elf64_Ehdr eh;
    if (size == 0)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: not an ELF file (the file is empty)", what);
    if (memcmp(data, magic, size < SELFMAG ? size : SELFMAG) != 0)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: not an ELF file (no ELF magic number)", what);
    if (size < SELFMAG)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: not an ELF file (only %zu bytes)", what, size);
    if (size < EI_NIDENT)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: truncated ELF file (%zu bytes)", what, size);
    if (data[EI_CLASS] == ELFCLASS32)
        return machine_error(m, VSIM_ERR_WRONG_ARCH, "%s: a 32-bit ELF; libvsim runs RV64 programs", what);
    if (data[EI_CLASS] != ELFCLASS64)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: invalid ELF class %u", what, data[EI_CLASS]);
    if (data[EI_DATA] == ELFDATA2MSB)
        return machine_error(m, VSIM_ERR_WRONG_ARCH, "%s: a big-endian ELF; RISC-V is little-endian", what);
    if (data[EI_DATA] != ELFDATA2LSB)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: invalid ELF data encoding %u", what, data[EI_DATA]);
    if (size < sizeof eh)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: truncated ELF header (%zu bytes)", what, size);
    memcpy(&eh, data, sizeof eh);
    if (eh.e_machine != EM_RISCV)
        return machine_error(m, VSIM_ERR_WRONG_ARCH, "%s: ELF for machine %u, not RISC-V (%u)", what,
                             eh.e_machine, EM_RISCV);
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: not an executable (ELF type %u)", what, eh.e_type);
    if (eh.e_phnum == 0)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: no program headers, nothing to load", what);
    if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
        !in_file(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), size))
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: program header table lies outside the file", what);

    /* Check every segment before loading any. */
    unsigned loads = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, data + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        loads++;
        if (ph.p_filesz > ph.p_memsz)
            return machine_error(m, VSIM_ERR_BAD_ELF, "%s: segment %u has more file data than memory size", what, i);
        if (!in_file(ph.p_offset, ph.p_filesz, size))
            return machine_error(m, VSIM_ERR_BAD_ELF, "%s: segment %u's data lies outside the file", what, i);
        if (!phys_ram_ptr(&m->mem, ph.p_paddr, ph.p_memsz))
            return machine_error(m, VSIM_ERR_OUT_OF_RAM,
                                 "%s: segment %u at 0x%llx-0x%llx is outside guest RAM 0x%llx-0x%llx", what, i,
                                 (unsigned long long)ph.p_paddr,
                                 (unsigned long long)(ph.p_paddr + ph.p_memsz - 1),
                                 (unsigned long long)m->mem.ram_base,
                                 (unsigned long long)(m->mem.ram_base + m->mem.ram_size - 1));
    }
    if (loads == 0)
        return machine_error(m, VSIM_ERR_BAD_ELF, "%s: no loadable segments", what);

    struct elf_symbol *syms;
    size_t nsyms;
    vsim_status st = read_symbols(m, data, size, &eh, what, &syms, &nsyms);
    if (st != VSIM_OK)
        return st;

    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, data + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint8_t *dst = phys_ram_ptr(&m->mem, ph.p_paddr, ph.p_memsz);
        memcpy(dst, data + ph.p_offset, ph.p_filesz);
        memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
        phys_notify_write(&m->mem, ph.p_paddr, ph.p_memsz);
    }
    machine_code_changed(m);

    elf_free_symbols(m);
    m->symbols = syms;
    m->symbol_count = nsyms;
    m->entry = eh.e_entry;
    htif_detach(&m->htif);
    uint64_t tohost, fromhost = 0;
    if (vsim_symbol(m, "tohost", &tohost) == VSIM_OK) {
        vsim_symbol(m, "fromhost", &fromhost);
        htif_attach(&m->htif, m, tohost, fromhost);
    }
    /* The program starts at its entry point, in M-mode, from reset state. */
    return vsim_reset(m);
}

/* Read a whole file; the caller frees *data. */
static vsim_status read_file(vsim_machine *m, const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return machine_error(m, VSIM_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return machine_error(m, VSIM_ERR_IO, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > MAX_FILE_SIZE) {
        fclose(f);
        return machine_error(m, VSIM_ERR_OUT_OF_RAM, "%s: file too large", path);
    }
    *size = (size_t)st.st_size;
    *data = malloc(*size ? *size : 1);
    if (!*data) {
        fclose(f);
        return machine_error(m, VSIM_ERR_NO_MEMORY, "%s: cannot allocate %zu bytes", path, *size);
    }
    size_t got = fread(*data, 1, *size, f);
    fclose(f);
    if (got != *size) {
        free(*data);
        return machine_error(m, VSIM_ERR_IO, "%s: read error", path);
    }
    return VSIM_OK;
}

vsim_status vsim_load_elf(vsim_machine *m, const char *path)
{
    if (!m || !path)
        return VSIM_ERR_INVALID_ARG;
    uint8_t *data;
    size_t size;
    vsim_status st = read_file(m, path, &data, &size);
    if (st == VSIM_OK) {
        st = elf_load(m, data, size, path);
        free(data);
    }
    return st;
}

vsim_status vsim_load_elf_mem(vsim_machine *m, const void *data, size_t size)
{
    if (!m || (!data && size))
        return VSIM_ERR_INVALID_ARG;
    return elf_load(m, data ? data : (const void *)"", size, "ELF image");
}

vsim_status vsim_load_raw(vsim_machine *m, const char *path, uint64_t addr)
{
    if (!m || !path)
        return VSIM_ERR_INVALID_ARG;
    uint8_t *data;
    size_t size;
    vsim_status st = read_file(m, path, &data, &size);
    if (st != VSIM_OK)
        return st;
    if (!phys_copy_to(&m->mem, addr, data, size))
        st = machine_error(m, VSIM_ERR_OUT_OF_RAM, "%s: %zu bytes at 0x%llx do not fit in guest RAM", path,
                           size, (unsigned long long)addr);
    free(data);
    machine_code_changed(m);
    return st;
}

uint64_t vsim_entry(const vsim_machine *m) { return m ? m->entry : 0; }

vsim_status vsim_symbol(const vsim_machine *m, const char *name, uint64_t *value)
{
    if (!m || !name || !value)
        return VSIM_ERR_INVALID_ARG;
    for (size_t i = 0; i < m->symbol_count; i++) {
        if (strcmp(m->symbols[i].name, name) == 0) {
            *value = m->symbols[i].value;
            return VSIM_OK;
        }
    }
    return VSIM_ERR_INVALID_ARG;
}

vsim_status vsim_dump_signature(vsim_machine *m, const char *path, unsigned granularity)
{
    if (!m || !path)
        return VSIM_ERR_INVALID_ARG;
    if (granularity != 4 && granularity != 8 && granularity != 16)
        return machine_error(m, VSIM_ERR_INVALID_ARG, "signature granularity %u (use 4, 8 or 16)", granularity);
    uint64_t begin, end;
    if (vsim_symbol(m, "begin_signature", &begin) != VSIM_OK || vsim_symbol(m, "end_signature", &end) != VSIM_OK)
        return machine_error(m, VSIM_ERR_INVALID_ARG, "no begin_signature and end_signature symbols");
    if (end < begin)
        return machine_error(m, VSIM_ERR_INVALID_ARG, "end_signature 0x%llx is below begin_signature 0x%llx",
                             (unsigned long long)end, (unsigned long long)begin);
    FILE *f = fopen(path, "w");
    if (!f)
        return machine_error(m, VSIM_ERR_IO, "%s: %s", path, strerror(errno));
    /* One line per granule: its bytes from the highest address down, so a
     * word reads as the number it holds; missing bytes at the end are 0. */
    vsim_status st = VSIM_OK;
    for (uint64_t addr = begin; addr < end && st == VSIM_OK; addr += granularity) {
        uint8_t line[16] = { 0 };
        size_t n = end - addr < granularity ? (size_t)(end - addr) : granularity;
        /* memory only: reading a device could have side effects */
        if (!phys_copy_from(&m->mem, addr, line, n)) {
            st = machine_error(m, VSIM_ERR_BAD_ADDRESS, "signature 0x%llx-0x%llx: no memory at 0x%llx",
                               (unsigned long long)begin, (unsigned long long)end - 1, (unsigned long long)addr);
            break;
        }
        for (unsigned i = granularity; i-- > 0;)
            fprintf(f, "%02x", line[i]);
        fputc('\n', f);
    }
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0)
        failed = true;
    if (st == VSIM_OK && failed)
        st = machine_error(m, VSIM_ERR_IO, "%s: write error", path);
    return st;
}
