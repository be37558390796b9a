"""Index screens: a universe of listed companies run through an index methodology (exclusions,
stages, special inclusions, selection, capped weights), as ``etf-check screen`` does."""
