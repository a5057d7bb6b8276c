import shutil

import pytest
from django.contrib.auth import get_user_model

from harness.processes import RedisServer
from jobs import broker


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("estimator", password="pw-estimator-1")


@pytest.fixture
def other_user(db):
    return get_user_model().objects.create_user("intruder", password="pw-intruder-1")


@pytest.fixture(autouse=True)
def _fresh_enqueue_broker():
    """Tests that point REDIS_URL elsewhere must not inherit another test's client."""
    broker.reset_enqueue_broker()
    yield
    broker.reset_enqueue_broker()


@pytest.fixture
def redis_server():
    """A throwaway redis-server of the test's own, which it may stop, freeze and thaw."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer().start()
    yield server
    server.stop()
