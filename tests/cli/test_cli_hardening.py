"""Audit findings at the command line: `onramp serve` logs no live token, and a malformed
did:web is a plain verdict, not a traceback. Real processes on a real store."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from support import run_cli

MALFORMED_DIDS = ["did:web:[::1", "did:web:issuer.example%3A99999", "did:web:%5B%3A%3A1"]


def _credential(did: str) -> dict[str, object]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:wanda"},
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "verificationMethod": f"{did}#key-1",
            "proofPurpose": "assertionMethod",
            "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6",
        },
    }


def test_a_malformed_did_web_is_a_plain_failure_not_a_traceback(tmp_path: Path) -> None:
    files = []
    for number, did in enumerate(MALFORMED_DIDS):
        path = tmp_path / f"bad-{number}.json"
        path.write_text(json.dumps(_credential(did)))
        files.append(str(path))
    done = run_cli(tmp_path, "credentials", "verify", "--online", *files, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)  # not verified
    assert done.stdout.count("NOT VERIFIED") == len(files)  # every file still gets its verdict
    assert done.stdout.count("not a valid web address") >= len(files), done.stdout
    as_json = run_cli(
        tmp_path, "credentials", "verify", "--online", "--json", files[0], check=False
    )
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["verified"] is False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_never_logs_a_live_token(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "ONRAMP_HOME": str(tmp_path),
        "ONRAMP_CONFIG": str(tmp_path / "none.toml"),
        "ONRAMP_PORT": str(port),
    }
    env.pop("ONRAMP_DATABASE_URL", None)
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "onramp", "serve", "--no-demo"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    secrets = ["reset-SECRET-1", "invite-SECRET-2", "claim-SECRET-3", "api-SECRET-4"]
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/health", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "server not up"
                time.sleep(0.3)
        for target in (
            f"/reset-password?token={secrets[0]}",
            f"/invitations/accept?token={secrets[1]}",
            f"/wallet/claim?token={secrets[2]}&x=1",
            f"/api/v1/skills?q=nurse&access_token={secrets[3]}",
        ):
            with contextlib.suppress(OSError):  # a refusal still reaches the access log
                urllib.request.urlopen(base + target, timeout=10).close()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
    log.seek(0)
    text = log.read()
    assert "/reset-password?[redacted]" in text, text
    assert "/api/v1/skills?q=nurse&access_token=[redacted]" in text, text
    assert "/login?next=[redacted]" in text, text  # the way back to a claim link
    for secret in secrets:
        assert secret not in text, text
