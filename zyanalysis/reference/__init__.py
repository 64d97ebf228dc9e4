"""Reference knowledge: jurisdictions, departments, the indicator catalogue, the documents' rules."""
