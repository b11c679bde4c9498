/* vsim run --gdb=PORT: a GDB remote-serial-protocol server (gdbstub.c). */
#ifndef VSIM_FRONTEND_GDBSTUB_H
#define VSIM_FRONTEND_GDBSTUB_H

#include "vsim/vsim.h"

/* Listen on 127.0.0.1:port, serve one GDB session with the machine stopped
 * at its first instruction; returns vsim's exit status: the guest's exit
 * code if it powered off (also after a detach, which lets it run to the
 * end), 0 after kill or a lost connection. */
int gdbstub_serve(vsim_machine *m, int port);

#endif
