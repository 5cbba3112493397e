#!/usr/bin/env python3
"""Checks the CPBKDF2 harness against hashlib.pbkdf2_hmac("sha512", ...) (OpenSSL).

Batches of 1-4 derivations with different passwords (empty, up to and past the 128-byte
HMAC block, which hashes the key first), salts (empty, around the padding boundaries, past
one block), key lengths and iteration counts, including 210,000. Usage: check.py HARNESS
"""
import hashlib
import os
import random
import subprocess
import sys

PASSWORD_LENGTHS = [0, 1, 16, 111, 112, 127, 128, 129, 200, 256, 1024]
SALT_LENGTHS = [0, 1, 16, 107, 108, 111, 112, 124, 128, 131, 200, 300]
KEY_LENGTHS = [1, 20, 32, 63, 64]


def cases():
    rng = random.Random(5)
    for iterations in [1, 2, 3, 7, 1000, 2049]:
        for _ in range(12):
            yield iterations, [(os.urandom(rng.choice(PASSWORD_LENGTHS)), os.urandom(rng.choice(SALT_LENGTHS)),
                                rng.choice(KEY_LENGTHS)) for _ in range(rng.randint(1, 4))]
    yield 210_000, [(b"password", b"salt", 64)]
    yield 210_000, [(b"Bench-Password-1", os.urandom(16), 64), (os.urandom(300), b"", 64),
                    (b"", os.urandom(16), 64), (b"x" * 129, os.urandom(16), 32)]


def main():
    batches = list(cases())
    hexed = lambda data: data.hex() if data else "-"
    request = "".join(f"{iterations} {len(jobs)} " + " ".join(f"{k} {hexed(p)} {hexed(s)}" for p, s, k in jobs) + "\n"
                      for iterations, jobs in batches)
    answer = subprocess.run([sys.argv[1]], input=request, capture_output=True, text=True, check=True).stdout.splitlines()
    mismatches = 0
    for (iterations, jobs), line in zip(batches, answer, strict=True):
        expected = [hashlib.pbkdf2_hmac("sha512", p, s, iterations, k).hex() for p, s, k in jobs]
        if line.split(" ") != expected:
            mismatches += 1
            print("MISMATCH", iterations, [(len(p), len(s), k) for p, s, k in jobs])
    print(f"{len(batches)} batches, {sum(len(jobs) for _, jobs in batches)} derivations, {mismatches} mismatches")
    sys.exit(1 if mismatches else 0)


main()
