"""One digest of the results pages for the demo searches.

A speed change to the results page must leave its HTML byte for byte as it
was: run ``python -m bench.web_pages_digest`` before and after. It serves the
demo directory through Flask's test client and posts every demo request (and
the answers digest's extra ones) to the results page twice: as the client
form posts its simple fields (``POST /results``) and whole, as a results page
carries it back (``POST /results/again``), then the second pass again once
every kept part is warm. The CSRF token (random per session) is masked; the
rest of each page counts. Prints the SHA-256 of all the pages; ``--verbose``
prints one per pass.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

from bench.answers_digest import demo_requests
from bench.bench_web import demo_db, form_body

TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")')
FORM_TYPE = "application/x-www-form-urlencoded"


def masked(page: str) -> str:
    """Return a page with its CSRF tokens masked (they differ per session)."""
    return TOKEN.sub(r"\1-\2", page)


def token_of(client) -> str:
    """Open the form once; return the session's CSRF token."""
    page = client.get("/").get_data(as_text=True)
    return TOKEN.search(page).group(0).split('value="')[1].rstrip('"')


def pages(client, requests: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """Yield (pass name, page) for every request in each pass."""
    token = token_of(client)
    for name in ("form", "again", "again-warm"):
        for request in requests:
            if name == "form":
                body = form_body(request, token)
                response = client.post("/results", data=body, content_type=FORM_TYPE)
            else:
                carried = {"csrf_token": token, "request_json": json.dumps(request)}
                response = client.post(
                    "/results/again",
                    data=urllib.parse.urlencode(carried),
                    content_type=FORM_TYPE,
                )
            yield name, f"{response.status_code}\n{masked(response.get_data(True))}"


def digests() -> dict[str, str]:
    """Return the SHA-256 of each pass's pages over the demo directory."""
    from web import create_app

    app = create_app({"DATABASE": str(demo_db()), "SECRET_KEY": "digest"})
    found: dict[str, hashlib._Hash] = {}
    for name, page in pages(app.test_client(), demo_requests()):
        found.setdefault(name, hashlib.sha256()).update(page.encode() + b"\0")
    return {name: digest.hexdigest() for name, digest in found.items()}


def main() -> None:
    """Print the digest of every results page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    found = digests()
    if parser.parse_args().verbose:
        for name, digest in found.items():
            print(name, digest)
    print(hashlib.sha256("".join(found.values()).encode()).hexdigest())


if __name__ == "__main__":
    main()
