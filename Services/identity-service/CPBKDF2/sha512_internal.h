// SHA-512 pieces shared by the scalar and AVX2 paths (FIPS 180-4 §4.2.3, §5.3.5, §6.4).
#ifndef CPBKDF2_SHA512_INTERNAL_H
#define CPBKDF2_SHA512_INTERNAL_H

#include "CPBKDF2.h"

/// The 80 round constants K0...K79 (FIPS 180-4 §4.2.3).
extern const uint64_t cpbkdf2_sha512_k[80];
/// The initial hash value H(0) (FIPS 180-4 §5.3.5).
extern const uint64_t cpbkdf2_sha512_iv[8];

/// Message word 8 of a PBKDF2 iteration block: the 0x80 padding byte after a 64-byte message.
#define CPBKDF2_PAD_WORD 0x8000000000000000ULL
/// Message word 15 of a PBKDF2 iteration block: the message length in bits. Every HMAC
/// compression after the key block hashes 64 bytes that follow the 128-byte pad block,
/// so the length is (128 + 64) * 8 bits.
#define CPBKDF2_ITERATION_BITS ((128ULL + 64ULL) * 8ULL)

/// One SHA-512 compression of the 16 message words `w` into `state` (feed-forward included).
/// `w` is consumed: the message schedule overwrites it, so no copy of it is left behind.
void cpbkdf2_sha512_compress(uint64_t state[8], uint64_t w[16]);

/// Compresses `count` 128-byte message blocks into `state`.
void cpbkdf2_sha512_blocks(uint64_t state[8], const uint8_t *blocks, size_t count);

/// Finishes a SHA-512 hash whose `state` has already absorbed `prefix_bytes` (a multiple of
/// 128): absorbs `message`, pads, and leaves the digest words in `state`.
void cpbkdf2_sha512_finish(uint64_t state[8], uint64_t prefix_bytes, const uint8_t *message, size_t length);

/// Runs `steps` PBKDF2 iterations on each lane, one after the other (portable C).
void cpbkdf2_advance_scalar(cpbkdf2_lane *const *lanes, size_t count, uint32_t steps);

#if defined(__x86_64__)
/// Fewest lanes for which one AVX2 pass beats running them one by one on the scalar path.
#ifndef CPBKDF2_AVX2_MIN_LANES
#define CPBKDF2_AVX2_MIN_LANES 2
#endif
/// Runs `steps` PBKDF2 iterations on up to four lanes in the 64-bit lanes of AVX2 registers.
/// Only call when the CPU and OS support AVX2.
void cpbkdf2_advance_avx2(cpbkdf2_lane *const *lanes, size_t count, uint32_t steps);
#endif

#endif
