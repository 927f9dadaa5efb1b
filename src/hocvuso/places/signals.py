"""What places tells the apps above it, so it never imports them.

`group_merging` is sent inside a group merge's transaction, before the source group closes.
Each app that holds something of a group moves its own rows and answers a dict of counts;
`people` answers `{"households": n}`, the number the merge reports.
"""

from django.dispatch import Signal

# Arguments: source, target (ResidentialGroup), effective_on (date).
group_merging = Signal()
