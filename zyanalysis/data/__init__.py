"""Data stage: parsers, build, loaders, table schemas and researcher inputs."""
