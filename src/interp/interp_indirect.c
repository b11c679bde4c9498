/* Indirect threaded: each handler ends with its own fetch, decode and
 * `goto *labels[op]`, so the host's branch predictor sees one indirect
 * jump per handler instead of a single shared one. */
#define INTERP_NAME interp_indirect_run
#define INTERP_MODE 1 /* MODE_INDIRECT */
#include "loop.inc"
