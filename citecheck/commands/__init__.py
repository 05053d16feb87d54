"""One module per subcommand: each registers its parser and returns its handler."""
