"""Detection without the database: decoding, normalising, the lexicon, HTML structure, dates.

Everything here is a pure function of a page (bytes or text) and the data files, so the CLI's
`check-page` and the crawler's checks classify a page the same way.
"""
