"""Bluesky starter packs and lists, read from the public API without logging
in: a starter pack names a list, the list names profiles (handle, display
name, description). Educators rebuilt their networks there through starter
packs (#EduSky), so a pack is a community of interest.

Addresses: `https://bsky.app/starter-pack/HANDLE/KEY`,
`https://bsky.app/profile/HANDLE/lists/KEY`, or the `at://` URI of either.
The API's base is `PLN_BLUESKY_API` (default the public AppView); every
request is bounded (page size, a total, a timeout) and a rate limit (429) is
waited out as the server asks, a few times at most. What was read can be
saved as JSON and imported again offline (`read_saved`).
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from plncrm import __version__
from plncrm.importers.records import Record, Rejected
from plncrm.util.errors import DeliveryError, Invalid, NotFound, PlnError
from plncrm.util.social import profile_url

DEFAULT_API = "https://public.api.bsky.app"
PAGE = 100  # the API's largest page
TIMEOUT = 15.0  # seconds per request
RETRIES = 3  # rate-limited answers waited out before giving up
LONGEST_WAIT = 60.0  # seconds: a Retry-After beyond this is not waited for
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
        raise Invalid(f"{value} is a short link: open it and give the address it leads to "
                      "(https://bsky.app/starter-pack/…)")  # fmt: skip
    raise Invalid(f"not a Bluesky starter pack or list: {value!r} (https://bsky.app/starter-pack/"
                  "HANDLE/KEY, https://bsky.app/profile/HANDLE/lists/KEY or at://…)")  # fmt: skip


class Client:
    """GET requests to the XRPC API, with the bounds above."""

    def __init__(
        self, base: str | None = None, sleep: Callable[[float], None] | None = None
    ) -> None:
        self.base = (base or os.environ.get("PLN_BLUESKY_API") or DEFAULT_API).rstrip("/")
        self.sleep = sleep or time.sleep

    def get(self, method: str, **params: str | int) -> dict[str, Any]:
        url = f"{self.base}/xrpc/{method}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(url, headers={"User-Agent": f"plncrm/{__version__}",
                                                       "Accept": "application/json"})  # fmt: skip
        for attempt in range(RETRIES + 1):
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                    body = answer.read()
                break
            except urllib.error.HTTPError as exc:
                if exc.code == 429 and attempt < RETRIES:
                    self.sleep(_retry_after(exc.headers.get("Retry-After")))
                    continue
                raise _http_error(method, exc) from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise DeliveryError(
                    f"cannot reach the Bluesky API at {self.base}: {reason}"
                ) from None
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise Invalid(f"the Bluesky API at {self.base} answered {method} with something "
                          "that is not a JSON object")  # fmt: skip
        return data


def _retry_after(value: str | None) -> float:
    try:
        seconds = float(value) if value else 5.0
    except ValueError:
        seconds = 5.0
    if seconds > LONGEST_WAIT:
        raise DeliveryError(f"the Bluesky API asks to wait {seconds:.0f} s (rate limit): try later")
    return max(seconds, 0.0)


def _http_error(method: str, exc: urllib.error.HTTPError) -> PlnError:
    try:
        detail = json.loads(exc.read() or b"{}").get("message") or exc.reason
    except (ValueError, AttributeError):
        detail = exc.reason
    if exc.code in (400, 404):
        return NotFound(f"Bluesky has no such starter pack or list ({method}: {detail})")
    if exc.code == 429:
        return DeliveryError("the Bluesky API keeps refusing (rate limit): try again later")
    return DeliveryError(f"the Bluesky API answered {exc.code} to {method}: {detail}")


def _did(client: Client, actor: str) -> str:
    if actor.startswith("did:"):
        return actor
    return str(_field(client.get("com.atproto.identity.resolveHandle", handle=actor), "did"))


def _field(data: dict[str, Any], *path: str) -> Any:
    value: Any = data
    for name in path:
        if not isinstance(value, dict) or name not in value:
            raise Invalid(f"the Bluesky API's answer has no {'.'.join(path)}")
        value = value[name]
    return value


def fetch(address: Address, client: Client, limit: int,
          progress: Callable[[int, int | None], None] | None = None) -> Pack:  # fmt: skip
    """The pack's (or list's) name and up to `limit` people, page by page."""
    uri = f"at://{_did(client, address.actor)}/{address.collection}/{address.key}"
    name = ""
    if address.collection == "app.bsky.graph.starterpack":
        pack = _field(client.get("app.bsky.graph.getStarterPack", starterPack=uri), "starterPack")
        name = str(_field(pack, "record", "name"))
        uri = str(_field(pack, "record", "list"))
    profiles: list[Profile] = []
    cursor: str | None = None
    total: int | None = None
    while len(profiles) < limit:
        params: dict[str, str | int] = {"list": uri, "limit": min(PAGE, limit - len(profiles))}
        if cursor:
            params["cursor"] = cursor
        page = client.get("app.bsky.graph.getList", **params)
        listed = _field(page, "list")
        name = name or str(listed.get("name") or "")
        total = (
            listed.get("listItemCount") if isinstance(listed.get("listItemCount"), int) else total
        )
        items = _field(page, "items")
        if not isinstance(items, list):
            raise Invalid("the Bluesky API's list items are not a list")
        profiles += [p for p in map(_profile, items) if p is not None]
        if progress is not None:
            progress(len(profiles), total)
        cursor = page.get("cursor") if isinstance(page.get("cursor"), str) else None
        if not cursor or not items:
            break
    return Pack(name or address.key, f"at://{address.actor}/{address.collection}/{address.key}",
                profiles[:limit])  # fmt: skip


def _profile(item: Any) -> Profile | None:
    subject = item.get("subject") if isinstance(item, dict) else None
    if not isinstance(subject, dict) or not isinstance(subject.get("handle"), str):
        return None
    handle = subject["handle"]
    return Profile(handle, str(subject.get("displayName") or "").strip() or handle,
                   str(subject.get("description") or "").strip(), str(subject.get("did") or ""))  # fmt: skip


def saved(pack: Pack) -> bytes:
    """What `--save` writes: the pack, as `read_saved` takes it back."""
    return json.dumps({"format": SAVED_FORMAT, "version": 1, "name": pack.name,
                       "source": pack.source, "profiles": [p._asdict() for p in pack.profiles]},
                      ensure_ascii=False, indent=2).encode()  # fmt: skip


def read_saved(data: bytes) -> Pack:
    """A pack saved by `--save`, or a page of `app.bsky.graph.getList` saved as is."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise Invalid(f"not a JSON file: {exc}") from None
    if isinstance(doc, dict) and doc.get("format") == SAVED_FORMAT:
        people = [Profile(**{k: str(p.get(k) or "") for k in Profile._fields})
                  for p in doc.get("profiles", []) if isinstance(p, dict) and p.get("handle")]  # fmt: skip
        return Pack(str(doc.get("name") or ""), str(doc.get("source") or ""), people)
    if isinstance(doc, dict) and isinstance(doc.get("items"), list):
        listed: dict[str, Any] = doc["list"] if isinstance(doc.get("list"), dict) else {}
        people = [p for p in map(_profile, doc["items"]) if p is not None]
        return Pack(str(listed.get("name") or ""), str(listed.get("uri") or ""), people)
    raise Invalid("not a saved Bluesky pack (pln import bluesky URL --save FILE writes one) "
                  "nor an app.bsky.graph.getList answer")  # fmt: skip


def records(pack: Pack) -> Iterator[Record | Rejected]:
    """One record per profile: the display name, the handle as a link, the
    profile's description as notes, the pack as a community."""
    for line, person in enumerate(pack.profiles, start=1):
        yield Record(line, person.name, links=[profile_url("bluesky", person.handle)],
                     notes=person.description or None,
                     communities=[pack.name] if pack.name else [])  # fmt: skip
