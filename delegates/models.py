"""Organizations, people and registrations; filled by the registration issue."""
