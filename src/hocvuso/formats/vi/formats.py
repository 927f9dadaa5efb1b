"""Vietnamese number formats beyond Django's own: Django gives the separators (1.234,5) but no
grouping, so "200000 dòng" would never read as "200.000 dòng"."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
