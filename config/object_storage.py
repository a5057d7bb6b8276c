"""The S3 storage backend's settings (django-storages), from plain values.

One place builds them: config/settings.py from the environment, and tests and bench
for the S3-compatible server they start.
"""


def s3_storage(*, bucket: str, endpoint_url: str | None, region: str | None, prefix: str) -> dict:
    """A STORAGES entry. Credentials come from boto3's own chain: AWS_ACCESS_KEY_ID /
    AWS_SECRET_ACCESS_KEY, or the machine's role."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "location": prefix,
            # Uploads are named by their floor plan's UUID: no name can collide, so the
            # existence check before each write (a round trip) is skipped.
            "file_overwrite": True,
            "default_acl": None,  # the bucket's own policy; objects are never public
        },
    }
