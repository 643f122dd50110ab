"""B2B profiles, meeting requests and scheduled meetings; filled by the Meeting Point issue."""
