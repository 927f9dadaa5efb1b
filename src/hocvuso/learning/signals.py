"""What learning tells the apps above it, so it never imports them.

`curriculum_loaded` is sent by `curriculum.load_curriculum`, inside its transaction, after it
brought the courses and lessons in line with the folder: it hides what left the folder in
bulk, without `post_save`, so whatever reads the published lessons (the assistant's index)
learns of it.
"""

from django.dispatch import Signal

# No arguments.
curriculum_loaded = Signal()
