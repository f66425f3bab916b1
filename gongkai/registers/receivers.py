"""What the registers do when something happens (wired in `RegistersConfig.ready`).

Nothing yet: the lapse notices come from the daily job (`services/register.py`), in its own
transaction, so there is no receiver to connect."""
