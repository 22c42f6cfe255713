#!/usr/bin/env python3
"""Summarize a directory tree: files and bytes per extension, and the largest files."""
import os
import sys


def human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    by_ext: dict[str, list[int]] = {}
    files: list[tuple[int, str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                size = os.lstat(path).st_size
            except OSError:
                continue
            ext = os.path.splitext(name)[1].lower() or "(none)"
            entry = by_ext.setdefault(ext, [0, 0])
            entry[0] += 1
            entry[1] += size
            files.append((size, os.path.relpath(path, root)))
    total = sum(s for s, _ in files)
    print(f"{len(files)} files, {human(total)}")
    for ext, (count, size) in sorted(by_ext.items(), key=lambda kv: -kv[1][1]):
        print(f"  {ext:10} {count:6} files  {human(size)}")
    print("largest:")
    for size, rel in sorted(files, reverse=True)[:10]:
        print(f"  {human(size):>10}  {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
