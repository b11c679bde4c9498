/*
 * priv_superpage.S - Sv39 superpages:
 *   a 2 MiB megapage (leaf in level 1) and a 1 GiB gigapage (leaf in the
 *   root) translate the low 21 / 30 bits of the address unchanged, for
 *   loads, stores and fetches; hardware sets A / D in the superpage PTE;
 *   a misaligned megapage (PPN[0] != 0) or gigapage (PPN[1:0] != 0) is a
 *   page fault for loads, stores and fetches.
 */
#include "priv_macros.h"
#include "priv_vm.h"

#define MEGA_VA     0x40200000          /* vm_l1[1] */
#define MEGA_PA     0x80400000          /* 2 MiB aligned, unused RAM */
#define MEGA_BAD_VA 0x40400000          /* vm_l1[2]: PA 0x80401000 */
#define GIGA_VA     0xc0000000          /* root[3] -> PA 0x80000000 */
#define GIGA_BAD_VA 0x100000000         /* root[4] -> PA 0x80200000 */

PRIV_TEST_BEGIN

    jal vm_init_sv39
    la s1, vm_l1
    li a1, PTE_OF(MEGA_PA, PTE_V | PTE_R | PTE_W | PTE_X)     /* A = D = 0 */
    sd a1, 1 * 8(s1)
    li a1, PTE_OF(MEGA_PA + 0x1000, PTE_LEAF_RWX)
    sd a1, 2 * 8(s1)
    la s2, vm_root
    li a1, PTE_OF(RAM_BASE, PTE_LEAF_RWX)
    sd a1, 3 * 8(s2)
    li a1, PTE_OF(RAM_BASE + 0x200000, PTE_LEAF_RWX)
    sd a1, 4 * 8(s2)
    sfence.vma
    /* data in the megapage, written by M at physical addresses */
    li s3, MEGA_PA
    li a1, 0x5151
    sd a1, 0(s3)
    li a2, 0x1ff008
    add a2, a2, s3
    li a1, 0x5252
    sd a1, 0(a2)
    li a2, 0x12340
    add a2, a2, s3
    li a1, 0x5353
    sd a1, 0(a2)
    /* code in the megapage: li a4, 0x66; ret */
    li a2, 0x100000
    add a2, a2, s3
    li a1, 0x06600713
    sw a1, 0(a2)
    li a1, 0x00008067
    sw a1, 4(a2)
    fence.i

    ENTER_S
    li s0, MEGA_VA
    TEST_CASE(1, a4, 0x5151, ld a4, 0(s0))
    TEST_CASE(2, a4, 0x5252, li a1, 0x1ff008; add a1, a1, s0; ld a4, 0(a1))
    TEST_CASE(3, a4, 0x5353, li a1, 0x12340; add a1, a1, s0; ld a4, 0(a1))
    TEST_CASE(4, a4, 0x66, li a1, 0x100000; add a1, a1, s0; li a4, 0; jalr ra, 0(a1))
    TEST_CASE(5, a4, 0x77, li a1, 0x1f0000; add a1, a1, s0; li a2, 0x77; sd a2, 0(a1); ld a4, 0(a1))
    /* gigapage alias of RAM */
    li s0, GIGA_VA
    la a1, vm_page3
    li a2, RAM_BASE
    sub a1, a1, a2
    add s1, s0, a1
    TEST_CASE(6, a4, PAGE_MAGIC + 3, ld a4, 0(s1))
    TEST_CASE(7, a4, 0x7373, li a1, 0x7373; sd a1, 8(s1); ld a4, 8(s1))
    la a1, vm_code_page
    li a2, RAM_BASE
    sub a1, a1, a2
    add s1, s0, a1
    TEST_CASE(8, a4, 0x77, li a4, 0; jalr ra, 0(s1))
    /* misaligned megapage */
    li s0, MEGA_BAD_VA
    TEST_LOAD_FAULT(9, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(10, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(11, 3, CAUSE_FETCH_PAGE, s0)
    li s0, MEGA_BAD_VA + 0x3000
    TEST_LOAD_FAULT(12, 3, CAUSE_LOAD_PAGE, s0)
    /* misaligned gigapage */
    li s0, GIGA_BAD_VA
    TEST_LOAD_FAULT(13, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(14, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(15, 3, CAUSE_FETCH_PAGE, s0)
    li s0, GIGA_BAD_VA + 0x10201000
    TEST_LOAD_FAULT(16, 3, CAUSE_LOAD_PAGE, s0)
    ENTER_M
    /* stores reached physical memory */
    TEST_MEM64(17, 0x7373, vm_page3 + 8)
    TEST_CASE(18, a4, 0x77, li a1, MEGA_PA + 0x1f0000; ld a4, 0(a1))
    /* A and D set in the megapage PTE */
    TEST_CASE(19, a4, PTE_A | PTE_D, la a1, vm_l1; ld a4, 8(a1); andi a4, a4, PTE_A | PTE_D)

PRIV_TEST_END

VM_CODE
VM_DATA
