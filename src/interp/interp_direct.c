/* Direct threaded over predecoded records: no fetch, no decode, just
 * `goto *ip->handler` (see predecode.h for the cache of records). */
#define INTERP_NAME interp_direct_run
#define INTERP_MODE 2 /* MODE_DIRECT */
#include "loop.inc"
