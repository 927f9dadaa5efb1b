"""A resident's data rights (see, copy, erase) and the retention periods: they read every
app's personal data, so they sit above those apps and none of them imports this one."""
