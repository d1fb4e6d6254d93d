"""The Git-native workflow: files at a ref, history rules, review summaries and CODEOWNERS.

Everything that talks to git lives in :mod:`calibration.gitops.git`; the rest
works on plain data (a base :class:`~calibration.load.repository.Repository`, the
working tree's, and the file contents of both sides).
"""
