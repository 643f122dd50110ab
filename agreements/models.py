"""Agreements and protocols; filled by the agreements issue."""
