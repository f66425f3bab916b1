"""What the 公报 does when something happens (wired in `GazetteConfig.ready`).

Nothing yet: the portal's page cache is told by the services themselves (the item pages that
gain or lose the 标准文本 statement are bumped on commit in `services/issues.py`)."""
