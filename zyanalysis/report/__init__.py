"""Report stage: charts, sections, HTML export, the batch and its browser check."""
