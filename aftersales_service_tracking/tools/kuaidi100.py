"""Kuaidi100 (快递100) API: carrier detection, subscription, query, and the push signature.

Requests are form posts; a JSON ``param`` signed with MD5 in upper-case hex: ``MD5(param + key + customer)``
for queries, ``MD5(param + salt)`` for the pushes Kuaidi100 sends back.
"""

import hashlib
import json

import requests

TIMEOUT = 10

# Kuaidi100's parcel states (lastResult.state): what the desk makes of them.
DELIVERED_STATES = {"3"}  # signed for
EXCEPTION_STATES = {"2", "4", "6", "14"}  # problem, refused or returned, returned to sender, refused


class Kuaidi100Error(Exception):
    """Kuaidi100 refused a request or could not be reached."""


def sign(*parts):
    return hashlib.md5("".join(parts).encode()).hexdigest().upper()


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Kuaidi100:
    def __init__(self, customer, key, api_url, autonumber_url):
        self.customer = customer or ""
        self.key = key or ""
        self.api_url = (api_url or "").rstrip("/")
        self.autonumber_url = (autonumber_url or "").rstrip("/")

    def _post(self, url, data):
        try:
            response = requests.post(url, data=data, timeout=TIMEOUT)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise Kuaidi100Error(f"{url}: {error}") from error

    def autonumber(self, number):
        """The carrier codes that may have issued ``number``, the likeliest first."""
        result = self._post(f"{self.autonumber_url}/autonumber/auto", {"key": self.key, "num": number})
        if isinstance(result, dict):  # an error
            raise Kuaidi100Error(result.get("message") or str(result))
        return [row["comCode"] for row in result if row.get("comCode")]

    def subscribe(self, carrier, number, phone, callback_url, salt):
        param = dumps(
            {
                "company": carrier,
                "number": number,
                "key": self.key,
                "parameters": {
                    "callbackurl": callback_url,
                    "salt": salt,
                    "resultv2": "1",
                    "autoCom": "1",
                    "phone": phone or "",
                },
            }
        )
        result = self._post(f"{self.api_url}/poll", {"schema": "json", "param": param})
        if not result.get("result") and str(result.get("returnCode")) != "501":  # 501: subscribed already
            raise Kuaidi100Error(f"{result.get('returnCode')}: {result.get('message')}")
        return result

    def query(self, carrier, number, phone):
        param = dumps(
            {"com": carrier, "num": number, "phone": phone or "", "resultv2": "1", "show": "0", "order": "desc"}
        )
        result = self._post(
            f"{self.api_url}/poll/query.do",
            {"customer": self.customer, "param": param, "sign": sign(param, self.key, self.customer)},
        )
        if result.get("result") is False or (result.get("returnCode") and str(result["returnCode"]) != "200"):
            raise Kuaidi100Error(f"{result.get('returnCode')}: {result.get('message')}")
        return result
