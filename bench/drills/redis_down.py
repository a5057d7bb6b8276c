"""Drill: stop Redis (a throwaway redis-server, never the system one) for 30 s during a
burst of job creations, then start it again on the same port.

Job creation must keep answering (the enqueue gives up fast and leaves the job queued);
the recovery sweep enqueues what was created while Redis was down. The throwaway Redis
keeps no data across the restart (no RDB/AOF), so tasks that were waiting in it are gone
too and come back through recovery's redelivery rule.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill_common import redis_fault_drill

if __name__ == "__main__":
    sys.exit(redis_fault_drill(__doc__, freeze=False))
