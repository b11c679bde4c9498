/*
 * priv_sv39.S - Sv39 translation with 4 KiB pages (three-level walk):
 *   loads, stores and fetches through R / W / X permissions (read-only,
 *   execute-only, no-execute pages), invalid PTEs, the reserved encodings
 *   W without R (and W+X without R), reserved PTE bits, non-leaf PTEs with
 *   A / D / U set, U pages from S and S pages from U (loads, stores, AMOs,
 *   fetches), virtual addresses whose bits 63:39 differ from bit 38,
 *   access faults when a leaf or a page-table pointer points at non-existent
 *   memory, page faults 12 / 13 / 15 and access faults 1 / 5 / 7 with
 *   tval = the faulting virtual address (and epc = it for fetches), taken
 *   in M or, delegated, in S (scause / sepc / stval), bare mode in S.
 */
#include "priv_macros.h"
#include "priv_vm.h"

#define VA_NL_A     0x40200000      /* via a non-leaf PTE with A set */
#define VA_NL_D     0x40400000      /* ... D set */
#define VA_NL_U     0x40600000      /* ... U set */
#define VA_NL_BAD   0x40800000      /* via a non-leaf PTE -> no memory */
#define VA_HI_BAD1  0x0000008040000000  /* bit 39 set, bit 38 clear */
#define VA_HI_BAD2  0xffffff8040000000  /* bits 63:39 set, bit 38 clear */
#define VA_HI_BAD3  0x8000000040000000

PRIV_TEST_BEGIN

    jal vm_init_sv39
    VM_MAP(0, vm_page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    VM_MAP(1, vm_page1, PTE_V | PTE_R | PTE_A)
    VM_MAP(2, vm_code_page, PTE_V | PTE_X | PTE_A)
    VM_MAP(3, vm_page3, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)     /* V = 0 */
    VM_MAP(4, vm_page4, PTE_V | PTE_W | PTE_A | PTE_D)
    VM_MAP(5, vm_code_page, PTE_V | PTE_W | PTE_X | PTE_A | PTE_D)
    VM_MAP(6, vm_page6, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    VM_MAP(7, vm_code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
    VM_MAP(8, vm_code_page, PTE_V | PTE_R | PTE_X | PTE_A)
    li a0, VA(9)
    li a1, NOMEM_ADDR
    li a2, PTE_LEAF_RWX
    jal vm_map
    /* reserved PTE bits 60:54 / N (63) / PBMT (62:61) set in a leaf */
    li a0, VA(10)
    la a1, vm_page2
    li a2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    jal vm_map
    li a0, VA(10)
    jal vm_pte
    ld a1, 0(a0)
    li a2, 1 << 54
    or a1, a1, a2
    sd a1, 0(a0)
    li a0, VA(11)
    la a1, vm_page2
    li a2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    jal vm_map
    li a0, VA(11)
    jal vm_pte
    ld a1, 0(a0)
    li a2, 1 << 63
    or a1, a1, a2
    sd a1, 0(a0)
    li a0, VA(12)
    la a1, vm_page2
    li a2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    jal vm_map
    li a0, VA(12)
    jal vm_pte
    ld a1, 0(a0)
    li a2, 1 << 61
    or a1, a1, a2
    sd a1, 0(a0)
    /* non-leaf PTEs: vm_l1[1..3] -> vm_spare0 with A / D / U; vm_l1[4] ->
     * no memory; vm_spare0[0] -> vm_page0 */
    la s0, vm_spare0
    la a1, vm_page0
    MKPTE(a2, a1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    sd a2, 0(s0)
    la s1, vm_l1
    MKPTE(a2, s0, PTE_V | PTE_A)
    sd a2, 1 * 8(s1)
    MKPTE(a2, s0, PTE_V | PTE_D)
    sd a2, 2 * 8(s1)
    MKPTE(a2, s0, PTE_V | PTE_U)
    sd a2, 3 * 8(s1)
    li a1, NOMEM_ADDR
    MKPTE(a2, a1, PTE_V)
    sd a2, 4 * 8(s1)
    sfence.vma

    /* ================= S, faults taken in M ================= */
    ENTER_S
    /* read / write a mapped page */
    li s0, VA(0)
    TEST_CASE(1, a4, PAGE_MAGIC + 0, ld a4, 0(s0))
    TEST_CASE(2, a4, 0xabcd, li a1, 0xabcd; sd a1, 8(s0); ld a4, 8(s0))
    TEST_CASE(3, a4, 0xabcd + 5, li a1, 5; addi a2, s0, 8; amoadd.d a4, a1, (a2); ld a4, 8(s0))
    TEST_CASE(4, a4, 0xabcd + 5, lw a4, 8(s0))
    /* the last byte of the page */
    TEST_CASE(5, a4, 0x5a, li a1, 0x5a; li a2, 4095; add a2, a2, s0; sb a1, 0(a2); lbu a4, 0(a2))
    /* no X: fetch faults */
    TEST_FETCH_FAULT(6, 3, CAUSE_FETCH_PAGE, s0)
    /* read-only */
    li s0, VA(1)
    TEST_CASE(7, a4, PAGE_MAGIC + 1, ld a4, 0(s0))
    TEST_STORE_FAULT(8, 3, CAUSE_STORE_PAGE, s0)
    TEST_AMO_FAULT(9, 3, CAUSE_STORE_PAGE, s0)
    /* LR is a load: allowed; SC is a store: faults */
    TEST_CASE(10, a4, PAGE_MAGIC + 1, lr.d a4, (s0))
    TEST_TRAP_TVALR_AT(11, 3, CAUSE_STORE_PAGE, s0, sc.d a4, zero, (s0))
    /* execute-only: loads fault, fetches work */
    li s0, VA(2)
    TEST_LOAD_FAULT(12, 3, CAUSE_LOAD_PAGE, s0)
    TEST_CASE(13, a4, 0x77, li a4, 0; jalr ra, 0(s0))
    TEST_STORE_FAULT(14, 3, CAUSE_STORE_PAGE, s0)
    /* invalid */
    li s0, VA(3)
    TEST_LOAD_FAULT(15, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(16, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(17, 3, CAUSE_FETCH_PAGE, s0)
    /* the faulting address inside the page, not the page base */
    li s0, VA(3) + 0x7f8
    TEST_LOAD_FAULT(18, 3, CAUSE_LOAD_PAGE, s0)
    /* W without R: reserved, any access faults */
    li s0, VA(4)
    TEST_LOAD_FAULT(19, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(20, 3, CAUSE_STORE_PAGE, s0)
    li s0, VA(5)
    TEST_LOAD_FAULT(21, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(22, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(23, 3, CAUSE_FETCH_PAGE, s0)
    /* U page from S without SUM */
    li s0, VA(6)
    TEST_LOAD_FAULT(24, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(25, 3, CAUSE_STORE_PAGE, s0)
    TEST_AMO_FAULT(26, 3, AMO_PRIV_CAUSE, s0)
    li s0, VA(7)
    TEST_FETCH_FAULT(27, 3, CAUSE_FETCH_PAGE, s0)
    /* S code page: fetch and load */
    li s0, VA(8)
    TEST_CASE(28, a4, 0x77, li a4, 0; jalr ra, 0(s0))
    TEST_CASE(29, a4, CODE_WORD0, lwu a4, 0(s0))
    /* leaf pointing at no memory: access faults with tval = VA */
    li s0, VA(9) + 0x10
    TEST_LOAD_FAULT(30, 3, CAUSE_LOAD_ACCESS, s0)
    TEST_STORE_FAULT(31, 3, CAUSE_STORE_ACCESS, s0)
    TEST_FETCH_FAULT(32, 3, CAUSE_FETCH_ACCESS, s0)
    /* non-leaf PTEs with A, D or U set */
    li s0, VA_NL_A
    TEST_LOAD_FAULT(33, 3, CAUSE_LOAD_PAGE, s0)
    li s0, VA_NL_D
    TEST_STORE_FAULT(34, 3, CAUSE_STORE_PAGE, s0)
    li s0, VA_NL_U
    TEST_LOAD_FAULT(35, 3, CAUSE_LOAD_PAGE, s0)
    /* page-table pointer to no memory: access fault of the access type */
    li s0, VA_NL_BAD
#ifdef QEMU_QUIRKS
    /* (QEMU 7.2 reports a page fault when the walk itself fails) */
    TEST_LOAD_FAULT(36, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(37, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(38, 3, CAUSE_FETCH_PAGE, s0)
#else
    TEST_LOAD_FAULT(36, 3, CAUSE_LOAD_ACCESS, s0)
    TEST_STORE_FAULT(37, 3, CAUSE_STORE_ACCESS, s0)
    TEST_FETCH_FAULT(38, 3, CAUSE_FETCH_ACCESS, s0)
#endif
    /* addresses not sign-extended from bit 38 (low bits map VA(0)) */
    li s0, VA_HI_BAD1
    TEST_LOAD_FAULT(39, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(40, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(41, 3, CAUSE_FETCH_PAGE, s0)
    li s0, VA_HI_BAD2
    TEST_LOAD_FAULT(42, 3, CAUSE_LOAD_PAGE, s0)
    li s0, VA_HI_BAD3
    TEST_STORE_FAULT(43, 3, CAUSE_STORE_PAGE, s0)
    /* reserved leaf bits: 54 (reserved), 63 (N, no Svnapot), 61 (PBMT,
     * no Svpbmt) */
    li s0, VA(10)
    TEST_LOAD_FAULT(44, 3, CAUSE_LOAD_PAGE, s0)
    li s0, VA(11)
    TEST_LOAD_FAULT(45, 3, CAUSE_LOAD_PAGE, s0)
    li s0, VA(12)
    TEST_LOAD_FAULT(46, 3, CAUSE_LOAD_PAGE, s0)
    ENTER_M
    /* the stores through VA(0) reached vm_page0 */
    TEST_MEM64(47, 0xabcd + 5, vm_page0 + 8)

    /* ================= U ================= */
    li a0, 1
    jal vm_code_user                    /* code / data pages now U */
    ENTER_U
    li s0, VA(6)
    TEST_CASE(48, a4, PAGE_MAGIC + 6, ld a4, 0(s0))
    TEST_CASE(49, a4, 0x66, li a1, 0x66; sd a1, 16(s0); ld a4, 16(s0))
    li s0, VA(7)
    TEST_CASE(50, a4, 0x77, li a4, 0; jalr ra, 0(s0))
    /* S pages from U */
    li s0, VA(0)
    TEST_LOAD_FAULT(51, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(52, 3, CAUSE_STORE_PAGE, s0)
    TEST_AMO_FAULT(53, 3, AMO_PRIV_CAUSE, s0)
    li s0, VA(8)
    TEST_FETCH_FAULT(54, 3, CAUSE_FETCH_PAGE, s0)
    /* permissions still apply to U pages */
    li s0, VA(7)
    TEST_STORE_FAULT(55, 3, CAUSE_STORE_PAGE, s0)
    CHECK_MPP(0)
    ENTER_M
    li a0, 0
    jal vm_code_user

    /* ================= delegated to S ================= */
    li a1, (1 << CAUSE_FETCH_PAGE) | (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE) | (1 << CAUSE_FETCH_ACCESS) | (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_STORE_ACCESS)
    csrw medeleg, a1
    ENTER_S
    li s0, VA(3) + 0x123
    TEST_TRAP_TVALR_AT(56, 1, CAUSE_LOAD_PAGE, s0, lbu a4, 0(s0))
    CHECK_SPP(1)
    TEST_CASE(57, a4, 0, csrr a4, stval; sub a4, a4, s0)
    TEST_CASE(58, a4, CAUSE_LOAD_PAGE, csrr a4, scause)
    li s0, VA(3)
    TEST_STORE_FAULT(59, 1, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(60, 1, CAUSE_FETCH_PAGE, s0)
    li s0, VA(9)
    TEST_LOAD_FAULT(61, 1, CAUSE_LOAD_ACCESS, s0)
    TEST_STORE_FAULT(62, 1, CAUSE_STORE_ACCESS, s0)
    TEST_FETCH_FAULT(63, 1, CAUSE_FETCH_ACCESS, s0)
    ENTER_M
    csrw medeleg, zero

    /* ================= bare mode in S ================= */
    csrw satp, zero
    sfence.vma
    ENTER_S
    la s0, vm_page1
    TEST_CASE(64, a4, PAGE_MAGIC + 1, ld a4, 0(s0))
    TEST_CASE(65, a4, 0x11, li a1, 0x11; sd a1, 8(s0); ld a4, 8(s0))
    ENTER_M

PRIV_TEST_END

VM_CODE
VM_DATA
