// Standalone driver for Services/identity-service/CPBKDF2, no Swift build needed.
//   harness              reads batches from stdin, one a line:
//                        ITERATIONS COUNT (KEYLEN PASSWORD_HEX SALT_HEX){COUNT}   ("-" = empty)
//                        and prints each batch's keys in hex, space-separated.
//   harness bench PATH LANES ITERATIONS
//                        times ITERATIONS iterations on LANES lanes (thread CPU time);
//                        PATH: scalar, avx2, or auto (what cpbkdf2_lanes_advance picks).
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "CPBKDF2.h"
#include "sha512_internal.h"

static size_t unhex(const char *text, uint8_t *out, size_t capacity) {
    if (text == NULL || strcmp(text, "-") == 0) return 0;
    size_t length = strlen(text) / 2;
    if (length > capacity) length = capacity;
    for (size_t i = 0; i < length; i++) sscanf(text + 2 * i, "%2hhx", &out[i]);
    return length;
}

static double cpu_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static int bench(const char *path, int count, uint32_t iterations) {
    if (count < 1 || count > CPBKDF2_LANES || iterations < 1) return 2;
    cpbkdf2_lane lanes[CPBKDF2_LANES], *pointers[CPBKDF2_LANES];
    for (int i = 0; i < count; i++) {
        const uint8_t password[] = {'p', 'w', (uint8_t)('0' + i)};
        cpbkdf2_lane_start(&lanes[i], password, sizeof password, (const uint8_t *)"salt", 4, iterations + 1);
        pointers[i] = &lanes[i];
    }
    double start = cpu_seconds();
    if (strcmp(path, "scalar") == 0) {
        cpbkdf2_advance_scalar(pointers, count, iterations);
#if defined(__x86_64__)
    } else if (strcmp(path, "avx2") == 0) {
        if (!cpbkdf2_simd_available()) return 3;
        cpbkdf2_advance_avx2(pointers, count, iterations);
#endif
    } else {
        cpbkdf2_lanes_advance(pointers, count, iterations);
    }
    double seconds = cpu_seconds() - start;
    printf("%-6s %d lane(s): %6.1f ns per SHA-512 compression per lane, %5.2f PBKDF2-SHA512-210000 derivations per CPU-second\n",
           path, count, seconds * 1e9 / (2.0 * iterations * count), count * (double)iterations / (seconds * 210000.0));
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 5 && strcmp(argv[1], "bench") == 0) return bench(argv[2], atoi(argv[3]), (uint32_t)strtoul(argv[4], NULL, 10));
    static char line[1 << 16];
    static uint8_t passwords[CPBKDF2_LANES][4096], salts[CPBKDF2_LANES][4096], keys[CPBKDF2_LANES][CPBKDF2_MAX_KEY_BYTES];
    while (fgets(line, sizeof line, stdin)) {
        char *field = strtok(line, " \n");
        if (field == NULL) continue;
        uint32_t iterations = (uint32_t)strtoul(field, NULL, 10);
        int count = atoi(strtok(NULL, " \n"));
        if (count < 1 || count > CPBKDF2_LANES) return 2;
        cpbkdf2_job jobs[CPBKDF2_LANES];
        for (int i = 0; i < count; i++) {
            jobs[i].key_len = (size_t)atoi(strtok(NULL, " \n"));
            jobs[i].password_len = unhex(strtok(NULL, " \n"), passwords[i], sizeof passwords[i]);
            jobs[i].password = jobs[i].password_len ? passwords[i] : NULL;
            jobs[i].salt_len = unhex(strtok(NULL, " \n"), salts[i], sizeof salts[i]);
            jobs[i].salt = jobs[i].salt_len ? salts[i] : NULL;
            jobs[i].key = keys[i];
        }
        if (cpbkdf2_sha512(jobs, (size_t)count, iterations) != 0) {
            puts("ERROR");
            continue;
        }
        for (int i = 0; i < count; i++) {
            for (size_t b = 0; b < jobs[i].key_len; b++) printf("%02x", keys[i][b]);
            putchar(i + 1 < count ? ' ' : '\n');
        }
    }
    return 0;
}
