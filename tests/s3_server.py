"""A real S3-compatible server (moto in server mode) on a free port, for tests and bench.

Its own process speaking S3's HTTP protocol: boto3 in the web process and in a qcluster
subprocess talk to it exactly as they would to AWS or MinIO.
"""

from __future__ import annotations

import subprocess
import sys
import uuid

from config.object_storage import s3_storage
from tests.cluster import wait_for
from tests.redis_server import free_port

ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing", "us-east-1"


class S3Server:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.bucket = f"takeoff-{uuid.uuid4().hex[:8]}"
        wait_for(self._accepts, 30, "the S3 server to accept connections")
        self.client().create_bucket(Bucket=self.bucket)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def _accepts(self) -> bool:
        try:
            self.client().list_buckets()
            return True
        except Exception:  # not listening yet
            return False

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def env(self) -> dict[str, str]:
        """The environment a web or worker process needs to use this bucket."""
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.url,
            "S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def storages(self) -> dict:
        """settings.STORAGES with this bucket as the default storage."""
        from django.conf import settings

        return {
            **settings.STORAGES,
            "default": s3_storage(
                bucket=self.bucket, endpoint_url=self.url, region=REGION, prefix="uploads"
            ),
        }

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
