"""Versions of the data and changes to them: the versioned store, the current version's dataset,
uploads, proposed changes, the Parquet frame cache and safe downloads. Imports dashboard.data and
dashboard.analysis."""
