"""The page checks, shared by ``dmreport check`` and the build."""
