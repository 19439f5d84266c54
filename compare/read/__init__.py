"""Reading: file bytes -> Report (formats, loading, metadata, outline) and files -> Corpus."""
