"""CPU of one Argon2id verification under each of OWASP's equal settings, beside CDHT's own.

OWASP's Password Storage Cheat Sheet lists five Argon2id settings it rates as equal defences,
trading memory for passes. A login verifies one hash, on one of `cdht/passwords.py`'s threads,
each of which keeps its hash's memory once used. This prints, for each setting, the memory a
hash holds and the CPU time of a verification (best of ROUNDS runs of 20), and the ratio to the
setting CDHT used before 3 December 2026 (19 MiB, 2 passes), in the same process.

    .venv/bin/python -m benchmarks.bench_hashing [ROUNDS]
"""

import sys
import time

from argon2 import PasswordHasher

from cdht import passwords

OWASP = ((46, 1), (19, 2), (12, 3), (9, 4), (7, 5))  # (MiB, passes), parallelism 1
BEFORE = (19, 2)
PER_ROUND = 20


def verify_ms(mib: int, passes: int, rounds: int) -> float:
    """The best of `rounds` mean CPU milliseconds of one verification of a correct password."""
    hasher = PasswordHasher(time_cost=passes, memory_cost=mib * 1024, parallelism=1)
    stored = hasher.hash("a correct password")
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(PER_ROUND):
            hasher.verify(stored, "a correct password")
        best = min(best, (time.process_time() - start) / PER_ROUND)
    return 1000 * best


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 3
    spent = {setting: verify_ms(*setting, rounds) for setting in OWASP}
    ours = (passwords.HASH_MEMORY_MIB, passwords.HASH_PASSES)
    print("Argon2id verification, parallelism 1 (OWASP's equal settings)\n")
    print("| memory MiB | passes | CPU ms | ratio to 19 MiB, 2 passes | |")
    print("|---:|---:|---:|---:|---|")
    for (mib, passes), ms in spent.items():
        mark = "CDHT" if (mib, passes) == ours else ""
        print(f"| {mib} | {passes} | {ms:.1f} | {ms / spent[BEFORE]:.2f} | {mark} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
