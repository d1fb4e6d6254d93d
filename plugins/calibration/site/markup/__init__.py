"""Markup every page shares: escaped HTML, sanitized user text, inline charts, published tables.

Nothing here knows about pages or audiences: each function turns the values it
is given into finished HTML.
"""
