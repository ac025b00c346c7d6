"""One module per ``waibao`` subcommand; each defines ``register(subparsers)``."""
