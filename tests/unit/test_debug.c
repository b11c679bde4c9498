/*
 * The debugging API under every dispatch strategy: breakpoints stop before
 * the instruction and take effect at once (also on code already predecoded),
 * resuming runs through them, watchpoints stop at the accessing instruction,
 * stop-on-trap, run-until, translation without side effects, the trace hook.
 * Guest code is assembled by hand (guest_code.h), no cross compiler needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "guest_code.h"
#include "vsim/vsim.h"

static const vsim_dispatch modes[] = { VSIM_DISPATCH_SWITCH, VSIM_DISPATCH_INDIRECT, VSIM_DISPATCH_DIRECT };

/* a0 counts a loop of `count`, storing a0 to `data` each time, then powers off. */
#define DATA (GUEST_RAM_BASE + 0x2000)
static unsigned loop_at, store_at;

static vsim_machine *machine(void **state)
{
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.dispatch = *(const vsim_dispatch *)*state;
    vsim_machine *m;
    assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
    struct prog p = { .n = 0 };
    emit(&p, ADDI(R_A0, R_ZERO, 0));
    emit_li(&p, R_A1, 100);
    emit(&p, LUI(R_A2, (uint32_t)(DATA >> 12))); /* sign-extends: clear the upper half */
    emit(&p, enc_i(0x13, 1, R_A2, R_A2, 32));     /* slli a2, a2, 32 */
    emit(&p, enc_i(0x13, 5, R_A2, R_A2, 32));     /* srli a2, a2, 32 */
    loop_at = emit(&p, ADDI(R_A0, R_A0, 1)); /* loop: */
    store_at = emit(&p, SD(R_A0, 0, R_A2));
    emit(&p, BNE(R_A0, R_A1, -8));
    emit_poweroff(&p, 0);
    assert_int_equal(vsim_write_phys(m, GUEST_RAM_BASE, p.w, p.n * 4), VSIM_OK);
    assert_int_equal(vsim_set_pc(m, GUEST_RAM_BASE), VSIM_OK);
    return m;
}

static uint64_t a0(vsim_machine *m)
{
    uint64_t v;
    vsim_get_reg(m, R_A0, &v);
    return v;
}

static void test_breakpoint(void **state)
{
    vsim_machine *m = machine(state);
    uint64_t bp = GUEST_RAM_BASE + 4 * store_at;
    /* run a while first, so direct dispatch has predecoded the loop */
    vsim_stop s;
    vsim_run(m, 50, &s);
    assert_int_equal(vsim_break_add(m, bp), VSIM_OK);
    for (uint64_t i = 1; i <= 3; i++) {
        vsim_run(m, 0, &s);
        assert_int_equal(s.reason, VSIM_STOP_BREAKPOINT);
        assert_int_equal(s.pc, bp);
        assert_int_equal(vsim_get_pc(m), bp);
    }
    uint64_t at = a0(m);
    /* resuming executes the instruction at the breakpoint, then stops on the next round */
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_BREAKPOINT);
    assert_int_equal(a0(m), at + 1);
    assert_int_equal(vsim_break_remove(m, bp), VSIM_OK);
    assert_int_equal(vsim_break_remove(m, bp), VSIM_ERR_INVALID_ARG);
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_POWEROFF);
    assert_int_equal(a0(m), 100);
    vsim_destroy(m);
}

static void test_step_from_breakpoint(void **state)
{
    vsim_machine *m = machine(state);
    uint64_t bp = GUEST_RAM_BASE + 4 * loop_at;
    vsim_break_add(m, bp);
    vsim_stop s;
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_BREAKPOINT);
    uint64_t n = vsim_insn_count(m);
    vsim_step(m, &s);
    assert_int_equal(s.reason, VSIM_STOP_STEP);
    assert_int_equal(vsim_get_pc(m), bp + 4);
    assert_int_equal(vsim_insn_count(m), n + 1);
    vsim_destroy(m);
}

static void test_watchpoint(void **state)
{
    vsim_machine *m = machine(state);
    vsim_stop s;
    assert_int_equal(vsim_watch_add(m, DATA, 8, VSIM_WATCH_WRITE, 0), VSIM_OK);
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_WATCHPOINT);
    assert_int_equal(s.addr, DATA);
    assert_int_equal(s.watch, VSIM_WATCH_WRITE);
    assert_int_equal(s.pc, GUEST_RAM_BASE + 4 * store_at); /* stopped at the store, before it */
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_WATCHPOINT);
    uint64_t v;
    vsim_read_phys(m, DATA, &v, 8);
    assert_int_equal(v, 1); /* the first store happened on resume */
    assert_int_equal(vsim_watch_remove(m, DATA, 8, VSIM_WATCH_WRITE, 0), VSIM_OK);
    /* a physical read watch on the same word never fires: nothing reads it */
    assert_int_equal(vsim_watch_add(m, DATA, 8, VSIM_WATCH_READ, 1), VSIM_OK);
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_POWEROFF);
    vsim_destroy(m);
}

static void test_run_until_and_trap_stop(void **state)
{
    vsim_machine *m = machine(state);
    vsim_stop s;
    uint64_t target = GUEST_RAM_BASE + 4 * store_at;
    assert_int_equal(vsim_run_until(m, target, 0, &s), VSIM_OK);
    assert_int_equal(s.reason, VSIM_STOP_UNTIL);
    assert_int_equal(vsim_get_pc(m), target);
    assert_int_equal(vsim_break_list(m, NULL, 0), 0); /* the temporary breakpoint is gone */
    /* ebreak at the current pc with stop-on-trap for breakpoints (cause 3) */
    uint32_t ebreak = EBREAK;
    vsim_write_phys(m, target, &ebreak, 4);
    vsim_stop_on_trap(m, 1u << 3, 0);
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_TRAP);
    assert_int_equal(s.cause, 3);
    vsim_destroy(m);
}

static unsigned traced;
static void trace(void *opaque, uint64_t pc, uint32_t insn, unsigned priv)
{
    (void)opaque;
    (void)insn;
    assert_int_equal(priv, 3);
    assert_true(pc >= GUEST_RAM_BASE);
    traced++;
}

static void test_trace_and_translate(void **state)
{
    vsim_machine *m = machine(state);
    traced = 0;
    vsim_set_trace(m, trace, NULL);
    vsim_stop s;
    vsim_run(m, 20, &s);
    assert_int_equal(traced, 20);
    vsim_set_trace(m, NULL, NULL);
    uint64_t pa, cause;
    assert_int_equal(vsim_translate(m, DATA, VSIM_ACCESS_LOAD, &pa, &cause), VSIM_OK);
    assert_int_equal(pa, DATA); /* M-mode: no translation */
    uint64_t v = 0x1122334455667788ull, back = 0;
    assert_int_equal(vsim_write_virt(m, DATA + 8, &v, 8), VSIM_OK);
    assert_int_equal(vsim_read_virt(m, DATA + 8, &back, 8), VSIM_OK);
    assert_int_equal(back, v);
    assert_int_equal(vsim_read_virt(m, 0x4000, &back, 8), VSIM_ERR_BAD_ADDRESS);
    vsim_destroy(m);
}

/* The same API is there for debuggers; interrupt from "another thread". */
static void test_interrupt(void **state)
{
    vsim_machine *m = machine(state);
    vsim_interrupt(m);
    vsim_stop s;
    vsim_run(m, 0, &s);
    assert_int_equal(s.reason, VSIM_STOP_INTERRUPTED);
    vsim_destroy(m);
}

#define FOR_MODES(fn)                                                                                   \
    cmocka_unit_test_prestate(fn, (void *)&modes[0]), cmocka_unit_test_prestate(fn, (void *)&modes[1]), \
        cmocka_unit_test_prestate(fn, (void *)&modes[2])

int main(void)
{
    const struct CMUnitTest tests[] = {
        FOR_MODES(test_breakpoint),          FOR_MODES(test_step_from_breakpoint),
        FOR_MODES(test_watchpoint),          FOR_MODES(test_run_until_and_trap_stop),
        FOR_MODES(test_trace_and_translate), FOR_MODES(test_interrupt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
