/* vsim bench: the dispatch-strategy benchmark (bench.c). */
#ifndef VSIM_FRONTEND_BENCH_H
#define VSIM_FRONTEND_BENCH_H

/* argv[0] is "bench"; exe is the path of the running vsim executable. */
int bench_main(int argc, char **argv, const char *exe);

#endif
