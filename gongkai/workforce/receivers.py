"""What the workforce figures do when something happens (wired in `WorkforceConfig.ready`).

Nothing yet: the figures are entered by people, and the annual report reads them when it drafts
its narrative (`reports/narrative.py: report_workforce`), so no signal needs a receiver."""
