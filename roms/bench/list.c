/*
 * list.c - linked-list benchmark.
 *
 * Nodes live in a fixed pool; they are linked in a pseudo-random order so a
 * walk hops around memory. Each round walks the list, searches it for a
 * batch of keys (moving hits to the front), reverses it, and every few
 * rounds merge-sorts it by one of two fields and re-scrambles values.
 */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0x591edf20u
#endif

#define POOL    1024
#define ROUNDS  300
#define SEARCHES 16

struct node {
    struct node *next;
    uint32_t key;
    int32_t val;
};

static struct node pool[POOL];
static uint16_t perm[POOL];

/* walk: length, xor of keys, weighted sum of values */
static uint32_t list_walk(const struct node *n, uint32_t *len)
{
    uint32_t h = 0, i = 0;
    for (; n; n = n->next, i++)
        h += (n->key ^ (uint32_t)n->val) * (i | 1);
    *len = i;
    return h;
}

/* find key; on a hit move the node to the front. Returns position or -1. */
static int32_t list_find_mtf(struct node **head, uint32_t key)
{
    struct node *prev = 0, *n = *head;
    int32_t pos = 0;
    while (n && n->key != key) {
        prev = n;
        n = n->next;
        pos++;
    }
    if (!n)
        return -1;
    if (prev) {
        prev->next = n->next;
        n->next = *head;
        *head = n;
    }
    return pos;
}

static struct node *list_reverse(struct node *n)
{
    struct node *r = 0;
    while (n) {
        struct node *next = n->next;
        n->next = r;
        r = n;
        n = next;
    }
    return r;
}

static int cmp_node(const struct node *a, const struct node *b, int by_val)
{
    if (by_val)
        return a->val < b->val ? -1 : a->val > b->val;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* bottom-up merge sort of a singly linked list (stable) */
static struct node *list_sort(struct node *list, int by_val)
{
    if (!list)
        return list;
    for (uint32_t width = 1;; width *= 2) {
        struct node *p = list, *tail = 0;
        list = 0;
        uint32_t merges = 0;
        while (p) {
            merges++;
            struct node *q = p;
            uint32_t psize = 0;
            for (uint32_t i = 0; i < width && q; i++) {
                q = q->next;
                psize++;
            }
            uint32_t qsize = width;
            while (psize > 0 || (qsize > 0 && q)) {
                struct node *e;
                if (psize == 0) {
                    e = q;
                    q = q->next;
                    qsize--;
                } else if (qsize == 0 || !q || cmp_node(p, q, by_val) <= 0) {
                    e = p;
                    p = p->next;
                    psize--;
                } else {
                    e = q;
                    q = q->next;
                    qsize--;
                }
                if (tail)
                    tail->next = e;
                else
                    list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (merges <= 1)
            return list;
    }
}

static uint32_t check_sorted(const struct node *n, int by_val)
{
    uint32_t bad = 0;
    for (; n && n->next; n = n->next)
        if (cmp_node(n, n->next, by_val) > 0)
            bad++;
    return bad;
}

int main(void)
{
    bench_rng rng;
    uint32_t sum = 0, errors = 0;

    bench_rng_seed(&rng, bench_opaque64(0xa4093822299f31d0ULL));

    /* keys are a permutation-derived set of distinct values */
    for (uint32_t i = 0; i < POOL; i++) {
        pool[i].key = i * 2654435761u;
        pool[i].val = (int32_t)(bench_rand32(&rng) >> 16) - 32768;
        perm[i] = (uint16_t)i;
    }
    /* Fisher-Yates shuffle of the link order */
    for (uint32_t i = POOL - 1; i > 0; i--) {
        uint32_t j = bench_randn(&rng, i + 1);
        uint16_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (uint32_t i = 0; i + 1 < POOL; i++)
        pool[perm[i]].next = &pool[perm[i + 1]];
    pool[perm[POOL - 1]].next = 0;
    struct node *head = &pool[perm[0]];

    uint32_t rounds = bench_opaque32(ROUNDS);
    for (uint32_t r = 0; r < rounds; r++) {
        uint32_t len;
        sum = bench_mix(sum, list_walk(head, &len));
        if (len != POOL)
            errors++;

        for (int s = 0; s < SEARCHES; s++) {
            /* 3 in 4 searches look for a key that exists */
            uint32_t idx = bench_randn(&rng, POOL);
            uint32_t key = pool[idx].key;
            if ((s & 3) == 3)
                key ^= 1; /* keys are i*odd: flipping bit 0 misses */
            int32_t pos = list_find_mtf(&head, key);
            sum = bench_mix(sum, (uint32_t)pos);
        }

        head = list_reverse(head);
        sum = bench_mix(sum, head->key);

        if (r % 4 == 3) {
            int by_val = (r / 4) & 1;
            head = list_sort(head, by_val);
            errors += check_sorted(head, by_val);
            sum = bench_mix(sum, list_walk(head, &len));
            /* scramble some values so the next sort has work to do */
            for (int k = 0; k < POOL / 8; k++)
                pool[bench_randn(&rng, POOL)].val ^= (int32_t)(bench_rand32(&rng) & 0xffff);
        }
        bench_sink = sum;
    }

    sum = bench_mix(sum, errors);
    return bench_report("list", sum, EXPECTED);
}
