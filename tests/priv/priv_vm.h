/*
 * priv_vm.h - page-table helpers for the Sv39 / Sv48 tests (include after
 * priv_macros.h).
 *
 * Layout (Sv39, built by vm_init_sv39):
 *   root[2]      1 GiB leaf, identity map of 0x80000000.. (code, data,
 *                stack, page tables): V R W X A D, U = 0 (see vm_code_user)
 *   root[1]  ->  vm_l1;  vm_l1[0] -> vm_l0: the test window
 *                VA_BASE .. VA_BASE + 2 MiB, 4 KiB pages set with vm_map
 * Sv48 (vm_init_sv48): vm_root48[0] -> vm_root, the same tree one level
 * down (so the same virtual addresses work).
 *
 * Test pages vm_page0..vm_page7 (4 KiB each, in .data): the first dword of
 * vm_pageN is PAGE_MAGIC + N.  vm_code_page (in .text, 4 KiB) holds code
 * callable through a mapping: at offset 0 "li a4, 0x77; ret", and its first
 * data word (for loads through an execute-only mapping) is the first
 * instruction, CODE_WORD0.
 *
 * All helpers run in M (they write page tables and execute sfence.vma) and
 * follow the normal calling convention; they clobber t0, t1, a0-a3 (and
 * vm_init_sv48 a5).
 */
#ifndef PRIV_VM_H
#define PRIV_VM_H

#define VA_BASE         0x40000000
#define VA(i)           (VA_BASE + (i) * 4096)
#define PAGE_MAGIC      0x1111222233334440
#define CODE_WORD0      0x07700713          /* li a4, 0x77 */

/* an AMO that fails the U / S privilege check (not the W check) is a
 * store/AMO page fault; QEMU 7.2 reports a load page fault */
#ifdef QEMU_QUIRKS
#define AMO_PRIV_CAUSE  CAUSE_LOAD_PAGE
#else
#define AMO_PRIV_CAUSE  CAUSE_STORE_PAGE
#endif

/* map VA(i) -> physical symbol with flags (M only; no sfence) */
#define VM_MAP(i, sym, flags) \
    li a0, VA(i); la a1, sym; li a2, flags; jal vm_map

.macro VM_CODE
    /* vm_init_sv39: build the tree, satp = Sv39 | vm_root, sfence */
vm_init_sv39:
    mv a3, ra
    la a0, vm_root
    jal vm_clear_page
    la a0, vm_l1
    jal vm_clear_page
    la a0, vm_l0
    jal vm_clear_page
    la a0, vm_root
    li t0, PTE_OF(RAM_BASE, PTE_LEAF_RWX)
    sd t0, 2 * 8(a0)
    la a1, vm_l1
    MKPTE(t0, a1, PTE_V)
    sd t0, 1 * 8(a0)
    la a0, vm_l0
    MKPTE(t0, a0, PTE_V)
    sd t0, 0(a1)
    la a0, vm_root
    MKSATP(a2, a0, SATP_MODE_SV39)
    csrw satp, a2
    sfence.vma
    mv ra, a3
    ret

    /* vm_init_sv48: as vm_init_sv39, plus vm_root48[0] -> vm_root */
vm_init_sv48:
    mv a5, ra
    jal vm_init_sv39
    la a0, vm_root48
    jal vm_clear_page
    la a0, vm_root48
    la a1, vm_root
    MKPTE(t0, a1, PTE_V)
    sd t0, 0(a0)
    MKSATP(a2, a0, SATP_MODE_SV48)
    csrw satp, a2
    sfence.vma
    mv ra, a5
    ret

    /* vm_map(a0 = va in the window, a1 = pa, a2 = flags); no sfence */
vm_map:
    srli t0, a0, 12
    andi t0, t0, 0x1ff
    slli t0, t0, 3
    la t1, vm_l0
    add t1, t1, t0
    srli a1, a1, 12
    slli a1, a1, 10
    or a1, a1, a2
    sd a1, 0(t1)
    ret

    /* vm_pte(a0 = va in the window) -> a0 = address of its PTE */
vm_pte:
    srli t0, a0, 12
    andi t0, t0, 0x1ff
    slli t0, t0, 3
    la a0, vm_l0
    add a0, a0, t0
    ret

    /* vm_code_user(a0 = 0 / 1): clear / set U in the identity gigapage */
vm_code_user:
    la t1, vm_root
    ld t0, 2 * 8(t1)
    andi t0, t0, ~PTE_U
    beqz a0, 1f
    ori t0, t0, PTE_U
1:  sd t0, 2 * 8(t1)
    sfence.vma
    ret

vm_clear_page:                          /* a0 = page */
    li t0, 4096
1:  sd zero, 0(a0)
    addi a0, a0, 8
    addi t0, t0, -8
    bnez t0, 1b
    ret

    /* code reachable through mappings of vm_code_page */
    .balign 4096
vm_code_page:
    li a4, 0x77                         /* == CODE_WORD0 */
    ret
    .balign 4096
vm_code_page_end:
.endm

.macro VM_DATA
    .data
    .balign 4096
vm_root:    .zero 4096
vm_l1:      .zero 4096
vm_l0:      .zero 4096
vm_root48:  .zero 4096
vm_spare0:  .zero 4096
vm_spare1:  .zero 4096
    .irp k, 0,1,2,3,4,5,6,7
vm_page\k:
    .dword PAGE_MAGIC + \k
    .zero 4096 - 8
    .endr
.endm

#endif /* PRIV_VM_H */
