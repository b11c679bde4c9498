/* vsim debug: the step-through REPL (repl.c). */
#ifndef VSIM_FRONTEND_REPL_H
#define VSIM_FRONTEND_REPL_H

#include <stdio.h>

#include "vsim/vsim.h"

/* Read commands from `in` (readline with history and completion when it is
 * a terminal) until quit or end of input; returns vsim's exit status. */
int repl_main(vsim_machine *m, const char *program, FILE *in, FILE *out);

/* Execute one REPL command (as GDB's `monitor` passes them), output to out. */
void repl_command(vsim_machine *m, const char *line, FILE *out);

#endif
