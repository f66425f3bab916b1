"""What 公众参与 does when something happens (wired in `ParticipationConfig.ready`). Nothing yet:
the consultation's transitions are sent (`signals.consultation_transitioned`) for the apps above
it (the portal may refresh the pages of the final policy item)."""
