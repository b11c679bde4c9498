/*
 * Fuzz-style robustness test of the ELF loader: mutate a valid RV64 ELF
 * (elfgen.h) in many ways with a fixed seed and load each result with
 * vsim_load_elf_mem. Whatever the bytes, the loader must return a status
 * (never crash, hang, leak or read outside the buffer: run it in the
 * -DVSIM_SANITIZE=ON build to prove the last two), a failure must come with
 * a message, and a success must leave a machine that runs without host
 * errors.
 *
 *   test_elf_fuzz [ITERATIONS [SEED]]
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsim/vsim.h"

#include "elfgen.h"

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}
static size_t below(size_t n) { return n ? (size_t)(rng() % n) : 0; }

/* Values that tend to find overflow and off-by-one bugs. */
static uint64_t interesting(size_t size)
{
    static const uint64_t v[] = {
        0, 1, 2, 7, 8, 0x38, 0x40, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0x7fff, 0x8000, 0xffff,
        0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
        0x8000000000000000ull, UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - 7, UINT64_MAX - 0x3f,
        GUEST_RAM_BASE, GUEST_RAM_BASE - 1, GUEST_RAM_BASE + (1ull << 20), GUEST_RAM_BASE + (1ull << 20) - 1,
    };
    switch (below(4)) {
    case 0: return size + below(3) - 1;           /* around the end of the file */
    case 1: return below(size + 1);               /* somewhere in the file */
    default: return v[below(sizeof v / sizeof v[0])];
    }
}

/* Offsets and widths of the header fields worth aiming at. */
struct field {
    size_t off;
    unsigned width;
};

static size_t collect_fields(const struct elf_layout *lay, struct field *f, size_t max)
{
    size_t n = 0;
#define ADD(o, w)                              \
    do {                                       \
        if (n < max)                           \
            f[n++] = (struct field){ (o), (w) }; \
    } while (0)
    /* ELF header */
    for (size_t i = 0; i < EI_NIDENT; i++)
        ADD(i, 1);
    ADD(offsetof(Elf64_Ehdr, e_type), 2);
    ADD(offsetof(Elf64_Ehdr, e_machine), 2);
    ADD(offsetof(Elf64_Ehdr, e_entry), 8);
    ADD(offsetof(Elf64_Ehdr, e_phoff), 8);
    ADD(offsetof(Elf64_Ehdr, e_shoff), 8);
    ADD(offsetof(Elf64_Ehdr, e_phentsize), 2);
    ADD(offsetof(Elf64_Ehdr, e_phnum), 2);
    ADD(offsetof(Elf64_Ehdr, e_shentsize), 2);
    ADD(offsetof(Elf64_Ehdr, e_shnum), 2);
    ADD(offsetof(Elf64_Ehdr, e_shstrndx), 2);
    /* program headers */
    for (unsigned i = 0; i < lay->nphdr; i++) {
        size_t b = lay->phoff + i * sizeof(Elf64_Phdr);
        ADD(b + offsetof(Elf64_Phdr, p_type), 4);
        ADD(b + offsetof(Elf64_Phdr, p_offset), 8);
        ADD(b + offsetof(Elf64_Phdr, p_vaddr), 8);
        ADD(b + offsetof(Elf64_Phdr, p_paddr), 8);
        ADD(b + offsetof(Elf64_Phdr, p_filesz), 8);
        ADD(b + offsetof(Elf64_Phdr, p_memsz), 8);
    }
    /* section headers */
    for (unsigned i = 0; i < lay->shnum; i++) {
        size_t b = lay->shoff + i * sizeof(Elf64_Shdr);
        ADD(b + offsetof(Elf64_Shdr, sh_type), 4);
        ADD(b + offsetof(Elf64_Shdr, sh_offset), 8);
        ADD(b + offsetof(Elf64_Shdr, sh_size), 8);
        ADD(b + offsetof(Elf64_Shdr, sh_link), 4);
        ADD(b + offsetof(Elf64_Shdr, sh_entsize), 8);
    }
    /* symbols */
    for (unsigned i = 0; i < 3; i++) {
        size_t b = lay->symtab_off + i * sizeof(Elf64_Sym);
        ADD(b + offsetof(Elf64_Sym, st_name), 4);
        ADD(b + offsetof(Elf64_Sym, st_shndx), 2);
        ADD(b + offsetof(Elf64_Sym, st_value), 8);
    }
#undef ADD
    return n;
}

int main(int argc, char **argv)
{
    unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 0) : 3000;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed0f1e1f5eedull;
    if (!rng_state)
        rng_state = 1;

    struct elf_layout lay1, lay2;
    uint8_t *base1 = elfgen_build(NULL, &lay1);
    uint8_t *base2 = elfgen_build(&(struct elf_opts){ .nphdr = 2, .bss = 64 }, &lay2);
    if (!base1 || !base2) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    struct field fields1[128], fields2[128];
    size_t nf1 = collect_fields(&lay1, fields1, 128), nf2 = collect_fields(&lay2, fields2, 128);

    vsim_machine *machines[VSIM_DISPATCH_COUNT_] = { NULL };
    unsigned nmachines = 0;
    for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++) {
        vsim_config cfg;
        vsim_config_init(&cfg);
        cfg.ram_size = 1ull << 20;
        cfg.dispatch = (vsim_dispatch)d;
        vsim_status st = vsim_create(&cfg, &machines[nmachines]);
        if (st == VSIM_OK)
            nmachines++;
        else if (st != VSIM_ERR_UNSUPPORTED) {
            fprintf(stderr, "vsim_create(%s): %s\n", vsim_dispatch_name(cfg.dispatch), vsim_strerror(st));
            return 1;
        }
    }

    unsigned long count[VSIM_STATUS_COUNT_] = { 0 };
    unsigned long ran = 0, failures = 0;
    for (unsigned long it = 0; it < iterations; it++) {
        bool two = rng() & 1;
        const uint8_t *base = two ? base2 : base1;
        const struct elf_layout *lay = two ? &lay2 : &lay1;
        const struct field *fields = two ? fields2 : fields1;
        size_t nf = two ? nf2 : nf1;

        size_t size = lay->size;
        uint8_t *img = malloc(size);
        if (!img)
            return 1;
        memcpy(img, base, size);

        /* 1..4 mutations of mixed kinds */
        unsigned nmut = 1 + (unsigned)below(4);
        for (unsigned k = 0; k < nmut; k++) {
            switch (below(5)) {
            case 0: /* flip random bits anywhere */
            case 1:
                for (unsigned j = 0, n = 1 + (unsigned)below(8); j < n; j++)
                    img[below(size)] ^= (uint8_t)(1u << below(8));
                break;
            case 2: { /* a random byte in the headers */
                size_t hdr = lay->code_off;
                img[below(hdr)] = (uint8_t)rng();
                break;
            }
            case 3: { /* an interesting value in a header field */
                const struct field *f = &fields[below(nf)];
                uint64_t v = interesting(size);
                if (f->off + f->width <= size)
                    memcpy(img + f->off, &v, f->width); /* little-endian host */
                break;
            }
            default: /* truncate, now and then */
                if (below(4) == 0)
                    size = below(size + 1);
                break;
            }
        }

        /* an exactly sized heap copy: any read past the end is caught by ASan */
        uint8_t *exact = malloc(size ? size : 1);
        if (!exact)
            return 1;
        memcpy(exact, img, size);
        free(img);

        vsim_machine *m = machines[it % nmachines];
        vsim_status st = vsim_load_elf_mem(m, exact, size);
        free(exact);
        if ((unsigned)st >= VSIM_STATUS_COUNT_) {
            fprintf(stderr, "iteration %lu: status %d out of range\n", it, (int)st);
            failures++;
            continue;
        }
        count[st]++;
        if (st != VSIM_OK) {
            const char *msg = vsim_last_error(m);
            if (!msg || !*msg) {
                fprintf(stderr, "iteration %lu: %s without a message\n", it, vsim_strerror(st));
                failures++;
            }
            if (st != VSIM_ERR_BAD_ELF && st != VSIM_ERR_WRONG_ARCH && st != VSIM_ERR_OUT_OF_RAM) {
                fprintf(stderr, "iteration %lu: unexpected status %s (%s)\n", it, vsim_strerror(st), msg);
                failures++;
            }
        } else {
            /* it loaded: whatever it is, running it must not hurt the host */
            vsim_stop stop;
            if (vsim_run(m, 2000, &stop) != VSIM_OK || stop.reason == VSIM_STOP_ERROR) {
                fprintf(stderr, "iteration %lu: run failed: %s\n", it, vsim_last_error(m));
                failures++;
            }
            ran++;
        }
    }

    printf("%lu mutated ELF images on %u machine(s): ", iterations, nmachines);
    for (int s = 0; s < VSIM_STATUS_COUNT_; s++)
        if (count[s])
            printf("%s%lu %s", s ? ", " : "", count[s], vsim_strerror((vsim_status)s));
    printf("; %lu loaded and ran\n", ran);

    for (unsigned i = 0; i < nmachines; i++)
        vsim_destroy(machines[i]);
    free(base1);
    free(base2);
    if (failures) {
        fprintf(stderr, "%lu failure(s)\n", failures);
        return 1;
    }
    return 0;
}
