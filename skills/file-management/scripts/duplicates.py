#!/usr/bin/env python3
"""List groups of files with identical content (sha256), largest groups first."""
import hashlib
import os
import sys


def digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    by_size: dict[int, list[str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            by_size.setdefault(os.path.getsize(path), []).append(path)
    groups: dict[str, list[str]] = {}
    for size, paths in by_size.items():
        if len(paths) < 2 or size == 0:
            continue
        for p in paths:
            try:
                groups.setdefault(digest(p), []).append(os.path.relpath(p, root))
            except OSError:
                continue
    dups = sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))
    if not dups:
        print("no duplicates")
        return 0
    for g in dups:
        print(f"{len(g)} copies:")
        for p in g:
            print(f"  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
