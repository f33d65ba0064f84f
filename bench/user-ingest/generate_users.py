#!/usr/bin/env python3
"""Writes a users CSV of N valid rows (ids 1..N) for bench/user-ingest, deterministic for a given N.

Usage: generate_users.py N FILE
Rows look like the ones csv-producer validates: names, an e-mail address, Unix-second times with -1
for none, a parent id on some rows, and a quoted name with a comma every 97th row.
"""
import random
import sys


def main() -> None:
    count, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261121)
    first = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Dennis", "Frances", "Niklaus", "Radia"]
    last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Ritchie", "Allen", "Wirth"]
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("id,first_name,last_name,email_address,created_at,deleted_at,merged_at,parent_user_id\n")
        lines = []
        for user_id in range(1, count + 1):
            given = rng.choice(first)
            family = f'"{rng.choice(last)}, Jr"' if user_id % 97 == 0 else rng.choice(last)
            created = 1_600_000_000 + rng.randrange(100_000_000)
            deleted = created + 86_400 if user_id % 13 == 0 else -1
            merged, parent = (created + 3_600, user_id - 1) if user_id % 29 == 0 else (-1, -1)
            lines.append(
                f"{user_id},{given},{family},{given.lower()}.{user_id}@example.com,{created},{deleted},{merged},{parent}\n"
            )
            if len(lines) == 10_000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)


if __name__ == "__main__":
    main()
