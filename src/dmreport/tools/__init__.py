"""The command line and what it runs: build, writers' tools, benchmark."""
