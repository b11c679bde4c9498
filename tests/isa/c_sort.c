/*
 * c_sort.c - a small freestanding C workload: pseudo-random data sorted
 * three ways (insertion sort, recursive quicksort, bottom-up merge sort
 * with memcpy), order-sensitive checksums compared with values computed
 * offline, signed 32-bit sorting, string sorting through pointers, a
 * switch jump table, function pointers, recursion and struct copies.
 */
#include "guest.h"

#define N 256

/* expected values computed offline from the same generator */
#define EXPECT_WEIGHTED 0x9206f1c53d00c101ULL
#define EXPECT_MIN      0x0010c6e3e3e40898ULL
#define EXPECT_MAX      0xfda175163e7270f8ULL
#define EXPECT_WMIN     (-2143213800)
#define EXPECT_WMAX     2138135609
#define EXPECT_SWITCH   5253
#define EXPECT_FNPTR    0x9b79c980431cULL

static u64 a_ins[N], a_qs[N], a_ms[N], tmp[N];
static s32 w[N];

static u64 rng_state = 0x0123456789abcdefULL;
static u64 rng(void)                         /* xorshift64 */
{
    u64 x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

static void insertion_sort(u64 *a, int n)
{
    for (int i = 1; i < n; i++) {
        u64 v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quicksort(u64 *a, int lo, int hi)
{
    if (lo >= hi)
        return;
    u64 pivot = a[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
        while (a[i] < pivot)
            i++;
        while (a[j] > pivot)
            j--;
        if (i <= j) {
            u64 t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
    }
    quicksort(a, lo, j);
    quicksort(a, i, hi);
}

static void merge_sort(u64 *a, int n)
{
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, sizeof(u64) * (usize)n);
    }
}

static void sort_s32(s32 *a, int n)          /* signed comparisons */
{
    for (int i = 1; i < n; i++) {
        s32 v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static int str_cmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (int)(u8)*a - (int)(u8)*b;
}

static u64 weighted(const u64 *a, int n)     /* order-sensitive checksum */
{
    u64 s = 0;
    for (int i = 0; i < n; i++)
        s = s * 31 + (a[i] ^ (u64)i);
    return s;
}

static int classify(int x)                   /* dense switch: jump table */
{
    switch (x) {
    case 0: return 11;
    case 1: return 23;
    case 2: return 37;
    case 3: return 41;
    case 4: return 59;
    case 5: return 61;
    case 6: return 73;
    case 7: return 89;
    case 8: return 97;
    case 9: return 101;
    default: return -1;
    }
}

static u64 fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static u64 op_add(u64 a, u64 b) { return a + b; }
static u64 op_xor(u64 a, u64 b) { return a ^ b; }
static u64 op_sub(u64 a, u64 b) { return a - b; }

struct rec { u64 key; u32 tag; u8 bytes[20]; };

int main(void)
{
    u64 sum = 0, x = 0;

    for (int i = 0; i < N; i++) {
        u64 v = rng();
        a_ins[i] = a_qs[i] = a_ms[i] = v;
        w[i] = (s32)(v >> 17);
        sum += v;
        x ^= v;
    }
    CHECK_EQ(1, a_ins[0], 0x3f2800d6569e01b4ULL);   /* PRNG sanity */

    insertion_sort(a_ins, N);
    quicksort(a_qs, 0, N - 1);
    merge_sort(a_ms, N);

    u64 s2 = 0, x2 = 0;
    for (int i = 0; i < N; i++) {
        CHECK(2, i == 0 || a_ins[i - 1] <= a_ins[i]);
        CHECK(3, a_qs[i] == a_ins[i]);
        CHECK(4, a_ms[i] == a_ins[i]);
        s2 += a_ins[i];
        x2 ^= a_ins[i];
    }
    CHECK_EQ(5, s2, sum);
    CHECK_EQ(6, x2, x);
    CHECK_EQ(7, weighted(a_ins, N), EXPECT_WEIGHTED);
    CHECK_EQ(8, a_ins[0], EXPECT_MIN);
    CHECK_EQ(9, a_ins[N - 1], EXPECT_MAX);

    sort_s32(w, N);
    for (int i = 1; i < N; i++)
        CHECK(10, w[i - 1] <= w[i]);
    CHECK_EQ(11, (u64)(s64)w[0], (u64)(s64)EXPECT_WMIN);
    CHECK_EQ(12, (u64)(s64)w[N - 1], (u64)(s64)EXPECT_WMAX);

    /* strings sorted through an array of pointers */
    const char *names[] = { "mulhsu", "add", "sraiw", "amoswap", "c.addi4spn",
                            "lr", "fence.i", "ecall", "addw", "a", "" };
    int nn = (int)(sizeof(names) / sizeof(names[0]));
    for (int i = 1; i < nn; i++) {
        const char *v = names[i];
        int j = i - 1;
        while (j >= 0 && str_cmp(names[j], v) > 0) {
            names[j + 1] = names[j];
            j--;
        }
        names[j + 1] = v;
    }
    CHECK(13, names[0][0] == 0);
    CHECK(14, str_cmp(names[1], "a") == 0);
    CHECK(15, str_cmp(names[2], "add") == 0);
    CHECK(16, str_cmp(names[3], "addw") == 0);
    CHECK(17, str_cmp(names[nn - 1], "sraiw") == 0);

    /* jump table */
    int acc = 0;
    for (int i = -2; i < 12; i++)
        acc += classify(OPAQUE(i)) * (i + 3);
    CHECK_EQ(18, (u64)(s64)acc, (u64)(s64)EXPECT_SWITCH);

    /* recursion */
    CHECK_EQ(19, fib(OPAQUE(20u)), 6765);

    /* function pointers */
    u64 (*const fns[3])(u64, u64) = { op_add, op_xor, op_sub };
    u64 r = 1;
    for (int i = 0; i < 30; i++)
        r = fns[OPAQUE(i) % 3](r * 3, (u64)i);
    CHECK_EQ(20, r, EXPECT_FNPTR);

    /* struct copy (may become memcpy) and byte access */
    struct rec s1 = { 0x1122334455667788ULL, 0xabcdef01u, { 0 } };
    for (int i = 0; i < 20; i++)
        s1.bytes[i] = (u8)(i * 7);
    struct rec s3;
    volatile struct rec *vp = &s3;
    s3 = s1;
    CHECK_EQ(21, vp->key, 0x1122334455667788ULL);
    CHECK_EQ(22, vp->tag, 0xabcdef01u);
    CHECK_EQ(23, vp->bytes[19], 133);
    return 0;
}
