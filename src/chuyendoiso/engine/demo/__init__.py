"""Demo data, all synthetic and marked so: data values by district, commune and month that
add up to the reported figures (``values``, from the reported figures of ``anchors``, the
monthly ``series``, the ``merger``, the ``districts`` parts and the units of ``geography``,
with ``apportion``, ``months`` and ``randomness``), and record files for every source
(``records``, drawn by ``draws`` with the recipes of ``dossiers`` and ``events``).
Import from this package, not from its modules.
"""

from chuyendoiso.engine.demo.records import FORMATS, generate
from chuyendoiso.engine.demo.values import generate_demo_values

__all__ = ["FORMATS", "generate", "generate_demo_values"]
