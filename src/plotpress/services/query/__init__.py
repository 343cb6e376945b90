"""Running a dashboard's named view or query file for a viewer (SPEC §5–§7)."""
