"""File formats the product reads and writes: the catalogue file (``catalog_file``), the
values file (``values_file``) and the line-numbered YAML reader they share (``yamlfile``).
Import the module of the format.
"""
