"""Writes of the website monitor: the registry (`sites`), runs and probes (`runs`)."""
