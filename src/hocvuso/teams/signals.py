"""What teams tells the apps above it, so it never imports them.

`shifts_made` is sent after shifts are made in bulk (`services.roster_build`), which sends no
`post_save`: whatever shows a ward's shifts (the assistant's answer on where points open)
learns of them.
"""

from django.dispatch import Signal

# Arguments: ward_id (int).
shifts_made = Signal()
