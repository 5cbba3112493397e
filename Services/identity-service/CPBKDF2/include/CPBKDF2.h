/// PBKDF2-HMAC-SHA512 (RFC 8018 §5.2 with HMAC from RFC 2104 and SHA-512 from FIPS 180-4)
/// for up to four independent derivations at once.
///
/// A derivation lives in a `cpbkdf2_lane`: `cpbkdf2_lane_start` keys it (HMAC pad states and
/// U1), `cpbkdf2_lanes_advance` runs further iterations on up to `CPBKDF2_LANES` lanes
/// together, `cpbkdf2_lane_finish` writes the key and wipes the lane. Lanes advanced together
/// need not share password, salt or iteration count, so a scheduler can put a new derivation
/// into a lane as soon as another one finishes. On x86-64 CPUs with AVX2, two or more lanes
/// run in the four 64-bit lanes of the AVX2 registers (one SHA-512 compression for four jobs
/// at a time); elsewhere, and for a single lane, a portable scalar path runs.
///
/// Only the first PBKDF2 block is produced: derived keys of at most 64 bytes.
#ifndef CPBKDF2_H
#define CPBKDF2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Most lanes one `cpbkdf2_lanes_advance` call runs: the 64-bit lanes of an AVX2 register.
#define CPBKDF2_LANES 4
/// Longest derived key a lane produces: one HMAC-SHA512 output (PBKDF2 block 1).
#define CPBKDF2_MAX_KEY_BYTES 64

/// One PBKDF2-HMAC-SHA512 derivation in progress. Every field is derived from the password:
/// `cpbkdf2_lane_finish` wipes it; a caller abandoning a lane should `cpbkdf2_wipe` it.
typedef struct cpbkdf2_lane {
    /// SHA-512 state after compressing the block (key XOR ipad): HMAC's inner start.
    uint64_t inner[8];
    /// SHA-512 state after compressing the block (key XOR opad): HMAC's outer start.
    uint64_t outer[8];
    /// The last U_i, as SHA-512 big-endian words.
    uint64_t u[8];
    /// U_1 XOR ... XOR U_i, as SHA-512 big-endian words: the key once `remaining` is 0.
    uint64_t t[8];
    /// Iterations still to run.
    uint32_t remaining;
} cpbkdf2_lane;

/// Keys `lane` for a derivation of `iterations` (at least 1) iterations: precomputes HMAC's
/// inner and outer states (a password longer than 128 bytes is hashed first, RFC 2104) and
/// computes U1 = HMAC(password, salt || INT(1)). Afterwards `lane->remaining` is
/// `iterations - 1`. `password` and `salt` may be NULL when their length is 0.
void cpbkdf2_lane_start(cpbkdf2_lane *lane, const uint8_t *password, size_t password_len,
                        const uint8_t *salt, size_t salt_len, uint32_t iterations);

/// Runs `steps` more iterations on each of `count` lanes (0 ≤ count ≤ CPBKDF2_LANES); each lane's
/// `remaining` must be at least `steps` and goes down by `steps`. The lanes must be distinct.
void cpbkdf2_lanes_advance(cpbkdf2_lane *const *lanes, size_t count, uint32_t steps);

/// Writes the derived key's first `key_len` bytes (at most CPBKDF2_MAX_KEY_BYTES) to `key` and
/// wipes the lane. Call when `lane->remaining` is 0.
void cpbkdf2_lane_finish(cpbkdf2_lane *lane, uint8_t *key, size_t key_len);

/// One derivation of a batch for `cpbkdf2_sha512`.
typedef struct cpbkdf2_job {
    const uint8_t *password;
    size_t password_len;
    const uint8_t *salt;
    size_t salt_len;
    /// Receives `key_len` bytes (1...CPBKDF2_MAX_KEY_BYTES).
    uint8_t *key;
    size_t key_len;
} cpbkdf2_job;

/// Derives up to CPBKDF2_LANES keys with the same iteration count in one go.
/// Returns 0, or -1 (nothing written) when `count`, `iterations` or a `key_len` is out of range.
int cpbkdf2_sha512(const cpbkdf2_job *jobs, size_t count, uint32_t iterations);

/// 1 when `cpbkdf2_lanes_advance` runs several lanes in AVX2 registers on this CPU, else 0.
int cpbkdf2_simd_available(void);

/// Overwrites `length` bytes at `bytes` with zeros in a way the compiler may not drop.
void cpbkdf2_wipe(void *bytes, size_t length);

#ifdef __cplusplus
}
#endif

#endif
