"""Signal receivers of the periodic disclosure (none yet: fulfilment is an explicit link)."""
