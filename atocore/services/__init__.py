"""The service layer: everything the API and the CLI do goes through here."""
