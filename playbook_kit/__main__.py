import sys

from playbook_kit.cli.main import main

sys.exit(main())
