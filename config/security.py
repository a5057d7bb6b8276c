"""Refuses to serve with the development SECRET_KEY unless DEBUG is on.

The key signs sessions and django-q2's task packages: a known key lets anyone who can
write to the broker run code on the workers. Checked where serving starts (wsgi, asgi,
runserver, qcluster), not in settings, so offline commands like `extract` need no key.
"""

from django.core.exceptions import ImproperlyConfigured

DEV_SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - refused when serving
SERVING_COMMANDS = frozenset({"runserver", "qcluster"})


def require_real_secret_key() -> None:
    from django.conf import settings

    if not settings.DEBUG and settings.SECRET_KEY == DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment (or DEBUG=1 for local work)."
        )
