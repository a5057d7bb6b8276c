"""Creates the local admin account once and prints how to log in (used by `make run`)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Ensure an admin superuser exists; print its login and API token."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        password_file = Path(settings.VAR_DIR) / "admin-password.txt"
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created or not password_file.exists():
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(
            f"Admin:     http://127.0.0.1:8000/admin/  user {username!r} password {password!r}\n"
            f"API token: {token.key}  (header 'Authorization: Token {token.key}')"
        )
