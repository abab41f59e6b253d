"""Private files on S3-compatible object storage (STORAGE_BACKEND=s3, django-storages), against a
local S3 server (moto) on the loopback: a berkas and a photo are uploaded through the pages, land in
the private bucket (not on local disk), are served only through the permission-checked views, and
can be deleted."""

import socket
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.test.utils import override_settings
from django.urls import reverse
from storages.backends.s3 import S3Storage

from ptk.models import PtkDocument
from tests.factories import login_as

from .test_files import _upload_doc, jpeg, upload_photo

pytestmark = pytest.mark.django_db
BUCKET = "padamu-berkas-uji"


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server):
    creds = {"aws_access_key_id": "uji", "aws_secret_access_key": "uji-rahasia", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=s3_server, **creds)
    client.create_bucket(Bucket=BUCKET)
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "uji",
                "secret_key": "uji-rahasia",
                "addressing_style": "path",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    with override_settings(STORAGES=storages):
        yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client):
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_berkas_on_s3_is_stored_served_in_scope_and_deleted(client, world, sd_ptk, ptk_role, s3_storage):
    assert isinstance(storages["default"], S3Storage)
    login_as(client, ptk_role)
    assert _upload_doc(client, sd_ptk, "IJ-S3-001").status_code == 302
    doc = PtkDocument.objects.get(ptk=sd_ptk)
    path = doc.stored_file.path
    assert path in _keys(s3_storage)  # in the bucket ...
    assert not (Path(settings.PRIVATE_STORAGE_ROOT) / path).exists()  # ... not on local disk
    stored = s3_storage.get_object(Bucket=BUCKET, Key=path)["Body"].read()
    assert stored.startswith(b"%PDF") and len(stored) == doc.stored_file.size

    url = reverse("ptk:document", args=[sd_ptk.pk, doc.pk])
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content) == stored
    assert r["Cache-Control"] == "private, no-store"

    # The school's operator may read it too; another school's operator and another Dinas may not.
    login_as(client, world.roles["sd_op"])
    assert client.get(url).status_code == 200
    for other in ("sd_sleman_op", "dinas_sleman_op"):
        login_as(client, world.roles[other])
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page

    # The object is private: no grant to everyone (reads go through the view above).
    acl = s3_storage.get_object_acl(Bucket=BUCKET, Key=path)
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]

    default_storage.delete(path)
    assert path not in _keys(s3_storage)
    assert not default_storage.exists(path)


def test_photo_on_s3_is_reencoded_and_served(client, sd_ptk, ptk_role, s3_storage):
    login_as(client, ptk_role)
    assert upload_photo(client, sd_ptk, jpeg()).status_code == 302
    sd_ptk.refresh_from_db()
    assert sd_ptk.photo.path in _keys(s3_storage)
    r = client.get(reverse("ptk:photo", args=[sd_ptk.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content)[:3] == b"\xff\xd8\xff"
