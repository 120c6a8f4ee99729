"""Without a proxy, gunicorn serves static files through WhiteNoise: names carry a hash
of the content, browsers may keep them for ever, and gzip copies are sent to clients
that take them."""

import gzip
import json
import subprocess
import sys

from portal.tests.test_settings import ROOT, production_environment, run_python

FETCH = """
import json
import django
from django.templatetags.static import static
from django.test import Client
django.setup()
url = static("css/portal.css")
client = Client()
hashed = client.get(url, headers={"Accept-Encoding": "gzip"}, secure=True)
plain = client.get("/static/css/portal.css", secure=True)
print(json.dumps({
    "url": url,
    "status": hashed.status_code,
    "cache": hashed.headers.get("Cache-Control"),
    "encoding": hashed.headers.get("Content-Encoding"),
    "body": b"".join(hashed.streaming_content).hex(),
    "plain_cache": plain.headers.get("Cache-Control"),
}))
"""


def test_collected_static_files_are_hashed_compressed_and_kept_for_ever(tmp_path):
    environment = production_environment(
        STATIC_ROOT=str(tmp_path), ALLOWED_HOSTS="testserver"
    )
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**environment, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert collected.returncode == 0, collected.stderr

    result = run_python(FETCH, **environment)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["url"].startswith("/static/css/portal.")
    assert answer["url"] != "/static/css/portal.css"
    assert answer["status"] == 200
    assert answer["cache"] == "max-age=315360000, public, immutable"
    assert answer["encoding"] == "gzip"
    original = (ROOT / "static" / "css" / "portal.css").read_bytes()
    assert gzip.decompress(bytes.fromhex(answer["body"])) == original
    assert "immutable" not in answer["plain_cache"]
