"""Bluesky starter packs and lists, read from the public API without logging
in: a starter pack names a list, the list names profiles (handle, display
name, description). Educators rebuilt their networks there through starter
packs (#EduSky), so a pack is a community of interest.

Addresses: `https://bsky.app/starter-pack/HANDLE/KEY`,
`https://bsky.app/profile/HANDLE/lists/KEY`, or the `at://` URI of either.
The API's base is `PLN_BLUESKY_API` (default the public AppView); every
request is bounded (`util.net`: a deadline for the whole request, a size for
its answer), a listing's pages too (its limit's worth, a cursor never twice),
and a rate limit (429) is waited out as the server asks, a few times at most.
Whatever the server answers, the import ends with the people read or one line
saying why not (exit 10 when the API is at fault). What was read can be
saved as JSON and imported again offline (`read_saved`).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import time
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from plncrm import __version__
from plncrm.importers.records import Record, Rejected
from plncrm.util import net
from plncrm.util.errors import DeliveryError, Invalid, NotFound, PlnError
from plncrm.util.social import profile_url

DEFAULT_API = "https://public.api.bsky.app"
PAGE = 100  # the API's largest page (the other bounds are in util.net)
SAVED_FORMAT = "plncrm-bluesky"

_WEB = re.compile(
    r"^https?://(?:www\.)?bsky\.app/(?:starter-pack/(?P<pack_actor>[^/]+)/(?P<pack>[^/?#]+)"
    r"|profile/(?P<list_actor>[^/]+)/lists/(?P<list>[^/?#]+))/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_AT = re.compile(
    r"^at://(?P<actor>[^/]+)/(?P<collection>app\.bsky\.graph\.(?:starterpack|list))/(?P<key>[^/?#]+)$"
)


class Profile(NamedTuple):
    handle: str
    name: str
    description: str
    did: str = ""


class Pack(NamedTuple):
    """A starter pack's or list's name and people."""

    name: str
    source: str
    profiles: list[Profile]


class Address(NamedTuple):
    actor: str  # a handle or a DID
    collection: str  # app.bsky.graph.starterpack or app.bsky.graph.list
    key: str


def parse_address(text: str) -> Address:
    value = text.strip()
    if found := _WEB.match(value):
        if found["pack"]:
            return Address(found["pack_actor"], "app.bsky.graph.starterpack", found["pack"])
        return Address(found["list_actor"], "app.bsky.graph.list", found["list"])
    if found := _AT.match(value):
        return Address(found["actor"], found["collection"], found["key"])
    if re.match(r"^https?://go\.bsky\.app/", value, re.IGNORECASE):
        raise Invalid(
            f"{value} is a short link: open it and give the address it leads to "
            "(https://bsky.app/starter-pack/…)"
        )
    raise Invalid(
        f"not a Bluesky starter pack or list: {value!r} (https://bsky.app/starter-pack/"
        "HANDLE/KEY, https://bsky.app/profile/HANDLE/lists/KEY or at://…)"
    )


class Client:
    """GET requests to the XRPC API, each within the bounds of `util.net`."""

    def __init__(
        self, base: str | None = None, sleep: Callable[[float], None] | None = None
    ) -> None:
        self.base = (base or os.environ.get("PLN_BLUESKY_API") or DEFAULT_API).rstrip("/")
        self.sleep = sleep or time.sleep

    def get(self, method: str, **params: str | int) -> dict[str, Any]:
        url = f"{self.base}/xrpc/{method}?{urllib.parse.urlencode(params)}"
        headers = {"User-Agent": f"plncrm/{__version__}", "Accept": "application/json"}
        service = f"the Bluesky API at {self.base}"
        for attempt in range(net.RETRIES + 1):
            answer = net.get(url, service, headers)
            if answer.status == 429 and attempt < net.RETRIES:
                self.sleep(_retry_after(answer.headers.get("Retry-After")))
                continue
            break
        if not 200 <= answer.status < 300:
            raise _http_error(method, answer)
        data = net.loads(answer.body)
        if not isinstance(data, dict):
            raise DeliveryError(
                f"{service} answered {method} with something that is not a JSON object"
            )
        return data


def _retry_after(value: str | None) -> float:
    seconds = net.retry_after(value)
    if seconds > net.LONGEST_WAIT:
        raise DeliveryError(f"the Bluesky API asks to wait {seconds:.0f} s (rate limit): try later")
    return seconds


def _http_error(method: str, answer: net.Answer) -> PlnError:
    data = net.loads(answer.body)
    message = data.get("message") if isinstance(data, dict) else None
    detail = " ".join(message.split())[:200] if isinstance(message, str) and message else ""
    detail = detail or http.client.responses.get(answer.status, "no reason given")
    if answer.status in (400, 404):
        return NotFound(f"Bluesky has no such starter pack or list ({method}: {detail})")
    if answer.status == 429:
        return DeliveryError("the Bluesky API keeps refusing (rate limit): try again later")
    return DeliveryError(f"the Bluesky API answered {answer.status} to {method}: {detail}")


def _did(client: Client, actor: str) -> str:
    if actor.startswith("did:"):
        return actor
    return _text(client.get("com.atproto.identity.resolveHandle", handle=actor), "did")


def _field(data: dict[str, Any], *path: str) -> Any:
    value: Any = data
    for name in path:
        if not isinstance(value, dict) or name not in value:
            raise DeliveryError(f"the Bluesky API's answer has no {'.'.join(path)}")
        value = value[name]
    return value


def _text(data: dict[str, Any], *path: str) -> str:
    value = _field(data, *path)
    if not isinstance(value, str):
        raise DeliveryError(f"the Bluesky API's {'.'.join(path)} is not text")
    return value


def fetch(
    address: Address,
    client: Client,
    limit: int,
    progress: Callable[[int, int | None], None] | None = None,
) -> Pack:
    """The pack's (or list's) name and up to `limit` people, page by page:
    at most the pages `limit` needs twice over (plus a few), never a cursor
    twice, and not many pages in a row that bring nobody new."""
    uri = f"at://{_did(client, address.actor)}/{address.collection}/{address.key}"
    name = ""
    if address.collection == "app.bsky.graph.starterpack":
        pack = _field(client.get("app.bsky.graph.getStarterPack", starterPack=uri), "starterPack")
        name = _text(pack, "record", "name")
        uri = _text(pack, "record", "list")
    profiles: list[Profile] = []
    handles: set[str] = set()
    cursor: str | None = None
    total: int | None = None
    seen: set[str] = set()
    most = 2 * -(-limit // PAGE) + net.SPARE_PAGES
    barren = 0
    for _ in range(most):
        params: dict[str, str | int] = {"list": uri, "limit": min(PAGE, limit - len(profiles))}
        if cursor:
            params["cursor"] = cursor
        page = client.get("app.bsky.graph.getList", **params)
        listed = _field(page, "list")
        if not isinstance(listed, dict):
            raise DeliveryError("the Bluesky API's list is not an object")
        name = name or (listed["name"] if isinstance(listed.get("name"), str) else "")
        count = listed.get("listItemCount")
        total = count if isinstance(count, int) and not isinstance(count, bool) else total
        items = _field(page, "items")
        if not isinstance(items, list):
            raise DeliveryError("the Bluesky API's list items are not a list")
        new = [p for p in map(_profile, items) if p is not None and p.handle not in handles]
        handles.update(p.handle for p in new)
        profiles += new
        barren = 0 if new else barren + 1
        if progress is not None:
            progress(len(profiles), total)
        cursor = page.get("cursor") if isinstance(page.get("cursor"), str) else None
        if not cursor or not items or len(profiles) >= limit:
            break
        if cursor in seen:
            raise DeliveryError(
                "the Bluesky API gave the same page of the list twice "
                f"(cursor {cursor[:40]!r}): stopped"
            )
        if barren >= net.SPARE_PAGES:
            raise DeliveryError(
                f"the Bluesky API gave {barren} pages in a row with nobody new on them: stopped"
            )
        seen.add(cursor)
    else:
        raise DeliveryError(
            f"the Bluesky API's list did not end within {most} pages (--limit {limit:,}): stopped"
        )
    return Pack(
        name or address.key,
        f"at://{address.actor}/{address.collection}/{address.key}",
        profiles[:limit],
    )


def _profile(item: Any) -> Profile | None:
    subject = item.get("subject") if isinstance(item, dict) else None
    if not isinstance(subject, dict) or not isinstance(subject.get("handle"), str):
        return None

    def text(key: str) -> str:
        value = subject.get(key)
        return value.strip() if isinstance(value, str) else ""

    handle = subject["handle"].strip()
    if not handle:
        return None
    return Profile(handle, text("displayName") or handle, text("description"), text("did"))


def saved(pack: Pack) -> bytes:
    """What `--save` writes: the pack, as `read_saved` takes it back."""
    return json.dumps(
        {
            "format": SAVED_FORMAT,
            "version": 1,
            "name": pack.name,
            "source": pack.source,
            "profiles": [p._asdict() for p in pack.profiles],
        },
        ensure_ascii=False,
        indent=2,
    ).encode()


def read_saved(data: bytes) -> Pack:
    """A pack saved by `--save`, or a page of `app.bsky.graph.getList` saved as is."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise Invalid(f"not a JSON file: {str(exc)[:200]}") from None
    if isinstance(doc, dict) and doc.get("format") == SAVED_FORMAT:
        kept = doc["profiles"] if isinstance(doc.get("profiles"), list) else []
        people = [
            Profile(**{k: p[k] if isinstance(p.get(k), str) else "" for k in Profile._fields})
            for p in kept
            if isinstance(p, dict) and isinstance(p.get("handle"), str) and p["handle"]
        ]
        return Pack(str(doc.get("name") or ""), str(doc.get("source") or ""), people)
    if isinstance(doc, dict) and isinstance(doc.get("items"), list):
        listed: dict[str, Any] = doc["list"] if isinstance(doc.get("list"), dict) else {}
        people = [p for p in map(_profile, doc["items"]) if p is not None]
        return Pack(str(listed.get("name") or ""), str(listed.get("uri") or ""), people)
    raise Invalid(
        "not a saved Bluesky pack (pln import bluesky URL --save FILE writes one) "
        "nor an app.bsky.graph.getList answer"
    )


def records(pack: Pack) -> Iterator[Record | Rejected]:
    """One record per profile: the display name, the handle as a link, the
    profile's description as notes, the pack as a community."""
    for line, person in enumerate(pack.profiles, start=1):
        yield Record(
            line,
            person.name,
            links=[profile_url("bluesky", person.handle)],
            notes=person.description or None,
            communities=[pack.name] if pack.name else [],
        )
