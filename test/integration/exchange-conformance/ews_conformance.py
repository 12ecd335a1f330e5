"""Shared set-up for the conformance tests: exchangelib (a client nobody on the project wrote)
against the local Exchange server that exchangelib.test.ts starts.

EWS_URL is the server's EWS endpoint, EWS_CA the PEM of its self-signed certificate (pinned, not
ignored), EWS_CONTROL the origin of its control API. Every test starts from the demo world and
ends by checking that no answer the server sent broke the EWS schema.
"""
import json
import logging
import os
import ssl
import unittest
import urllib.request

import requests.adapters
from exchangelib import BASIC, DELEGATE, IMPERSONATION, Account, Configuration, Credentials
from exchangelib.protocol import BaseProtocol

URL = os.environ["EWS_URL"]
CONTROL = os.environ["EWS_CONTROL"]
PASSWORD = "demo-password"


class PinnedCertificateAdapter(requests.adapters.HTTPAdapter):
    """Trusts exactly the server's own certificate."""

    def cert_verify(self, conn, url, verify, cert):
        super().cert_verify(conn=conn, url=url, verify=os.environ["EWS_CA"], cert=cert)


BaseProtocol.HTTP_ADAPTER_CLS = PinnedCertificateAdapter
# exchangelib warns about what it parses (naive free/busy times); the assertions say what matters.
logging.getLogger("exchangelib").setLevel(logging.ERROR)


def control(method, path, body=None):
    """Calls the server's JSON control API."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{CONTROL}/__control/{path}", data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, context=ssl.create_default_context(cafile=os.environ["EWS_CA"])) as response:
        text = response.read().decode()
    return json.loads(text) if text else None


def account(smtp, as_service=True):
    """An exchangelib Account for a demo mailbox: the service account impersonating it, or the user itself."""
    user = "svc-sync@example.test" if as_service else smtp
    # exchangelib's default retry policy fails fast: a test sees the server's first answer.
    config = Configuration(service_endpoint=URL, credentials=Credentials(user, PASSWORD), auth_type=BASIC)
    return Account(smtp, config=config, autodiscover=False, access_type=IMPERSONATION if as_service else DELEGATE)


class ConformanceTest(unittest.TestCase):
    """Resets the server to the demo world before each test and checks its answers after."""

    maxDiff = None

    def setUp(self):
        control("POST", "reset", {})

    def tearDown(self):
        errors = control("GET", "validation-errors")["errors"]
        self.assertEqual(errors, [], "the server sent answers that break the EWS schema")
