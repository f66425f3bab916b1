"""Signal receivers of the legacy import: none yet (the import is started by a person, and the
old addresses are answered by `middleware.LegacyRedirectMiddleware`)."""
