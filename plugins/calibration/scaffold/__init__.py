"""Scaffolding: the files `calib init` and `calib new` write, from templates and answers."""
