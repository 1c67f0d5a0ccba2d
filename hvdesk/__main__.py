import sys

from hvdesk.cli import main

sys.exit(main())
