// Four PBKDF2-HMAC-SHA512 lanes at once in AVX2 registers (x86-64 only).
//
// Lane layout: a __m256i holds one SHA-512 word of four independent jobs; its 64-bit element
// k (k = 0 lowest) belongs to job k. So `state[j]` is word j of the four running states and
// `w[i]` is message word i of the four message blocks, and every SHA-512 operation (add,
// rotate, choose, majority) runs on all four jobs with one instruction. AVX2 has no 64-bit
// rotate, so rotations are two shifts and an OR, except rotation by 8, a byte shuffle.
// Lanes without a job compute on zero words; their results are dropped.
#include "sha512_internal.h"

#if defined(__x86_64__)

#include <immintrin.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX2_INLINE static inline __attribute__((target("avx2"), always_inline))

AVX2_INLINE __m256i add(__m256i a, __m256i b) { return _mm256_add_epi64(a, b); }
AVX2_INLINE __m256i xor3(__m256i a, __m256i b, __m256i c) {
    return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}
AVX2_INLINE __m256i rotr(__m256i x, int n) {
    return _mm256_or_si256(_mm256_srli_epi64(x, n), _mm256_slli_epi64(x, 64 - n));
}
AVX2_INLINE __m256i rotr8(__m256i x) {
    // Within each 64-bit element, byte i takes byte i + 1 (mod 8): a right rotation by 8 bits.
    const __m256i order = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
                                           1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
    return _mm256_shuffle_epi8(x, order);
}
AVX2_INLINE __m256i big_sigma0(__m256i x) { return xor3(rotr(x, 28), rotr(x, 34), rotr(x, 39)); }
AVX2_INLINE __m256i big_sigma1(__m256i x) { return xor3(rotr(x, 14), rotr(x, 18), rotr(x, 41)); }
AVX2_INLINE __m256i small_sigma0(__m256i x) { return xor3(rotr(x, 1), rotr8(x), _mm256_srli_epi64(x, 7)); }
AVX2_INLINE __m256i small_sigma1(__m256i x) { return xor3(rotr(x, 19), rotr(x, 61), _mm256_srli_epi64(x, 6)); }
AVX2_INLINE __m256i choose(__m256i e, __m256i f, __m256i g) {
    return _mm256_xor_si256(g, _mm256_and_si256(e, _mm256_xor_si256(f, g)));
}
AVX2_INLINE __m256i majority(__m256i a, __m256i b, __m256i c) {
    return _mm256_or_si256(_mm256_and_si256(a, b), _mm256_and_si256(c, _mm256_or_si256(a, b)));
}

// One round, renaming instead of moving the working variables (as in sha512_scalar.c).
#define ROUND(a, b, c, d, e, f, g, h, kw)                                                  \
    do {                                                                                   \
        __m256i t1 = add(add((h), big_sigma1(e)), add(choose((e), (f), (g)), (kw)));       \
        (d) = add((d), t1);                                                                \
        (h) = add(t1, add(big_sigma0(a), majority((a), (b), (c))));                        \
    } while (0)

#define KW(i) add(_mm256_set1_epi64x((long long)k[i]), w[(t + (i)) & 15])

/// Four SHA-512 compressions side by side: `state[j]` word j of each lane, `w` the message
/// words (consumed by the schedule, like cpbkdf2_sha512_compress).
AVX2_INLINE void compress4(__m256i state[8], __m256i w[16]) {
    __m256i a = state[0], b = state[1], c = state[2], d = state[3];
    __m256i e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 80; t += 8) {
        if (t >= 16) {
            for (int i = t & 15; i < (t & 15) + 8; i++) {
                w[i] = add(add(w[i], small_sigma1(w[(i + 14) & 15])),
                           add(w[(i + 9) & 15], small_sigma0(w[(i + 1) & 15])));
            }
        }
        const uint64_t *k = &cpbkdf2_sha512_k[t];
        ROUND(a, b, c, d, e, f, g, h, KW(0));
        ROUND(h, a, b, c, d, e, f, g, KW(1));
        ROUND(g, h, a, b, c, d, e, f, KW(2));
        ROUND(f, g, h, a, b, c, d, e, KW(3));
        ROUND(e, f, g, h, a, b, c, d, KW(4));
        ROUND(d, e, f, g, h, a, b, c, KW(5));
        ROUND(c, d, e, f, g, h, a, b, KW(6));
        ROUND(b, c, d, e, f, g, h, a, KW(7));
    }
    state[0] = add(state[0], a); state[1] = add(state[1], b);
    state[2] = add(state[2], c); state[3] = add(state[3], d);
    state[4] = add(state[4], e); state[5] = add(state[5], f);
    state[6] = add(state[6], g); state[7] = add(state[7], h);
}

/// Words 8...15 of an iteration block (fixed padding of a 64-byte message, see
/// sha512_internal.h), the same in every lane.
AVX2_INLINE void pad_iteration_block(__m256i w[16]) {
    w[8] = _mm256_set1_epi64x((long long)CPBKDF2_PAD_WORD);
    for (int i = 9; i < 15; i++) w[i] = _mm256_setzero_si256();
    w[15] = _mm256_set1_epi64x((long long)CPBKDF2_ITERATION_BITS);
}

/// Transposes four lanes' 8-word arrays into the lane layout: out[j] = word j of each lane.
AVX2_INLINE void gather(__m256i out[8], const uint64_t *const words[CPBKDF2_LANES]) {
    for (int j = 0; j < 8; j++) {
        out[j] = _mm256_set_epi64x((long long)words[3][j], (long long)words[2][j],
                                   (long long)words[1][j], (long long)words[0][j]);
    }
}

/// The inverse of gather for the first `count` lanes.
AVX2_INLINE void scatter(const __m256i in[8], uint64_t *const words[CPBKDF2_LANES], size_t count) {
    for (int j = 0; j < 8; j++) {
        uint64_t element[CPBKDF2_LANES];
        _mm256_storeu_si256((__m256i *)element, in[j]);
        for (size_t l = 0; l < count; l++) words[l][j] = element[l];
    }
}

AVX2 void cpbkdf2_advance_avx2(cpbkdf2_lane *const *lanes, size_t count, uint32_t steps) {
    // Unused lanes read zeros and are never written back.
    static const uint64_t zero[8];
    const uint64_t *inner[CPBKDF2_LANES], *outer[CPBKDF2_LANES], *u_in[CPBKDF2_LANES], *t_in[CPBKDF2_LANES];
    uint64_t *u_out[CPBKDF2_LANES], *t_out[CPBKDF2_LANES];
    for (size_t l = 0; l < CPBKDF2_LANES; l++) {
        cpbkdf2_lane *lane = l < count ? lanes[l] : NULL;
        inner[l] = lane ? lane->inner : zero;
        outer[l] = lane ? lane->outer : zero;
        u_in[l] = lane ? lane->u : zero;
        t_in[l] = lane ? lane->t : zero;
        u_out[l] = lane ? lane->u : NULL;
        t_out[l] = lane ? lane->t : NULL;
    }
    __m256i inner_start[8], outer_start[8], u[8], t[8], state[8], w[16];
    gather(inner_start, inner);
    gather(outer_start, outer);
    gather(u, u_in);
    gather(t, t_in);
    for (uint32_t s = 0; s < steps; s++) {
        // Inner hash: H(key ^ ipad || U_i), from the precomputed state after the pad block.
        memcpy(state, inner_start, sizeof state);
        memcpy(w, u, sizeof u);
        pad_iteration_block(w);
        compress4(state, w);
        // Outer hash: H(key ^ opad || inner digest) is U_(i+1).
        memcpy(w, state, sizeof state);
        pad_iteration_block(w);
        memcpy(state, outer_start, sizeof state);
        compress4(state, w);
        for (int j = 0; j < 8; j++) {
            u[j] = state[j];
            t[j] = _mm256_xor_si256(t[j], state[j]);
        }
    }
    scatter(u, u_out, count);
    scatter(t, t_out, count);
    for (size_t l = 0; l < count; l++) lanes[l]->remaining -= steps;
    cpbkdf2_wipe(inner_start, sizeof inner_start);
    cpbkdf2_wipe(outer_start, sizeof outer_start);
    cpbkdf2_wipe(u, sizeof u);
    cpbkdf2_wipe(t, sizeof t);
    cpbkdf2_wipe(state, sizeof state);
    cpbkdf2_wipe(w, sizeof w);
}

#endif
