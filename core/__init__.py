"""Helpers with no domain: what any app of the portal may use (spreadsheets, input checks,
error pages). Nothing here imports an app of the portal."""
