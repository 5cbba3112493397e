// Portable SHA-512 (FIPS 180-4 §6.4) and the scalar PBKDF2 iteration loop.
#include <string.h>

#include "sha512_internal.h"

const uint64_t cpbkdf2_sha512_k[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

const uint64_t cpbkdf2_sha512_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static inline uint64_t rotr(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }
static inline uint64_t big_sigma0(uint64_t x) { return rotr(x, 28) ^ rotr(x, 34) ^ rotr(x, 39); }
static inline uint64_t big_sigma1(uint64_t x) { return rotr(x, 14) ^ rotr(x, 18) ^ rotr(x, 41); }
static inline uint64_t small_sigma0(uint64_t x) { return rotr(x, 1) ^ rotr(x, 8) ^ (x >> 7); }
static inline uint64_t small_sigma1(uint64_t x) { return rotr(x, 19) ^ rotr(x, 61) ^ (x >> 6); }

// One round (FIPS 180-4 §6.4.2 step 3) without moving the eight working variables: the
// caller renames them instead, so round i + 1 passes (h, a, b, ..., g) where round i passed
// (a, b, ..., h). `d` receives e's new value and `h` a's.
#define ROUND(a, b, c, d, e, f, g, h, kw)                                          \
    do {                                                                           \
        uint64_t t1 = (h) + big_sigma1(e) + ((g) ^ ((e) & ((f) ^ (g)))) + (kw);    \
        (d) += t1;                                                                 \
        (h) = t1 + big_sigma0(a) + (((a) & (b)) | ((c) & ((a) | (b))));            \
    } while (0)

void cpbkdf2_sha512_compress(uint64_t state[8], uint64_t w[16]) {
    uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 80; t += 8) {
        if (t >= 16) {
            // Message schedule (§6.4.2 step 1) in a 16-word ring: w[i] becomes W(t + i).
            for (int i = t & 15; i < (t & 15) + 8; i++) {
                w[i] += small_sigma1(w[(i + 14) & 15]) + w[(i + 9) & 15] + small_sigma0(w[(i + 1) & 15]);
            }
        }
        const uint64_t *k = &cpbkdf2_sha512_k[t];
        const uint64_t *x = &w[t & 15];
        ROUND(a, b, c, d, e, f, g, h, k[0] + x[0]);
        ROUND(h, a, b, c, d, e, f, g, k[1] + x[1]);
        ROUND(g, h, a, b, c, d, e, f, k[2] + x[2]);
        ROUND(f, g, h, a, b, c, d, e, k[3] + x[3]);
        ROUND(e, f, g, h, a, b, c, d, k[4] + x[4]);
        ROUND(d, e, f, g, h, a, b, c, k[5] + x[5]);
        ROUND(c, d, e, f, g, h, a, b, k[6] + x[6]);
        ROUND(b, c, d, e, f, g, h, a, k[7] + x[7]);
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static uint64_t load_big_endian(const uint8_t *bytes) {
    uint64_t word = 0;
    for (int i = 0; i < 8; i++) word = (word << 8) | bytes[i];
    return word;
}

void cpbkdf2_sha512_blocks(uint64_t state[8], const uint8_t *blocks, size_t count) {
    uint64_t w[16];
    for (size_t b = 0; b < count; b++, blocks += 128) {
        for (int i = 0; i < 16; i++) w[i] = load_big_endian(blocks + 8 * i);
        cpbkdf2_sha512_compress(state, w);
    }
    cpbkdf2_wipe(w, sizeof w);
}

void cpbkdf2_sha512_finish(uint64_t state[8], uint64_t prefix_bytes, const uint8_t *message, size_t length) {
    uint64_t total_bits = (prefix_bytes + (uint64_t)length) * 8;
    size_t whole = length / 128;
    if (whole > 0) {
        cpbkdf2_sha512_blocks(state, message, whole);
        message += whole * 128;
        length -= whole * 128;
    }
    // Padding (§5.1.2): 0x80, zeros, then the length as a 128-bit big-endian number whose
    // upper 64 bits are zero for any message this library sees.
    uint8_t block[256] = {0};
    if (length > 0) memcpy(block, message, length);
    block[length] = 0x80;
    size_t blocks = length + 1 + 16 <= 128 ? 1 : 2;
    uint8_t *tail = block + 128 * blocks - 8;
    for (int i = 0; i < 8; i++) tail[i] = (uint8_t)(total_bits >> (56 - 8 * i));
    cpbkdf2_sha512_blocks(state, block, blocks);
    cpbkdf2_wipe(block, sizeof block);
}

// Words 8...15 of an iteration block: every HMAC compression after the pad block hashes a
// 64-byte message (U_i, or the inner digest), so its padding never changes.
static inline void pad_iteration_block(uint64_t w[16]) {
    w[8] = CPBKDF2_PAD_WORD;
    w[9] = w[10] = w[11] = w[12] = w[13] = w[14] = 0;
    w[15] = CPBKDF2_ITERATION_BITS;
}

void cpbkdf2_advance_scalar(cpbkdf2_lane *const *lanes, size_t count, uint32_t steps) {
    for (size_t l = 0; l < count; l++) {
        cpbkdf2_lane *lane = lanes[l];
        uint64_t w[16];
        uint64_t state[8];
        for (uint32_t s = 0; s < steps; s++) {
            memcpy(state, lane->inner, sizeof state);       // inner: H(key ^ ipad || U_i)
            memcpy(w, lane->u, sizeof lane->u);
            pad_iteration_block(w);
            cpbkdf2_sha512_compress(state, w);
            memcpy(w, state, sizeof state);                 // outer: H(key ^ opad || inner)
            pad_iteration_block(w);
            memcpy(state, lane->outer, sizeof state);
            cpbkdf2_sha512_compress(state, w);
            for (int i = 0; i < 8; i++) {
                lane->u[i] = state[i];
                lane->t[i] ^= state[i];
            }
        }
        lane->remaining -= steps;
        cpbkdf2_wipe(w, sizeof w);
        cpbkdf2_wipe(state, sizeof state);
    }
}
