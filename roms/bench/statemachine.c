/*
 * statemachine.c - tokenizer state machine benchmark.
 *
 * A generated text buffer mixes decimal integers, signed numbers, decimals
 * with exponents, hex literals, identifiers, punctuation, whitespace and
 * junk bytes. An explicit-state scanner classifies it byte by byte, counts
 * state transitions and token kinds and folds parsed numeric values into a
 * checksum. Between passes a few bytes of the buffer are overwritten so the
 * token stream changes.
 */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0x12003c60u
#endif

#define BUF_LEN 8192
#define PASSES  180
#define MUTATIONS 4

enum state {
    S_START,
    S_SIGN,      /* '+' or '-' seen */
    S_ZERO,      /* leading '0' (maybe 0x) */
    S_INT,       /* decimal digits */
    S_DOT,       /* digits then '.' */
    S_FRAC,      /* digits after '.' */
    S_EXP,       /* 'e' / 'E' seen */
    S_EXP_SIGN,  /* sign after 'e' */
    S_EXP_DIGIT, /* exponent digits */
    S_HEX_X,     /* "0x" seen */
    S_HEX,       /* hex digits */
    S_IDENT,     /* identifier */
    S_INVALID,   /* malformed token: skip to a delimiter */
    S_COUNT
};

enum token { T_INT, T_FLOAT, T_HEX, T_IDENT, T_PUNCT, T_INVALID, T_COUNT };

static char text[BUF_LEN];

struct scan_result {
    uint32_t transitions[S_COUNT];
    uint32_t tokens[T_COUNT];
    uint32_t value_hash;
};

/* ---- buffer generation ---- */
static size_t emit(size_t pos, const char *s)
{
    while (*s && pos < BUF_LEN)
        text[pos++] = *s++;
    return pos;
}

static size_t emit_digits(bench_rng *r, size_t pos, uint32_t n, int hex)
{
    static const char hexd[] = "0123456789abcdefABCDEF";
    for (uint32_t i = 0; i < n && pos < BUF_LEN; i++)
        text[pos++] = hex ? hexd[bench_randn(r, 22)] : (char)('0' + bench_randn(r, 10));
    return pos;
}

static void generate(bench_rng *r)
{
    static const char ident_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789";
    static const char punct[] = "(){}[];,=<>*/%&|^!~?:";
    static const char *const space[] = { " ", " ", "  ", "\t", "\n", " \n  " };
    size_t pos = 0;
    while (pos < BUF_LEN) {
        switch (bench_randn(r, 10)) {
        case 0:
        case 1: /* integer */
            pos = emit_digits(r, pos, 1 + bench_randn(r, 9), 0);
            break;
        case 2: /* signed integer or decimal */
            pos = emit(pos, bench_randn(r, 2) ? "-" : "+");
            pos = emit_digits(r, pos, 1 + bench_randn(r, 5), 0);
            if (bench_randn(r, 2)) {
                pos = emit(pos, ".");
                pos = emit_digits(r, pos, 1 + bench_randn(r, 4), 0);
            }
            break;
        case 3: /* decimal with exponent */
            pos = emit_digits(r, pos, 1 + bench_randn(r, 3), 0);
            pos = emit(pos, ".");
            pos = emit_digits(r, pos, bench_randn(r, 4), 0);
            pos = emit(pos, bench_randn(r, 2) ? "e" : "E-");
            pos = emit_digits(r, pos, 1 + bench_randn(r, 2), 0);
            break;
        case 4: /* hex */
            pos = emit(pos, bench_randn(r, 2) ? "0x" : "0X");
            pos = emit_digits(r, pos, 1 + bench_randn(r, 8), 1);
            break;
        case 5:
        case 6: { /* identifier */
            uint32_t n = 1 + bench_randn(r, 10);
            if (pos < BUF_LEN)
                text[pos++] = ident_chars[bench_randn(r, 53)];
            for (uint32_t i = 1; i < n && pos < BUF_LEN; i++)
                text[pos++] = ident_chars[bench_randn(r, sizeof ident_chars - 1)];
            break;
        }
        case 7: /* punctuation */
            if (pos < BUF_LEN)
                text[pos++] = punct[bench_randn(r, sizeof punct - 1)];
            break;
        case 8: /* malformed: digits glued to letters, or a stray byte */
            if (bench_randn(r, 2))
                pos = emit(pos, "12ab");
            else if (pos < BUF_LEN)
                text[pos++] = (char)(0x80 + bench_randn(r, 0x80));
            break;
        default:
            break;
        }
        pos = emit(pos, space[bench_randn(r, 6)]);
    }
}

/* ---- the scanner ---- */
static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static int is_alpha(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_punct(uint8_t c)
{
    switch (c) {
    case '(': case ')': case '{': case '}': case '[': case ']': case ';': case ',':
    case '=': case '<': case '>': case '*': case '/': case '%': case '&': case '|':
    case '^': case '!': case '~': case '?': case ':':
        return 1;
    default:
        return 0;
    }
}
static int hex_val(uint8_t c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
static int is_delim(uint8_t c) { return c == 0 || is_space(c) || is_punct(c); }

static void scan(const char *buf, size_t len, struct scan_result *res)
{
    enum state st = S_START;
    uint32_t value = 0, frac = 0, exp = 0;
    int neg = 0;
    uint32_t h = res->value_hash;

#define TOKEN(kind, v)                    \
    do {                                  \
        res->tokens[kind]++;              \
        h = bench_mix(h, (uint32_t)(v));  \
    } while (0)

    for (size_t i = 0; i <= len; i++) {
        uint8_t c = i < len ? (uint8_t)buf[i] : 0; /* NUL terminates the last token */
        enum state next;
        switch (st) {
        case S_START:
            value = frac = exp = 0;
            neg = 0;
            if (c == '0') {
                next = S_ZERO;
            } else if (is_digit(c)) {
                value = c - '0';
                next = S_INT;
            } else if (c == '+' || c == '-') {
                neg = c == '-';
                next = S_SIGN;
            } else if (is_alpha(c)) {
                value = c;
                next = S_IDENT;
            } else if (is_punct(c)) {
                TOKEN(T_PUNCT, c);
                next = S_START;
            } else if (is_space(c) || c == 0) {
                next = S_START;
            } else {
                next = S_INVALID;
            }
            break;
        case S_SIGN:
            if (is_digit(c)) {
                value = c - '0';
                next = S_INT;
            } else if (is_delim(c)) {
                TOKEN(T_PUNCT, neg ? '-' : '+');
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        case S_ZERO:
            if (c == 'x' || c == 'X') {
                next = S_HEX_X;
            } else if (is_digit(c)) {
                value = c - '0';
                next = S_INT;
            } else if (c == '.') {
                next = S_DOT;
            } else if (is_delim(c)) {
                TOKEN(T_INT, 0);
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        case S_INT:
            if (is_digit(c)) {
                value = value * 10 + (c - '0');
                next = S_INT;
            } else if (c == '.') {
                next = S_DOT;
            } else if (c == 'e' || c == 'E') {
                next = S_EXP;
            } else if (is_delim(c)) {
                TOKEN(T_INT, neg ? 0u - value : value);
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        case S_DOT:
        case S_FRAC:
            if (is_digit(c)) {
                frac = frac * 10 + (c - '0');
                next = S_FRAC;
            } else if (c == 'e' || c == 'E') {
                next = S_EXP;
            } else if (is_delim(c)) {
                TOKEN(T_FLOAT, (neg ? 0u - value : value) ^ (frac << 7));
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        case S_EXP:
            if (c == '+' || c == '-') {
                next = S_EXP_SIGN;
            } else if (is_digit(c)) {
                exp = c - '0';
                next = S_EXP_DIGIT;
            } else {
                next = S_INVALID;
            }
            break;
        case S_EXP_SIGN:
            if (is_digit(c)) {
                exp = c - '0';
                next = S_EXP_DIGIT;
            } else {
                next = S_INVALID;
            }
            break;
        case S_EXP_DIGIT:
            if (is_digit(c)) {
                exp = exp * 10 + (c - '0');
                next = S_EXP_DIGIT;
            } else if (is_delim(c)) {
                TOKEN(T_FLOAT, (neg ? 0u - value : value) ^ (frac << 7) ^ (exp << 24));
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        case S_HEX_X:
        case S_HEX:
            if (hex_val(c) >= 0) {
                value = (value << 4) | (uint32_t)hex_val(c);
                next = S_HEX;
            } else if (st == S_HEX && is_delim(c)) {
                TOKEN(T_HEX, value);
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        case S_IDENT:
            if (is_alpha(c) || is_digit(c)) {
                value = value * 31 + c;
                next = S_IDENT;
            } else if (is_delim(c)) {
                TOKEN(T_IDENT, value);
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        case S_INVALID:
        default:
            if (is_delim(c)) {
                TOKEN(T_INVALID, i);
                next = S_START;
                if (is_punct(c))
                    TOKEN(T_PUNCT, c);
            } else {
                next = S_INVALID;
            }
            break;
        }
        if (next != st)
            res->transitions[next]++;
        st = next;
    }
#undef TOKEN
    res->value_hash = h;
}

int main(void)
{
    static const char mutate_chars[] = "0123456789.eE+-xXabcfZ_ \n;,(";
    bench_rng rng;
    struct scan_result res;
    uint32_t sum = 0;

    memset(&res, 0, sizeof res);
    bench_rng_seed(&rng, bench_opaque64(0x082efa98ec4e6c89ULL));
    generate(&rng);

    uint32_t passes = bench_opaque32(PASSES);
    for (uint32_t p = 0; p < passes; p++) {
        scan(text, BUF_LEN, &res);
        sum = bench_mix(sum, res.value_hash);
        for (int m = 0; m < MUTATIONS; m++)
            text[bench_randn(&rng, BUF_LEN)] = mutate_chars[bench_randn(&rng, sizeof mutate_chars - 1)];
        bench_sink = res.value_hash;
    }

    for (int s = 0; s < S_COUNT; s++)
        sum = bench_mix(sum, res.transitions[s]);
    for (int t = 0; t < T_COUNT; t++)
        sum = bench_mix(sum, res.tokens[t]);
    return bench_report("statemachine", sum, EXPECTED);
}
