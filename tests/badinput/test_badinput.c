/*
 * Bad input to the ELF loader, through the public API: every broken file
 * must fail with the right status, a message in vsim_last_error that names
 * the problem, and guest memory, pc, registers, entry point and symbols
 * exactly as they were before the call.
 *
 * The files are made here, from a valid RV64 ELF built in memory
 * (elfgen.h), and loaded both from memory (vsim_load_elf_mem) and from a
 * file (vsim_load_elf). A real guest ELF is cut up too when the build has
 * one (VSIM_GUEST_ELF), and /bin/true (VSIM_TRUE_ELF) stands in for a
 * foreign ELF.
 *
 *   test_badinput [--workdir DIR]     run the tests (files go to DIR)
 *   test_badinput --messages ...      run the finer diagnostics tests only
 *   test_badinput --generate DIR      write the bad files for the CLI tests
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmocka.h>

#include "vsim/vsim.h"

#include "elfgen.h"

#define TEST_RAM (1ull << 20)
/* An address past the end of the CLI's default 128 MiB of RAM (and of TEST_RAM). */
#define PAST_DEFAULT_RAM (GUEST_RAM_BASE + (128ull << 20) - 0x10)

static const char *workdir = "badinput-work";

/* ------------------------------------------------------------------ helpers */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static uint8_t *valid_elf(const struct elf_opts *opts, struct elf_layout *lay)
{
    uint8_t *img = elfgen_build(opts, lay);
    assert_non_null(img);
    return img;
}

static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t put = size ? fwrite(data, 1, size, f) : 0;
    int rc = fclose(f);
    return put == size && rc == 0 ? 0 : -1;
}

static uint8_t *read_whole(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = n > 0 ? malloc((size_t)n) : NULL;
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = data ? (size_t)n : 0;
    return data;
}

/*
 * A machine with a known state: the valid ELF loaded (entry, symbols), then a
 * pattern over the start and end of RAM, a pc and registers of our own.
 */
struct fixture {
    vsim_machine *m;
    uint8_t pattern[0x2000];
};

static void fixture_init(struct fixture *fx)
{
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = TEST_RAM;
    assert_int_equal(vsim_create(&cfg, &fx->m), VSIM_OK);
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    assert_int_equal(vsim_load_elf_mem(fx->m, img, lay.size), VSIM_OK);
    free(img);
    for (size_t i = 0; i < sizeof fx->pattern; i++)
        fx->pattern[i] = (uint8_t)(0xa5 ^ (i * 13));
    assert_int_equal(vsim_write_phys(fx->m, GUEST_RAM_BASE, fx->pattern, sizeof fx->pattern), VSIM_OK);
    assert_int_equal(vsim_write_phys(fx->m, GUEST_RAM_BASE + TEST_RAM - sizeof fx->pattern, fx->pattern,
                                     sizeof fx->pattern), VSIM_OK);
    assert_int_equal(vsim_set_pc(fx->m, GUEST_RAM_BASE + 0x444), VSIM_OK);
    assert_int_equal(vsim_set_reg(fx->m, R_A0, 0x1234), VSIM_OK);
    assert_int_equal(vsim_set_reg(fx->m, R_SP, 0x5678), VSIM_OK);
}

/* Nothing the failed load could have touched has changed. */
static void fixture_check_unchanged(struct fixture *fx)
{
    uint8_t back[sizeof fx->pattern];
    assert_int_equal(vsim_read_phys(fx->m, GUEST_RAM_BASE, back, sizeof back), VSIM_OK);
    assert_memory_equal(back, fx->pattern, sizeof back);
    assert_int_equal(vsim_read_phys(fx->m, GUEST_RAM_BASE + TEST_RAM - sizeof back, back, sizeof back), VSIM_OK);
    assert_memory_equal(back, fx->pattern, sizeof back);
    assert_int_equal(vsim_get_pc(fx->m), GUEST_RAM_BASE + 0x444);
    uint64_t v;
    assert_int_equal(vsim_get_reg(fx->m, R_A0, &v), VSIM_OK);
    assert_int_equal(v, 0x1234);
    assert_int_equal(vsim_get_reg(fx->m, R_SP, &v), VSIM_OK);
    assert_int_equal(v, 0x5678);
    assert_int_equal(vsim_entry(fx->m), GUEST_RAM_BASE);
    assert_int_equal(vsim_symbol(fx->m, "marker", &v), VSIM_OK);
    assert_int_equal(v, ELFGEN_MARKER_ADDR);
}

static void expect_message(vsim_machine *m, const char *needle, const char *what)
{
    const char *msg = vsim_last_error(m);
    assert_non_null(msg);
    if (!strstr(msg, needle)) {
        print_error("%s: message \"%s\" does not contain \"%s\"\n", what, msg, needle);
        fail();
    }
    if (strchr(msg, '\n')) {
        print_error("%s: message \"%s\" has a newline\n", what, msg);
        fail();
    }
}

static unsigned file_counter;

/*
 * Load `data` both from memory and from a file into a fixture machine:
 * both must fail with `want` and a message containing `needle`, and change
 * nothing. The memory copy is exactly `size` bytes on the heap so that the
 * sanitizer catches any read past its end.
 */
static void expect_rejected_as(const void *data, size_t size, vsim_status want, const char *needle,
                               const char *what)
{
    struct fixture fx;
    fixture_init(&fx);

    uint8_t *copy = malloc(size ? size : 1);
    assert_non_null(copy);
    if (size)
        memcpy(copy, data, size);
    vsim_status st = vsim_load_elf_mem(fx.m, copy, size);
    if (st != want) {
        print_error("%s (from memory): %s (%s), expected %s\n", what, vsim_strerror(st), vsim_last_error(fx.m),
                    vsim_strerror(want));
        fail();
    }
    if (needle)
        expect_message(fx.m, needle, what);
    fixture_check_unchanged(&fx);
    free(copy);

    char path[1024];
    snprintf(path, sizeof path, "%s/case-%u.elf", workdir, file_counter++);
    assert_int_equal(write_file(path, data, size), 0);
    st = vsim_load_elf(fx.m, path);
    if (st != want) {
        print_error("%s (from %s): %s (%s), expected %s\n", what, path, vsim_strerror(st), vsim_last_error(fx.m),
                    vsim_strerror(want));
        fail();
    }
    if (needle)
        expect_message(fx.m, needle, what);
    expect_message(fx.m, path, what); /* the file is named */
    fixture_check_unchanged(&fx);
    unlink(path);
    vsim_destroy(fx.m);
}

/* ------------------------------------------------------------- the tests */

static void test_valid_elf_loads_and_runs(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = TEST_RAM;
    for (int from_file = 0; from_file < 2; from_file++) {
        vsim_machine *m;
        assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
        if (from_file) {
            char path[1024];
            snprintf(path, sizeof path, "%s/valid.elf", workdir);
            assert_int_equal(write_file(path, img, lay.size), 0);
            assert_int_equal(vsim_load_elf(m, path), VSIM_OK);
        } else {
            assert_int_equal(vsim_load_elf_mem(m, img, lay.size), VSIM_OK);
        }
        assert_int_equal(vsim_entry(m), GUEST_RAM_BASE);
        assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE);
        uint64_t v;
        assert_int_equal(vsim_symbol(m, "_start", &v), VSIM_OK);
        assert_int_equal(v, GUEST_RAM_BASE);
        assert_int_equal(vsim_symbol(m, "marker", &v), VSIM_OK);
        assert_int_equal(v, ELFGEN_MARKER_ADDR);
        assert_int_equal(vsim_symbol(m, "tohost", &v), VSIM_ERR_INVALID_ARG);
        assert_int_equal(vsim_symbol(m, "", &v), VSIM_ERR_INVALID_ARG);
        vsim_stop stop;
        assert_int_equal(vsim_run(m, 100000, &stop), VSIM_OK);
        assert_int_equal(stop.reason, VSIM_STOP_POWEROFF);
        assert_int_equal(stop.exit_code, ELFGEN_EXIT_CODE);
        vsim_destroy(m);
    }
    /* with bss: zeroed over whatever was there */
    free(img);
    img = valid_elf(&(struct elf_opts){ .bss = 0x100 }, &lay);
    vsim_machine *m;
    assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
    uint8_t junk[0x200];
    memset(junk, 0xee, sizeof junk);
    assert_int_equal(vsim_write_phys(m, GUEST_RAM_BASE, junk, sizeof junk), VSIM_OK);
    assert_int_equal(vsim_load_elf_mem(m, img, lay.size), VSIM_OK);
    uint8_t back[0x100];
    assert_int_equal(vsim_read_phys(m, GUEST_RAM_BASE + lay.code_size, back, sizeof back), VSIM_OK);
    for (size_t i = 0; i < sizeof back; i++)
        assert_int_equal(back[i], 0);
    vsim_destroy(m);
    free(img);
}

static void test_empty_and_random(void **state)
{
    (void)state;
    expect_rejected_as("", 0, VSIM_ERR_BAD_ELF, "empty", "empty file");

    struct fixture fx;
    fixture_init(&fx);
    assert_int_equal(vsim_load_elf_mem(fx.m, NULL, 0), VSIM_ERR_BAD_ELF);
    fixture_check_unchanged(&fx);
    assert_int_equal(vsim_load_elf_mem(fx.m, NULL, 10), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_load_elf(fx.m, NULL), VSIM_ERR_INVALID_ARG);
    fixture_check_unchanged(&fx);
    vsim_destroy(fx.m);

    static const size_t sizes[] = { 1, 3, 4, 15, 16, 63, 64, 65, 1000, 4096 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t buf[4096];
        for (size_t k = 0; k < sizes[i]; k++)
            buf[k] = (uint8_t)rng();
        buf[0] = (uint8_t)(buf[0] == 0x7f ? 0 : buf[0]);
        expect_rejected_as(buf, sizes[i], VSIM_ERR_BAD_ELF, "no ELF magic", "random bytes");
    }
    /* text that starts like an ELF but is not */
    expect_rejected_as("\177EL", 3, VSIM_ERR_BAD_ELF, "not an ELF", "3 bytes of magic");
    expect_rejected_as("ELF\177 hello", 10, VSIM_ERR_BAD_ELF, "no ELF magic", "wrong magic");
}

/* Every prefix of a valid ELF is rejected as a bad ELF, with no change. */
static void test_truncated_everywhere(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    for (size_t len = 0; len < lay.size; len++) {
        char what[64];
        snprintf(what, sizeof what, "cut at %zu of %zu bytes", len, lay.size);
        expect_rejected_as(img, len, VSIM_ERR_BAD_ELF, NULL, what);
    }
    free(img);
}

/* The message for a cut says where the file ends too early. */
static void test_truncated_messages(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    expect_rejected_as(img, 40, VSIM_ERR_BAD_ELF, "truncated ELF header", "cut inside the ELF header");
    expect_rejected_as(img, sizeof(Elf64_Ehdr), VSIM_ERR_BAD_ELF, "program header table",
                       "cut after the ELF header");
    expect_rejected_as(img, lay.phoff + 20, VSIM_ERR_BAD_ELF, "program header table",
                       "cut inside the program headers");
    expect_rejected_as(img, lay.code_off + 6, VSIM_ERR_BAD_ELF, "segment 0", "cut inside the segment data");
    expect_rejected_as(img, lay.code_off + lay.code_size - 1, VSIM_ERR_BAD_ELF, "segment 0",
                       "cut one byte before the end of the segment");
    expect_rejected_as(img, lay.size - 8, VSIM_ERR_BAD_ELF, "section header table",
                       "cut inside the section headers");
    free(img);
}

/* A file cut inside e_ident, after the magic: the message should say it is
 * truncated, not that the magic number is missing. */
static void test_truncated_ident_message(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    expect_rejected_as(img, 4, VSIM_ERR_BAD_ELF, "truncated", "cut right after the magic");
    expect_rejected_as(img, 10, VSIM_ERR_BAD_ELF, "truncated", "cut inside e_ident");
    free(img);
}

static void test_wrong_arch(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);

    img[EI_CLASS] = ELFCLASS32;
    expect_rejected_as(img, lay.size, VSIM_ERR_WRONG_ARCH, "32-bit", "32-bit ELF");
    img[EI_CLASS] = ELFCLASS64;

    img[EI_DATA] = ELFDATA2MSB;
    expect_rejected_as(img, lay.size, VSIM_ERR_WRONG_ARCH, "big-endian", "big-endian ELF");
    /* a big-endian header that is big-endian all through */
    Elf64_Ehdr e = elfgen_ehdr(img);
    e.e_machine = __builtin_bswap16(EM_RISCV);
    e.e_type = __builtin_bswap16(ET_EXEC);
    elfgen_set_ehdr(img, &e);
    expect_rejected_as(img, lay.size, VSIM_ERR_WRONG_ARCH, "big-endian", "big-endian ELF, swapped fields");
    free(img);
    img = valid_elf(NULL, &lay);

    e = elfgen_ehdr(img);
    e.e_machine = EM_X86_64;
    elfgen_set_ehdr(img, &e);
    expect_rejected_as(img, lay.size, VSIM_ERR_WRONG_ARCH, "not RISC-V", "x86-64 machine");
    e.e_machine = EM_AARCH64;
    elfgen_set_ehdr(img, &e);
    expect_rejected_as(img, lay.size, VSIM_ERR_WRONG_ARCH, "not RISC-V", "aarch64 machine");
    e.e_machine = 0;
    elfgen_set_ehdr(img, &e);
    expect_rejected_as(img, lay.size, VSIM_ERR_WRONG_ARCH, "not RISC-V", "no machine");
    free(img);

    /* a real foreign executable */
    const char *true_elf = getenv("VSIM_TRUE_ELF");
    if (!true_elf)
        true_elf = "/bin/true";
    size_t size;
    uint8_t *data = read_whole(true_elf, &size);
    if (data && size > 20 && memcmp(data, ELFMAG, SELFMAG) == 0 && data[EI_CLASS] == ELFCLASS64) {
        expect_rejected_as(data, size, VSIM_ERR_WRONG_ARCH, "not RISC-V", true_elf);
        struct fixture fx;
        fixture_init(&fx);
        assert_int_equal(vsim_load_elf(fx.m, true_elf), VSIM_ERR_WRONG_ARCH);
        expect_message(fx.m, true_elf, "host executable");
        fixture_check_unchanged(&fx);
        vsim_destroy(fx.m);
    }
    free(data);
}

/* EI_CLASS / EI_DATA values that are neither 32/64-bit nor little/big-endian:
 * not "a 32-bit ELF" or "a big-endian ELF" but an invalid one. */
static void expect_not_misnamed(const uint8_t *img, size_t size, const char *wrong, const char *what)
{
    struct fixture fx;
    fixture_init(&fx);
    uint8_t *copy = malloc(size);
    assert_non_null(copy);
    memcpy(copy, img, size);
    vsim_status st = vsim_load_elf_mem(fx.m, copy, size);
    free(copy);
    assert_true(st == VSIM_ERR_BAD_ELF || st == VSIM_ERR_WRONG_ARCH);
    fixture_check_unchanged(&fx);
    if (strstr(vsim_last_error(fx.m), wrong)) {
        print_error("%s: message \"%s\" calls it %s\n", what, vsim_last_error(fx.m), wrong);
        fail();
    }
    vsim_destroy(fx.m);
}

/* EI_CLASS / EI_DATA values that are neither 32/64-bit nor little/big-endian
 * are invalid ELF identification bytes, not "a 32-bit ELF" or "a big-endian
 * ELF" (either status is acceptable; the message must not misname it). */
static void test_invalid_ident_bytes(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    img[EI_CLASS] = ELFCLASSNONE;
    expect_not_misnamed(img, lay.size, "32-bit", "EI_CLASS 0");
    img[EI_CLASS] = 0x41;
    expect_not_misnamed(img, lay.size, "32-bit", "EI_CLASS 0x41");
    img[EI_CLASS] = ELFCLASS64;
    img[EI_DATA] = ELFDATANONE;
    expect_not_misnamed(img, lay.size, "big-endian", "EI_DATA 0");
    img[EI_DATA] = 7;
    expect_not_misnamed(img, lay.size, "big-endian", "EI_DATA 7");
    free(img);
}

static void test_bad_elf_header_fields(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    const Elf64_Ehdr good = elfgen_ehdr(img);
    Elf64_Ehdr e;

#define WITH_EHDR(field, value, status, needle, what)          \
    do {                                                       \
        e = good;                                              \
        e.field = value;                                       \
        elfgen_set_ehdr(img, &e);                              \
        expect_rejected_as(img, lay.size, status, needle, what); \
        elfgen_set_ehdr(img, &good);                           \
    } while (0)

    WITH_EHDR(e_type, ET_REL, VSIM_ERR_BAD_ELF, "not an executable", "relocatable object");
    WITH_EHDR(e_type, ET_CORE, VSIM_ERR_BAD_ELF, "not an executable", "core file");
    WITH_EHDR(e_type, ET_NONE, VSIM_ERR_BAD_ELF, "not an executable", "ET_NONE");

    WITH_EHDR(e_phnum, 0, VSIM_ERR_BAD_ELF, "no program headers", "no program headers");
    WITH_EHDR(e_phnum, 0xffff, VSIM_ERR_BAD_ELF, "program header table", "e_phnum 0xffff");
    WITH_EHDR(e_phentsize, 0, VSIM_ERR_BAD_ELF, "program header table", "e_phentsize 0");
    WITH_EHDR(e_phentsize, 32, VSIM_ERR_BAD_ELF, "program header table", "e_phentsize 32");
    WITH_EHDR(e_phentsize, 0xffff, VSIM_ERR_BAD_ELF, "program header table", "e_phentsize 0xffff");
    static const uint64_t bad_off[] = {
        UINT64_MAX, UINT64_MAX - 7, UINT64_MAX - 55, 1ull << 63, 1ull << 32, 0x7fffffffffffffffull,
    };
    for (size_t i = 0; i < sizeof bad_off / sizeof bad_off[0]; i++) {
        WITH_EHDR(e_phoff, bad_off[i], VSIM_ERR_BAD_ELF, "program header table", "huge e_phoff");
        WITH_EHDR(e_shoff, bad_off[i], VSIM_ERR_BAD_ELF, "section header table", "huge e_shoff");
    }
    WITH_EHDR(e_phoff, lay.size, VSIM_ERR_BAD_ELF, "program header table", "e_phoff at the end");
    WITH_EHDR(e_phoff, lay.size - 55, VSIM_ERR_BAD_ELF, "program header table", "e_phoff 55 bytes from the end");
    WITH_EHDR(e_shoff, lay.size, VSIM_ERR_BAD_ELF, "section header table", "e_shoff at the end");
    WITH_EHDR(e_shoff, lay.shoff + 1, VSIM_ERR_BAD_ELF, "section header table", "e_shoff one too far");
    WITH_EHDR(e_shnum, 0xffff, VSIM_ERR_BAD_ELF, "section header table", "e_shnum 0xffff");
    WITH_EHDR(e_shnum, 5, VSIM_ERR_BAD_ELF, "section header table", "e_shnum one too many");
    WITH_EHDR(e_shentsize, 0, VSIM_ERR_BAD_ELF, "section header table", "e_shentsize 0");
    WITH_EHDR(e_shentsize, 40, VSIM_ERR_BAD_ELF, "section header table", "e_shentsize 40");
#undef WITH_EHDR

    /* no section headers at all is fine: the file just has no symbols */
    e = good;
    e.e_shoff = 0;
    e.e_shnum = 0;
    elfgen_set_ehdr(img, &e);
    vsim_machine *m;
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = TEST_RAM;
    assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
    assert_int_equal(vsim_load_elf_mem(m, img, lay.size), VSIM_OK);
    uint64_t v;
    assert_int_equal(vsim_symbol(m, "_start", &v), VSIM_ERR_INVALID_ARG);
    vsim_destroy(m);
    free(img);
}

static void test_bad_program_headers(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    const Elf64_Phdr good = elfgen_phdr(img, &lay, 0);
    Elf64_Phdr p;

#define WITH_PHDR(assignments, status, needle, what)             \
    do {                                                         \
        p = good;                                                \
        assignments;                                             \
        elfgen_set_phdr(img, &lay, 0, &p);                       \
        expect_rejected_as(img, lay.size, status, needle, what); \
        elfgen_set_phdr(img, &lay, 0, &good);                    \
    } while (0)

    /* data outside the file */
    WITH_PHDR(p.p_offset = UINT64_MAX, VSIM_ERR_BAD_ELF, "segment 0", "p_offset UINT64_MAX");
    WITH_PHDR(p.p_offset = UINT64_MAX - 4, VSIM_ERR_BAD_ELF, "segment 0", "p_offset + p_filesz wraps");
    WITH_PHDR(p.p_offset = lay.size, VSIM_ERR_BAD_ELF, "segment 0", "p_offset at the end");
    WITH_PHDR(p.p_offset = lay.size - p.p_filesz + 1, VSIM_ERR_BAD_ELF, "segment 0", "data one past the end");
    WITH_PHDR((p.p_filesz = UINT64_MAX, p.p_memsz = UINT64_MAX), VSIM_ERR_BAD_ELF, NULL, "p_filesz UINT64_MAX");
    WITH_PHDR((p.p_filesz = lay.size, p.p_memsz = lay.size), VSIM_ERR_BAD_ELF, "segment 0", "p_filesz too large");
    WITH_PHDR(p.p_filesz = p.p_memsz + 1, VSIM_ERR_BAD_ELF, "segment 0", "p_filesz > p_memsz");

    /* memory outside RAM */
    WITH_PHDR(p.p_paddr = 0x1000, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "linked at 0x1000");
    WITH_PHDR(p.p_paddr = 0, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "linked at 0");
    WITH_PHDR(p.p_paddr = GUEST_RAM_BASE - 8, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "starts below RAM");
    WITH_PHDR(p.p_paddr = GUEST_RAM_BASE + TEST_RAM, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "at RAM end");
    WITH_PHDR(p.p_paddr = GUEST_RAM_BASE + TEST_RAM - 8, VSIM_ERR_OUT_OF_RAM, "outside guest RAM",
              "straddles RAM end");
    WITH_PHDR(p.p_paddr = PAST_DEFAULT_RAM, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "past 128 MiB");
    WITH_PHDR(p.p_paddr = UINT64_MAX - 0x10, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "wraps the address space");
    WITH_PHDR(p.p_memsz = UINT64_MAX, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "p_memsz UINT64_MAX");
    WITH_PHDR(p.p_memsz = TEST_RAM + 1, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "bss larger than RAM");
    WITH_PHDR(p.p_memsz = 1ull << 63, VSIM_ERR_OUT_OF_RAM, "outside guest RAM", "p_memsz 2^63");

    /* nothing to load */
    WITH_PHDR(p.p_type = PT_NOTE, VSIM_ERR_BAD_ELF, "no loadable segments", "only a PT_NOTE");
    WITH_PHDR(p.p_type = PT_NULL, VSIM_ERR_BAD_ELF, "no loadable segments", "only a PT_NULL");
    WITH_PHDR((p.p_memsz = 0, p.p_filesz = 0), VSIM_ERR_BAD_ELF, "no loadable segments", "empty PT_LOAD");
#undef WITH_PHDR
    free(img);
}

/* Two segments, the second bad: the first must not have been loaded either. */
static void test_second_segment_bad(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(&(struct elf_opts){ .nphdr = 2 }, &lay);
    /* the pair is fine as it is */
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = TEST_RAM;
    vsim_machine *m;
    assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
    assert_int_equal(vsim_load_elf_mem(m, img, lay.size), VSIM_OK);
    uint8_t b = 0;
    assert_int_equal(vsim_read_phys(m, GUEST_RAM_BASE + 0x1000, &b, 1), VSIM_OK);
    assert_int_equal(b, 0xd5);
    vsim_destroy(m);

    Elf64_Phdr p = elfgen_phdr(img, &lay, 1);
    p.p_paddr = PAST_DEFAULT_RAM;
    elfgen_set_phdr(img, &lay, 1, &p);
    expect_rejected_as(img, lay.size, VSIM_ERR_OUT_OF_RAM, "segment 1", "second segment outside RAM");
    p = elfgen_phdr(img, &lay, 1);
    p.p_paddr = GUEST_RAM_BASE + 0x1000;
    p.p_offset = UINT64_MAX - 3;
    elfgen_set_phdr(img, &lay, 1, &p);
    expect_rejected_as(img, lay.size, VSIM_ERR_BAD_ELF, "segment 1", "second segment's data outside the file");
    free(img);
}

static void test_bad_symbol_tables(void **state)
{
    (void)state;
    struct elf_layout lay;
    uint8_t *img = valid_elf(NULL, &lay);
    const Elf64_Shdr symtab = elfgen_shdr(img, &lay, 1), strtab = elfgen_shdr(img, &lay, 2);
    Elf64_Shdr s;

#define WITH_SHDR(idx, base, assignments, status, needle, what)   \
    do {                                                          \
        s = base;                                                 \
        assignments;                                              \
        elfgen_set_shdr(img, &lay, idx, &s);                      \
        expect_rejected_as(img, lay.size, status, needle, what);  \
        elfgen_set_shdr(img, &lay, idx, &base);                   \
    } while (0)

    WITH_SHDR(1, symtab, s.sh_link = 4, VSIM_ERR_BAD_ELF, "symbol table", "sh_link past the table");
    WITH_SHDR(1, symtab, s.sh_link = 0xffffffff, VSIM_ERR_BAD_ELF, "symbol table", "sh_link huge");
    WITH_SHDR(1, symtab, s.sh_offset = UINT64_MAX - 8, VSIM_ERR_BAD_ELF, "symbol table", "symtab offset wraps");
    WITH_SHDR(1, symtab, s.sh_size = lay.size, VSIM_ERR_BAD_ELF, "symbol table", "symtab too large");
    WITH_SHDR(1, symtab, s.sh_entsize = 0, VSIM_ERR_BAD_ELF, "symbol table", "symtab entsize 0");
    WITH_SHDR(2, strtab, s.sh_offset = UINT64_MAX, VSIM_ERR_BAD_ELF, "string table", "strtab offset huge");
    WITH_SHDR(2, strtab, s.sh_size = UINT64_MAX, VSIM_ERR_BAD_ELF, "string table", "strtab size huge");
    WITH_SHDR(2, strtab, s.sh_size = 0, VSIM_ERR_BAD_ELF, "string table", "strtab empty");
#undef WITH_SHDR

    /* names out of the string table, or not terminated in it: the symbol is
     * dropped, the file still loads */
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = TEST_RAM;
    vsim_machine *m;
    assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
    Elf64_Sym sym;
    memcpy(&sym, img + lay.symtab_off + sizeof sym, sizeof sym);
    sym.st_name = 0xffffffff;
    memcpy(img + lay.symtab_off + sizeof sym, &sym, sizeof sym);
    s = strtab;
    s.sh_size = 12; /* "\0_start\0mark": marker's name runs off the end */
    elfgen_set_shdr(img, &lay, 2, &s);
    uint8_t *copy = malloc(lay.size);
    assert_non_null(copy);
    memcpy(copy, img, lay.size);
    assert_int_equal(vsim_load_elf_mem(m, copy, lay.size), VSIM_OK);
    free(copy);
    uint64_t v;
    assert_int_equal(vsim_symbol(m, "_start", &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_symbol(m, "marker", &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_symbol(m, "mark", &v), VSIM_ERR_INVALID_ARG);
    vsim_destroy(m);
    free(img);
}

static void test_file_errors(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx);
    char path[1024];
    snprintf(path, sizeof path, "%s/no-such-file.elf", workdir);
    assert_int_equal(vsim_load_elf(fx.m, path), VSIM_ERR_IO);
    expect_message(fx.m, path, "missing file");
    expect_message(fx.m, strerror(ENOENT), "missing file");
    fixture_check_unchanged(&fx);
    assert_int_equal(vsim_load_elf(fx.m, workdir), VSIM_ERR_IO);
    expect_message(fx.m, "not a regular file", "directory");
    fixture_check_unchanged(&fx);
    assert_int_equal(vsim_load_elf(fx.m, ""), VSIM_ERR_IO);
    fixture_check_unchanged(&fx);
    /* raw loads: in range, out of range, missing */
    assert_int_equal(vsim_load_raw(fx.m, path, GUEST_RAM_BASE), VSIM_ERR_IO);
    snprintf(path, sizeof path, "%s/raw.bin", workdir);
    assert_int_equal(write_file(path, "\x13\x05\x15\x00", 4), 0);
    assert_int_equal(vsim_load_raw(fx.m, path, GUEST_RAM_BASE + TEST_RAM - 2), VSIM_ERR_OUT_OF_RAM);
    assert_int_equal(vsim_load_raw(fx.m, path, 0x1000), VSIM_ERR_OUT_OF_RAM);
    assert_int_equal(vsim_load_raw(fx.m, path, UINT64_MAX - 1), VSIM_ERR_OUT_OF_RAM);
    fixture_check_unchanged(&fx);
    assert_int_equal(vsim_load_raw(fx.m, path, GUEST_RAM_BASE + TEST_RAM - 4), VSIM_OK);
    uint32_t w = 0;
    assert_int_equal(vsim_read_phys(fx.m, GUEST_RAM_BASE + TEST_RAM - 4, &w, 4), VSIM_OK);
    assert_int_equal(w, 0x00150513);
    unlink(path);
    vsim_destroy(fx.m);
}

/* A real guest ELF from the cross compiler, cut at several places. */
static void test_real_guest_elf(void **state)
{
    (void)state;
    const char *path = getenv("VSIM_GUEST_ELF");
    size_t size = 0;
    uint8_t *data = path ? read_whole(path, &size) : NULL;
    if (!data) {
        free(data);
        skip(); /* built without guests */
    }
    Elf64_Ehdr e = elfgen_ehdr(data);
    assert_true(size > e.e_phoff + e.e_phnum * sizeof(Elf64_Phdr));
    /* the first PT_LOAD (the first header may be PT_RISCV_ATTRIBUTES) */
    Elf64_Phdr p0 = { 0 };
    unsigned load_index = 0;
    for (unsigned i = 0; i < e.e_phnum; i++) {
        memcpy(&p0, data + e.e_phoff + i * sizeof p0, sizeof p0);
        if (p0.p_type == PT_LOAD && p0.p_filesz > 0) {
            load_index = i;
            break;
        }
    }
    assert_int_equal(p0.p_type, PT_LOAD);
    char segment_n[32];
    snprintf(segment_n, sizeof segment_n, "segment %u", load_index);
    /* the whole thing loads (into 128 MiB: it is linked for the board) */
    vsim_machine *m;
    assert_int_equal(vsim_create(NULL, &m), VSIM_OK);
    assert_int_equal(vsim_load_elf_mem(m, data, size), VSIM_OK);
    vsim_destroy(m);

    struct { size_t len; const char *needle; const char *what; } cuts[] = {
        { 0, "empty", "real ELF cut at 0" },
        { 10, NULL, "real ELF cut inside e_ident" },
        { 40, "truncated ELF header", "real ELF cut inside the ELF header" },
        { e.e_phoff + sizeof(Elf64_Phdr) / 2, "program header table", "real ELF cut inside the program headers" },
        { p0.p_offset + p0.p_filesz / 2, segment_n, "real ELF cut inside the segment data" },
        { e.e_shoff + 10, "section header table", "real ELF cut inside the section headers" },
        { size - 1, NULL, "real ELF missing its last byte" },
    };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        if (cuts[i].len >= size)
            continue;
        /* expect_rejected_as checks against our own ELF's state; the RAM
         * there is only 1 MiB, the real ELF's cut files fail before RAM is
         * looked at */
        expect_rejected_as(data, cuts[i].len, VSIM_ERR_BAD_ELF, cuts[i].needle, cuts[i].what);
    }
    free(data);
}

/* ------------------------------------------------- files for the CLI tests */

static int put(const char *dir, const char *name, const void *data, size_t size)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (write_file(path, data, size) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static int generate(const char *dir)
{
    mkdir(dir, 0777);
    struct elf_layout lay;
    uint8_t *img = elfgen_build(NULL, &lay);
    if (!img)
        return 1;
    int bad = 0;
    bad |= put(dir, "valid.elf", img, lay.size);
    bad |= put(dir, "empty.elf", "", 0);
    uint8_t rnd[4096];
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] = (uint8_t)rng();
    rnd[0] = 0;
    bad |= put(dir, "random.bin", rnd, sizeof rnd);
    bad |= put(dir, "trunc-ident.elf", img, 10);
    bad |= put(dir, "trunc-ehdr.elf", img, 40);
    bad |= put(dir, "trunc-phdr.elf", img, lay.phoff + 20);
    bad |= put(dir, "trunc-data.elf", img, lay.code_off + 6);
    bad |= put(dir, "trunc-shdr.elf", img, lay.size - 8);

    uint8_t *b = malloc(lay.size);
    if (!b)
        return 1;
#define VARIANT(name, change)                  \
    do {                                       \
        memcpy(b, img, lay.size);              \
        change;                                \
        bad |= put(dir, name, b, lay.size);    \
    } while (0)
    Elf64_Ehdr e;
    Elf64_Phdr p;
    VARIANT("elf32.elf", b[EI_CLASS] = ELFCLASS32);
    VARIANT("bigendian.elf", b[EI_DATA] = ELFDATA2MSB);
    VARIANT("segment-low.elf", (p = elfgen_phdr(b, &lay, 0), p.p_paddr = 0x1000, elfgen_set_phdr(b, &lay, 0, &p)));
    VARIANT("segment-past-ram.elf",
            (p = elfgen_phdr(b, &lay, 0), p.p_paddr = PAST_DEFAULT_RAM, elfgen_set_phdr(b, &lay, 0, &p)));
    VARIANT("huge-phoff.elf", (e = elfgen_ehdr(b), e.e_phoff = UINT64_MAX - 8, elfgen_set_ehdr(b, &e)));
    VARIANT("huge-phnum.elf", (e = elfgen_ehdr(b), e.e_phnum = 0xffff, elfgen_set_ehdr(b, &e)));
    VARIANT("huge-shoff.elf", (e = elfgen_ehdr(b), e.e_shoff = 1ull << 63, elfgen_set_ehdr(b, &e)));
    VARIANT("huge-shnum.elf", (e = elfgen_ehdr(b), e.e_shnum = 0xffff, elfgen_set_ehdr(b, &e)));
    VARIANT("wrapping-offset.elf",
            (p = elfgen_phdr(b, &lay, 0), p.p_offset = UINT64_MAX - 4, elfgen_set_phdr(b, &lay, 0, &p)));
    VARIANT("no-load.elf", (p = elfgen_phdr(b, &lay, 0), p.p_type = PT_NOTE, elfgen_set_phdr(b, &lay, 0, &p)));
    VARIANT("relocatable.elf", (e = elfgen_ehdr(b), e.e_type = ET_REL, elfgen_set_ehdr(b, &e)));
    VARIANT("big-bss.elf", (p = elfgen_phdr(b, &lay, 0), p.p_memsz = 1ull << 20, elfgen_set_phdr(b, &lay, 0, &p)));
#undef VARIANT
    free(b);
    free(img);
    return bad;
}

int main(int argc, char **argv)
{
    bool messages = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--generate") == 0 && i + 1 < argc)
            return generate(argv[i + 1]);
        else if (strcmp(argv[i], "--workdir") == 0 && i + 1 < argc)
            workdir = argv[++i];
        else if (strcmp(argv[i], "--messages") == 0)
            messages = true;
        else {
            fprintf(stderr, "usage: %s [--workdir DIR] [--messages] | --generate DIR\n", argv[0]);
            return 2;
        }
    }
    mkdir(workdir, 0777);

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_elf_loads_and_runs),
        cmocka_unit_test(test_empty_and_random),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_truncated_messages),
        cmocka_unit_test(test_wrong_arch),
        cmocka_unit_test(test_bad_elf_header_fields),
        cmocka_unit_test(test_bad_program_headers),
        cmocka_unit_test(test_second_segment_bad),
        cmocka_unit_test(test_bad_symbol_tables),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_real_guest_elf),
    };
    /* Finer points of the diagnostics, kept apart (ctest badinput/messages)
     * so that they are reported on their own. */
    const struct CMUnitTest message_tests[] = {
        cmocka_unit_test(test_truncated_ident_message),
        cmocka_unit_test(test_invalid_ident_bytes),
    };
    if (messages)
        return cmocka_run_group_tests_name("badinput-messages", message_tests, NULL, NULL);
    return cmocka_run_group_tests_name("badinput", tests, NULL, NULL);
}
