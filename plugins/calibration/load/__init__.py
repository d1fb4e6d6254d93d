"""Loading: data files into documents and the model.

The YAML dialect and its loader, source positions, the repository layout,
batched parsing with its cache, the schema check, and the records that turn
documents into :mod:`calibration.model`. Nothing here imports a later layer.
"""
