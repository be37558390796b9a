"""The shipped rulebooks (data only)."""
