"""``python -m golive`` is the ``golive`` command."""

from golive.cli.app import main

main()
