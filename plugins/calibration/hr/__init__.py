"""The round trip with HR systems: a cycle's outcomes out as a file, the roster back in."""
