"""Extra CLI commands, each module registers its commands on `cli.main`."""
