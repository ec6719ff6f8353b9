"""The `atocore` command line."""
