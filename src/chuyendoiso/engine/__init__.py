"""Core logic of chuyendoiso: plain Python, no Django import (a test enforces it).

Grouped by concern (docs/layout.md):

- ``domain``: catalogue, periods, data values, administrative units, numbers, errors;
- ``files``: the catalogue and values file formats and their YAML reader;
- ``analytics``: aggregation over org units and time, comparisons and progress;
- ``demo``: synthetic demo values and synthetic source records;
- ``reader``: reading and fact-checking narrative reports;
- ``report``: composing and rendering the narrative report;
- ``sources``: figures computed from the records of operational systems.

``domain`` and ``files`` are folders of modules, imported module by module; the other
packages are entered only through their ``__init__``.
"""
