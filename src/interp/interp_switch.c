/* Decode-and-dispatch: one central fetch, decode and `switch`. */
#define INTERP_NAME interp_switch_run
#define INTERP_THREADED 0
#include "loop.inc"
