"""What the lists do when something happens (wired in `InventoriesConfig.ready`).

Nothing yet: a publish bumps the portal's cache tags itself (on commit), and the review
notices come from the daily job (`services/reviews.py`) in its own transaction."""
