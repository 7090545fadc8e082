"""Demo data, all synthetic and marked so: data values by district, commune and month that
add up to the reported figures (``values``), and record files for every source
(``records``, drawn by ``draws`` with the recipes of ``dossiers`` and ``events``).
Import from this package, not from its modules.
"""

from chuyendoiso.engine.demo.records import FORMATS, generate
from chuyendoiso.engine.demo.values import generate_demo_values

__all__ = ["FORMATS", "generate", "generate_demo_values"]
