/* The guest console on the host terminal (console.c). */
#ifndef VSIM_FRONTEND_CONSOLE_H
#define VSIM_FRONTEND_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsim/vsim.h"

enum console_request { CONSOLE_NONE, CONSOLE_QUIT, CONSOLE_DEBUG };

struct console {
    bool interactive;        /* stdin is a terminal, now in raw mode */
    bool escape;             /* Ctrl-A seen, waiting for the command key */
    bool eof;                /* stdin closed */
    enum console_request request; /* what an escape key asked for */
    vsim_machine *machine;   /* interrupted when a request is made */
};

/* Raw mode on a terminal (restored on every exit path). */
void console_open(struct console *c);
void console_close(struct console *c);
/* Back to the cooked terminal and again (around the REPL). */
void console_pause(struct console *c);
void console_resume(struct console *c);

/* vsim_config console callbacks; opaque is the struct console (may be NULL for write). */
void console_write(void *opaque, const uint8_t *buf, size_t len);
int console_read(void *opaque);

#endif
