"""The workflow layer: handles, requests, progress, tables, the preview view and the report."""
