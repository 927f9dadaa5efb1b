"""Import of the resident lists wards keep in Excel or CSV: read, map, check, then write."""
