"""A small HTTP client over the standard library for the pages of `pln
serve`: it keeps the session cookie, follows no redirect by itself (the tests
look at each answer), and reads a page's CSRF token."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def csrf(self) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.body)
        assert found, self.body
        return found.group(1)

    @property
    def said(self) -> str:
        """The line a page says what was done, or what went wrong, in, as
        read: without the <bdi> that isolates user text (`said_markup` keeps it)."""
        return re.sub(r"</?bdi>", "", self.said_markup)

    @property
    def said_markup(self) -> str:
        found = re.search(r'<p class="(?:said|error)" role="\w+">(.*?)</p>', self.body, re.S)
        return found.group(1) if found else ""


@dataclass
class Client:
    base: str  # http://127.0.0.1:PORT
    cookie: str | None = None
    answers: list[Answer] = field(default_factory=list)

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> Answer:
        where = urlsplit(self.base)
        connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = urlencode(fields or {}) if method == "POST" else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.getheaders(), response.read().decode())
        finally:
            connection.close()
        for cookie in answer.all("set-cookie"):
            self.cookie = cookie.split(";", 1)[0]
        self.answers.append(answer)
        return answer

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Answer:
        return self.request("POST", path, fields)

    def follow(self, answer: Answer) -> Answer:
        """The page a 303 after a change leads to."""
        assert answer.status == 303, (answer.status, answer.body)
        return self.get(answer.header("location") or "/")

    def sign_in(self, path: str) -> Answer:
        """Open the printed link; the page it leads to (today's agenda)."""
        return self.follow(self.get(path))
