/*
 * The dispatchers. Each runs the hart until `max` instructions have been
 * dispatched (or it must return to the run loop: cpu->exit_request, a
 * LEAVE) and returns how many retired. All keep cpu->pc and cpu->instret
 * exact on return.
 */
#ifndef VSIM_INTERP_INTERP_H
#define VSIM_INTERP_INTERP_H

#include <stdint.h>

struct cpu;

typedef uint64_t (*interp_fn)(struct cpu *cpu, uint64_t max);

uint64_t interp_switch_run(struct cpu *cpu, uint64_t max);
uint64_t interp_indirect_run(struct cpu *cpu, uint64_t max);
uint64_t interp_direct_run(struct cpu *cpu, uint64_t max);

#endif
