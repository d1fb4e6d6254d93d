"""Work on a whole cycle: where its pre-fills stand, and closing it."""
