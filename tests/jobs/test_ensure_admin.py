"""`manage.py ensure_admin` (what `make run` calls): the login lands in a private file."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def _ensure_admin() -> str:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_the_login_is_written_to_a_private_file_and_never_printed(settings, tmp_path):
    settings.VAR_DIR = tmp_path

    printed = _ensure_admin()

    admin = get_user_model().objects.get(username="admin")
    password = (tmp_path / "admin-password.txt").read_text().strip()
    login = (tmp_path / "admin-login.txt").read_text()
    assert admin.is_superuser and admin.check_password(password)
    assert password in login and Token.objects.get(user=admin).key in login
    assert (tmp_path / "admin-login.txt").stat().st_mode & 0o777 == 0o600
    assert printed.strip() == f"Admin login and API token: {tmp_path / 'admin-login.txt'}"
    assert password not in printed


def test_running_it_again_keeps_the_password(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    _ensure_admin()
    first = (tmp_path / "admin-login.txt").read_text()

    _ensure_admin()

    assert (tmp_path / "admin-login.txt").read_text() == first
    assert get_user_model().objects.count() == 1
