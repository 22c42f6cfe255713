#!/usr/bin/env python3
"""Query a SearXNG instance (JSON API) or Brave Search and print the results.

Backend from the environment: WEFT_SEARCH_URL (SearXNG base URL), or
WEFT_SEARCH_BACKEND=brave with BRAVE_API_KEY. HTTP(S)_PROXY is honoured, which
is how traffic leaves the sandbox.
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

BRAVE_URL = "https://api.search.brave.com/res/v1/web/search"


def build_request(query: str) -> tuple[urllib.request.Request, str]:
    backend = os.environ.get("WEFT_SEARCH_BACKEND", "searxng").lower()
    if backend == "brave":
        key = os.environ.get("BRAVE_API_KEY")
        if not key:
            raise SystemExit("search: WEFT_SEARCH_BACKEND=brave needs BRAVE_API_KEY")
        url = BRAVE_URL + "?" + urllib.parse.urlencode({"q": query})
        req = urllib.request.Request(url, headers={"Accept": "application/json", "X-Subscription-Token": key})
        return req, backend
    base = os.environ.get("WEFT_SEARCH_URL")
    if not base:
        raise SystemExit("search: set WEFT_SEARCH_URL to a SearXNG instance (JSON format enabled)")
    url = base.rstrip("/") + "/search?" + urllib.parse.urlencode({"q": query, "format": "json"})
    return urllib.request.Request(url, headers={"Accept": "application/json"}), "searxng"


def parse(backend: str, body: bytes) -> list[dict]:
    data = json.loads(body.decode("utf-8"))
    items = data.get("web", {}).get("results", []) if backend == "brave" else data.get("results", [])
    out = []
    for r in items:
        out.append(
            {
                "title": str(r.get("title", "")),
                "url": str(r.get("url", "")),
                "snippet": str(r.get("content") or r.get("description") or ""),
            }
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="web search via SearXNG or Brave")
    ap.add_argument("query", nargs="+")
    ap.add_argument("--limit", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    req, backend = build_request(" ".join(args.query))
    try:
        with urllib.request.urlopen(req, timeout=20) as res:
            results = parse(backend, res.read(2 * 1024 * 1024))
    except urllib.error.HTTPError as e:
        print(f"search: backend returned HTTP {e.code}", file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError, ValueError) as e:
        print(f"search: {e}", file=sys.stderr)
        return 2
    results = results[: max(1, args.limit)]
    if args.json:
        print(json.dumps(results, indent=2))
    elif not results:
        print("no results")
    else:
        for i, r in enumerate(results, 1):
            print(f"{i}. {r['title']}\n   {r['url']}\n   {r['snippet']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
