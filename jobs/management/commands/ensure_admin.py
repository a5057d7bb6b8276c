"""Creates the local admin account once and says where its login is (used by `make run`).

The password and token go to a file only: printed, they scrolled away among the web and
cluster logs that `make run` starts right after.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Ensure an admin superuser exists; write its login and API token to var/."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        var = Path(settings.VAR_DIR)
        password_file, login_file = var / "admin-password.txt", var / "admin-login.txt"
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created or not password_file.exists():
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            _write_private(password_file, password + "\n")
        password = password_file.read_text().strip()
        token, _ = Token.objects.get_or_create(user=user)
        _write_private(
            login_file,
            f"Admin:     http://127.0.0.1:8000/admin/  user {username}  password {password}\n"
            f"API token: {token.key}  (header 'Authorization: Token {token.key}')\n",
        )
        self.stdout.write(f"Admin login and API token: {login_file}")


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(text)
