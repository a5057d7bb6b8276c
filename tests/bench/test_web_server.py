"""The benches' gunicorn stays in the bench script's process group: run_all.py stops an
overrunning script by killing its group, which must not leave the web server behind."""

import os
import signal
import subprocess
import sys

import psutil

from harness.processes import ROOT, wait_for

# A bench script in miniature: start the benches' gunicorn, say its pid, wait to be killed.
BENCH_SCRIPT = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from bench.web_server import _start_gunicorn, bench_environment
from harness.processes import free_port
var_dir = Path({var_dir!r})
env, _ = bench_environment(var_dir, "bench_unused")
print(_start_gunicorn(env, free_port(), var_dir).pid, flush=True)
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_killing_a_bench_scripts_process_group_stops_its_web_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    script = subprocess.Popen(
        [sys.executable, "-c", BENCH_SCRIPT.format(root=str(ROOT), var_dir=str(tmp_path))],
        env=env,  # SQLite in tmp_path: no server database is made
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # as run_all.py starts every script
    )
    master = int(script.stdout.readline())
    try:
        os.killpg(script.pid, signal.SIGKILL)  # run_all.py's timeout
        script.wait(30)
        assert wait_for(lambda: _gone(master), 30, "gunicorn to stop with its script")
    finally:
        if not _gone(master):  # left behind: take its workers too
            server = psutil.Process(master)
            for process in [server, *server.children(recursive=True)]:
                process.kill()
