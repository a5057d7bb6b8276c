#!/usr/bin/env python
import os
import sys

import django
from django.core.management import execute_from_command_line

from config.security import SERVING_COMMANDS, require_real_secret_key

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SERVING_COMMANDS:
        django.setup()
        require_real_secret_key()
    execute_from_command_line(sys.argv)
