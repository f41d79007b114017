"""Training scripts shipped with the package (the demo runs :mod:`.train_digits`)."""
