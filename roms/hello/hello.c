/*
 * libvsim's demo guest: a bare-metal C program on picolibc that shows what
 * the hart says about itself and draws a fixed-point Mandelbrot set.
 *
 * Runs unchanged on `vsim run hello.elf` and on
 * `qemu-system-riscv64 -M virt -bios none -nographic -kernel hello.elf`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "board.h"

/* misa as an ISA string: "RV64IMAC", plus the privilege modes it reports. */
static void print_isa(void)
{
    unsigned long misa = csr_read(misa);
    printf("misa:     0x%016lx", misa);
    if (misa == 0) {
        printf(" (not implemented)\n");
        return;
    }
    static const int xlens[4] = { 0, 32, 64, 128 };
    int xlen = xlens[misa >> (sizeof misa * 8 - 2)];
    char isa[40];
    int n = snprintf(isa, sizeof isa, "RV%d", xlen);
    /* Extensions in canonical order first, then any others alphabetically.
     * S and U are privilege modes, not extensions: listed separately. */
    static const char canonical[] = "IEMAFDQLCBKJTPVH";
    unsigned long seen = 0;
    for (const char *p = canonical; *p; p++) {
        int bit = *p - 'A';
        if (misa & (1ul << bit)) {
            isa[n++] = *p;
            seen |= 1ul << bit;
        }
    }
    for (int bit = 0; bit < 26; bit++) {
        char c = (char)('A' + bit);
        if ((misa & (1ul << bit)) && !(seen & (1ul << bit)) && c != 'S' && c != 'U')
            isa[n++] = c;
    }
    isa[n] = '\0';
    printf(" = %s (modes: M%s%s)\n", isa, (misa & (1ul << ('S' - 'A'))) ? ", S" : "",
           (misa & (1ul << ('U' - 'A'))) ? ", U" : "");
}

/*
 * The Mandelbrot set in 4.28 fixed point: no floating point, the hart has
 * no F or D extension.
 */
#define FRAC 28
#define FIX(x) ((long)((x) * (1l << FRAC)))

static void mandelbrot(int cols, int rows, int max_iter)
{
    static const char shades[] = " .:-=+*#%@";
    const int nshades = sizeof shades - 1;
    const long x0 = FIX(-2.2), x1 = FIX(1.0);
    const long y0 = FIX(-1.2), y1 = FIX(1.2);
    const long dx = (x1 - x0) / cols, dy = (y1 - y0) / rows;
    char line[160];

    for (int row = 0; row < rows; row++) {
        long ci = y0 + row * dy + dy / 2;
        for (int col = 0; col < cols; col++) {
            long cr = x0 + col * dx + dx / 2;
            long zr = 0, zi = 0;
            int i = 0;
            for (; i < max_iter; i++) {
                long zr2 = (zr * zr) >> FRAC, zi2 = (zi * zi) >> FRAC;
                if (zr2 + zi2 > FIX(4))
                    break;
                zi = ((zr * zi) >> (FRAC - 1)) + ci;
                zr = zr2 - zi2 + cr;
            }
            /* Inside: '@'. Outside: darker the longer it took to escape;
             * most points escape fast, so spread the first steps out. */
            int shade = 0;
            while (shade < nshades - 2 && (shade + 1) * (shade + 1) < i)
                shade++;
            line[col] = i == max_iter ? shades[nshades - 1] : shades[shade];
        }
        line[cols] = '\0';
        printf("  %s\n", line);
    }
}

int main(void)
{
    printf("libvsim demo: an RV64 hart on a virt-like board\n");
    print_isa();
    printf("mhartid:  %lu\n", csr_read(mhartid));
    printf("mvendorid 0x%lx, marchid 0x%lx, mimpid 0x%lx\n\n", csr_read(mvendorid),
           csr_read(marchid), csr_read(mimpid));

    mandelbrot(72, 24, 96);

    unsigned long insns = csr_read(minstret);
    printf("\nretired instructions (minstret): %lu\n", insns);
    printf("bye\n");
    return EXIT_SUCCESS;
}
