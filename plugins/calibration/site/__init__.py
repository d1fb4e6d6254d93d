"""The private site: pure renderers from the model to pages, one audience at a time."""
