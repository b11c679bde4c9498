/* Decode-and-dispatch: one central fetch, decode and `switch`. */
#define INTERP_NAME interp_switch_run
#define INTERP_MODE 0 /* MODE_SWITCH */
#include "loop.inc"
